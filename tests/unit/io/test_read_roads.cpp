#include "lifecircle/error.hpp"
#include "lifecircle/roads.hpp"

#include "test_raster.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

using namespace lifecircle;
using test::fixture;

namespace {

WorkingCrs wuhan_utm() {
    return WorkingCrs::choose("EPSG:32650", {114.5, 30.5});
}

// Connected parts of the roads as read, by union-find over polyline vertices:
// an independent count to hold the graph's components against.
std::uint32_t count_parts(const RoadSource& roads) {
    std::vector<std::uint32_t> parent(roads.vertices.size());
    std::iota(parent.begin(), parent.end(), 0U);
    const auto root = [&](std::uint32_t v) {
        while (parent[v] != v) {
            v = parent[v] = parent[parent[v]];
        }
        return v;
    };
    std::vector<bool> used(roads.vertices.size(), false);
    for (std::size_t p = 0; p < roads.polyline_count(); ++p) {
        for (std::uint32_t i = roads.polyline_offsets[p]; i < roads.polyline_offsets[p + 1]; ++i) {
            used[roads.polyline_vertices[i]] = true;
            if (i > roads.polyline_offsets[p]) {
                parent[root(roads.polyline_vertices[i])] = root(roads.polyline_vertices[i - 1]);
            }
        }
    }
    std::uint32_t parts = 0;
    for (std::uint32_t v = 0; v < parent.size(); ++v) {
        parts += used[v] && root(v) == v ? 1U : 0U;
    }
    return parts;
}

} // namespace

TEST_CASE("OSM: walkable ways only, split at shared nodes, cut at missing nodes") {
    const RoadSource roads = read_roads({fixture("roads.osm"), {}, {}, false, {}, {}});
    CHECK(roads.report.features_read == 6);
    CHECK(roads.report.features_used == 3); // 101 residential, 102 footway, 105 trunk with sidewalk
    CHECK(roads.report.skipped.at("highway_not_walkable") == 2); // 103 motorway, 104 private service
    CHECK(roads.report.skipped.at("not_a_highway") == 1);        // 106 building
    CHECK(roads.report.skipped.count("all_nodes_missing") == 0);
    REQUIRE(roads.report.warnings.size() == 1);
    CHECK(roads.report.warnings[0].rfind("1 node references are missing", 0) == 0);
    CHECK(roads.vertices.size() == 6); // nodes 1 2 3 4 5 8
    CHECK(roads.polyline_count() == 3);

    const WalkingGraph graph = build_walking_graph(roads, wuhan_utm());
    // Junctions 1, 2, 3, 5, 8: edges 1-2, 2-3, 2-5 (through 4), 3-8.
    CHECK(graph.node_count() == 5);
    CHECK(graph.edge_count() == 4);
    CHECK(graph.components().count == 1);
    // 0.001 degrees of longitude at 30.47 N is about 95.9 m, of latitude about 110.9 m.
    CHECK(graph.total_length().value == doctest::Approx(3 * 95.9 + 2 * 110.9).epsilon(0.005));
}

TEST_CASE("OSM: what walking profiles need of each way and node") {
    const RoadSource roads = read_roads({fixture("profile_ways.osm"), {}, {}, false, {}, {}});
    REQUIRE(roads.ways.size() == roads.polyline_count());
    std::map<std::int64_t, WayAttributes> by_id;
    for (const WayAttributes& way : roads.ways) {
        by_id[way.id] = way;
    }
    REQUIRE(by_id.size() == 6);
    CHECK(by_id.at(201).kind == WayClass::major_road);
    CHECK(by_id.at(202).kind == WayClass::footway);
    CHECK(by_id.at(203).kind == WayClass::steps);
    CHECK(by_id.at(204).no_wheelchair); // gravel
    CHECK(by_id.at(205).no_wheelchair); // wheelchair=no
    CHECK(by_id.at(205).incline == doctest::Approx(0.10f));
    CHECK(std::isnan(by_id.at(206).incline)); // "up" gives no figure
    CHECK(by_id.at(206).kind == WayClass::minor_road);
    CHECK_FALSE(by_id.at(202).no_wheelchair);
    // Node 2 is a crossing; node 7 says crossing=no.
    REQUIRE(roads.crossing_vertices.size() == 1);
    const LonLat crossing = roads.vertices[roads.crossing_vertices[0]];
    CHECK(crossing.lon == doctest::Approx(114.511));
    CHECK(crossing.lat == doctest::Approx(30.47));

    const WalkingGraph graph = build_walking_graph(roads, wuhan_utm());
    std::uint32_t crossing_nodes = 0;
    for (std::uint32_t node = 0; node < graph.node_count(); ++node) {
        crossing_nodes += graph.is_crossing(node) ? 1U : 0U;
    }
    CHECK(crossing_nodes == 1);
    std::map<std::int64_t, std::uint32_t> edges_of_way;
    for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
        ++edges_of_way[graph.edge_way(edge).id];
    }
    CHECK(edges_of_way.at(201) == 2); // split at the crossing
    CHECK(edges_of_way.at(202) == 2);
    CHECK(edges_of_way.at(203) == 1);
}

