// The lifecircle program run end to end on tests/data and layers/: exit codes,
// messages, files on disk, and the numbers in summary.json.

#include "lifecircle/geo.hpp"

#include "test_support.hpp"

#include <gdal_priv.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <map>
#include <set>

#include <cmath>
#include <cstdlib>

using namespace lifecircle;
using test::fixture;
namespace fs = std::filesystem;

namespace {

struct ProgramRun {
    int exit_code = -1;
    std::string out;
    std::string err;
};

std::string quoted(const std::string& text) {
    std::string result = "'";
    for (char c : text) {
        result += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return result + "'";
}

// `launcher` goes before the program, as "taskset -c 0 " does.
ProgramRun run_program(const std::string& arguments, const std::string& launcher = {}) {
    const test::ScratchDirectory streams("streams");
    const fs::path out = streams.path() / "out";
    const fs::path err = streams.path() / "err";
    const std::string command = launcher + quoted(LIFECIRCLE_PROGRAM) + " " + arguments + " >" + quoted(out.string()) +
                                " 2>" + quoted(err.string()) + " </dev/null";
    const int status = std::system(command.c_str());
    ProgramRun run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = test::read_text(out);
    run.err = test::read_text(err);
    return run;
}

nlohmann::json read_json(const fs::path& file) {
    return nlohmann::json::parse(test::read_text(file));
}

std::string grid_coverage_arguments(const fs::path& output) {
    return "coverage --population " + quoted(fixture("grid/pop_a.asc").string()) + " --population " +
           quoted(fixture("grid/pop_b.asc").string()) + " --facilities " +
           quoted(fixture("grid/facility.geojson").string()) + " --units " +
           quoted(fixture("grid/units.geojson").string()) + " --unit-code-field code --unit-name-field name" +
           " --metres 150 -o " + quoted(output.string());
}

} // namespace

TEST_CASE("--version, --help and usage errors") {
    const ProgramRun version = run_program("--version");
    CHECK(version.exit_code == 0);
    CHECK(version.out.find("0.1.0") != std::string::npos);
    CHECK(run_program("--help").exit_code == 0);
    CHECK(run_program("coverage --help").exit_code == 0);
    CHECK(run_program("").exit_code == 2);
    CHECK(run_program("frobnicate").exit_code == 2);
    const ProgramRun both = run_program("coverage --population a --facilities b --minutes 5 --metres 5 -o x");
    CHECK(both.exit_code == 2);
    CHECK(both.err.find("excludes") != std::string::npos);
}

TEST_CASE("coverage on the hand-made grid gives the hand-computed figures") {
    test::ScratchDirectory scratch("cli-grid");
    const fs::path output = scratch.path() / "out";
    const ProgramRun run = run_program(grid_coverage_arguments(output) + " --demand-points");
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    // tests/data/grid/README.md: 76 people in 16 cells; 36 in 8 cells within 150 m.
    const auto summary = read_json(output / "summary.json");
    const auto& service = summary["services"][0];
    CHECK(service["demand_total"] == 76.0);
    CHECK(service["demand_covered"] == 36.0);
    CHECK(service["points_total"] == 16);
    CHECK(service["points_covered"] == 8);
    CHECK(service["threshold_m"] == 150.0);
    CHECK(service["units"]["units"]["points_outside_units"] == 3);
    CHECK(service["units"]["units"]["demand_outside_units"] == 15.0);
    CHECK(summary["working_crs"] == "EPSG:32650");
    CHECK(summary["inputs"]["population"]["population"]["skipped"]["nodata"] == 2);
    CHECK(summary["inputs"]["population"]["population"]["skipped"]["zero_population"] == 2);

    // The unit layer: 甲 20 people (12 covered), 乙 41 (24 covered).
    const std::string units_csv = test::read_text(output / "units_coverage.csv");
    CHECK(units_csv.find("420111001,甲街道,420111,800,0,420111001,甲街道,,20,12,0.6,5,3,150") != std::string::npos);
    CHECK(units_csv.find("420111002,乙街道,420111,3200,1,420111002,乙街道,,41,24,") != std::string::npos);

    // The demand layer keeps each cell's row and col, so it joins back to the raster.
    const auto demand = read_json(output / "demand_points_coverage.geojson");
    REQUIRE(demand["features"].size() == 16);
    const auto& first = demand["features"][0]["properties"];
    CHECK(first["row"] == 0);
    CHECK(first["col"] == 0);
    CHECK(first["weight"] == 2.0);
    CHECK(first["unit"] == "420111001");
    // The units lead (甲 and 乙: 36 of 61 people); all 76 read follow, in Chinese by default.
    CHECK(run.err.find("59.0% · coverage：units单元的61人中36人在直线距离150米范围内") != std::string::npos);
    CHECK(run.err.find("全部读入人口：覆盖47.4%，共76人") != std::string::npos);
    CHECK(summary["services"][0]["units"]["units"]["demand_inside_units"] == 61.0);
    CHECK(summary["services"][0]["units"]["units"]["covered_inside_units"] == 36.0);
    const std::string report = test::read_text(output / "report.html");
    CHECK(report.find("<div class=\"big\">59.0%</div>coverage：2个units单元的61人中，36人在直线距离150米范围内") !=
          std::string::npos);
}

TEST_CASE("--study-area keeps demand and candidates inside the units; facilities outside still serve") {
    test::ScratchDirectory scratch("cli-study-area");
    const fs::path output = scratch.path() / "out";
    const ProgramRun run = run_program(grid_coverage_arguments(output) + " --study-area");
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    // Row 3 lies in no unit: its 3 populated cells (15 people) are left out and counted.
    const auto summary = read_json(output / "summary.json");
    const auto& service = summary["services"][0];
    CHECK(service["demand_total"] == 61.0);
    CHECK(service["demand_covered"] == 36.0);
    CHECK(service["points_total"] == 13);
    const auto& population = summary["inputs"]["population"]["population"];
    CHECK(population["skipped"]["outside_study_area"] == 3);
    CHECK(summary["scenario"]["study_area"] == "units");
    CHECK(run.err.find("3 points (15 people) lie outside the study area") != std::string::npos);

    // Candidates A (cell 3 0) and C (cell 3 4) lie outside the units: only B can be chosen.
    std::string site = grid_coverage_arguments(scratch.path() / "site");
    site.replace(0, std::string("coverage").size(), "site");
    const ProgramRun sited = run_program(site + " --study-area --candidates " +
                                         quoted(fixture("grid/candidates.csv").string()) + " --add 1");
    INFO(sited.err);
    REQUIRE(sited.exit_code == 0);
    const auto siting = read_json(scratch.path() / "site" / "summary.json");
    CHECK(siting["inputs"]["candidates"]["skipped"]["outside_study_area"] == 2);
    CHECK(siting["siting"]["sites"][0]["source_fid"] == 2); // B

    // The area needs units; a scenario naming an unknown level is refused.
    std::string no_units = "coverage --population " + quoted(fixture("grid/pop_a.asc").string()) + " --facilities " +
                           quoted(fixture("grid/facility.geojson").string()) + " --metres 150 --study-area -o " +
                           quoted((scratch.path() / "none").string());
    CHECK(run_program(no_units).exit_code == 2);
}

TEST_CASE("raster demand is written on its grid as a GeoTIFF, and as points only on request") {
    test::ScratchDirectory scratch("cli-grid-raster");
    const fs::path grid_only = scratch.path() / "grid_only";
    const fs::path with_points = scratch.path() / "with_points";
    const std::string roads = " --roads " + quoted(fixture("grid/streets.geojson").string());
    REQUIRE(run_program(grid_coverage_arguments(grid_only) + roads + " -q").exit_code == 0);
    REQUIRE(run_program(grid_coverage_arguments(with_points) + roads + " --demand-points -q").exit_code == 0);
    CHECK(fs::exists(grid_only / "demand_coverage.tif"));
    CHECK(fs::exists(grid_only / "demand_coverage.qml"));
    CHECK_FALSE(fs::exists(grid_only / "demand_coverage.geojson"));
    CHECK_FALSE(fs::exists(grid_only / "demand_coverage.csv"));
    const auto outputs = read_json(grid_only / "summary.json")["outputs"];
    CHECK(std::find(outputs.begin(), outputs.end(), "demand_coverage.tif") != outputs.end());
    CHECK(fs::exists(with_points / "demand_coverage.tif"));
    REQUIRE(fs::exists(with_points / "demand_points_coverage.geojson"));
    CHECK(fs::exists(with_points / "demand_points_coverage.qml"));

    // Every cell of the GeoTIFF against the point written for it, read with GDAL itself.
    GDALAllRegister();
    GDALDataset* raster = GDALDataset::Open((grid_only / "demand_coverage.tif").string().c_str(),
                                            GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    REQUIRE(raster != nullptr);
    std::map<std::string, int> band_of;
    for (int band = 1; band <= raster->GetRasterCount(); ++band) {
        band_of[raster->GetRasterBand(band)->GetDescription()] = band;
    }
    for (const char* name : {"people", "cost_m", "covered", "band", "nearest_facility_fid", "unit_fid"}) {
        CHECK_MESSAGE(band_of.count(name) == 1, name);
    }
    const int width = raster->GetRasterXSize();
    const int height = raster->GetRasterYSize();
    const auto cells = [&](const std::string& name) {
        std::vector<double> values(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
        REQUIRE(raster->GetRasterBand(band_of.at(name))
                    ->RasterIO(GF_Read, 0, 0, width, height, values.data(), width, height, GDT_Float64, 0, 0,
                               nullptr) == CE_None);
        return values;
    };
    const auto people = cells("people");
    const auto cost = cells("cost_m");
    const auto covered = cells("covered");
    const auto nearest = cells("nearest_facility_fid");
    const auto unit = cells("unit_fid");
    GDALClose(GDALDataset::ToHandle(raster));
    const auto points = read_json(with_points / "demand_points_coverage.geojson")["features"];
    REQUIRE(points.size() == 16);
    for (const auto& feature : points) {
        const auto& properties = feature["properties"];
        const std::size_t cell = properties["row"].get<std::size_t>() * static_cast<std::size_t>(width) +
                                 properties["col"].get<std::size_t>();
        INFO("row " << properties["row"] << ", col " << properties["col"]);
        CHECK(people[cell] == properties["weight"].get<double>());
        CHECK(covered[cell] == properties["covered"].get<double>());
        if (properties["cost_m"].is_null()) {
            CHECK(cost[cell] == -9999.0);
            CHECK(nearest[cell] == -9999.0);
        } else {
            CHECK(cost[cell] == doctest::Approx(properties["cost_m"].get<double>()).epsilon(1e-6));
            CHECK(nearest[cell] == properties["nearest_facility_fid"].get<double>());
        }
        CHECK((unit[cell] == -9999.0) == properties["unit"].is_null());
    }
    // Cells without people (nodata or zero) are nodata: the 16 populated cells hold values, no other.
    CHECK(std::count_if(people.begin(), people.end(), [](double value) { return value != -9999.0; }) == 16);

    // The two runs hold the same demand, so compare joins the raster to the points by row and col.
    const ProgramRun compared =
        run_program("compare " + quoted(grid_only.string()) + " " + quoted(with_points.string()) + " -q -o " +
                    quoted((scratch.path() / "compared").string()));
    INFO(compared.err);
    REQUIRE(compared.exit_code == 0);
    const auto service = read_json(scratch.path() / "compared" / "summary.json")["services"][0];
    CHECK(service["points"] == 16);
    CHECK(service["covered_a"] == service["covered_b"]);
    CHECK(service["newly_covered"] == 0.0);
}

TEST_CASE("walking coverage on two crossing streets is the Manhattan distance") {
    test::ScratchDirectory scratch("cli-network");
    // tests/data/grid/README.md: within 150 m, 5 cells and 28 people; within 250 m, 10 cells and 52.
    struct Case {
        int metres;
        double covered;
        int points;
    };
    for (const Case c : {Case{150, 28.0, 5}, Case{250, 52.0, 10}}) {
        const fs::path output = scratch.path() / std::to_string(c.metres);
        std::string arguments = grid_coverage_arguments(output);
        arguments.replace(arguments.find("--metres 150"), 12, "--metres " + std::to_string(c.metres));
        const ProgramRun run = run_program(arguments + " --roads " + quoted(fixture("grid/streets.geojson").string()));
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        const auto summary = read_json(output / "summary.json");
        const auto& service = summary["services"][0];
        CHECK(service["mode"] == "network");
        CHECK(service["demand_covered"].get<double>() == doctest::Approx(c.covered));
        CHECK(service["points_covered"] == c.points);
        CHECK(service["unreachable"] == 0);
        CHECK(summary["inputs"]["roads"]["nodes"] == 5);
        CHECK(summary["inputs"]["roads"]["edges"] == 4);
        CHECK(run.err.find("人在步行" + std::to_string(c.metres) + "米范围内") != std::string::npos);
        // The service areas are written (#14 item 8), every one a MultiPolygon (item 12), with their style.
        const auto areas = read_json(output / "service_areas_coverage.geojson")["features"];
        REQUIRE_FALSE(areas.empty());
        for (const auto& area : areas) {
            CHECK(area["geometry"]["type"] == "MultiPolygon");
            CHECK(area["properties"]["area_m2"].get<double>() > 0.0);
        }
        CHECK(fs::exists(output / "service_areas_coverage.qml"));
    }
    // A point farther than --snap-limit from both streets is unreachable, and said so.
    const ProgramRun limited = run_program(grid_coverage_arguments(scratch.path() / "limited") + " --roads " +
                                           quoted(fixture("grid/streets.geojson").string()) + " --snap-limit 150");
    REQUIRE(limited.exit_code == 0);
    const auto summary = read_json(scratch.path() / "limited" / "summary.json");
    // Only cells (3,0) and (3,4) lie more than 150 m from both streets (200 m from
    // each): 10 and 3 people.
    CHECK(summary["services"][0]["unreachable"] == 2);
    CHECK(summary["services"][0]["unreachable_demand"] == 13.0);
    CHECK(limited.err.find("beyond the snap limit") != std::string::npos);
}

TEST_CASE("people and facilities on network fragments are reported, and can be kept off them") {
    test::ScratchDirectory scratch("cli-fragments");
    // The two grid streets in UTM 50N, plus a 60 m path 10 m from cell (3, 0)
    // that joins nothing: that cell's 10 people snap onto it.
    const fs::path streets = scratch.path() / "streets_and_path.geojson";
    test::write_text(streets, R"({"type": "FeatureCollection", "features": [
      {"type": "Feature", "properties": {"name": "east-west"}, "geometry": {"type": "LineString",
        "coordinates": [[261000, 3374250], [261250, 3374250], [261500, 3374250]]}},
      {"type": "Feature", "properties": {"name": "north-south"}, "geometry": {"type": "LineString",
        "coordinates": [[261250, 3374400], [261250, 3374250], [261250, 3374000]]}},
      {"type": "Feature", "properties": {"name": "courtyard path"}, "geometry": {"type": "LineString",
        "coordinates": [[261020, 3374040], [261080, 3374040]]}}]})");
    const std::string roads = " --roads " + quoted(streets.string()) + " --roads-crs EPSG:32650";
    const fs::path output = scratch.path() / "out";
    const ProgramRun run = run_program(grid_coverage_arguments(output) + roads);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto snapping = read_json(output / "summary.json")["inputs"]["population"]["population"]["snapping"];
    CHECK(snapping["on_minor_component"] == 1);
    CHECK(snapping["demand_on_minor_component"] == 10.0);
    CHECK(run.err.find("1 of 16 points (10 people, 13.2%) join fragments") != std::string::npos);
    CHECK(test::read_text(output / "report.html").find("路网碎片") != std::string::npos);

    for (const char* joinable : {"largest", "3"}) {
        INFO(joinable);
        const fs::path kept_off = scratch.path() / (std::string("kept_off_") + joinable);
        const ProgramRun off =
            run_program(grid_coverage_arguments(kept_off) + roads + " --min-component-nodes " + joinable);
        INFO(off.err);
        REQUIRE(off.exit_code == 0);
        const auto summary = read_json(kept_off / "summary.json");
        const auto& joined = summary["inputs"]["population"]["population"]["snapping"];
        CHECK(joined["on_minor_component"] == 0);
        CHECK(joined["demand_on_minor_component"] == 0.0);
        CHECK(joined["largest_connector_m"].get<double>() == doctest::Approx(200.0).epsilon(1e-6));
        CHECK(off.err.find("join fragments") == std::string::npos);
    }
    CHECK(run_program(grid_coverage_arguments(scratch.path() / "bad") + roads + " --min-component-nodes 0").exit_code ==
          2);
}

TEST_CASE("--roads-where keeps only the lines a filter passes (no rail or ferry walked)") {
    test::ScratchDirectory scratch("cli-roads-where");
    const fs::path output = scratch.path() / "out";
    const std::string roads = " --roads " + quoted(fixture("grid/streets.geojson").string());
    const ProgramRun run =
        run_program(grid_coverage_arguments(output) + roads + " --roads-where \"name NOT LIKE '南北街%'\"");
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto summary = read_json(output / "summary.json");
    CHECK(summary["inputs"]["roads"]["features_read"] == 1); // the east-west street alone
    // Alone, its middle vertex joins nothing: two ends, one edge (both streets: 5 nodes, 4 edges).
    CHECK(summary["inputs"]["roads"]["nodes"] == 2);
    CHECK(summary["inputs"]["roads"]["edges"] == 1);
    const ProgramRun bad =
        run_program(grid_coverage_arguments(scratch.path() / "bad") + roads + " --roads-where \"no_such_field = 1\"");
    CHECK(bad.exit_code == 5);
    CHECK(bad.err.find("streets.geojson") != std::string::npos);
    CHECK(bad.err.find("no_such_field") != std::string::npos);
    const ProgramRun osm = run_program(grid_coverage_arguments(scratch.path() / "osm") + " --roads " +
                                       quoted(fixture("roads.osm").string()) + " --roads-where \"highway = 'rail'\"");
    CHECK(osm.exit_code == 5);
    CHECK(osm.err.find("by their tags") != std::string::npos);
}

TEST_CASE("site: the best two candidates, in order of what they add, with a proven gap") {
    test::ScratchDirectory scratch("cli-site");
    const fs::path output = scratch.path() / "out";
    std::string arguments = grid_coverage_arguments(output);
    arguments.replace(0, std::string("coverage").size(), "site");
    const ProgramRun run = run_program(arguments + " --candidates " + quoted(fixture("grid/candidates.csv").string()) +
                                       " --candidate-name site --add 2");
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    // The report names the sites by the candidates' own field, not "fid 2".
    const std::string report = test::read_text(output / "report.html");
    CHECK(report.find("<td>B (cell 1 4)</td>") != std::string::npos);
    CHECK(report.find("<td>fid 2</td>") == std::string::npos);
    const auto summary = read_json(output / "summary.json");
    const auto& siting = summary["siting"];
    CHECK(siting["model"] == "maximal_covering");
    CHECK(siting["covered_before"] == 36.0);
    CHECK(siting["covered_after"] == 63.0);
    CHECK(siting["upper_bound"].get<double>() == doctest::Approx(63.0));
    CHECK(siting["gap"].get<double>() == doctest::Approx(0.0));
    REQUIRE(siting["sites"].size() == 2);
    CHECK(siting["sites"][0]["source_fid"] == 2); // B: CSV feature ids count from 1
    CHECK(siting["sites"][0]["adds_demand"] == 17.0);
    CHECK(siting["sites"][1]["source_fid"] == 1); // A
    CHECK(siting["sites"][1]["adds_demand"] == 10.0);
    const auto sites = read_json(output / "sites_coverage.geojson");
    REQUIRE(sites["features"].size() == 2);
    CHECK(sites["features"][0]["properties"]["site"] == "B (cell 1 4)");
    CHECK(sites["features"][0]["properties"]["rank"] == 1);
    CHECK(sites["features"][1]["properties"]["covered_after"] == 63.0);
    CHECK(run.err.find("新增2处，范围内人口增加27人") != std::string::npos);

    // Set covering: 80 % of 76 people needs B and A (63); one site cannot (at most 36 + 17).
    const ProgramRun fewest = run_program(arguments + " --candidates " +
                                          quoted(fixture("grid/candidates.csv").string()) + " --target-share 0.8 -q");
    REQUIRE(fewest.exit_code == 0);
    const auto set = read_json(output / "summary.json")["siting"];
    CHECK(set["model"] == "set_covering");
    CHECK(set["target_reached"] == true);
    CHECK(set["chosen"] == 2);
    CHECK(set["fewest_possible"] == 2);
    CHECK(set["covered_after"] == 63.0);
    // 90 % (68.4) cannot be reached: all three give 68, and say so.
    const ProgramRun beyond = run_program(arguments + " --candidates " +
                                          quoted(fixture("grid/candidates.csv").string()) + " --target-share 0.9");
    REQUIRE(beyond.exit_code == 0);
    const auto best = read_json(output / "summary.json")["siting"];
    CHECK(best["target_reached"] == false);
    CHECK(best["chosen"] == 3);
    CHECK(best["covered_after"] == 68.0);
    CHECK(beyond.err.find("现有候选点无法达到目标") != std::string::npos);

    // A name field the candidates lack is an error naming it.
    const ProgramRun no_name =
        run_program(arguments + " --candidates " + quoted(fixture("grid/candidates.csv").string()) +
                    " --candidate-name 名称 --add 1");
    CHECK(no_name.exit_code == 5);
    CHECK(no_name.err.find("名称") != std::string::npos);
    CHECK(no_name.err.find("no such name field") != std::string::npos);
    // Asking for more sites than there are candidates is an error naming the layer.
    const ProgramRun too_many =
        run_program(arguments + " --candidates " + quoted(fixture("grid/candidates.csv").string()) + " --add 4");
    CHECK(too_many.exit_code == 5);
    CHECK(too_many.err.find("only 3 candidates") != std::string::npos);
    // Candidates that reach nobody.
    const ProgramRun nobody = run_program(arguments + " --candidates " +
                                          quoted(fixture("facility_in_beijing.geojson").string()) + " --add 1");
    CHECK(nobody.exit_code == 5);
    CHECK(nobody.err.find("no candidate reaches any demand") != std::string::npos);
}

TEST_CASE("site from none: no facilities, an empty layer, or only a far one give the same first sites") {
    test::ScratchDirectory scratch("cli-site-greenfield");
    std::string arguments = grid_coverage_arguments(scratch.path() / "x");
    arguments.replace(0, std::string("coverage").size(), "site");
    const std::string facilities = " --facilities " + quoted(fixture("grid/facility.geojson").string());
    arguments.replace(arguments.find(facilities), facilities.size(), "");
    arguments.replace(arguments.find(" -o "), std::string::npos, "");
    arguments += " --candidates " + quoted(fixture("grid/candidates.csv").string()) + " --add 2 -o ";
    struct Variant {
        std::string name;
        std::string facilities;
    };
    const Variant variants[] = {
        {"none", ""},
        {"empty", " --facilities " + quoted(fixture("empty_layer.geojson").string())},
        {"far", " --facilities " + quoted(fixture("facility_in_beijing.geojson").string())},
    };
    std::vector<nlohmann::json> sitings;
    for (const Variant& variant : variants) {
        INFO(variant.name);
        const fs::path output = scratch.path() / variant.name;
        const ProgramRun run = run_program(arguments + quoted(output.string()) + variant.facilities);
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        const auto summary = read_json(output / "summary.json");
        CHECK(summary["siting"]["covered_before"] == 0.0);
        // What is written is the plan's after state: the chosen sites are the facilities.
        CHECK(summary["services"][0]["demand_covered"] == summary["siting"]["covered_after"]);
        CHECK(summary["siting"]["gap"].get<double>() == doctest::Approx(0.0));
        sitings.push_back(summary["siting"]["sites"]);
    }
    REQUIRE(sitings[0].size() == 2);
    CHECK(sitings[0][0]["adds_demand"].get<double>() > 0.0);
    CHECK(sitings[1] == sitings[0]);
    CHECK(sitings[2] == sitings[0]);
    // Coverage alone still stops on a layer whose every facility is far out: that is a CRS mistake.
    std::string coverage = grid_coverage_arguments(scratch.path() / "coverage");
    const std::string near = fixture("grid/facility.geojson").string();
    coverage.replace(coverage.find(near), near.size(), fixture("facility_in_beijing.geojson").string());
    const ProgramRun far = run_program(coverage);
    CHECK(far.exit_code == 5);
    CHECK(far.err.find("outside the extent of the demand") != std::string::npos);
}

TEST_CASE("site: p-median, capacitated coverage and one site per unit give the hand-computed answers") {
    test::ScratchDirectory scratch("cli-site-models");
    const fs::path output = scratch.path() / "out";
    std::string arguments = grid_coverage_arguments(output);
    arguments.replace(0, std::string("coverage").size(), "site");
    arguments += " --capacity-field beds --candidates " + quoted(fixture("grid/candidates.csv").string());
    // The candidates hold no beds: the sites a plan adds need a capacity to join the facilities.
    const ProgramRun sites_without_beds = run_program(arguments + " --model p_median --add 2");
    CHECK(sites_without_beds.exit_code == 5);
    CHECK(sites_without_beds.err.find("--site-capacity") != std::string::npos);
    arguments += " --site-capacity 30";

    // P-median, straight line, costs capped at 3 x 150 m (no cell is farther
    // than that from the facility): B then A (tests/data/grid/README.md).
    const ProgramRun median = run_program(arguments + " --model p_median --add 2");
    INFO(median.err);
    REQUIRE(median.exit_code == 0);
    const auto p = read_json(output / "summary.json")["siting"];
    CHECK(p["model"] == "p_median");
    CHECK(p["cost_cap_m"] == 450.0);
    CHECK(p["cost_before_person_m"].get<double>() == doctest::Approx(12468.0009));
    CHECK(p["cost_after_person_m"].get<double>() == doctest::Approx(6525.7980));
    CHECK(p["mean_cost_after_m"].get<double>() == doctest::Approx(85.8658));
    REQUIRE(p["sites"].size() == 2);
    CHECK(p["sites"][0]["source_fid"] == 2); // B
    CHECK(p["sites"][0]["saves_person_m"].get<double>() == doctest::Approx(3113.7758));
    CHECK(p["sites"][1]["source_fid"] == 1);                             // A
    CHECK(p["gap"].get<double>() == doctest::Approx(0.0).epsilon(1e-9)); // every pair tried
    CHECK(median.err.find("平均步行距离由164米降至86米") != std::string::npos);

    // Capacitated: the facility (50 beds) serves its 36; candidates of 5
    // places each fill up, so two add 10, ties going to the first (A, B).
    const ProgramRun capacitated =
        run_program(arguments + " --model capacitated_coverage --candidate-capacity 5 --add 2");
    INFO(capacitated.err);
    REQUIRE(capacitated.exit_code == 0);
    const auto c = read_json(output / "summary.json")["siting"];
    CHECK(c["covered_before"] == 36.0);
    CHECK(c["covered_after"] == 46.0);
    CHECK(c["existing_facilities"][0]["serves"] == 36.0);
    CHECK(c["existing_facilities"][0]["capacity"] == 50.0);
    CHECK(c["sites"][0]["serves"] == 5.0);
    CHECK(c["sites"][1]["serves"] == 5.0);
    const auto sites = read_json(output / "sites_coverage.geojson");
    CHECK(sites["features"][0]["properties"]["capacity"] == 5.0);

    // One per unit: the facility lies in 乙 (420111002); 甲 (420111001) needs
    // one but holds no candidate, which is reported. With 60 beds required,
    // 乙's facility no longer qualifies and its only candidate, B, is chosen.
    const ProgramRun units = run_program(arguments + " --one-per-unit --min-capacity 60");
    INFO(units.err);
    REQUIRE(units.exit_code == 0);
    const auto u = read_json(output / "summary.json")["siting"];
    CHECK(u["one_per_unit"]["needing_site"] == nlohmann::json::array({"420111001", "420111002"}));
    CHECK(u["one_per_unit"]["without_candidate"] == nlohmann::json::array({"420111001"}));
    CHECK(u["add"] == 1);
    CHECK(u["sites"][0]["source_fid"] == 2);
    CHECK(units.err.find("holding no candidate (the rule cannot be met there): 420111001") != std::string::npos);
    const ProgramRun served = run_program(arguments + " --one-per-unit -q");
    REQUIRE(served.exit_code == 0);
    CHECK(read_json(output / "summary.json")["siting"]["one_per_unit"]["served_by_existing"] ==
          nlohmann::json::array({"420111002"}));

    // Bad input: a capacity field the candidates lack, or a negative one.
    const ProgramRun missing =
        run_program(arguments + " --model capacitated_coverage --candidate-capacity places --add 1");
    CHECK(missing.exit_code == 5);
    CHECK(missing.err.find("places") != std::string::npos);
    const fs::path negative = scratch.path() / "negative.csv";
    test::write_text(negative, "site,lon,lat,places\nA,114.510934116586,30.4749597599448,-3\n");
    std::string with_negative = grid_coverage_arguments(output);
    with_negative.replace(0, std::string("coverage").size(), "site");
    const ProgramRun below_zero =
        run_program(with_negative + " --capacity-field beds --candidates " + quoted(negative.string()) +
                    " --model capacitated_coverage --candidate-capacity places --add 1");
    CHECK(below_zero.exit_code == 5);
    CHECK(below_zero.err.find("negative.csv") != std::string::npos);
    CHECK(below_zero.err.find("-3") != std::string::npos);
    // A capacity field holding more than any facility has (a sum, or a unit mistake).
    const fs::path huge = scratch.path() / "huge.csv";
    test::write_text(huge, "site,lon,lat,places\nA,114.510934116586,30.4749597599448,3e9\n");
    const ProgramRun too_large =
        run_program(with_negative + " --capacity-field beds --candidates " + quoted(huge.string()) +
                    " --model capacitated_coverage --candidate-capacity places --add 1");
    CHECK(too_large.exit_code == 5);
    CHECK(too_large.err.find("field 'places': capacity 3e+09 is more than 1000000") != std::string::npos);
    // Existing facilities without capacities cannot be capacitated.
    std::string no_beds = grid_coverage_arguments(output);
    no_beds.replace(0, std::string("coverage").size(), "site");
    const ProgramRun no_capacity =
        run_program(no_beds + " --candidates " + quoted(fixture("grid/candidates.csv").string()) +
                    " --model capacitated_coverage --candidate-capacity 5 --add 1");
    CHECK(no_capacity.exit_code == 3);
    CHECK(no_capacity.err.find("--capacity-field") != std::string::npos);
}

TEST_CASE("targets: every indicator on the grid gives the hand-computed value, gap and failing units") {
    test::ScratchDirectory scratch("cli-targets");
    const std::string grid = fixture("grid").string();
    // Units: 甲 420111001 (20 people, 12 within 150 m, 800 households), 乙
    // 420111002 (41, 24, 3200; holds the 50-bed facility). 76 people, 36 within.
    // The added facility lies ~1 km east of the grid: it covers nobody and
    // lies in no unit, but counts in the whole-layer nursing ratio.
    const std::string text = R"({"name": "targets",
      "population": {"elderly": {"rasters": [")" +
                             grid + R"(/pop_a.asc", ")" + grid + R"(/pop_b.asc"]}},
      "units": {"street": {"path": ")" +
                             grid + R"(/units.geojson", "code": "code", "name": "name"}},
      "facilities": {"care": {"path": ")" +
                             grid + R"(/facility.geojson", "capacity": "beds"}},
      "changes": [{"add": [{"lon": 114.526, "lat": 30.4768, "beds": 100, "nursing_beds": 60}], "to": "care"}],
      "services": [{"id": "care_150m", "facility": "care", "demand": "elderly", "metres": 150}],
      "targets": [
        {"id": "circle", "indicator": "population_coverage", "service": "care_150m", "min": 0.5},
        {"id": "circle_by_street", "indicator": "population_coverage", "service": "care_150m", "units": "street", "min": 0.59},
        {"id": "every_street", "indicator": "unit_coverage", "units": "street", "facility": "care", "min": 1.0},
        {"id": "comprehensive", "indicator": "unit_coverage", "units": "street", "facility": "care",
         "facility_filter": [{"field": "beds", "min": 100}], "min": 1.0},
        {"id": "served_streets", "indicator": "unit_coverage", "units": "street", "service": "care_150m",
         "rule": "demand_share", "share": 0.59, "min": 0.5},
        {"id": "beds", "indicator": "capacity_per_demand", "facility": "care", "demand": "elderly", "units": "street", "min": 500},
        {"id": "beds_overall", "indicator": "capacity_per_demand", "facility": "care", "demand": "elderly", "min": 2000},
        {"id": "nursing", "indicator": "attribute_ratio", "facility": "care", "numerator": "nursing_beds",
         "denominator": "beds", "min": 0.55},
        {"id": "size", "indicator": "unit_attribute_range", "units": "street", "field": "households",
         "range_min": 1000, "range_max": 5000, "min": 1.0},
        {"id": "sub_districts", "indicator": "unit_coverage", "units": "street", "facility": "care",
         "township": "sub_district", "min": 0.5}]})";
    test::write_text(scratch.path() / "targets.json", text);
    const ProgramRun run = run_program("run " + quoted((scratch.path() / "targets.json").string()) + " -o " +
                                       quoted((scratch.path() / "out").string()) + " --lang en");
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto targets = read_json(scratch.path() / "out" / "summary.json")["targets"];
    REQUIRE(targets.size() == 10);
    const auto value = [&](std::size_t i) { return targets[i]["value"].get<double>(); };
    CHECK(value(0) == doctest::Approx(36.0 / 76.0));
    CHECK(targets[0]["met"] == false);
    CHECK(targets[0]["gap"].get<double>() == doctest::Approx(0.5 - 36.0 / 76.0));
    CHECK(value(1) == doctest::Approx(36.0 / 61.0)); // people in units only
    CHECK(targets[1]["met"] == true);
    REQUIRE(targets[1]["failing_units"].size() == 1); // 乙: 24 / 41 < 0.59
    CHECK(targets[1]["failing_units"][0]["code"] == "420111002");
    CHECK(targets[1]["failing_units"][0]["value"].get<double>() == doctest::Approx(24.0 / 41.0));
    CHECK(value(2) == 0.5);
    CHECK(targets[2]["failing_units"][0]["name"] == "甲街道");
    CHECK(targets[2]["gap"] == 0.5);
    CHECK(value(3) == 0.0); // no facility of 100 beds in either street
    CHECK(targets[3]["units_passing"] == 0);
    CHECK(value(4) == 0.5); // 甲 0.6 passes, 乙 0.585 does not
    CHECK(targets[4]["met"] == true);
    CHECK(targets[4]["failing_units"][0]["code"] == "420111002");
    CHECK(value(5) == doctest::Approx(50.0 / 61.0 * 1000.0)); // the added facility lies in no unit
    CHECK(targets[5]["failing_units"][0]["code"] == "420111001");
    CHECK(targets[5]["failing_units"][0]["value"] == 0.0);
    CHECK(value(6) == doctest::Approx(150.0 / 76.0 * 1000.0));
    CHECK(targets[6]["met"] == false);
    CHECK(value(7) == doctest::Approx(60.0 / 150.0)); // a null nursing_beds counts 0
    CHECK(targets[7]["gap"].get<double>() == doctest::Approx(0.15));
    CHECK(value(8) == 0.5); // 甲 has 800 households
    CHECK(targets[8]["failing_units"][0]["value"] == 800.0);
    CHECK(value(9) == 0.5); // both codes are 街道 (001, 002)
    CHECK(run.err.find("circle (population_coverage): 0.4737, ≥ 0.5: not met (gap 0.02632)") != std::string::npos);
    CHECK(run.err.find("targets: 4 of 10 met") != std::string::npos);

    // The report shows the same figures, with the failing units by name, and fetches nothing.
    const std::string report = test::read_text(scratch.path() / "out" / "report.html");
    CHECK(report.find("<html lang=\"en\">") != std::string::npos);
    CHECK(report.find("<td>circle</td><td>population coverage</td><td class=\"n\">47.4%</td>") != std::string::npos);
    CHECK(report.find("<td>420111001</td><td>甲街道</td>") != std::string::npos);
    const auto met =
        std::count_if(targets.begin(), targets.end(), [](const auto& target) { return target["met"] == true; });
    CHECK(met == 4);
    CHECK(report.find(">4 / 10</div>targets met") != std::string::npos);
    CHECK(test::external_references(report).empty());
    for (const char* style : {"units_street_care_150m.qml", "demand_care_150m.qml", "facilities_care.qml"}) {
        CHECK(fs::exists(scratch.path() / "out" / style));
    }

    // A filter no unit passes, and a filter on a field the units lack, are errors naming the target.
    std::string towns = text;
    towns.replace(towns.find(R"("sub_district")"), 14, R"("town")");
    test::write_text(scratch.path() / "towns.json", towns);
    const ProgramRun none = run_program("run " + quoted((scratch.path() / "towns.json").string()) + " -q -o " +
                                        quoted((scratch.path() / "towns").string()));
    CHECK(none.exit_code == 5);
    CHECK(none.err.find("/targets/9") != std::string::npos);
    CHECK(none.err.find("no unit of 'street' passes the filters of target 'sub_districts'") != std::string::npos);
    std::string no_field = text;
    no_field.replace(no_field.find(R"("field": "beds", "min": 100)"), 15, R"("field": "bed")");
    test::write_text(scratch.path() / "no_field.json", no_field);
    const ProgramRun missing = run_program("run " + quoted((scratch.path() / "no_field.json").string()) + " -q -o " +
                                           quoted((scratch.path() / "no_field").string()));
    CHECK(missing.exit_code == 5);
    CHECK(missing.err.find("/targets/3/facility_filter/0") != std::string::npos);
    CHECK(missing.err.find("field 'bed'") != std::string::npos);
}

