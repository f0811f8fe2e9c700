#include "lifecircle/network.hpp"

#include "ascii_map.hpp"
#include "random_roads.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

using namespace lifecircle;
using test::AsciiMap;

namespace {

const AsciiMap grid(R"(
a---b---c
|   |   |
d---e---f
        |
        g   h---i
)",
                    100.0);

double length_between(const WalkingGraph& graph, PlanarPoint from, PlanarPoint to) {
    for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
        const PlanarPoint a = graph.node_position(graph.edge_from(edge));
        const PlanarPoint b = graph.node_position(graph.edge_to(edge));
        if ((a == from && b == to) || (a == to && b == from)) {
            return graph.edge_length(edge).value;
        }
    }
    return -1.0;
}

} // namespace

TEST_CASE("components match a search from each lowest node not yet reached, numbers and sizes alike") {
    std::mt19937_64 random(20261207);
    for (int trial = 0; trial < 40; ++trial) {
        // Few streets for the junctions, so that there are many components and single streets.
        const int nodes = 20 + trial * 5;
        const test::RandomRoads roads = test::random_roads(random, nodes, nodes * (trial % 4 + 1) / 3);
        const WalkingGraph graph = WalkingGraph::build(roads.vertices, roads.topology);
        // Brute force: a breadth-first search over the edges (not the rows) from each node in turn.
        std::vector<std::uint32_t> expected(graph.node_count(), std::numeric_limits<std::uint32_t>::max());
        std::vector<std::uint32_t> sizes;
        for (std::uint32_t start = 0; start < graph.node_count(); ++start) {
            if (expected[start] != std::numeric_limits<std::uint32_t>::max()) {
                continue;
            }
            const auto id = static_cast<std::uint32_t>(sizes.size());
            std::vector<std::uint32_t> queue{start};
            expected[start] = id;
            for (std::size_t next = 0; next < queue.size(); ++next) {
                for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
                    for (const auto& [a, b] : {std::pair{graph.edge_from(edge), graph.edge_to(edge)},
                                               std::pair{graph.edge_to(edge), graph.edge_from(edge)}}) {
                        if (a == queue[next] && expected[b] == std::numeric_limits<std::uint32_t>::max()) {
                            expected[b] = id;
                            queue.push_back(b);
                        }
                    }
                }
            }
            sizes.push_back(static_cast<std::uint32_t>(queue.size()));
        }
        REQUIRE(graph.components().count == sizes.size());
        for (std::uint32_t node = 0; node < graph.node_count(); ++node) {
            CHECK(graph.component_of(node) == expected[node]);
        }
        for (std::uint32_t component = 0; component < sizes.size(); ++component) {
            CHECK(graph.component_size(component) == sizes[component]);
        }
        CHECK(graph.component_size(graph.largest_component()) == *std::max_element(sizes.begin(), sizes.end()));
        // The first of equal largest components, as before.
        CHECK(graph.largest_component() ==
              static_cast<std::uint32_t>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin()));
    }
}

TEST_CASE("ways split at every shared vertex; other vertices stay shape points") {
    // abc and def pass through b and e, where be joins them; cfg turns at f.
    const WalkingGraph graph = WalkingGraph::build(grid.vertices(), grid.ways({"abc", "def", "ad", "be", "cfg", "hi"}));
    CHECK(graph.node_count() == 9);
    CHECK(graph.edge_count() == 9); // ab bc de ef ad be cf fg hi
    CHECK(length_between(graph, grid.at('a'), grid.at('b')) == doctest::Approx(400.0));
    CHECK(length_between(graph, grid.at('f'), grid.at('g')) == doctest::Approx(200.0));
    CHECK(graph.total_length().value == doctest::Approx(400 * 4 + 200 * 3 + 200 + 400));
    const ComponentSummary components = graph.components();
    CHECK(components.count == 2);
    CHECK(components.largest_node_counts == std::vector<std::uint32_t>{7, 2});
    CHECK(graph.component_size(graph.largest_component()) == 7);

    // A vertex on one way only is a shape point: a-b-c drawn without b as a junction.
    const WalkingGraph single = WalkingGraph::build(grid.vertices(), grid.ways({"abc"}));
    CHECK(single.node_count() == 2);
    CHECK(single.edge_count() == 1);
    CHECK(single.edge_geometry(0).size() == 3);
    CHECK(single.edge_length(0).value == doctest::Approx(800.0));
}

TEST_CASE("compressed sparse rows: every edge is an arc from both of its ends") {
    const WalkingGraph graph = WalkingGraph::build(grid.vertices(), grid.ways({"abc", "def", "ad", "be", "cfg"}));
    std::vector<std::uint32_t> arcs_per_edge(graph.edge_count(), 0);
    for (std::uint32_t node = 0; node < graph.node_count(); ++node) {
        for (std::uint32_t arc = graph.first_arc(node); arc < graph.first_arc(node + 1); ++arc) {
            const std::uint32_t edge = graph.arc_edge(arc);
            ++arcs_per_edge[edge];
            const bool forward = graph.edge_from(edge) == node && graph.edge_to(edge) == graph.arc_head(arc);
            const bool backward = graph.edge_to(edge) == node && graph.edge_from(edge) == graph.arc_head(arc);
            CHECK((forward || backward));
            CHECK(graph.arc_length(arc) == graph.edge_length(edge));
        }
    }
    CHECK(std::all_of(arcs_per_edge.begin(), arcs_per_edge.end(), [](std::uint32_t count) { return count == 2; }));
}