TEST_CASE("line layers with a highway field describe their ways as OSM tags would") {
    const test::ScratchDirectory scratch("tagged_lines");
    test::write_text(scratch.path() / "tagged.geojson", R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"highway": "steps"},
  "geometry": {"type": "LineString", "coordinates": [[114.51, 30.47], [114.511, 30.47]]}},
 {"type": "Feature", "properties": {"highway": "primary", "surface": "sand"},
  "geometry": {"type": "LineString", "coordinates": [[114.511, 30.47], [114.512, 30.47]]}},
 {"type": "Feature", "properties": {"highway": null},
  "geometry": {"type": "LineString", "coordinates": [[114.512, 30.47], [114.513, 30.47]]}}]})");
    const RoadSource roads = read_roads({scratch.path() / "tagged.geojson", {}, {}, false, {}, {}});
    REQUIRE(roads.ways.size() == 3);
    CHECK(roads.ways[0].kind == WayClass::steps);
    CHECK(roads.ways[1].kind == WayClass::major_road);
    CHECK(roads.ways[1].no_wheelchair);
    CHECK(roads.ways[2].kind == WayClass::minor_road);
    // Without the field, every way is a minor road, known by its feature id.
    test::write_text(scratch.path() / "untagged.geojson", R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "a"},
  "geometry": {"type": "LineString", "coordinates": [[114.51, 30.47], [114.511, 30.47]]}}]})");
    const RoadSource untagged = read_roads({scratch.path() / "untagged.geojson", {}, {}, false, {}, {}});
    REQUIRE(untagged.ways.size() == 1);
    CHECK(untagged.ways[0].kind == WayClass::minor_road);
    CHECK(untagged.ways[0].id == 0);
}

TEST_CASE("OSM files that give no network") {
    const Error none = test::expect_error([] {
        (void)read_roads({fixture("buildings_only.osm"), {}, {}, false, {}, {}});
    });
    CHECK(none.code() == ExitCode::input_invalid);
    CHECK(none.message().find("no walkable ways (2 ways read)") != std::string::npos);

    test::ScratchDirectory scratch("truncated-pbf");
    const std::string whole = test::read_text(test::source_dir() / "layers/wuhan-guanggu/roads.osm.pbf");
    test::write_text(scratch.path() / "truncated.osm.pbf", whole.substr(0, whole.size() / 2));
    const Error truncated = test::expect_error([&] {
        (void)read_roads({scratch.path() / "truncated.osm.pbf", {}, {}, false, {}, {}});
    });
    CHECK(truncated.code() == ExitCode::input_unreadable);
    CHECK(truncated.message().rfind("cannot read it as OpenStreetMap data", 0) == 0);

    test::write_text(scratch.path() / "garbage.osm.pbf", "this is not protobuf");
    CHECK(test::expect_error([&] {
              (void)read_roads({scratch.path() / "garbage.osm.pbf", {}, {}, false, {}, {}});
          }).code() == ExitCode::input_unreadable);
    CHECK(test::expect_error([] {
              (void)read_roads({fixture("missing.osm.pbf"), {}, {}, false, {}, {}});
          }).code() == ExitCode::input_unreadable);
}