TEST_CASE("Chinese labels for services, targets, units and facilities: in summary, console and report") {
    test::ScratchDirectory scratch("cli-labels");
    const std::string grid = fixture("grid").string();
    const std::string text = R"({"name": "labels",
      "population": {"elderly": {"rasters": [")" +
                             grid + R"(/pop_a.asc"]}},
      "units": {"street": {"path": ")" +
                             grid + R"(/units.geojson", "code": "code", "name": "name", "label": "街道"}},
      "facilities": {"care": {"path": ")" +
                             grid + R"(/facility.geojson", "label": "养老机构"}},
      "services": [{"id": "care_150m", "label": "150米养老服务圈", "facility": "care", "demand": "elderly",
                    "metres": 150}],
      "targets": [{"id": "circle", "label": "养老服务圈覆盖率", "indicator": "population_coverage",
                   "service": "care_150m", "min": 0.5}]})";
    test::write_text(scratch.path() / "labels.json", text);
    const fs::path output = scratch.path() / "out";
    const ProgramRun run =
        run_program("run " + quoted((scratch.path() / "labels.json").string()) + " -o " + quoted(output.string()));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto summary = read_json(output / "summary.json");
    CHECK(summary["services"][0]["id"] == "care_150m");
    CHECK(summary["services"][0]["label"] == "150米养老服务圈");
    CHECK(summary["targets"][0]["label"] == "养老服务圈覆盖率");
    CHECK(summary["scenario"]["unit_labels"]["street"] == "街道");
    CHECK(summary["scenario"]["facility_labels"]["care"] == "养老机构");
    CHECK(run.err.find("150米养老服务圈：") != std::string::npos);
    CHECK(run.err.find("养老服务圈覆盖率 (population_coverage)") != std::string::npos);
    const std::string report = test::read_text(output / "report.html");
    CHECK(report.find("<html lang=\"zh-CN\">") != std::string::npos);
    CHECK(report.find("服务：150米养老服务圈") != std::string::npos);
    CHECK(report.find("<td>养老服务圈覆盖率</td><td>人口覆盖率</td>") != std::string::npos);
    CHECK(report.find("分单元覆盖：街道") != std::string::npos);
    CHECK(report.find("养老机构服务elderly") != std::string::npos);

    // A Chinese id is refused with a pointer to "label"; so is a label of two lines.
    std::string chinese_id = text;
    chinese_id.replace(chinese_id.find(R"("id": "circle")"), 14, R"("id": "15分钟养老服务圈_江岸")");
    test::write_text(scratch.path() / "chinese_id.json", chinese_id);
    const ProgramRun refused = run_program("run " + quoted((scratch.path() / "chinese_id.json").string()) + " -o " +
                                           quoted((scratch.path() / "refused").string()));
    CHECK(refused.exit_code == 3);
    CHECK(refused.err.find("/targets/0/id") != std::string::npos);
    CHECK(refused.err.find("\"label\"") != std::string::npos);
    std::string two_lines = text;
    two_lines.replace(two_lines.find("街道"), 6, "街道\\n社区");
    test::write_text(scratch.path() / "two_lines.json", two_lines);
    const ProgramRun bad_label = run_program("run " + quoted((scratch.path() / "two_lines.json").string()) + " -o " +
                                             quoted((scratch.path() / "refused").string()));
    CHECK(bad_label.exit_code == 3);
    CHECK(bad_label.err.find("/units/street/label") != std::string::npos);
}

