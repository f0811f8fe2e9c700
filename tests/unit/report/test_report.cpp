// report.html and the QGIS styles: the helpers that format and draw, and a
// whole report rendered from a summary and its layers.

#include "lifecircle/output_names.hpp"
#include "lifecircle/report.hpp"

#include "report/bar_chart.hpp"
#include "report/html.hpp"
#include "report/svg_map.hpp"

#include "test_support.hpp"

#include <cpl_minixml.h>
#include <ogr_geometry.h>

#include <limits>
#include <regex>

using namespace lifecircle;
using nlohmann::ordered_json;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity(); // no facility within reach

std::vector<unsigned char> wkb_of(const std::string& wkt) {
    OGRGeometry* geometry = nullptr;
    REQUIRE(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry) == OGRERR_NONE);
    std::vector<unsigned char> wkb(static_cast<std::size_t>(geometry->WkbSize()));
    geometry->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    OGRGeometryFactory::destroyGeometry(geometry);
    return wkb;
}

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t found = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++found;
    }
    return found;
}

// Every number in attribute `name` of the elements written as `<element `.
std::vector<double> attribute_values(const std::string& svg, const std::string& element, const std::string& name) {
    std::vector<double> values;
    const std::regex pattern("<" + element + " [^>]*?" + name + "=\"([-0-9.]+)\"");
    for (auto match = std::sregex_iterator(svg.begin(), svg.end(), pattern); match != std::sregex_iterator(); ++match) {
        values.push_back(std::stod((*match)[1].str()));
    }
    return values;
}

} // namespace

TEST_CASE("numbers are written as a planner reads them") {
    CHECK(report::number(1234567.0) == "1,234,567");
    CHECK(report::number(12345.67, 1) == "12,345.7");
    CHECK(report::number(999.0) == "999");
    CHECK(report::number(-1234.6) == "−1,235");
    CHECK(report::number(-0.04, 1) == "0.0"); // no minus sign on a value rounded to zero
    CHECK(report::number(std::nan("")) == "–");
    CHECK(report::percent(0.30296) == "30.3%");
    CHECK(report::percent(1.0, 0) == "100%");
    CHECK(report::number(ordered_json(nullptr)) == "–");
    CHECK(report::escape("<b class=\"x\">A&B's</b>") == "&lt;b class=&quot;x&quot;&gt;A&amp;B&#39;s&lt;/b&gt;");
    CHECK(report::escape("洪山区 珞南街道") == "洪山区 珞南街道");
}