TEST_CASE("line layers: split where lines share a vertex; points are not roads") {
    SourceSpec spec{fixture("roads_lines.geojson"), {}, {}, false, {}, {}};
    const Error point = test::expect_error([&] { (void)read_roads(spec); });
    CHECK(point.context().feature == "3");
    CHECK(point.message().find("not a line") != std::string::npos);

    spec.skip_invalid = true;
    const RoadSource roads = read_roads(spec);
    CHECK(roads.report.features_used == 3);
    CHECK(roads.report.skipped.at("unsupported_geometry") == 1);
    CHECK(roads.polyline_count() == 4); // the multiline gives two
    const WalkingGraph graph = build_walking_graph(roads, wuhan_utm());
    // 东西路 splits at its middle vertex where 南北路 starts; "two parts" continues it and adds a separate piece.
    CHECK(graph.edge_count() == 5);
    CHECK(graph.components().count == 2);
}

TEST_CASE("real OSM extracts: counts match osmium-tool for the same filter") {
    // Expected from osmium-tool 1.15, not from lifecircle: `osmium tags-filter`
    // on the walkable highway values and trunk/trunk_link; the foot, access and
    // sidewalk rules of docs/network.md applied by awk to `osmium cat -f opl`
    // (e.g. Monaco: 83 of 86 tagged ways excluded; Optics Valley: 2 trunk ways
    // with foot=yes admitted); ways of a single node set apart; then
    // `osmium getid -r` on the remaining way ids and `osmium fileinfo -e`.
    struct Case {
        const char* file;
        std::uint64_t ways;
        std::size_t nodes;
        std::uint64_t single_node_ways;
    };
    const Case cases[] = {
        {"wuhan-guanggu/wuhan-guanggu.osm.pbf", 228, 1517, 0},
        {"osm/monaco.osm.pbf", 2769, 24586, 2},
        {"osm/andorra.osm.pbf", 4370, 98159, 0},
        {"osm/liechtenstein.osm.pbf", 4638, 54252, 0},
        {"osm/porto.osm.pbf", 4457, 25725, 0},
        {"osm/baltimore.osm.pbf", 3509, 14711, 0},
        {"osm/munich.osm.pbf", 2734, 7272, 0},
    };
    for (const Case& c : cases) {
        const auto file = test::shared_data() / c.file;
        if (!std::filesystem::exists(file)) {
            MESSAGE("skipped: " << file.string() << " is not present (../shared/data beside the checkout)");
            continue;
        }
        INFO(std::string(c.file));
        const RoadSource roads = read_roads({file, {}, {}, false, {}, {}});
        std::uint64_t missing =
            roads.report.skipped.count("all_nodes_missing") ? roads.report.skipped.at("all_nodes_missing") : 0;
        CHECK(roads.report.features_used + missing == c.ways);
        CHECK(roads.vertices.size() == c.nodes);
        const auto single = roads.report.skipped.find("way_with_one_node");
        CHECK((single == roads.report.skipped.end() ? 0 : single->second) == c.single_node_ways);
        const WalkingGraph graph = build_walking_graph(roads, WorkingCrs::choose("auto", roads.vertices.front()));
        CHECK(graph.components().count == count_parts(roads));
        CHECK(graph.node_count() <= c.nodes);
        MESSAGE(std::string(c.file) << ": " << graph.node_count() << " nodes, " << graph.edge_count() << " edges, "
                                    << graph.components().count << " components, "
                                    << graph.total_length().value / 1000.0 << " km");
    }
}