TEST_CASE("zero-length segments, zero-length loops and duplicated ways are dropped and counted") {
    const RoadSource roads = grid.ways({"abbc", "abc", "cba", "aa", "de"});
    const WalkingGraph graph = WalkingGraph::build(grid.vertices(), roads);
    // b lies on three ways, so it is a junction: ab and bc, three times each, then de.
    CHECK(graph.edge_count() == 3);
    CHECK(graph.adjustments().at("zero_length_segments") == 2); // the repeated b, and aa
    CHECK(graph.adjustments().at("duplicate_edges") == 4);      // abc and cba repeat abbc's two edges
    CHECK(graph.total_length().value == doctest::Approx(800 + 400));
}

TEST_CASE("a closed way is a loop at its one junction") {
    const WalkingGraph graph = WalkingGraph::build(grid.vertices(), grid.ways({"abeda"}));
    CHECK(graph.node_count() == 1);
    CHECK(graph.edge_count() == 1);
    CHECK(graph.edge_from(0) == graph.edge_to(0));
    CHECK(graph.edge_length(0).value == doctest::Approx(1200.0));
}

TEST_CASE("line layers: end points that nearly meet are joined, and only those") {
    // A street 0-m-2 and a side street from 3 that ends 0.28 m short of m.
    const std::vector<PlanarPoint> near{{0, 0}, {100, 0}, {200, 0}, {100, -99.7}, {100, 98}, {100.2, -0.2}};
    RoadSource t_junction;
    t_junction.from_line_layer = true;
    t_junction.vertices.resize(near.size());
    t_junction.add_polyline(std::vector<std::uint32_t>{0, 1, 2});
    t_junction.add_polyline(std::vector<std::uint32_t>{3, 5}); // ends 0.28 m from m
    const WalkingGraph joined = WalkingGraph::build(near, t_junction, {Metres{0.5}});
    CHECK(joined.adjustments().at("endpoints_snapped") == 1);
    CHECK(joined.components().count == 1);
    CHECK(joined.node_count() == 4); // 0, m, 2, 3
    const WalkingGraph apart = WalkingGraph::build(near, t_junction, {Metres{0.1}});
    CHECK(apart.adjustments().count("endpoints_snapped") == 0);
    CHECK(apart.components().count == 2);
}

namespace {

// The exact nearest position by scanning every segment of every edge in
// order, the first on ties: what the index must answer, found without it.
Snap nearest_by_scan(const WalkingGraph& graph, PlanarPoint point, double limit,
                     std::uint32_t min_component_nodes = 1) {
    Snap best;
    double best_distance = std::numeric_limits<double>::infinity();
    for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
        if (graph.component_size(graph.component_of(graph.edge_from(edge))) < min_component_nodes) {
            continue;
        }
        const std::vector<PlanarPoint> line = graph.edge_geometry(edge);
        double along = 0.0;
        for (std::size_t i = 0; i + 1 < line.size(); ++i) {
            const double dx = line[i + 1].x - line[i].x;
            const double dy = line[i + 1].y - line[i].y;
            const double squared = dx * dx + dy * dy;
            const double t =
                squared > 0.0
                    ? std::clamp(((point.x - line[i].x) * dx + (point.y - line[i].y) * dy) / squared, 0.0, 1.0)
                    : 0.0;
            const double distance = std::hypot(point.x - (line[i].x + t * dx), point.y - (line[i].y + t * dy));
            const double length = std::hypot(dx, dy);
            if (distance < best_distance) {
                best_distance = distance;
                best.edge = edge;
                best.along = Metres{std::clamp(along + t * length, 0.0, graph.edge_length(edge).value)};
                best.connector = Metres{distance};
            }
            along += length;
        }
    }
    return best_distance <= limit ? best : Snap{};
}

} // namespace