TEST_CASE("messages: each in both languages, values in each language's own order") {
    CHECK(language_named("zh") == Language::zh);
    CHECK(language_named("zh-CN") == Language::zh);
    CHECK(language_named("ZH_cn") == Language::zh);
    CHECK(language_named("en-GB") == Language::en);
    CHECK_FALSE(language_named("fr"));
    CHECK_FALSE(language_named("zhx"));
    CHECK_FALSE(language_named(""));
    // Chinese puts the unit level before the population; the values keep their meaning.
    CHECK(say(Language::zh, Msg::reference_inside, {"elderly", "社区"}) == "社区单元内的「elderly」");
    CHECK(say(Language::en, Msg::reference_inside, {"elderly", "社区"}) == "'elderly' inside the 社区 units");
    CHECK(say(Language::zh, Msg::card_coverage, {"养老", "2,142", "7,071", "步行15分钟"}) ==
          "养老：7,071人中2,142人在步行15分钟范围内");
    CHECK(say(Language::en, Msg::unit_people, {"12"}) == "12 people");
    CHECK(say(Language::zh, Msg::unit_people, {"12"}) == "12人");
    CHECK(say(Language::en, Msg::unit_people) == " people"); // a missing value is left empty, not read past
    std::size_t english_only = 0;
    for (std::size_t key = 0; key < static_cast<std::size_t>(Msg::count_); ++key) {
        const std::string chinese = say(Language::zh, static_cast<Msg>(key));
        const std::string english = say(Language::en, static_cast<Msg>(key));
        CHECK_FALSE(chinese.empty());
        CHECK_FALSE(english.empty());
        // Chinese text has CJK characters (3-byte UTF-8 from U+0800) unless it is symbols or the program's name.
        std::string chinese_letters = chinese;
        if (const std::size_t name = chinese_letters.find("lifecircle"); name != std::string::npos) {
            chinese_letters.erase(name, 10);
        }
        const bool has_wide = std::any_of(chinese.begin(), chinese.end(),
                                          [](char c) { return (static_cast<unsigned char>(c) & 0xF0U) == 0xE0U; });
        const bool has_latin = std::any_of(chinese_letters.begin(), chinese_letters.end(),
                                           [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
        english_only += !has_wide && has_latin ? 1U : 0U;
    }
    CHECK(english_only == 0);
    // Progress stages: patterns keep the names they hold, openings keep what follows, others stay.
    CHECK(stage_name(Language::zh, "costs from 'care' to 'elderly'") == "计算 'care' 到 'elderly' 的距离");
    CHECK(stage_name(Language::zh, "placing population 'a' in units 'b'") == "将人口 'a' 落入单元 'b'");
    CHECK(stage_name(Language::zh, "reading units 'street'") == "读取单元 'street'");
    CHECK(stage_name(Language::zh, "reading roads") == "读取道路");
    CHECK(stage_name(Language::zh, "tracing routes for 'care'") == "绘制步行路线 'care'");
    CHECK(stage_name(Language::zh, "writing report.html") == "写出 report.html");
    CHECK(stage_name(Language::zh, "readingness") == "readingness"); // an opening ends at a word's end
    CHECK(stage_name(Language::zh, "something new") == "something new");
    CHECK(stage_name(Language::en, "reading roads") == "reading roads");
    // 万 and 亿 in Chinese prose; full figures in English.
    const Words chinese(Language::zh);
    const Words english(Language::en);
    CHECK(report::prose_count(chinese, 9'999.0) == "9,999");
    CHECK(report::prose_count(chinese, 70'709.0) == "7.07万");
    CHECK(report::prose_count(chinese, 1'942'653.0) == "194万");
    CHECK(report::prose_count(chinese, 123'456'789.0) == "1.23亿");
    CHECK(report::prose_count(english, 70'709.0) == "70,709");
}

TEST_CASE("the map fits its data: corners at the margins, true proportions, people conserved") {
    report::MapBounds bounds;
    bounds.extend(LonLat{114.50, 30.47});
    bounds.extend(LonLat{114.52, 30.49});
    report::SvgMap map(Words(Language::en), bounds, 960.0, 2000.0);
    const std::vector<LonLat> corners{{114.50, 30.49}, {114.52, 30.47}};
    map.markers(corners, report::SvgMap::Marker::circle, "#000", 4.0);
    const std::string svg = map.svg("test");
    const auto x = attribute_values(svg, "circle", "cx");
    const auto y = attribute_values(svg, "circle", "cy");
    REQUIRE(x.size() == 2);
    // North-west corner at the margin; the east edge at the far margin (the map is wider than tall).
    CHECK(x[0] == doctest::Approx(12.0));
    CHECK(y[0] == doctest::Approx(12.0));
    CHECK(x[1] == doctest::Approx(948.0));
    // 0.02° of longitude is cos(30.48°) of 0.02° of latitude on the ground.
    CHECK((y[1] - y[0]) / (x[1] - x[0]) == doctest::Approx(1.0 / std::cos(30.48 * M_PI / 180.0)).epsilon(1e-3));

    // Binned people: every person lands in one cell.
    report::SvgMap density_map(Words(Language::en), bounds);
    std::vector<LonLat> points;
    std::vector<double> weights;
    double total = 0.0;
    for (int i = 0; i < 200; ++i) {
        points.push_back({114.50 + 0.00002 * i, 30.47 + 0.0001 * (i % 10)});
        weights.push_back(0.5 + i % 7);
        total += weights.back();
    }
    const double largest = density_map.density(points, weights, "#7b3294", 8.0);
    const std::string cells = density_map.svg("density");
    const std::regex title("<rect [^>]*><title>([0-9,.]+) people</title>");
    double drawn = 0.0;
    double drawn_largest = 0.0;
    for (auto match = std::sregex_iterator(cells.begin(), cells.end(), title); match != std::sregex_iterator();
         ++match) {
        std::string text = (*match)[1].str();
        text.erase(std::remove(text.begin(), text.end(), ','), text.end());
        drawn += std::stod(text);
        drawn_largest = std::max(drawn_largest, std::stod(text));
    }
    CHECK(drawn == doctest::Approx(total).epsilon(1e-3));
    CHECK(drawn_largest == doctest::Approx(largest).epsilon(1e-3));
    CHECK(count(cells, "<rect") < points.size()); // neighbours share cells
}

TEST_CASE("polygons keep their holes and multipolygons all their parts") {
    report::MapBounds bounds;
    const std::vector<std::vector<unsigned char>> shapes{
        wkb_of("POLYGON ((114.50 30.47, 114.52 30.47, 114.52 30.49, 114.50 30.49, 114.50 30.47),"
               " (114.505 30.475, 114.505 30.48, 114.51 30.48, 114.505 30.475))"),
        wkb_of("MULTIPOLYGON (((114.53 30.47, 114.54 30.47, 114.54 30.48, 114.53 30.47)),"
               " ((114.55 30.47, 114.56 30.47, 114.56 30.48, 114.55 30.47)))")};
    bounds.extend(shapes);
    CHECK(bounds.west == doctest::Approx(114.50));
    CHECK(bounds.east == doctest::Approx(114.56));
    report::SvgMap map(Words(Language::en), bounds);
    map.polygons(
        shapes, [](std::size_t feature) { return feature == 0 ? std::string("#f00") : std::string("#00f"); }, 0.5,
        "#333", [](std::size_t feature) { return "unit <" + std::to_string(feature) + ">"; });
    const std::string svg = map.svg("units");
    const std::regex path("<path fill-rule=\"evenodd\" d=\"([^\"]*)\" fill=\"(#[0-9a-f]+)\"");
    std::vector<std::string> rings;
    std::vector<std::string> fills;
    for (auto match = std::sregex_iterator(svg.begin(), svg.end(), path); match != std::sregex_iterator(); ++match) {
        rings.push_back((*match)[1].str());
        fills.push_back((*match)[2].str());
    }
    REQUIRE(rings.size() == 2);
    CHECK(count(rings[0], "M") == 2); // shell and hole in one path, drawn even-odd
    CHECK(count(rings[1], "M") == 2); // both parts
    CHECK(fills == std::vector<std::string>{"#f00", "#00f"});
    CHECK(svg.find("<title>unit &lt;0&gt;</title>") != std::string::npos);
}

TEST_CASE("bars are drawn to scale, with the target as a tick") {
    const std::vector<report::Bar> bars{{"half", 0.5, "50%", "#0a0", 0.9, std::nullopt},
                                        {"over", 1.7, "170%", "#a00", {}, {}}};
    const std::string svg = report::bar_chart(bars, 1.0, "test");
    // Plot: 760 px less 230 for labels and 110 for values = 420 px for the whole scale.
    const auto widths = attribute_values(svg, "rect", "width");
    REQUIRE(widths.size() == 4); // a track and a bar per row
    CHECK(widths[1] == doctest::Approx(210.0));
    CHECK(widths[3] == doctest::Approx(420.0));      // beyond the scale: clamped, the text says how far
    CHECK(svg.find("M608.0,") != std::string::npos); // the tick at 230 + 0.9 × 420
    CHECK(report::chart_scale(bars) == 2.0);
    const std::vector<report::Bar> ratios{{"beds", 42.4, "42.4", "#0a0", 40.0, {}}};
    CHECK(report::chart_scale(ratios) == 50.0);
}

namespace {

// A run's summary and layers as write_results gives them, cut down to two units.
struct SmallRun {
    RunSummary summary;
    std::vector<OutputLayer> layers;
    std::vector<LonLat> demand_positions;
};

SmallRun small_run() {
    SmallRun run;
    RunSummary& summary = run.summary;
    summary.lifecircle_version = "0.1.0";
    summary.scenario = {"洪山区 <test>", "test.json", {}, {}, {}};
    summary.working_crs = "EPSG:32650";
    PopulationInputSummary& elderly = summary.inputs.population["elderly"];
    elderly.read = {"pop.tif", "EPSG:4326", 4, 3, {{"nodata", 1}}, {"one warning"}};
    ServiceSummary& care = summary.services.emplace_back();
    care.id = "care";
    care.facility = "care";
    care.demand = "elderly";
    care.mode = "straight_line";
    care.threshold_m = 1000.0;
    care.demand_total = 100.0;
    care.demand_covered = 40.0;
    care.covered_share = 0.4;
    care.bands = {{1000.0, 1000.0, 40.0, 0.4}};
    care.units["street"].unit_count = 2;
    TargetSummary circle;
    circle.id = "circle";
    circle.indicator = "population_coverage";
    circle.value = 0.4;
    circle.min = 0.9;
    circle.gap = 0.5;
    circle.units = "street";
    circle.units_considered = 2;
    circle.units_passing = 1;
    circle.failing_units = std::vector<FailingUnitSummary>{{"420111001", "甲街道", 0.2}};
    TargetSummary beds;
    beds.id = "beds";
    beds.indicator = "capacity_per_demand";
    beds.value = 42.4;
    beds.min = 40.0;
    beds.met = true;
    summary.targets = {circle, beds};
    OutputLayer units;
    units.name = "units_street_care";
    units.attributes = AttributeTable({{"unit_code", FieldType::string},
                                       {"unit_name", FieldType::string},
                                       {"demand_total", FieldType::real},
                                       {"demand_covered", FieldType::real},
                                       {"covered_share", FieldType::real}});
    units.attributes.add_row({std::string("420111001"), std::string("甲街道"), 50.0, 10.0, 0.2});
    units.attributes.add_row({std::string("420111002"), std::string("乙<script>"), 50.0, 30.0, 0.6});
    units.wkb_wgs84 = {wkb_of("POLYGON ((114.50 30.47, 114.51 30.47, 114.51 30.48, 114.50 30.48, 114.50 30.47))"),
                       wkb_of("POLYGON ((114.51 30.47, 114.52 30.47, 114.52 30.48, 114.51 30.48, 114.51 30.47))")};
    OutputLayer demand;
    demand.name = "demand_care";
    demand.attributes = AttributeTable({{"weight", FieldType::real}, {"covered", FieldType::integer}});
    demand.points = {{114.505, 30.475}, {114.515, 30.475}};
    demand.attributes.add_row({60.0, std::int64_t{0}});
    demand.attributes.add_row({40.0, std::int64_t{1}});
    run.layers = {units, demand};
    run.demand_positions = demand.points;
    return run;
}

} // namespace

TEST_CASE("a run's report: targets, failing units, the map and the inputs, all in the page") {
    const SmallRun run = small_run();
    RunReportSources sources;
    sources.scenario_text = R"({"name": "洪山区 <test>"})";
    sources.provenance = {{"layers/README.md", "WorldPop, CC BY 4.0"}};
    sources.files_written = {"units_street_care.geojson", "demand_care.tif"};
    const std::vector<double> people{60.0, 0.0};
    const std::vector<double> cost_m{inf, 0.0};
    const std::vector<ServiceDemand> uncovered{{"care", run.demand_positions, people, cost_m, {}, {}, {}}};
    const std::string html = render_run_report(run.summary, run.layers, uncovered, sources, Language::en);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
    CHECK(html.find("<title>洪山区 &lt;test&gt;</title>") != std::string::npos);
    CHECK(html.find("乙<script>") == std::string::npos); // a name is text, never markup
    CHECK(html.find("乙&lt;script&gt;") != std::string::npos);
    // Targets: value, target, verdict, and the failing unit with its name.
    CHECK(html.find("<td class=\"n\">40.0%</td><td class=\"n\">≥ 90.0%</td>") != std::string::npos);
    CHECK(html.find("not met") != std::string::npos);
    CHECK(html.find("<td>420111001</td><td>甲街道</td><td class=\"n\">20.0%</td>") != std::string::npos);
    CHECK(html.find("<td class=\"n\">42.4</td><td class=\"n\">≥ 40.0</td>") != std::string::npos);
    // The units table lists the worst unit first.
    CHECK(html.find("<td>420111001</td><td>甲街道</td><td class=\"n\">50</td>") < html.find("<td>420111002</td>"));
    // The map: both units coloured by their class, the uncovered 60 people as one cell.
    CHECK(html.find("fill=\"#d7191c\"") != std::string::npos); // 20%
    CHECK(html.find("fill=\"#a6d96a\"") != std::string::npos); // 60%: the 60-80% class
    CHECK(html.find("<title>60.0 people</title>") != std::string::npos);
    CHECK(html.find("darkest: 60 per cell") != std::string::npos);
    // Inputs, skipped features and warnings, provenance and the scenario as written.
    CHECK(html.find("nodata: 1") != std::string::npos);
    CHECK(html.find("one warning") != std::string::npos);
    CHECK(html.find("WorldPop, CC BY 4.0") != std::string::npos);
    CHECK(html.find("{&quot;name&quot;: &quot;洪山区 &lt;test&gt;&quot;}") != std::string::npos);
    CHECK(html.find("Files written beside this report: units_street_care.geojson, demand_care.tif, summary.json") !=
          std::string::npos);
    CHECK(test::external_references(html).empty());

    // A run renders the map before its files are written, so the map must not read their list.
    RunReportSources before_writing = sources;
    before_writing.files_written.clear();
    const RunReportMap map = render_run_report_map(run.summary, run.layers, uncovered, before_writing, Language::en);
    CHECK(map.html.find("id=\"lc-explore-data\"") != std::string::npos);
    CHECK(render_run_report(run.summary, run.layers, uncovered, sources, Language::en, map) == html);
}

TEST_CASE("a run's map is zoomed to its units and facilities: demand cells beyond them are left off") {
    SmallRun run = small_run();
    // 500 uncovered people 60 km east of the two streets, as a whole-city grid around a district has.
    std::vector<LonLat> positions = run.demand_positions;
    positions.push_back({115.10, 30.80});
    OutputLayer facilities;
    facilities.name = "facilities_care";
    facilities.attributes = AttributeTable({{"name", FieldType::string}});
    facilities.attributes.add_row({std::string("近处")});
    facilities.points = {{114.512, 30.476}};
    run.layers.push_back(facilities);
    const std::vector<double> people{60.0, 0.0, 500.0};
    const std::vector<double> cost_m{inf, 0.0, inf};
    const std::vector<ServiceDemand> uncovered{{"care", positions, people, cost_m, {}, {}, {}}};
    const std::string zoomed = render_run_report(run.summary, run.layers, uncovered, {}, Language::en);
    CHECK(zoomed.find("<title>60.0 people</title>") != std::string::npos);
    CHECK(zoomed.find("<title>500.0 people</title>") == std::string::npos);
    CHECK(zoomed.find("darkest: 60 per cell") != std::string::npos);
    CHECK(zoomed.find("<title>近处</title>") != std::string::npos);
    // A facility out there widens the map to it, and the cell beside it is drawn.
    run.layers.back().attributes.add_row({std::string("远处")});
    run.layers.back().points.push_back({115.10, 30.80});
    const std::string widened = render_run_report(run.summary, run.layers, uncovered, {}, Language::en);
    CHECK(widened.find("<title>远处</title>") != std::string::npos);
    CHECK(widened.find("<title>500.0 people</title>") != std::string::npos);
}

TEST_CASE("a run's map names its units and few facilities, and credits its data and CRS") {
    SmallRun run = small_run();
    OutputLayer facilities;
    facilities.name = "facilities_care";
    facilities.attributes = AttributeTable({{"name", FieldType::string}});
    facilities.attributes.add_row({std::string("东湖养老院")});
    facilities.points = {{114.512, 30.476}};
    run.layers.push_back(facilities);
    const std::vector<double> people{60.0, 0.0};
    const std::vector<double> cost_m{inf, 0.0};
    const std::vector<ServiceDemand> uncovered{{"care", run.demand_positions, people, cost_m, {}, {}, {}}};
    const std::string plain = render_run_report(run.summary, run.layers, uncovered, {}, Language::en);
    CHECK(plain.find("paint-order=\"stroke\">甲街道</text>") != std::string::npos);
    CHECK(plain.find("paint-order=\"stroke\">乙&lt;script&gt;</text>") != std::string::npos);
    CHECK(plain.find("text-anchor=\"start\" font-size=\"11\" fill=\"#222\" stroke=\"#fff\" stroke-width=\"3\" "
                     "stroke-opacity=\"0.85\" paint-order=\"stroke\">东湖养老院</text>") != std::string::npos);
    CHECK(plain.find("computed in EPSG:32650. No basemap.") != std::string::npos);
    CHECK(plain.find("OpenStreetMap") == std::string::npos); // no OSM roads, no OSM credit
    CHECK(plain.find("WorldPop") == std::string::npos);

    run.summary.inputs.roads = RoadsInputSummary{};
    run.summary.inputs.roads->read.crs = "EPSG:4326 (OpenStreetMap)";
    RunReportSources sources;
    sources.provenance = {{"layers/README.md", "Population: WorldPop 2020, CC BY 4.0"}};
    const std::string credited = render_run_report(run.summary, run.layers, uncovered, sources, Language::en);
    CHECK(plain.find("streets (the walking network)") == std::string::npos);
    sources.streets = {{{114.50, 30.47}, {114.52, 30.48}}, {{114.51, 30.47}, {114.51, 30.48}}};
    CHECK(credited.find("streets (the walking network)") == std::string::npos);
    const std::string with_streets = render_run_report(run.summary, run.layers, uncovered, sources, Language::en);
    CHECK(with_streets.find("fill=\"none\" stroke=\"#c8c8c8\"") != std::string::npos);
    CHECK(with_streets.find("streets (the walking network)") != std::string::npos);
    CHECK(credited.find("Data: roads © OpenStreetMap contributors (ODbL); population WorldPop (www.worldpop.org, CC "
                        "BY 4.0); the run&#39;s layers.") != std::string::npos);
}

TEST_CASE("a straight-line service is never called walking, even when given in minutes") {
    SmallRun run = small_run();
    ServiceSummary& care = run.summary.services.front();
    care.minutes = 15.0;
    care.walk_kmh = 4.0;
    const std::string straight = render_run_report(run.summary, run.layers, {}, {}, Language::en);
    CHECK(straight.find("1,000 m in a straight line (15 min at 4.0 km/h)") != std::string::npos);
    CHECK(straight.find("walking") == std::string::npos);
    care.mode = "network";
    const std::string walked = render_run_report(run.summary, run.layers, {}, {}, Language::en);
    CHECK(walked.find("15 min walking (1,000 m at 4.0 km/h)") != std::string::npos);
    CHECK(walked.find("straight line") == std::string::npos);
}

TEST_CASE("provenance: every README, PROVENANCE and LICENSE file beside an input, once per folder") {
    const test::ScratchDirectory scratch("provenance");
    const std::filesystem::path data = scratch.path() / "data";
    std::filesystem::create_directories(data);
    test::write_text(data / "SOURCE-README.md", "WorldPop 2020, CC BY 4.0");
    test::write_text(data / "LICENSE.txt", "CC BY 4.0 legal code");
    test::write_text(data / "PROVENANCE.md", "clipped from the whole of Wuhan");
    test::write_text(data / "readme.json", "{}");                      // not a text note
    test::write_text(data / "notes.md", "unrelated");                  // not a note by name
    test::write_text(data / "README.md", std::string(70 * 1024, 'x')); // cut, not quoted whole
    const std::vector<std::filesystem::path> inputs{data / "pop.tif", data / "sites.geojson"};
    const std::vector<ProvenanceNote> notes = read_provenance_notes(inputs, scratch.path());
    REQUIRE(notes.size() == 4);
    CHECK(notes[0].name == "data/PROVENANCE.md");
    CHECK(notes[1].name == "data/README.md");
    CHECK(notes[1].text.size() < 66 * 1024);
    CHECK(notes[1].text.find("cut at 64 KiB") != std::string::npos);
    CHECK(notes[2].name == "data/SOURCE-README.md");
    CHECK(notes[2].text == "WorldPop 2020, CC BY 4.0");
    CHECK(notes[3].name == "data/LICENSE.txt");
}

TEST_CASE("the reference check finds what would make a browser fetch") {
    CHECK(test::external_references("<a href=\"#targets\">x</a>").empty());
    CHECK(test::external_references("<img src=\"map.png\">").size() == 1);
    CHECK(test::external_references("<link href=\"style.css\">").size() == 1);
    CHECK(test::external_references("body{background:url(x.png)}").size() == 1);
    CHECK_FALSE(test::external_references("<p>see https://example.org</p>").empty());
}

TEST_CASE("QGIS styles: valid XML, a renderer on a field the layer has, the report's colours") {
    const SmallRun run = small_run();
    OutputLayer facilities;
    facilities.name = "facilities_care";
    facilities.attributes = AttributeTable({{"name", FieldType::string}, {"plan_change", FieldType::string}});
    OutputLayer areas;
    areas.name = "service_areas_care";
    areas.attributes = AttributeTable({{"upto", FieldType::real}});
    OutputLayer difference;
    difference.name = "difference_care";
    difference.attributes = AttributeTable({{"status", FieldType::string}});
    OutputLayer other;
    other.name = "something_else";
    CHECK_FALSE(qgis_style(other));
    for (const OutputLayer* layer :
         std::vector<const OutputLayer*>{&run.layers[0], &run.layers[1], &facilities, &areas, &difference}) {
        CAPTURE(layer->name);
        const std::optional<std::string> style = qgis_style(*layer);
        REQUIRE(style);
        CPLXMLNode* root = CPLParseXMLString(style->c_str());
        REQUIRE(root != nullptr);
        const CPLXMLNode* renderer = CPLGetXMLNode(root, "=qgis.renderer-v2");
        REQUIRE(renderer != nullptr);
        const std::string type = CPLGetXMLValue(renderer, "type", "");
        if (type != "singleSymbol") {
            CHECK(layer->attributes.field_index(CPLGetXMLValue(renderer, "attr", "")));
        }
        CHECK(CPLGetXMLNode(renderer, "symbols.symbol") != nullptr);
        CPLDestroyXMLNode(root);
    }
    // The units' five classes carry the report's colours (#d7191c = 215,25,28).
    const std::string units = *qgis_style(run.layers[0]);
    CHECK(count(units, "<range ") == 5);
    CHECK(units.find("value=\"215,25,28,190\"") != std::string::npos);
    CHECK(qgis_style(areas)->find("<orderByClause asc=\"0\" nullsFirst=\"0\">&quot;upto&quot;</orderByClause>") !=
          std::string::npos);
}

TEST_CASE("QGIS styles label a layer by the field that names its features, and only then") {
    OutputLayer facilities;
    facilities.name = "facilities_care";
    facilities.attributes = AttributeTable({{"名称", FieldType::string}});
    const auto label_field = [](const std::optional<std::string>& style) {
        REQUIRE(style);
        CPLXMLNode* root = CPLParseXMLString(style->c_str());
        REQUIRE(root != nullptr);
        const std::string enabled = CPLGetXMLValue(root, "=qgis.labelsEnabled", "0");
        const std::string field = CPLGetXMLValue(root, "=qgis.labeling.settings.text-style.fieldName", "");
        CPLDestroyXMLNode(root);
        return enabled == "1" ? field : std::string("(no labels)");
    };
    CHECK(label_field(qgis_style(facilities)) == "(no labels)");
    facilities.label_field = "名称";
    CHECK(label_field(qgis_style(facilities)) == "名称");
    facilities.label_field = "missing"; // a label field the layer lacks draws no labels
    CHECK(label_field(qgis_style(facilities)) == "(no labels)");
    OutputLayer units;
    units.name = "units_community";
    units.attributes = AttributeTable({{"unit_name", FieldType::string}, {"covered_share", FieldType::real}});
    units.label_field = "unit_name";
    CHECK(label_field(qgis_style(units)) == "unit_name");
}

TEST_CASE("output names leave out an id that only repeats the kind") {
    CHECK(output_name("units", {"community", "elderly_care"}) == "units_community_elderly_care");
    CHECK(output_name("units", {"units", "coverage"}) == "units_coverage");
    CHECK(output_name("facilities", {"facilities"}) == "facilities");
    CHECK(output_name("facilities", {"facility"}) == "facilities");
    CHECK(output_name("unit", {"units"}) == "unit");
    CHECK(output_name("unit", {"units", "fid"}) == "unit_fid");
    CHECK(output_name("unit", {"street", "fid"}) == "unit_street_fid");
    // Only the kind's own singular or plural is dropped, not a word that starts like it.
    CHECK(output_name("units", {"unit_a"}) == "units_unit_a");
    CHECK(output_name("facilities", {"facilit"}) == "facilities_facilit");
    CHECK(output_name("demand", {"demands"}) == "demand");
    CHECK(output_name("sites", {"site_a"}) == "sites_site_a");
    CHECK(is_output_of("facilities", "facilities"));
    CHECK(is_output_of("facilities", "facilities_elderly_care"));
    CHECK_FALSE(is_output_of("facilities", "facilitiesx"));
    CHECK_FALSE(is_output_of("demand", "demandx"));
}