TEST_CASE("bands and 2SFCA access on the grid: hand-computed, supply conserved") {
    test::ScratchDirectory scratch("cli-access");
    const std::string grid = fixture("grid").string();
    test::write_text(scratch.path() / "access.json", R"({"name": "access",
      "population": {"elderly": {"rasters": [")" + grid + R"(/pop_a.asc", ")" +
                                                         grid + R"(/pop_b.asc"]}},
      "units": {"street": {"path": ")" + grid + R"(/units.geojson", "code": "code"}},
      "facilities": {"care": {"path": ")" + grid + R"(/facility.geojson", "capacity": "beds"}},
      "services": [{"id": "care", "facility": "care", "demand": "elderly", "metres": 150, "access": "2sfca",
                     "bands": [60, 120, 150]}],
      "outputs": {"demand_points": true}})");
    const fs::path output = scratch.path() / "out";
    const ProgramRun run =
        run_program("run " + quoted((scratch.path() / "access.json").string()) + " -o " + quoted(output.string()));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto service = read_json(output / "summary.json")["services"][0];
    // The facility's own cell (8 people), then the four at 100 m (+20), then
    // the diagonals at 141 m (+8). (Bounds clear of 100 m: the cell centres
    // went through WGS 84, so "100 m" is 100 m give or take 1e-6.)
    REQUIRE(service["bands"].size() == 3);
    CHECK(service["bands"][0]["upto"] == 60.0);
    CHECK(service["bands"][0]["demand"] == 8.0);
    CHECK(service["bands"][1]["demand"] == 28.0);
    CHECK(service["bands"][2]["demand"] == 36.0);
    // 50 beds shared by the 36 people within reach: 1388.9 per 1,000 each,
    // 0 for the other 40; over everyone 50 / 76 (no bed is lost or made).
    const auto& access = service["access"];
    CHECK(access["method"] == "2sfca");
    CHECK(access["mean_per_1000"].get<double>() == doctest::Approx(50.0 / 76.0 * 1000.0));
    CHECK(access["gini"].get<double>() == doctest::Approx(40.0 / 76.0));
    CHECK(access["palma"].is_null()); // the bottom 40 % have nothing
    const auto demand = read_json(output / "demand_points_care.geojson")["features"];
    int shown = 0;
    for (const auto& feature : demand) {
        const auto& properties = feature["properties"];
        if (properties["row"] == 1 && properties["col"] == 2) {
            CHECK(properties["band"] == "0-60 m");
            CHECK(properties["access_per_1000"].get<double>() == doctest::Approx(50.0 / 36.0 * 1000.0));
            ++shown;
        }
        if (properties["row"] == 3 && properties["col"] == 0) {
            CHECK(properties["band"] == "beyond 150 m");
            CHECK(properties["access_per_1000"] == 0.0);
            ++shown;
        }
    }
    CHECK(shown == 2);
    const auto units = read_json(output / "units_street_care.geojson")["features"];
    CHECK(units[0]["properties"]["access_per_1000"].get<double>() ==
          doctest::Approx(12.0 * 50.0 / 36.0 / 20.0 * 1000.0));
    CHECK(units[1]["properties"]["access_per_1000"].get<double>() ==
          doctest::Approx(24.0 * 50.0 / 36.0 / 41.0 * 1000.0));
}