TEST_CASE("which highways a pedestrian may use") {
    struct Case {
        const char* highway;
        const char* foot;
        const char* access;
        const char* sidewalk;
        bool walkable;
    };
    const Case cases[] = {
        {"footway", nullptr, nullptr, nullptr, true},       {"residential", nullptr, nullptr, nullptr, true},
        {"primary", nullptr, nullptr, nullptr, true},       {"steps", nullptr, nullptr, nullptr, true},
        {"cycleway", nullptr, nullptr, nullptr, true},      {"cycleway", "no", nullptr, nullptr, false},
        {"motorway", nullptr, nullptr, nullptr, false},     {"motorway", "yes", nullptr, nullptr, false},
        {"trunk", nullptr, nullptr, nullptr, false},        {"trunk", "yes", nullptr, nullptr, true},
        {"trunk", nullptr, nullptr, "both", true},          {"trunk_link", nullptr, nullptr, "no", false},
        {"service", nullptr, "private", nullptr, false},    {"service", "yes", "private", nullptr, true},
        {"track", nullptr, "no", nullptr, false},           {"path", "designated", "no", nullptr, true},
        {"construction", nullptr, nullptr, nullptr, false}, {nullptr, nullptr, nullptr, nullptr, false},
    };
    for (const Case& c : cases) {
        const std::string label = std::string(c.highway ? c.highway : "(none)") + " foot=" + (c.foot ? c.foot : "") +
                                  " access=" + (c.access ? c.access : "") +
                                  " sidewalk=" + (c.sidewalk ? c.sidewalk : "");
        INFO(label);
        CHECK(is_walkable(c.highway, c.foot, c.access, c.sidewalk) == c.walkable);
    }
}

TEST_CASE("OSM ids given twice, and locations off the globe, are counted and warned about") {
    test::ScratchDirectory scratch("osm-ambiguous");
    const std::filesystem::path file = scratch.path() / "ambiguous.osm";
    // Node 2 twice, moved; node 4 at latitude 95; way 101 twice with other nodes.
    test::write_text(file, R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
  <node id="1" lat="30.4760" lon="114.5130"/>
  <node id="2" lat="30.4760" lon="114.5140"/>
  <node id="2" lat="30.4770" lon="114.5140"/>
  <node id="3" lat="30.4760" lon="114.5150"/>
  <node id="4" lat="95.0" lon="114.5160"/>
  <way id="101"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way>
  <way id="101"><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
  <way id="102"><nd ref="3"/><nd ref="4"/><tag k="highway" v="footway"/></way>
</osm>
)");
    const RoadSource roads = read_roads({file, {}, {}, false, {}, {}});
    CHECK(roads.polyline_count() == 1); // 101 once; 102 cut at node 4, leaving one node
    CHECK(roads.report.skipped.at("way_repeated") == 1);
    const auto warned = [&](const std::string& part) {
        return std::any_of(roads.report.warnings.begin(), roads.report.warnings.end(),
                           [&](const std::string& warning) { return warning.find(part) != std::string::npos; });
    };
    CHECK(warned("1 nodes appear twice with different locations (the first: node 2)"));
    CHECK(warned("1 nodes have a location beyond ±180° longitude or ±90° latitude (the first: node 4)"));
    CHECK(warned("1 ways repeat the id of an earlier way (the first: way 101)"));

    // Every walkable way without two located nodes: the error says why.
    const std::filesystem::path nowhere = scratch.path() / "nowhere.osm";
    test::write_text(nowhere, R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
  <node id="4" lat="95.0" lon="114.5160"/>
  <way id="102"><nd ref="4"/><nd ref="5"/><tag k="highway" v="footway"/></way>
</osm>
)");
    const Error error = test::expect_error([&] { (void)read_roads({nowhere, {}, {}, false, {}, {}}); });
    CHECK(error.code() == ExitCode::input_invalid);
    CHECK(error.message() == "none of its 1 walkable ways has two nodes with a location: 2 node references are missing "
                             "from the extract or lie beyond ±180°/±90° (the first: node 4)");
}