TEST_CASE("snapping finds the exact nearest position that a scan of every segment finds") {
    // Long random streets across a kilometre, plus a dense cluster of short ones
    // so that the index's cells are far shorter than the long streets.
    for (const std::uint64_t seed : {1U, 2U, 3U}) {
        CAPTURE(seed);
        std::mt19937_64 random(seed);
        test::RandomRoads roads = test::random_roads(random, 60, 90);
        std::uniform_real_distribution<double> near(400.0, 450.0);
        std::uniform_real_distribution<double> step(-3.0, 3.0);
        for (int i = 0; i < 1500; ++i) {
            const auto first = static_cast<std::uint32_t>(roads.vertices.size());
            const PlanarPoint start{near(random), near(random)};
            roads.vertices.push_back(start);
            roads.vertices.push_back({start.x + step(random), start.y + step(random)});
            roads.topology.add_polyline(std::vector<std::uint32_t>{first, first + 1});
        }
        roads.topology.vertices.resize(roads.vertices.size());
        const WalkingGraph graph = WalkingGraph::build(roads.vertices, roads.topology);
        const EdgeIndex index(graph);

        std::uniform_real_distribution<double> anywhere(-300.0, 1300.0);
        std::vector<PlanarPoint> points;
        for (int i = 0; i < 400; ++i) {
            points.push_back({anywhere(random), anywhere(random)});
        }
        for (std::uint32_t node = 0; node < graph.node_count(); node += 7) {
            points.push_back(graph.node_position(node)); // on a junction: a tie between its edges
        }
        points.push_back({1e15, -1e15}); // far off the grid: found only without a limit
        for (const double limit : {150.0, 1e7, 1e300}) {
            const std::vector<Snap> snaps = index.snap(points, Metres{limit});
            for (std::size_t i = 0; i < points.size(); ++i) {
                CAPTURE(i);
                const Snap expected = nearest_by_scan(graph, points[i], limit);
                REQUIRE(snaps[i].edge == expected.edge);
                if (expected.snapped()) {
                    CHECK(snaps[i].along.value == expected.along.value);
                    CHECK(snaps[i].connector.value == expected.connector.value);
                }
            }
        }
        // Joining only components of 3 nodes or more (the cluster's 2-node
        // fragments drop out), or only the largest: still what the scan finds.
        const std::uint32_t largest = graph.component_size(graph.largest_component());
        REQUIRE(largest > 3);
        for (const std::uint32_t min_nodes : {3U, largest}) {
            CAPTURE(min_nodes);
            const EdgeIndex joinable(graph, min_nodes);
            SnapReport report;
            const std::vector<Snap> snaps = joinable.snap(points, Metres{1e7}, &report);
            std::size_t on_fragments_before = 0;
            for (std::size_t i = 0; i < points.size(); ++i) {
                CAPTURE(i);
                const Snap expected = nearest_by_scan(graph, points[i], 1e7, min_nodes);
                REQUIRE(snaps[i].edge == expected.edge);
                if (expected.snapped()) {
                    CHECK(snaps[i].along.value == expected.along.value);
                    CHECK(snaps[i].connector.value == expected.connector.value);
                    CHECK(graph.component_size(graph.component_of(graph.edge_from(snaps[i].edge))) >= min_nodes);
                }
                const Snap any = nearest_by_scan(graph, points[i], 1e7);
                on_fragments_before +=
                    any.snapped() && graph.component_size(graph.component_of(graph.edge_from(any.edge))) < min_nodes;
            }
            CHECK(on_fragments_before > 0); // the filter had fragments to keep points off
            if (min_nodes == largest) {
                CHECK(report.on_minor_component == 0);
            }
        }
    }
}

TEST_CASE("a barrier cuts each way it crosses, the ends a gap apart; closed ways leave with their ids") {
    // A 1,000 m street a-b crossed by a barrier at 400 m, and a side street c-d that it misses.
    RoadSource roads;
    roads.vertices = {{0.0, 0.0}, {1.0, 0.0}, {0.0, 1.0}, {0.1, 1.0}}; // lon/lat stand-ins, interpolated as given
    roads.add_polyline(std::vector<std::uint32_t>{0, 1});
    roads.add_polyline(std::vector<std::uint32_t>{2, 3});
    roads.ways = {WayAttributes{11, WayClass::minor_road}, WayAttributes{12, WayClass::footway}};
    const std::vector<PlanarPoint> planar{{0.0, 0.0}, {1000.0, 0.0}, {0.0, 500.0}, {100.0, 500.0}};
    std::uint64_t cut = 0;
    const RoadSource changed = cut_at_barriers(roads, planar, {{{400.0, -50.0}, {400.0, 50.0}}}, Metres{2.0}, cut);
    CHECK(cut == 1);
    REQUIRE(changed.polyline_count() == 3);
    REQUIRE(changed.ways.size() == 3);
    CHECK(changed.ways[0].id == 11);
    CHECK(changed.ways[1].id == 11);
    CHECK(changed.ways[2].id == 12);
    // The new ends lie 398 m and 402 m along a-b.
    REQUIRE(changed.vertices.size() == 6);
    CHECK(changed.vertices[4].lon == doctest::Approx(0.398));
    CHECK(changed.vertices[5].lon == doctest::Approx(0.402));
    CHECK(roads.polyline_count() == 2); // the roads given are left alone

    std::vector<PlanarPoint> changed_planar = planar;
    changed_planar.push_back({398.0, 0.0});
    changed_planar.push_back({402.0, 0.0});
    const WalkingGraph graph = WalkingGraph::build(changed_planar, changed);
    CHECK(graph.components().count == 3);
    CHECK(graph.total_length().value == doctest::Approx(996.0 + 100.0));

    std::uint64_t closed = 0;
    const RoadSource without = without_ways(roads, std::vector<std::int64_t>{12}, closed);
    CHECK(closed == 1);
    REQUIRE(without.polyline_count() == 1);
    CHECK(without.ways[0].id == 11);
}