TEST_CASE("coverage warns about units that overlap, cross themselves or span the world, and counts the warnings") {
    test::ScratchDirectory scratch("cli-implausible-units");
    std::string arguments = grid_coverage_arguments(scratch.path() / "out");
    const std::string units = quoted(fixture("grid/units.geojson").string());
    arguments.replace(arguments.find(units), units.size(), quoted(fixture("grid/units_implausible.geojson").string()));
    const ProgramRun run = run_program(arguments);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.err.find("unit '420111004' (feature 3) is not a valid polygon (its boundary crosses itself)") !=
          std::string::npos);
    CHECK(run.err.find("unit '420111005' (feature 4) is 21017820 m across") != std::string::npos);
    // 乙街道's 41 people and its copy, and every point, for the unit spanning the world.
    CHECK(run.err.find("lie inside two or more units: the units overlap") != std::string::npos);
    CHECK(run.err.find("Run lifecircle check-boundaries") != std::string::npos);
    const auto summary = read_json(scratch.path() / "out" / "summary.json");
    REQUIRE(summary["inputs"]["units"].size() == 1);
    CHECK(summary["inputs"]["units"].front()["warnings"].size() == 3);

    // The plain units raise none of them.
    const ProgramRun plain = run_program(grid_coverage_arguments(scratch.path() / "plain"));
    CHECK(plain.err.find("check-boundaries") == std::string::npos);
}

TEST_CASE("coverage --minutes reports the default 5-minute bands, as run does") {
    test::ScratchDirectory scratch("cli-coverage-bands");
    const fs::path output = scratch.path() / "out";
    // 12 min at 0.75 km/h is 150 m; bands at 5 and 10 min are 62.5 and 125 m.
    std::string arguments = grid_coverage_arguments(output);
    arguments.replace(arguments.find("--metres 150"), 12, "--minutes 12 --walk-kmh 0.75 --demand-points");
    const ProgramRun run = run_program(arguments);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto service = read_json(output / "summary.json")["services"][0];
    REQUIRE(service["bands"].size() == 3);
    CHECK(service["bands"][0]["upto"] == 5.0);
    CHECK(service["bands"][0]["demand"] == 8.0);
    CHECK(service["bands"][1]["upto"] == 10.0);
    CHECK(service["bands"][1]["demand"] == 28.0);
    CHECK(service["bands"][2]["upto"] == 12.0);
    CHECK(service["bands"][2]["demand"] == 36.0);
    const auto demand = read_json(output / "demand_points_coverage.geojson")["features"];
    std::map<std::string, int> points_in_band;
    for (const auto& feature : demand) {
        ++points_in_band[feature["properties"]["band"].get<std::string>()];
    }
    CHECK(points_in_band["0-5 min"] == 1);
    CHECK(points_in_band["5-10 min"] == 4);
    CHECK(points_in_band["10-12 min"] == 3);

    for (const char* out_of_range :
         {"--minutes 1e300", "--minutes 121", "--metres 20000", "--metres 150 --snap-limit 1e9"}) {
        std::string bad = grid_coverage_arguments(scratch.path() / "bad");
        bad.replace(bad.find("--metres 150"), 12, out_of_range);
        const ProgramRun refused = run_program(bad);
        INFO(out_of_range);
        CHECK(refused.exit_code == 2);
        CHECK(refused.err.find("not in range") != std::string::npos);
    }
}