TEST_CASE("OSM nodes in any order and ids far apart, negative ones too, give the same roads") {
    // The node ids are sorted by a radix sort over the bytes they differ in,
    // and the node pass searches on from the last id found: neither may
    // depend on the extract being sorted.
    test::ScratchDirectory scratch("osm-order");
    const std::vector<std::string> nodes{R"(<node id="-5" lat="30.4760" lon="114.5130"/>)",
                                         R"(<node id="3" lat="30.4760" lon="114.5140"/>)",
                                         R"(<node id="70000" lat="30.4770" lon="114.5140"/>)",
                                         R"(<node id="1099511627777" lat="30.4770" lon="114.5150"/>)",
                                         R"(<node id="1099511627700" lat="30.4780" lon="114.5150"/>)"};
    const std::string ways =
        R"(<way id="7"><nd ref="1099511627777"/><nd ref="70000"/><nd ref="3"/><nd ref="-5"/>)"
        R"(<tag k="highway" v="residential"/></way>)"
        R"(<way id="8"><nd ref="70000"/><nd ref="1099511627700"/><tag k="highway" v="footway"/></way>)";
    const auto read_in_order = [&](const std::vector<std::size_t>& order, const std::string& name) {
        std::string text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"hand\">\n";
        for (const std::size_t node : order) {
            text += nodes[node] + "\n";
        }
        test::write_text(scratch.path() / name, text + ways + "\n</osm>\n");
        return read_roads({scratch.path() / name, {}, {}, false, {}, {}});
    };
    const RoadSource sorted = read_in_order({0, 1, 2, 4, 3}, "sorted.osm");
    const RoadSource shuffled = read_in_order({3, 0, 4, 2, 1}, "shuffled.osm");
    // Vertices in id order: -5, 3, 70000, ...700, ...777.
    REQUIRE(sorted.vertices.size() == 5);
    CHECK(sorted.vertices[0] == LonLat{114.5130, 30.4760});
    CHECK(sorted.vertices[1] == LonLat{114.5140, 30.4760});
    CHECK(sorted.vertices[2] == LonLat{114.5140, 30.4770});
    CHECK(sorted.vertices[3] == LonLat{114.5150, 30.4780});
    CHECK(sorted.vertices[4] == LonLat{114.5150, 30.4770});
    CHECK(sorted.polyline_vertices == std::vector<std::uint32_t>{4, 2, 1, 0, 2, 3});
    CHECK(shuffled.vertices == sorted.vertices);
    CHECK(shuffled.polyline_vertices == sorted.polyline_vertices);
    CHECK(shuffled.report.warnings.empty());
}

TEST_CASE("elevation model: bilinear heights in the DEM's own CRS; places off it or on nodata counted") {
    const test::ScratchDirectory scratch("elevation_model");
    const std::filesystem::path dem = scratch.path() / "dem.tif";
    // 10 x 10 cells of 0.001 degrees from 114.500 E, 30.480 N; height 10 x column + row, one cell nodata.
    test::write_float_tiff(
        dem, 10, 10, {114.500, 0.001, 0.0, 30.480, 0.0, -0.001}, 4326,
        [](int column, int row) { return column == 9 && row == 9 ? -9999.0 : 10.0 * column + row; }, -9999.0);
    const WorkingCrs crs = wuhan_utm();
    const std::vector<LonLat> places{{114.5035, 30.4765},  // the centre of cell (3, 3): 33
                                     {114.5040, 30.4750},  // between four centres
                                     {114.5200, 30.4750},  // east of the model
                                     {114.5095, 30.4705}}; // cell (9, 9): nodata
    const ElevationSamples samples = sample_elevations({dem, {}, {}, false, {}, {}}, crs, crs.project(places));
    const auto expected = [](LonLat p) {
        return 10.0 * ((p.lon - 114.5) / 0.001 - 0.5) + (30.48 - p.lat) / 0.001 - 0.5;
    };
    CHECK(samples.height[0] == doctest::Approx(33.0).epsilon(1e-6));
    CHECK(samples.height[1] == doctest::Approx(expected(places[1])).epsilon(1e-6));
    CHECK(std::isnan(samples.height[2]));
    CHECK(std::isnan(samples.height[3]));
    CHECK(samples.outside == 1);
    CHECK(samples.on_nodata == 1);
    // A model of somewhere else entirely is a mistake, not a flat city.
    CHECK_THROWS_WITH_AS(
        (void)sample_elevations({dem, {}, {}, false, {}, {}}, crs, crs.project(std::vector<LonLat>{{114.7, 30.6}})),
        doctest::Contains("none of the 1 places sampled"), Error);
}