TEST_CASE("isochrones: the cross of streets around the facility, buffered, by hand") {
    test::ScratchDirectory scratch("cli-isochrones");
    const fs::path output = scratch.path() / "out";
    const std::string arguments = "isochrones --roads " + quoted(fixture("grid/streets.geojson").string()) +
                                  " --facilities " + quoted(fixture("grid/facility.geojson").string());
    const ProgramRun run =
        run_program(arguments + " --metres 100,150 --width 10 --per-facility -o " + quoted(output.string()));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    // The facility is the crossing; 150 m reaches 150 m along each of the four
    // arms (tests/data/grid/README.md): two 300 x 20 m strips, their 20 x 20 m
    // overlap counted once, and four half-disc caps of radius 10 drawn as
    // halves of a 32-gon (GEOS: 8 segments a quarter).
    const double pi = 3.14159265358979323846;
    const double caps = 4.0 * 0.5 * (32.0 / (2.0 * pi)) * std::sin(2.0 * pi / 32.0) * pi * 100.0;
    const auto summary = read_json(output / "summary.json");
    REQUIRE(summary["service_areas"].size() == 2);
    CHECK(summary["service_areas"][1]["area_m2"].get<double>() ==
          doctest::Approx(300.0 * 20 + 300.0 * 20 - 400.0 + caps).epsilon(1e-6));
    CHECK(summary["service_areas"][0]["area_m2"].get<double>() ==
          doctest::Approx(200.0 * 20 + 200.0 * 20 - 400.0 + caps).epsilon(1e-6));
    const auto layer = read_json(output / "service_areas.geojson");
    CHECK(layer["features"].size() == 2);
    CHECK(layer["features"][1]["properties"]["upto"] == 150.0);
    // Each facility's areas carry its own fields, so they join back to it.
    const auto per_facility = read_json(output / "service_areas_per_facility.geojson")["features"];
    REQUIRE(per_facility.size() == 2);
    CHECK(per_facility[0]["properties"]["facility_fid"] == 0);
    CHECK(per_facility[0]["properties"]["name"] == "centre of cell row 1 col 2");
    CHECK(per_facility[1]["properties"]["beds"] == 50);
    CHECK(per_facility[1]["properties"]["upto"] == 150.0);
    CHECK(run.err.find("within 150 m: 1.22 ha, 0 holes") != std::string::npos);
    // A report and QGIS styles, as every other command writes them.
    CHECK(fs::exists(output / "service_areas.qml"));
    CHECK(fs::exists(output / "service_areas_per_facility.qml"));
    const std::string report = test::read_text(output / "report.html");
    CHECK(report.find("<td class=\"n\">150米</td><td class=\"n\">150</td><td class=\"n\">1.22</td>") !=
          std::string::npos);
    CHECK(report.find("<svg") != std::string::npos);
    CHECK(test::external_references(report).empty());
    const auto outputs = summary["outputs"];
    CHECK(std::find(outputs.begin(), outputs.end(), "report.html") != outputs.end());

    const ProgramRun no_name = run_program(arguments + " --metres 100 --facility-name 名称 -o " +
                                           quoted((scratch.path() / "no-name").string()));
    CHECK(no_name.exit_code == 5);
    CHECK(no_name.err.find("no such name field") != std::string::npos);
    const ProgramRun unsorted = run_program(arguments + " --metres 150,100 -o " + quoted(output.string()));
    CHECK(unsorted.exit_code == 2);
    CHECK(unsorted.err.find("ascending") != std::string::npos);
}

TEST_CASE("services that differ only in threshold share one search, bounded by the larger") {
    test::ScratchDirectory scratch("cli-bands");
    const std::string data = fixture("").string();
    test::write_text(scratch.path() / "bands.json", R"({"name": "bands",
  "population": {"p": {"rasters": [")" + data + R"(/grid/pop_a.asc", ")" +
                                                        data + R"(/grid/pop_b.asc"]}},
  "facilities": {"f": {"path": ")" + data + R"(/grid/facility.geojson"}},
  "roads": {"path": ")" + data + R"(/grid/streets.geojson"},
  "services": [{"id": "near", "facility": "f", "demand": "p", "metres": 150},
               {"id": "far", "facility": "f", "demand": "p", "metres": 250}]})");
    const fs::path output = scratch.path() / "out";
    const ProgramRun run = run_program("run " + quoted((scratch.path() / "bands.json").string()) +
                                       " --demand-points -q -o " + quoted(output.string()));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto services = read_json(output / "summary.json")["services"];
    CHECK(services[0]["demand_covered"] == doctest::Approx(28.0)); // tests/data/grid/README.md
    CHECK(services[1]["demand_covered"] == doctest::Approx(52.0));
    CHECK(services[0]["nodes_settled"] == services[1]["nodes_settled"]); // one search
    // Cell (0,1) is 200 m away: beyond "near", within the shared bound, so its cost is known.
    const auto near = read_json(output / "demand_points_near.geojson");
    bool found = false;
    for (const auto& feature : near["features"]) {
        const auto& properties = feature["properties"];
        if (properties["row"] == 0 && properties["col"] == 1) {
            CHECK(properties["cost_m"].get<double>() == doctest::Approx(200.0));
            CHECK(properties["covered"] == 0);
            found = true;
        }
    }
    CHECK(found);
}

TEST_CASE("coverage, then site, then compare: the plan's gain against the run it started from") {
    test::ScratchDirectory scratch("cli-site-compare");
    const fs::path today = scratch.path() / "today";
    const fs::path plan = scratch.path() / "plan";
    REQUIRE(run_program(grid_coverage_arguments(today) + " -q").exit_code == 0);
    std::string site = grid_coverage_arguments(plan);
    site.replace(0, std::string("coverage").size(), "site");
    REQUIRE(run_program(site + " --candidates " + quoted(fixture("grid/candidates.csv").string()) + " --add 2 -q")
                .exit_code == 0);
    const ProgramRun compared = run_program("compare " + quoted(today.string()) + " " + quoted(plan.string()) + " -o " +
                                            quoted((scratch.path() / "gain").string()));
    INFO(compared.err);
    REQUIRE(compared.exit_code == 0);
    // The two sites bring 27 more people within 150 m (36 -> 63), and take none away.
    const auto service = read_json(scratch.path() / "gain" / "summary.json")["services"][0];
    CHECK(service["id"] == "coverage");
    CHECK(service["covered_a"] == 36.0);
    CHECK(service["covered_b"] == 63.0);
    CHECK(service["newly_covered"] == 27.0);
    CHECK(service["newly_lost"] == 0.0);
    // The report is titled by the runs' scenarios and shows no "−0".
    const std::string report = test::read_text(scratch.path() / "gain" / "report.html");
    CHECK(report.find("<h1>方案对比：coverage → site</h1>") != std::string::npos);
    CHECK(report.find("coverage：新增覆盖+27人，失去覆盖0人") != std::string::npos);
    CHECK(report.find("−0") == std::string::npos);
    // Each point of the difference layer carries its cell, and so joins back to
    // the cells of both runs' demand_coverage.tif.
    const auto difference = read_json(scratch.path() / "gain" / "difference_coverage.geojson");
    REQUIRE(difference["features"].size() == 16);
    double gained = 0.0;
    std::set<std::pair<int, int>> cells;
    for (const auto& feature : difference["features"]) {
        const auto& properties = feature["properties"];
        cells.emplace(properties["row"].get<int>(), properties["col"].get<int>());
        gained += properties["status"] == "gained" ? properties["weight"].get<double>() : 0.0;
    }
    CHECK(cells.size() == 16);
    CHECK(cells.count({1, 4}) == 1); // candidate B's cell
    CHECK(gained == 27.0);
}

TEST_CASE("compare: demand newly covered and newly lost between two runs") {
    test::ScratchDirectory scratch("cli-compare");
    // tests/data/grid/README.md: walking 150 m covers 28 people in 5 cells, 250 m covers 52 in 10.
    for (const auto& [name, metres] : {std::pair{"near", "150"}, std::pair{"far", "250"}}) {
        std::string arguments = grid_coverage_arguments(scratch.path() / name);
        arguments.replace(arguments.find("--metres 150"), 12, std::string("--metres ") + metres);
        REQUIRE(
            run_program(arguments + " --roads " + quoted(fixture("grid/streets.geojson").string()) + " -q").exit_code ==
            0);
    }
    const auto run_dir = [&](const char* name) { return quoted((scratch.path() / name).string()); };
    const ProgramRun forward =
        run_program("compare " + run_dir("near") + " " + run_dir("far") + " -o " + run_dir("ab"));
    INFO(forward.err);
    REQUIRE(forward.exit_code == 0);
    const auto gained = read_json(scratch.path() / "ab" / "summary.json")["services"][0];
    CHECK(gained["covered_a"] == 28.0);
    CHECK(gained["covered_b"] == 52.0);
    CHECK(gained["newly_covered"] == 24.0);
    CHECK(gained["newly_lost"] == 0.0);
    CHECK(gained["points_newly_covered"] == 5);
    const auto layer = read_json(scratch.path() / "ab" / "difference_coverage.geojson");
    int gained_points = 0;
    for (const auto& feature : layer["features"]) {
        gained_points += feature["properties"]["status"] == "gained" ? 1 : 0;
    }
    CHECK(gained_points == 5);
    CHECK(forward.err.find("coverage：新增覆盖+24人，失去覆盖0人") != std::string::npos);

    const ProgramRun backward =
        run_program("compare " + run_dir("far") + " " + run_dir("near") + " -q -o " + run_dir("ba"));
    REQUIRE(backward.exit_code == 0);
    const auto lost = read_json(scratch.path() / "ba" / "summary.json")["services"][0];
    CHECK(lost["newly_covered"] == 0.0);
    CHECK(lost["newly_lost"] == 24.0);

    // Runs over different demand cannot be compared point by point.
    REQUIRE(run_program("coverage --population " + quoted(fixture("grid/pop_a.asc").string()) + " --facilities " +
                        quoted(fixture("grid/facility.geojson").string()) + " --metres 150 -q -o " + run_dir("other"))
                .exit_code == 0);
    const ProgramRun different =
        run_program("compare " + run_dir("near") + " " + run_dir("other") + " -o " + run_dir("x"));
    CHECK(different.exit_code == 5);
    CHECK(different.err.find("different demand") != std::string::npos);
    CHECK_FALSE(fs::exists(scratch.path() / "x"));
    const ProgramRun not_a_run =
        run_program("compare " + run_dir("near") + " " + quoted(fixture("grid").string()) + " -o " + run_dir("y"));
    CHECK(not_a_run.exit_code == 4);
    CHECK(not_a_run.err.find("no summary.json") != std::string::npos);

    // A run folder missing a file its summary lists is incomplete, and refused;
    // compare writing into one of its inputs is refused too.
    fs::remove(scratch.path() / "far" / "units_coverage.csv");
    const ProgramRun incomplete =
        run_program("compare " + run_dir("near") + " " + run_dir("far") + " -o " + run_dir("z"));
    CHECK(incomplete.exit_code == 5);
    CHECK(incomplete.err.find("units_coverage.csv': is listed in summary.json but missing") != std::string::npos);
    const ProgramRun into_input =
        run_program("compare " + run_dir("near") + " " + run_dir("near") + " -o " + run_dir("near"));
    CHECK(into_input.exit_code == 7);
    CHECK(into_input.err.find("is an input of this run") != std::string::npos);
    CHECK(fs::exists(scratch.path() / "near" / "demand_coverage.tif"));
}

TEST_CASE("-o replaces an earlier run of any kind as a set, keeps other files and refuses to overwrite them") {
    test::ScratchDirectory scratch("cli-overwrite");
    const fs::path output = scratch.path() / "results";
    REQUIRE(run_program(grid_coverage_arguments(output) + " --roads " +
                        quoted(fixture("grid/streets.geojson").string()) + " --of GPKG -q")
                .exit_code == 0);
    REQUIRE(fs::exists(output / "units_coverage.gpkg"));
    test::write_text(output / "notes.txt", "my notes");
    const ProgramRun again = run_program(grid_coverage_arguments(output));
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    CHECK(again.err.find("replaced the earlier run in " + output.string()) != std::string::npos);
    CHECK_FALSE(fs::exists(output / "units_coverage.gpkg")); // the earlier run's layers went with it
    CHECK(test::read_text(output / "notes.txt") == "my notes");
    const auto listed = read_json(output / "summary.json")["outputs"];
    CHECK(listed.size() + 1 == static_cast<std::size_t>(std::distance(fs::directory_iterator(output), {})));

    test::write_text(output / "summary.json", "{\"mine\": true}");
    const ProgramRun foreign = run_program(grid_coverage_arguments(output) + " -q");
    CHECK(foreign.exit_code == 7);
    CHECK(foreign.err.find("': exists and is not a file of an earlier lifecircle run") != std::string::npos);
    CHECK(test::read_text(output / "summary.json") == "{\"mine\": true}");

    const ProgramRun empty = run_program(grid_coverage_arguments(output).replace(
        grid_coverage_arguments(output).find(" -o "), std::string::npos, " -o ''"));
    CHECK(empty.exit_code == 7);
    CHECK(empty.err.find("no output directory given") != std::string::npos);
}

TEST_CASE("a plan changes facilities, takes chosen sites, and is compared with its baseline") {
    test::ScratchDirectory scratch("cli-plan");
    const std::string grid = fixture("grid").string();
    const auto scenario = [&](const std::string& facilities, const std::string& extra) {
        return R"({"name": "grid", "population": {"elderly": {"rasters": [")" + grid + R"(/pop_a.asc", ")" + grid +
               R"(/pop_b.asc"]}}, "facilities": {"care": )" + facilities +
               R"(}, "services": [{"id": "care_150m", "facility": "care", "demand": "elderly", "metres": 150}])" +
               extra + "}";
    };
    const std::string with_beds = R"({"path": ")" + grid + R"(/facility.geojson", "capacity": "beds", "name": "name"})";
    const std::string target =
        R"(, "targets": [{"id": "circle", "indicator": "population_coverage", "service": "care_150m", "min": 0.6}])";
    test::write_text(scratch.path() / "baseline.json", scenario(with_beds, target));
    // B's cell centre (tests/data/grid/README.md) as an inline point: +17 people.
    const std::string changes =
        R"(, "baseline": "baseline.json", "changes": [
          {"add": [{"lon": 114.515051673003, "lat": 30.4768422838743, "name": "new B", "beds": 30}], "to": "care"},
          {"set_capacity": 80, "in": "care", "where": {"field": "name", "values": ["centre of cell row 1 col 2"]}}])";
    test::write_text(scratch.path() / "plan.json", scenario(with_beds, target + changes));
    const fs::path output = scratch.path() / "out";
    const ProgramRun run =
        run_program("run " + quoted((scratch.path() / "plan.json").string()) + " -o " + quoted(output.string()));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(read_json(output / "baseline" / "summary.json")["services"][0]["demand_covered"] == 36.0);
    const auto plan = read_json(output / "summary.json");
    CHECK(plan["services"][0]["demand_covered"] == 53.0);
    REQUIRE(plan["changes"].size() == 2);
    CHECK(plan["changes"][0]["kind"] == "add");
    CHECK(plan["changes"][0]["features"] == 1);
    CHECK(plan["changes"][1]["kind"] == "set_capacity");
    const auto facilities = read_json(output / "facilities_care.geojson");
    REQUIRE(facilities["features"].size() == 2);
    CHECK(facilities["features"][0]["properties"]["plan_change"] == "capacity_set");
    CHECK(facilities["features"][0]["properties"]["planned_capacity"] == 80.0);
    CHECK(facilities["features"][1]["properties"]["plan_change"] == "added");
    CHECK(facilities["features"][1]["properties"]["name"] == "new B");
    const auto comparison = read_json(output / "comparison" / "summary.json");
    CHECK(comparison["services"][0]["newly_covered"] == 17.0);
    CHECK(comparison["services"][0]["newly_lost"] == 0.0);
    CHECK(run.err.find("新增覆盖+17人，失去覆盖0人") != std::string::npos);
    CHECK(run.err.find("circle: 0.4737 (未达标) -> 0.6974 (达标)") != std::string::npos);
    // The target before and after: 36 of 76 people, then 53 of 76, against 60%.
    const auto& circle = comparison["targets"][0];
    CHECK(circle["id"] == "circle");
    CHECK(circle["value_a"].get<double>() == doctest::Approx(36.0 / 76.0));
    CHECK(circle["value_b"].get<double>() == doctest::Approx(53.0 / 76.0));
    CHECK(circle["change"].get<double>() == doctest::Approx(17.0 / 76.0));
    CHECK(circle["met_a"] == false);
    CHECK(circle["met_b"] == true);
    const std::string report = test::read_text(output / "comparison" / "report.html");
    CHECK(report.find("<td class=\"n\">47.4%</td><td class=\"n\">69.7%</td><td class=\"n\">+22.4个百分点</td>") !=
          std::string::npos);
    CHECK(report.find("新增覆盖+17人") != std::string::npos);
    // The map shows the facilities both runs have and the one the plan adds, in memory and read back from disk.
    CHECK(report.find("baseline 与 out 中都有的设施") != std::string::npos);
    CHECK(report.find("out 中新增的设施") != std::string::npos);
    CHECK(report.find("中已无的设施") == std::string::npos); // the plan closes none
    const fs::path compared = scratch.path() / "compared";
    REQUIRE(run_program("compare " + quoted((output / "baseline").string()) + " " + quoted(output.string()) + " -o " +
                        quoted(compared.string()) + " -q --lang en")
                .exit_code == 0);
    const std::string read_back = test::read_text(compared / "report.html");
    CHECK(read_back.find("facility in both baseline and out") != std::string::npos);
    CHECK(read_back.find("facility added in out") != std::string::npos);
    CHECK(test::external_references(report).empty());
    CHECK(fs::exists(output / "comparison" / "difference_care_150m.qml"));
    CHECK(fs::exists(output / "baseline" / "report.html"));

    // Removing a facility that is not there names the value's JSON path.
    test::write_text(
        scratch.path() / "typo.json",
        scenario(with_beds, R"(, "changes": [{"remove": {"field": "name", "values": ["centre"]}, "from": "care"}])"));
    const ProgramRun typo = run_program("run " + quoted((scratch.path() / "typo.json").string()) + " -o " +
                                        quoted((scratch.path() / "typo").string()));
    CHECK(typo.exit_code == 5);
    CHECK(typo.err.find("/changes/0/remove/values/0") != std::string::npos);
    CHECK(typo.err.find("no facility of 'care' has name = 'centre'") != std::string::npos);
    CHECK_FALSE(fs::exists(scratch.path() / "typo"));
    // An added layer must carry the capacity the facilities have.
    test::write_text(scratch.path() / "no_beds.json",
                     scenario(with_beds, R"(, "changes": [{"add": ")" + grid + R"(/candidates.csv", "to": "care"}])"));
    const ProgramRun no_beds = run_program("run " + quoted((scratch.path() / "no_beds.json").string()) + " -o " +
                                           quoted((scratch.path() / "no_beds").string()));
    CHECK(no_beds.exit_code == 5);
    CHECK(no_beds.err.find("candidates.csv") != std::string::npos);
    CHECK(no_beds.err.find("beds") != std::string::npos);

    // The sites a siting chose join the facilities: the service is computed
    // again with them and agrees with the siting's own figure.
    test::write_text(scratch.path() / "sited.json",
                     scenario(R"({"path": ")" + grid + R"(/facility.geojson"})",
                              R"(, "siting": {"service": "care_150m", "candidates": ")" + grid +
                                  R"(/candidates.csv", "add": 2}, "changes": [{"add_chosen_sites": true}])"));
    const ProgramRun sited = run_program("run " + quoted((scratch.path() / "sited.json").string()) + " -o " +
                                         quoted((scratch.path() / "sited").string()));
    INFO(sited.err);
    REQUIRE(sited.exit_code == 0);
    const auto with_sites = read_json(scratch.path() / "sited" / "summary.json");
    CHECK(with_sites["siting"]["covered_after"] == 63.0);
    CHECK(with_sites["services"][0]["demand_covered"] == 63.0);
    CHECK(with_sites["changes"][0]["kind"] == "add_chosen_sites");
    CHECK(with_sites["changes"][0]["features"] == 2);
}

TEST_CASE("facilities declared as GCJ-02 give the same coverage as their WGS 84 originals") {
    test::ScratchDirectory scratch("cli-gcj02");
    const LonLat wgs84{114.512969944928, 30.4768025794233};
    const LonLat gcj02 = wgs84_to_gcj02(wgs84);
    char csv[160];
    std::snprintf(csv, sizeof csv, "name,lon,lat\n从高德地图取的点,%.12f,%.12f\n", gcj02.lon, gcj02.lat);
    test::write_text(scratch.path() / "amap.csv", csv);
    const std::string arguments =
        "coverage --population " + quoted(fixture("grid/pop_a.asc").string()) + " --population " +
        quoted(fixture("grid/pop_b.asc").string()) + " --facilities " + quoted((scratch.path() / "amap.csv").string()) +
        " --facilities-crs GCJ-02 --metres 150 -q -o " + quoted((scratch.path() / "out").string());
    const ProgramRun run = run_program(arguments);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.err.empty()); // -q
    const auto summary = read_json(scratch.path() / "out" / "summary.json");
    CHECK(summary["services"][0]["demand_covered"] == 36.0);
    CHECK(summary["inputs"]["facilities"]["facilities"]["crs"] == "GCJ-02");

    // Read as plain WGS 84, the same point lies some 500 m off the grid: the
    // run refuses it and points at the likely cause.
    const ProgramRun undeclared = run_program("coverage --population " + quoted(fixture("grid/pop_a.asc").string()) +
                                              " --facilities " + quoted((scratch.path() / "amap.csv").string()) +
                                              " --metres 150 -q -o " + quoted((scratch.path() / "raw").string()));
    CHECK(undeclared.exit_code == 5);
    CHECK(undeclared.err.find("GCJ-02?") != std::string::npos);
}

TEST_CASE(
    "a GBK CSV is refused with its row and field until its encoding is named, on the command line or in a scenario") {
    test::ScratchDirectory scratch("cli-gbk");
    // 江岸养老院 in GBK (BD AD B0 B6 D1 F8 C0 CF D4 BA), as Excel saves a CSV on a Chinese Windows.
    test::write_text(scratch.path() / "homes.csv",
                     "name,lon,lat\nS1,114.512969944928,30.4768025794233\n"
                     "\xBD\xAD\xB0\xB6\xD1\xF8\xC0\xCF\xD4\xBA,114.512969944928,30.4768025794233\n");
    const std::string arguments = "coverage --population " + quoted(fixture("grid/pop_a.asc").string()) +
                                  " --facilities " + quoted((scratch.path() / "homes.csv").string()) +
                                  " --metres 150 -o ";
    const ProgramRun undeclared = run_program(arguments + quoted((scratch.path() / "raw").string()));
    CHECK(undeclared.exit_code == 5);
    CHECK(undeclared.err.find("homes.csv") != std::string::npos);
    CHECK(undeclared.err.find("feature 2") != std::string::npos); // GDAL numbers CSV rows from 1
    CHECK(undeclared.err.find("field 'name'") != std::string::npos);
    CHECK(undeclared.err.find("bytes BD AD B0 B6 at byte 1 are not UTF-8") != std::string::npos);
    CHECK(undeclared.err.find("--facilities-encoding") != std::string::npos);
    CHECK_FALSE(fs::exists(scratch.path() / "raw"));

    const ProgramRun named =
        run_program(arguments + quoted((scratch.path() / "named").string()) + " --facilities-encoding GBK -q");
    INFO(named.err);
    REQUIRE(named.exit_code == 0);
    const auto facilities = read_json(scratch.path() / "named" / "facilities.geojson");
    CHECK(facilities["features"][1]["properties"]["name"] == "江岸养老院");

    CHECK(
        run_program(arguments + quoted((scratch.path() / "x").string()) + " --facilities-encoding Klingon").exit_code ==
        2);

    const std::string data = fixture("").string();
    const auto scenario = [&](const std::string& encoding) {
        test::write_text(scratch.path() / "gbk.json",
                         R"({"name": "gbk", "population": {"p": {"raster": ")" + data +
                             R"(/grid/pop_a.asc"}}, "facilities": {"f": {"path": ")" +
                             (scratch.path() / "homes.csv").string() + R"(", "encoding": ")" + encoding +
                             R"("}}, "services": [{"id": "s", "facility": "f", "demand": "p", "metres": 150}]})");
        return run_program("run " + quoted((scratch.path() / "gbk.json").string()) + " -q -o " +
                           quoted((scratch.path() / ("run-" + encoding)).string()));
    };
    const ProgramRun in_scenario = scenario("GB18030");
    INFO(in_scenario.err);
    CHECK(in_scenario.exit_code == 0);
    const ProgramRun unknown = scenario("Klingon");
    CHECK(unknown.exit_code == 3);
    CHECK(unknown.err.find("/facilities/f/encoding") != std::string::npos);
}

TEST_CASE("the default scenario runs, writes every layer, and is byte-identical when run again on one core") {
    test::ScratchDirectory scratch("cli-default");
    const fs::path scenario = test::source_dir() / "scenarios" / "wuhan-guanggu.json";
    const ProgramRun first =
        run_program("run " + quoted(scenario.string()) + " -o " + quoted((scratch.path() / "a").string()));
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK(first.err.find("结果已写入") != std::string::npos);
    const auto summary = read_json(scratch.path() / "a" / "summary.json");
    const auto& service = summary["services"][0];
    CHECK(service["id"] == "elderly_care_15min");
    CHECK(service["mode"] == "network");
    CHECK(service["threshold_m"] == 1000.0);
    CHECK(summary["inputs"]["roads"]["features_used"] == 228); // osmium-tool agrees: tests/unit/network
    CHECK(summary["inputs"]["roads"]["nodes"] == 464);
    const auto& siting = summary["siting"];
    CHECK(siting["chosen"] == 3);
    CHECK(siting["covered_after"].get<double>() > siting["covered_before"].get<double>());
    CHECK(siting["upper_bound"].get<double>() >= siting["covered_after"].get<double>() - 1e-6);
    CHECK(service["points_total"] == 2090);
    CHECK(service["covered_share"].get<double>() > 0.0);
    CHECK(service["covered_share"].get<double>() < 1.0);
    CHECK(summary["inputs"]["population"]["elderly"]["skipped"]["nodata"] == 502);
    for (const auto& file : summary["outputs"]) {
        CHECK(fs::exists(scratch.path() / "a" / file.get<std::string>()));
    }

    // Again on one core, where every parallel step (CSV pieces, the graph's
    // rows, the snapping index, the search) runs as one piece.
    std::string one_core;
    if (fs::exists("/usr/bin/taskset")) {
        one_core = "/usr/bin/taskset -c 0 ";
    } else {
        MESSAGE("taskset (util-linux) is missing: the second run uses every core too");
    }
    const ProgramRun second =
        run_program("run " + quoted(scenario.string()) + " -q -o " + quoted((scratch.path() / "b").string()), one_core);
    REQUIRE(second.exit_code == 0);
    for (const auto& file : summary["outputs"]) {
        const std::string name = file.get<std::string>();
        CAPTURE(name);
        CHECK(test::read_text(scratch.path() / "a" / name) == test::read_text(scratch.path() / "b" / name));
    }
}

TEST_CASE("the Jiang'an scenario: 133 communities as the study area, Chinese labels, the census beside the grid") {
    test::ScratchDirectory scratch("cli-jiangan");
    const fs::path scenario = test::source_dir() / "scenarios" / "wuhan-jiangan.json";
    const fs::path output = scratch.path() / "out";
    const ProgramRun run = run_program("run " + quoted(scenario.string()) + " -o " + quoted(output.string()));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto summary = read_json(output / "summary.json");
    const auto& service = summary["services"][0];
    CHECK(service["mode"] == "straight_line");
    CHECK(service["label"] == "15分钟养老服务圈（直线1000米）");
    const auto& community = service["units"]["community"];
    CHECK(community["unit_count"] == 133);
    CHECK(community["points_outside_units"] == 0); // the study area left the rest out
    CHECK(community["demand_inside_units"].get<double>() == doctest::Approx(service["demand_total"].get<double>()));
    CHECK(summary["inputs"]["population"]["elderly"]["skipped"]["outside_study_area"].get<int>() > 0);
    // The grid inside the communities against the 2020 census for the district.
    REQUIRE(summary["references"].size() == 1);
    const auto& census = summary["references"][0];
    CHECK(census["reference_total"] == 217494.0);
    CHECK(census["demand_total"].get<double>() == doctest::Approx(service["demand_total"].get<double>()));
    CHECK(census["ratio"].get<double>() == doctest::Approx(census["demand_total"].get<double>() / 217494.0));
    const std::string report = test::read_text(output / "report.html");
    CHECK(report.find("江岸区 2020年第七次全国人口普查 60岁及以上人口") != std::string::npos);
    CHECK(report.find("133个社区单元") != std::string::npos);
    CHECK(report.find("直线距离") != std::string::npos);
    CHECK(report.find("GPL (&gt;= 2)") != std::string::npos); // the units' licence, from the README beside them
    CHECK(test::external_references(report).empty());
    CHECK(run.err.find("walking") == std::string::npos);
}

TEST_CASE("the shipped plan closes one site, adds the three chosen, and is compared with the default") {
    test::ScratchDirectory scratch("cli-plan-default");
    const fs::path scenario = test::source_dir() / "scenarios" / "wuhan-guanggu-plan.json";
    const fs::path output = scratch.path() / "out";
    const ProgramRun run = run_program("run " + quoted(scenario.string()) + " -q -o " + quoted(output.string()));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto baseline = read_json(output / "baseline" / "summary.json")["services"][0];
    const auto plan = read_json(output / "summary.json");
    const auto comparison = read_json(output / "comparison" / "summary.json")["services"][0];
    CHECK(plan["changes"][0]["kind"] == "remove");
    CHECK(plan["changes"][1]["features"] == 3);
    // The plan's coverage is what the siting said its sites reach ...
    CHECK(plan["services"][0]["demand_covered"].get<double>() ==
          doctest::Approx(plan["siting"]["covered_after"].get<double>()));
    // ... and the comparison's gains and losses account for the difference.
    const double change =
        plan["services"][0]["demand_covered"].get<double>() - baseline["demand_covered"].get<double>();
    CHECK(comparison["newly_covered"].get<double>() - comparison["newly_lost"].get<double>() ==
          doctest::Approx(change));
    CHECK(comparison["newly_lost"].get<double>() > 0.0); // the closed site's people
}

TEST_CASE("GeoPackage output and --json on stdout") {
    test::ScratchDirectory scratch("cli-gpkg");
    const fs::path output = scratch.path() / "out";
    const ProgramRun run = run_program(grid_coverage_arguments(output) + " --of GPKG --demand-points --json");
    REQUIRE(run.exit_code == 0);
    CHECK(fs::exists(output / "demand_coverage.tif"));
    CHECK(fs::exists(output / "demand_points_coverage.gpkg"));
    CHECK(fs::exists(output / "units_coverage.gpkg"));
    CHECK(fs::exists(output / "demand_points_coverage.csv"));
    const auto printed = nlohmann::json::parse(run.out);
    CHECK(printed["services"][0]["demand_covered"] == 36.0);
    CHECK(printed == read_json(output / "summary.json"));
}

TEST_CASE("FlatGeobuf output: every layer as .fgb with its style, and compare reads it") {
    test::ScratchDirectory scratch("cli-fgb");
    const fs::path output = scratch.path() / "out";
    // Point demand, so the demand layer itself is FlatGeobuf too.
    const std::string arguments = "coverage --population " + quoted(fixture("population_points.csv").string()) +
                                  " --population-field pop --facilities " +
                                  quoted(fixture("grid/facility.geojson").string()) + " --metres 150 -q";
    const ProgramRun run = run_program(arguments + " --of FlatGeobuf -o " + quoted(output.string()));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto summary = read_json(output / "summary.json");
    for (const auto& file : summary["outputs"]) {
        const fs::path name = file.get<std::string>();
        CAPTURE(name);
        CHECK((name.extension() == ".fgb" || name.extension() == ".csv" || name.extension() == ".qml" ||
               name.extension() == ".html" || name.extension() == ".json"));
    }
    CHECK(fs::exists(output / "demand_coverage.fgb"));
    CHECK(fs::exists(output / "demand_coverage.qml"));
    const ProgramRun compared = run_program("compare " + quoted(output.string()) + " " + quoted(output.string()) +
                                            " -q -o " + quoted((scratch.path() / "same").string()));
    INFO(compared.err);
    REQUIRE(compared.exit_code == 0);
    CHECK(read_json(scratch.path() / "same" / "summary.json")["services"][0]["newly_covered"] == 0.0);
}

TEST_CASE("check-boundaries: exit 8 with findings, 0 when clean; layers, repairs, CSV, report") {
    test::ScratchDirectory scratch("cli-boundaries");
    const auto arguments = [&](const std::string& townships, const fs::path& output) {
        return "check-boundaries --level " + quoted("county=" + fixture("boundaries/county.geojson").string()) +
               " --level " + quoted("township=" + fixture("boundaries/" + townships + ".geojson").string()) +
               " --code-field code --name-field name --parent-field parent -o " + quoted(output.string());
    };
    const ProgramRun clean = run_program(arguments("clean", scratch.path() / "clean"));
    INFO(clean.err);
    CHECK(clean.exit_code == 0);
    CHECK(clean.err.find("0 errors, 0 warnings") != std::string::npos);
    const auto clean_summary = read_json(scratch.path() / "clean" / "summary.json");
    CHECK(clean_summary["findings"] == 0);
    CHECK(clean_summary["levels"][1]["features_read"] == 9);

    const fs::path invalid = scratch.path() / "invalid";
    const std::string before = test::read_text(fixture("boundaries/invalid.geojson"));
    const ProgramRun run = run_program(arguments("invalid", invalid));
    INFO(run.err);
    CHECK(run.exit_code == 8);
    CHECK(run.err.find("invalid_geometry (error): 1") != std::string::npos);
    CHECK(test::read_text(fixture("boundaries/invalid.geojson")) == before); // the input is never touched
    const auto summary = read_json(invalid / "summary.json");
    CHECK(summary["by_rule"]["invalid_geometry"]["count"] == 1);
    CHECK(summary["levels"][1]["repairs"] == 1);
    const auto repaired = read_json(invalid / "repaired_township.geojson");
    REQUIRE(repaired["features"].size() == 1);
    CHECK(repaired["features"][0]["properties"]["code"] == "420111001");
    CHECK(repaired["features"][0]["geometry"]["type"] == "MultiPolygon");
    const auto points = read_json(invalid / "findings_points.geojson");
    CHECK(points["features"][0]["properties"]["rule"] == "invalid_geometry");
    CHECK(fs::exists(invalid / "findings_points.qml"));
    const std::string csv = test::read_text(invalid / "findings.csv");
    CHECK(csv.find("invalid_geometry,error,township,0,420111001,一街道") != std::string::npos);
    const std::string report = test::read_text(invalid / "report.html");
    CHECK(report.find("<code>invalid_geometry</code>") != std::string::npos);
    CHECK(test::external_references(report).empty());

    // A filter for a level no --level defines, and one GDAL cannot parse.
    const ProgramRun unknown = run_program(arguments("clean", scratch.path() / "unknown") + " --where 'village=x = 1'");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("--where names level 'village'") != std::string::npos);
    const ProgramRun bad_filter =
        run_program(arguments("clean", scratch.path() / "bad") + " --where 'township=code ===== 3'");
    CHECK(bad_filter.exit_code == 5);
    CHECK(bad_filter.err.find("the filter 'code ===== 3' does not apply") != std::string::npos);
    CHECK_FALSE(fs::exists(scratch.path() / "bad"));
    const ProgramRun nothing =
        run_program(arguments("clean", scratch.path() / "none") + " --where \"township=code = 'none'\"");
    CHECK(nothing.exit_code == 5);
    CHECK(nothing.err.find("no feature of the layer passes the filter") != std::string::npos);
}

TEST_CASE("bad input: a clear message, a stable exit code, and no output left behind") {
    test::ScratchDirectory scratch("cli-bad");
    const std::string grid = " --population " + quoted(fixture("grid/pop_a.asc").string());
    const std::string facility = " --facilities " + quoted(fixture("grid/facility.geojson").string());
    struct Case {
        std::string what;
        std::string arguments;
        int exit_code;
        std::string message_part;
    };
    const Case cases[] = {
        {"missing facility file", grid + " --facilities " + quoted(fixture("nowhere.geojson").string()), 4,
         "nowhere.geojson': file does not exist"},
        {"unreadable raster", " --population " + quoted(fixture("grid/not_a_raster.tif").string()) + facility, 4,
         "GDAL cannot open it as a raster"},
        {"layer with no features", grid + " --facilities " + quoted(fixture("empty_layer.geojson").string()), 5,
         "layer 'empty_layer': the layer has no features"},
        {"feature without geometry", grid + " --facilities " + quoted(fixture("no_geometry.geojson").string()), 5,
         "layer 'no_geometry', feature 1: has no geometry"},
        {"infinite coordinate", grid + " --facilities " + quoted(fixture("nan_coordinates.csv").string()), 5,
         "feature 2: has a NaN or infinite coordinate"},
        {"coordinate that is text (was: \"has no geometry\")",
         grid + " --facilities " + quoted(fixture("text_coordinate.csv").string()), 5,
         "feature 2: has no position: lon is 'abc', lat is '30.4770'"},
        {"coordinate of 1e308 (was: 309 digits)",
         grid + " --facilities " + quoted(fixture("huge_coordinate.csv").string()), 5,
         "feature 2: lies at (1e+308, 30.477)"},
        {"two lon columns (was: exit 7 naming a staging file)",
         grid + " --facilities " + quoted(fixture("two_lon_columns.csv").string()), 5,
         "field 'lon': a second longitude or latitude column"},
        {"layer without CRS", grid + " --facilities " + quoted(fixture("no_crs.shp").string()), 6, "declares no CRS"},
        {"facility outside every demand extent",
         grid + " --facilities " + quoted(fixture("facility_in_beijing.geojson").string()), 5,
         "feature 0: every facility of 'facilities' lies more than 150 m outside"},
        {"population field with text",
         " --population " + quoted(fixture("population_text.csv").string()) + " --population-field pop" + facility, 5,
         "feature 2, field 'pop': population 'many' is not a number"},
        {"negative population",
         " --population " + quoted(fixture("population_negative.csv").string()) + " --population-field pop" + facility,
         5, "feature 2, field 'pop': population -5.000000 is negative"},
        {"unknown output format", grid + facility + " --of KML", 2, "KML"},
        {"roads file that is not OSM",
         grid + facility + " --roads " + quoted(fixture("grid/not_a_raster.tif").string()), 4,
         "GDAL cannot open it as a vector source"},
        {"roads far from the demand (degrees read as metres)",
         grid + facility + " --roads " + quoted(fixture("grid/streets.geojson").string()) + " --roads-crs EPSG:32650",
         5, "the road network lies"},
        {"an OSM file with no walkable ways",
         grid + facility + " --roads " + quoted(fixture("buildings_only.osm").string()), 5, "no walkable ways"},
        {"a street whose nodes are one place (was: \"lies -9223372036854775808 m\")",
         grid + facility + " --roads " + quoted(fixture("one_node_way.osm").string()), 5,
         "the road network has no street to walk on"},
    };
    for (const Case& test_case : cases) {
        const fs::path output = scratch.path() / "out";
        const ProgramRun run =
            run_program("coverage" + test_case.arguments + " --metres 150 -o " + quoted(output.string()));
        INFO(test_case.what);
        INFO(run.err);
        CHECK(run.exit_code == test_case.exit_code);
        CHECK(run.err.find(test_case.message_part) != std::string::npos);
        if (test_case.exit_code != 2) { // usage errors are CLI11's own words
            CHECK(run.err.find("lifecircle: error: ") != std::string::npos);
        }
        CHECK_FALSE(fs::exists(output));
    }
}

TEST_CASE("population layers: zero people are skipped and counted, no people or an absurd count stop the run") {
    test::ScratchDirectory scratch("cli-weights");
    const auto coverage = [&](const std::string& name, const std::string& rows) {
        test::write_text(scratch.path() / (name + ".csv"), "lon,lat,pop\n" + rows);
        return run_program("coverage --population " + quoted((scratch.path() / (name + ".csv")).string()) +
                           " --population-field pop --facilities " + quoted(fixture("grid/facility.geojson").string()) +
                           " --metres 150 -q -o " + quoted((scratch.path() / name).string()));
    };
    // As a raster's zero cells: not demand, and counted.
    const ProgramRun some_zero = coverage("some-zero", "114.513,30.4768,5\n114.513,30.4769,0\n");
    INFO(some_zero.err);
    REQUIRE(some_zero.exit_code == 0);
    const auto summary = read_json(scratch.path() / "some-zero" / "summary.json");
    CHECK(summary["inputs"]["population"]["population"]["skipped"]["zero_population"] == 1);
    CHECK(summary["services"][0]["points_total"] == 1);
    CHECK(summary["services"][0]["demand_total"] == 5.0);
    // No one at all: exit 5, as the same raster gives (was "0.0 % of 0 people", exit 0).
    const ProgramRun all_zero = coverage("all-zero", "114.513,30.4768,0\n114.513,30.4769,0\n");
    CHECK(all_zero.exit_code == 5);
    CHECK(all_zero.err.find("has no populated cell or feature") != std::string::npos);
    // 1e308 a point would sum to infinity (was "0.0 % of inf people").
    const ProgramRun absurd = coverage("absurd", "114.513,30.4768,1e308\n114.513,30.4769,1e308\n");
    CHECK(absurd.exit_code == 5);
    CHECK(absurd.err.find("feature 1, field 'pop'") != std::string::npos);
    CHECK(absurd.err.find("more than 1000000000 people in one place") != std::string::npos);
}

TEST_CASE("bad scenario files") {
    test::ScratchDirectory scratch("cli-scenario");
    const std::string data = fixture("").string();
    const std::string valid = R"({"name": "x",
  "population": {"p": {"raster": ")" +
                              data + R"(/grid/pop_a.asc"}},
  "facilities": {"f": {"path": ")" +
                              data + R"(/grid/facility.geojson"}},
  "services": [{"facility": "f", "demand": "p", "metres": 150}]})";
    struct Case {
        std::string what;
        std::string from;
        std::string to;
        int exit_code;
        std::string message_part;
    };
    const Case cases[] = {
        {"syntax error", R"("name": "x",)", R"("name": "x")", 3, "syntax error"},
        {"unknown key", R"("name": "x",)", R"("name": "x", "nmae": "y",)", 3, "at /nmae: unknown key 'nmae'"},
        {"wrong type", R"("metres": 150)", R"("metres": [150])", 3,
         "at /services/0/metres: expected a number, got array"},
        {"path that does not exist", "/grid/facility.geojson", "/grid/nothing.geojson", 4,
         "at /facilities/f/path: file does not exist"},
        // JSON keeps the last of a repeated key: 30 would win over 15 without a word.
        {"repeated key", R"("metres": 150)", R"("metres": 150, "metres": 30)", 3,
         "at /services/0/metres: the key is given twice"},
        {"repeated key, escaped in the pointer", R"("name": "x",)", R"("name": "x", "a/b": 1, "a/b": 2,)", 3,
         "at /a~1b: the key is given twice"},
        {"empty name", R"("name": "x",)", R"("name": " ",)", 3, "at /name: must not be empty"},
    };
    const fs::path output = scratch.path() / "out";
    for (const Case& test_case : cases) {
        INFO(test_case.what);
        std::string text = valid;
        text.replace(text.find(test_case.from), test_case.from.size(), test_case.to);
        test::write_text(scratch.path() / "scenario.json", text);
        const ProgramRun run = run_program("run " + quoted((scratch.path() / "scenario.json").string()) + " -o " +
                                           quoted(output.string()));
        INFO(run.err);
        CHECK(run.exit_code == test_case.exit_code);
        CHECK(run.err.find(test_case.message_part) != std::string::npos);
        CHECK(run.err.find("scenario.json") != std::string::npos);
        CHECK_FALSE(fs::exists(output));
    }
    test::write_text(scratch.path() / "scenario.json", valid);
    CHECK(
        run_program("run " + quoted((scratch.path() / "scenario.json").string()) + " -q -o " + quoted(output.string()))
            .exit_code == 0);
}

TEST_CASE("results never overwrite an input") {
    test::ScratchDirectory scratch("cli-protect");
    // The coverage command writes facilities.geojson; make that the input.
    const fs::path input = scratch.path() / "facilities.geojson";
    fs::copy_file(fixture("grid/facility.geojson"), input);
    const std::string before = test::read_text(input);
    const ProgramRun run =
        run_program("coverage --population " + quoted(fixture("grid/pop_a.asc").string()) + " --facilities " +
                    quoted(input.string()) + " --metres 150 -o " + quoted(scratch.path().string()));
    CHECK(run.exit_code == 7);
    CHECK(run.err.find("is an input of this run") != std::string::npos);
    CHECK(test::read_text(input) == before);
    CHECK_FALSE(fs::exists(scratch.path() / "summary.json"));
}

TEST_CASE("check-names: exit 8 with findings, 0 when clean; CSV, summary, report; bad fields named") {
    test::ScratchDirectory scratch("cli-names");
    const fs::path rules = fixture("names/rules.csv");
    const std::string before = test::read_text(rules);
    const ProgramRun run = run_program("check-names --input " + quoted(rules.string()) +
                                       " --name-field name --code-field code --parent-field parent"
                                       " --pinyin-field pinyin -o " +
                                       quoted((scratch.path() / "rules").string()));
    INFO(run.err);
    CHECK(run.exit_code == 8);
    CHECK(run.err.find("duplicate_name (error): 2") != std::string::npos);
    CHECK(run.err.find("22 names:") != std::string::npos);
    CHECK(test::read_text(rules) == before); // the input is never touched
    const auto summary = read_json(scratch.path() / "rules" / "summary.json");
    CHECK(summary["check"] == "names");
    CHECK(summary["by_rule"]["pinyin_reading"]["count"] == 1);
    CHECK(fs::exists(scratch.path() / "rules" / "findings.csv"));
    CHECK(fs::exists(scratch.path() / "rules" / "names.csv"));
    CHECK(fs::exists(scratch.path() / "rules" / "report.html"));

    const fs::path clean = scratch.path() / "clean.csv";
    test::write_text(clean, "code,name\n420111,洪山区\n420102,江岸区\n");
    const ProgramRun ok =
        run_program("check-names --input " + quoted(clean.string()) + " --name-field name --code-field code -o " +
                    quoted((scratch.path() / "ok").string()));
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
    CHECK(ok.err.find("2 names: 0 errors, 0 warnings") != std::string::npos);

    const ProgramRun missing = run_program("check-names --input " + quoted(clean.string()) + " --name-field 名称 -o " +
                                           quoted((scratch.path() / "bad").string()));
    CHECK(missing.exit_code == 5);
    CHECK(missing.err.find("clean.csv") != std::string::npos);
    CHECK(missing.err.find("名称") != std::string::npos);
    CHECK_FALSE(fs::exists(scratch.path() / "bad"));
}
