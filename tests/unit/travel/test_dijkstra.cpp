// The travel engine against an independent brute force: the same roads as a
// plain directed graph in which every demand point and facility is inserted as
// a real node (its edge split at the foot of its connector), searched by a
// textbook Dijkstra from each point in turn. With a terrain, every segment is
// also cut at the elevation samples (at most the spacing apart) and each
// piece costs Tobler's factor on its own slope, in the direction walked.

#include "lifecircle/network.hpp"
#include "lifecircle/travel.hpp"
#include "lifecircle/walking_costs.hpp"

#include "ascii_map.hpp"
#include "random_roads.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <random>
#include <set>

using namespace lifecircle;

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// Points anywhere, plus points close to (or exactly on) a random segment, so
// that many share an edge with others.
std::vector<PlanarPoint> random_points(std::mt19937_64& random, const test::RandomRoads& roads, int count) {
    std::uniform_real_distribution<double> coordinate(-100.0, 1100.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<std::size_t> segment(0, roads.topology.polyline_vertices.size() - 2);
    std::vector<PlanarPoint> points;
    for (int i = 0; i < count; ++i) {
        if (i % 3 == 0) {
            points.push_back({coordinate(random), coordinate(random)});
            continue;
        }
        std::size_t s = segment(random);
        while (std::find(roads.topology.polyline_offsets.begin(), roads.topology.polyline_offsets.end(), s + 1) !=
               roads.topology.polyline_offsets.end()) {
            s = segment(random); // s and s+1 must be in one polyline
        }
        const PlanarPoint a = roads.vertices[roads.topology.polyline_vertices[s]];
        const PlanarPoint b = roads.vertices[roads.topology.polyline_vertices[s + 1]];
        const double t = unit(random);
        const double offset = i % 3 == 1 ? 0.0 : 30.0 * (unit(random) - 0.5);
        points.push_back({a.x + t * (b.x - a.x) + offset, a.y + t * (b.y - a.y) - offset});
    }
    return points;
}

// The brute force: every polyline vertex a node, every point inserted where its
// connector meets its nearest segment (found by scanning all segments).
struct Terrain {
    double (*height)(PlanarPoint) = nullptr;
    double spacing = 1.0;
};

// The slope factor written out again, so that the test does not take it from the engine.
double tobler(double rise, double run) {
    return std::exp(3.5 * std::abs(rise / run + 0.05)) / std::exp(3.5 * 0.05);
}

class BruteForce {
public:
    BruteForce(const test::RandomRoads& roads, const std::vector<PlanarPoint>& points, double snap_limit,
               Terrain terrain = {})
        : adjacency_(roads.vertices.size()) {
        struct Foot {
            double t;
            std::size_t node;
        };
        std::vector<std::pair<std::uint32_t, std::uint32_t>> segments;
        for (std::size_t p = 0; p + 1 < roads.topology.polyline_offsets.size(); ++p) {
            for (std::uint32_t i = roads.topology.polyline_offsets[p]; i + 1 < roads.topology.polyline_offsets[p + 1];
                 ++i) {
                segments.emplace_back(roads.topology.polyline_vertices[i], roads.topology.polyline_vertices[i + 1]);
            }
        }
        std::vector<std::vector<Foot>> feet(segments.size());
        std::vector<double> node_height(roads.vertices.size(), 0.0);
        if (terrain.height != nullptr) {
            for (std::size_t v = 0; v < roads.vertices.size(); ++v) {
                node_height[v] = terrain.height(roads.vertices[v]);
            }
        }
        point_node_.assign(points.size(), npos);
        for (std::size_t p = 0; p < points.size(); ++p) {
            double best = infinity;
            std::size_t best_segment = 0;
            double best_t = 0.0;
            for (std::size_t s = 0; s < segments.size(); ++s) {
                const PlanarPoint a = roads.vertices[segments[s].first];
                const PlanarPoint b = roads.vertices[segments[s].second];
                const double dx = b.x - a.x;
                const double dy = b.y - a.y;
                const double t =
                    std::clamp(((points[p].x - a.x) * dx + (points[p].y - a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
                const double distance = std::hypot(points[p].x - (a.x + t * dx), points[p].y - (a.y + t * dy));
                if (distance < best) {
                    best = distance;
                    best_segment = s;
                    best_t = t;
                }
            }
            if (best > snap_limit) {
                continue;
            }
            const std::size_t foot = add_node();
            point_node_[p] = add_node();
            connect(point_node_[p], foot, best, best); // a connector is flat
            feet[best_segment].push_back({best_t, foot});
        }
        for (std::size_t s = 0; s < segments.size(); ++s) {
            const PlanarPoint a = roads.vertices[segments[s].first];
            const PlanarPoint b = roads.vertices[segments[s].second];
            const double length = std::hypot(b.x - a.x, b.y - a.y);
            // Stops along the segment: its ends, the elevation samples, the feet; heights linear between samples.
            struct Stop {
                double t;
                std::size_t node;
                double height;
            };
            std::vector<Stop> samples{{0.0, segments[s].first, node_height[segments[s].first]}};
            if (terrain.height != nullptr) {
                const double pieces = std::max(1.0, std::ceil(length / terrain.spacing));
                for (double k = 1.0; k < pieces; k += 1.0) {
                    const double t = k / pieces;
                    samples.push_back({t, add_node(), terrain.height({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)})});
                }
            }
            samples.push_back({1.0, segments[s].second, node_height[segments[s].second]});
            std::vector<Stop> stops = samples;
            for (const Foot& foot : feet[s]) {
                const auto after = std::upper_bound(samples.begin() + 1, samples.end() - 1, foot.t,
                                                    [](double t, const Stop& stop) { return t < stop.t; });
                const Stop& low = *(after - 1);
                const Stop& high = *after;
                const double height = low.height + (foot.t - low.t) / (high.t - low.t) * (high.height - low.height);
                stops.push_back({foot.t, foot.node, height});
            }
            std::stable_sort(stops.begin(), stops.end(), [](const Stop& x, const Stop& y) { return x.t < y.t; });
            for (std::size_t i = 1; i < stops.size(); ++i) {
                const double run = (stops[i].t - stops[i - 1].t) * length;
                const double rise = stops[i].height - stops[i - 1].height;
                if (terrain.height == nullptr || run <= 0.0) {
                    connect(stops[i - 1].node, stops[i].node, run, run);
                } else {
                    connect(stops[i - 1].node, stops[i].node, run * tobler(rise, run), run * tobler(-rise, run));
                }
            }
        }
    }

    // Walking cost from point `from` to every point (walking out of `from`).
    [[nodiscard]] std::vector<double> costs_from_point(std::size_t from) const {
        std::vector<double> to_points(point_node_.size(), infinity);
        if (point_node_[from] == npos) {
            return to_points;
        }
        std::vector<double> cost(adjacency_.size(), infinity);
        using Entry = std::pair<double, std::size_t>;
        std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
        cost[point_node_[from]] = 0.0;
        queue.emplace(0.0, point_node_[from]);
        while (!queue.empty()) {
            const auto [d, node] = queue.top();
            queue.pop();
            if (d > cost[node]) {
                continue;
            }
            for (const auto& [next, length] : adjacency_[node]) {
                if (d + length < cost[next]) {
                    cost[next] = d + length;
                    queue.emplace(cost[next], next);
                }
            }
        }
        for (std::size_t p = 0; p < point_node_.size(); ++p) {
            if (point_node_[p] != npos) {
                to_points[p] = cost[point_node_[p]];
            }
        }
        return to_points;
    }

private:
    static constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();
    std::size_t add_node() {
        adjacency_.emplace_back();
        return adjacency_.size() - 1;
    }
    void connect(std::size_t a, std::size_t b, double a_to_b, double b_to_a) {
        adjacency_[a].emplace_back(b, a_to_b);
        adjacency_[b].emplace_back(a, b_to_a);
    }
    std::vector<std::vector<std::pair<std::size_t, double>>> adjacency_;
    std::vector<std::size_t> point_node_;
};

} // namespace

TEST_CASE("nearest-facility costs and reach sets equal the brute force on random networks") {
    std::mt19937_64 random(20261123);
    const Metres snap_limit{150.0};
    int compared = 0;
    int same_edge_pairs = 0;
    for (int instance = 0; instance < 150; ++instance) {
        INFO("instance " << instance);
        const int nodes = 4 + instance % 25;
        const test::RandomRoads roads = test::random_roads(random, nodes, nodes + instance % 17);
        if (roads.topology.polyline_count() == 0) {
            continue;
        }
        const std::vector<PlanarPoint> demand = random_points(random, roads, 25);
        const std::vector<PlanarPoint> facilities = random_points(random, roads, 1 + instance % 6);
        const Metres bound{instance % 2 == 0 ? infinity : 600.0};

        const WalkingGraph graph = WalkingGraph::build(roads.vertices, roads.topology);
        const EdgeIndex index(graph);
        const std::vector<Snap> demand_snaps = index.snap(demand, snap_limit);
        const std::vector<Snap> facility_snaps = index.snap(facilities, snap_limit);
        const NearestFacilityCosts engine = nearest_facility_by_network(graph, demand_snaps, facility_snaps, bound);
        const ReachSets reach = reach_sets(graph, demand_snaps, facility_snaps, bound);

        std::vector<PlanarPoint> all_points = demand;
        all_points.insert(all_points.end(), facilities.begin(), facilities.end());
        const BruteForce brute(roads, all_points, snap_limit.value);
        std::vector<double> expected(demand.size(), infinity);
        for (std::size_t f = 0; f < facilities.size(); ++f) {
            const std::vector<double> from_facility = brute.costs_from_point(demand.size() + f);
            std::vector<std::pair<std::uint32_t, double>> expected_reach;
            for (std::size_t d = 0; d < demand.size(); ++d) {
                expected[d] = std::min(expected[d], from_facility[d]);
                if (std::isfinite(from_facility[d]) && from_facility[d] <= bound.value) {
                    expected_reach.emplace_back(static_cast<std::uint32_t>(d), from_facility[d]);
                }
            }
            REQUIRE(reach.offsets[f + 1] - reach.offsets[f] == expected_reach.size());
            for (std::size_t i = 0; i < expected_reach.size(); ++i) {
                REQUIRE(reach.demand[reach.offsets[f] + i] == expected_reach[i].first);
                REQUIRE(std::abs(reach.cost[reach.offsets[f] + i] - expected_reach[i].second) < 1e-6);
            }
        }
        for (std::size_t d = 0; d < demand.size(); ++d) {
            const double want = std::isfinite(expected[d]) && expected[d] <= bound.value ? expected[d] : infinity;
            INFO("demand point " << d);
            if (std::isinf(want)) {
                REQUIRE(std::isinf(engine.cost_m[d]));
                REQUIRE(engine.nearest_facility[d] == no_index);
            } else {
                REQUIRE(std::abs(engine.cost_m[d] - want) < 1e-6);
                ++compared;
                for (const Snap& facility : facility_snaps) {
                    same_edge_pairs += facility.snapped() && facility.edge == demand_snaps[d].edge ? 1 : 0;
                }
            }
        }
    }
    // The instances must exercise what they claim to.
    CHECK(compared > 1000);
    CHECK(same_edge_pairs > 50);
}

namespace {

// A hill 40 m high on ground that rises 2 m in every 100 m eastward.
double hill(PlanarPoint p) {
    const double dx = p.x - 500.0;
    const double dy = p.y - 400.0;
    return 40.0 * std::exp(-(dx * dx + dy * dy) / (2.0 * 250.0 * 250.0)) + 0.02 * p.x;
}

WalkingCosts costs_over(const WalkingGraph& graph, const WalkingProfile& profile, double (*height)(PlanarPoint),
                        double spacing) {
    std::vector<PlanarPoint> positions;
    EdgeElevations elevations = elevation_samples(graph, Metres{spacing}, positions);
    for (const PlanarPoint& position : positions) {
        elevations.height.push_back(height(position));
    }
    return WalkingCosts::build(graph, profile, &elevations);
}

} // namespace

TEST_CASE("directed costs on a hill equal a directed brute force: the demand walks to the facility") {
    std::mt19937_64 random(20261207);
    const Metres snap_limit{150.0};
    WalkingProfile sloped;
    sloped.id = "sloped";
    sloped.slope = true;
    int compared = 0;
    int asymmetric = 0; // pairs whose cost differs by direction: the test would catch a search run the wrong way
    for (int instance = 0; instance < 80; ++instance) {
        INFO("instance " << instance);
        const int nodes = 4 + instance % 20;
        const test::RandomRoads roads = test::random_roads(random, nodes, nodes + instance % 13);
        if (roads.topology.polyline_count() == 0) {
            continue;
        }
        const std::vector<PlanarPoint> demand = random_points(random, roads, 20);
        const std::vector<PlanarPoint> facilities = random_points(random, roads, 1 + instance % 5);
        const Metres bound{instance % 2 == 0 ? infinity : 700.0};
        const double spacing = instance % 3 == 0 ? 25.0 : 60.0;

        const WalkingGraph graph = WalkingGraph::build(roads.vertices, roads.topology);
        const WalkingCosts costs = costs_over(graph, sloped, hill, spacing);
        const EdgeIndex index(graph);
        const std::vector<Snap> demand_snaps = index.snap(demand, snap_limit);
        const std::vector<Snap> facility_snaps = index.snap(facilities, snap_limit);
        const NearestFacilityCosts engine =
            nearest_facility_by_network(graph, costs, demand_snaps, facility_snaps, bound);
        const ReachSets reach = reach_sets(graph, costs, demand_snaps, facility_snaps, bound);

        std::vector<PlanarPoint> all_points = demand;
        all_points.insert(all_points.end(), facilities.begin(), facilities.end());
        const BruteForce brute(roads, all_points, snap_limit.value, Terrain{hill, spacing});
        std::vector<std::vector<double>> from_demand; // demand point -> every point
        for (std::size_t d = 0; d < demand.size(); ++d) {
            from_demand.push_back(brute.costs_from_point(d));
        }
        for (std::size_t f = 0; f < facilities.size(); ++f) {
            const std::vector<double> from_facility = brute.costs_from_point(demand.size() + f);
            std::vector<std::pair<std::uint32_t, double>> expected_reach;
            for (std::size_t d = 0; d < demand.size(); ++d) {
                const double to_facility = from_demand[d][demand.size() + f];
                if (std::isfinite(to_facility) && to_facility <= bound.value) {
                    expected_reach.emplace_back(static_cast<std::uint32_t>(d), to_facility);
                }
                asymmetric += std::isfinite(to_facility) && std::abs(to_facility - from_facility[d]) > 1.0 ? 1 : 0;
            }
            REQUIRE(reach.offsets[f + 1] - reach.offsets[f] == expected_reach.size());
            for (std::size_t i = 0; i < expected_reach.size(); ++i) {
                REQUIRE(reach.demand[reach.offsets[f] + i] == expected_reach[i].first);
                REQUIRE(std::abs(reach.cost[reach.offsets[f] + i] - expected_reach[i].second) < 1e-6);
            }
        }
        for (std::size_t d = 0; d < demand.size(); ++d) {
            double want = infinity;
            for (std::size_t f = 0; f < facilities.size(); ++f) {
                want = std::min(want, from_demand[d][demand.size() + f]);
            }
            want = want <= bound.value ? want : infinity;
            INFO("demand point " << d);
            if (std::isinf(want)) {
                REQUIRE(std::isinf(engine.cost_m[d]));
            } else {
                REQUIRE(std::abs(engine.cost_m[d] - want) < 1e-6);
                ++compared;
            }
        }
    }
    CHECK(compared > 500);
    CHECK(asymmetric > 200);
}

namespace {

double line_length(const std::vector<PlanarPoint>& line) {
    double length = 0.0;
    for (std::size_t i = 1; i < line.size(); ++i) {
        length += std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
    }
    return length;
}

// The cost of walking a route's edges as given, found without the search:
// the walk leaves the point's edge by either end, each further edge takes it
// to its other end, and the last edge ends at the facility. Every way of
// reading the edges that joins up is tried; the cheapest is returned.
// `walk(edge, from, to)` costs walking along an edge between two distances.
template <typename Walk>
double walk_route(const WalkingGraph& graph, const WalkingRoute& route, const Snap& point, const Snap& facility,
                  Walk walk) {
    const std::uint32_t first = route.edges.front();
    const auto at_node = [&](std::uint32_t edge, std::uint32_t node) {
        return graph.edge_from(edge) == node ? 0.0 : graph.edge_length(edge).value;
    };
    if (route.edges.size() == 1) {
        return walk(first, point.along.value, facility.along.value);
    }
    std::vector<std::pair<std::uint32_t, double>> at{
        {graph.edge_from(first), walk(first, point.along.value, 0.0)},
        {graph.edge_to(first), walk(first, point.along.value, graph.edge_length(first).value)}};
    for (std::size_t i = 1; i + 1 < route.edges.size(); ++i) {
        const std::uint32_t edge = route.edges[i];
        std::vector<std::pair<std::uint32_t, double>> next;
        for (const auto& [node, cost] : at) {
            for (const std::uint32_t end : {graph.edge_from(edge), graph.edge_to(edge)}) {
                const std::uint32_t other = end == graph.edge_from(edge) ? graph.edge_to(edge) : graph.edge_from(edge);
                if (end == node) {
                    next.emplace_back(other, cost + walk(edge, at_node(edge, node), at_node(edge, other)));
                }
            }
        }
        at = std::move(next);
    }
    const std::uint32_t last = route.edges.back();
    double best = infinity;
    for (const auto& [node, cost] : at) {
        if (node == graph.edge_from(last) || node == graph.edge_to(last)) {
            best = std::min(best, cost + walk(last, at_node(last, node), facility.along.value));
        }
    }
    return best;
}

// Each route goes to the facility the engine finds nearest, at its cost; it
// starts on the point's edge and ends on the facility's; walking its edges
// costs what the route says; and its line runs from one snapped position to
// the other.
template <typename Walk>
int check_routes(const WalkingGraph& graph, std::span<const Snap> demand, std::span<const Snap> facilities,
                 const NearestFacilityCosts& engine, const std::vector<WalkingRoute>& routes, Walk walk) {
    REQUIRE(routes.size() == demand.size());
    int traced = 0;
    for (std::size_t d = 0; d < demand.size(); ++d) {
        INFO("demand point " << d);
        const WalkingRoute& route = routes[d];
        REQUIRE(route.facility == engine.nearest_facility[d]);
        if (route.facility == no_index) {
            CHECK(route.edges.empty());
            continue;
        }
        REQUIRE(route.cost == engine.cost_m[d]);
        const Snap& facility = facilities[route.facility];
        REQUIRE(route.edges.front() == demand[d].edge);
        REQUIRE(route.edges.back() == facility.edge);
        const double connectors = demand[d].connector.value + facility.connector.value;
        REQUIRE(walk_route(graph, route, demand[d], facility, walk) + connectors ==
                doctest::Approx(route.cost).epsilon(1e-9));
        const PlanarPoint start = graph.edge_piece(demand[d].edge, demand[d].along.value, demand[d].along.value)[0];
        const PlanarPoint end = graph.edge_piece(facility.edge, facility.along.value, facility.along.value)[0];
        REQUIRE(std::hypot(route.line.front().x - start.x, route.line.front().y - start.y) < 1e-6);
        REQUIRE(std::hypot(route.line.back().x - end.x, route.line.back().y - end.y) < 1e-6);
        const auto length_of = [](std::uint32_t, double from, double to) { return std::abs(to - from); };
        REQUIRE(line_length(route.line) ==
                doctest::Approx(walk_route(graph, route, demand[d], facility, length_of)).epsilon(1e-9));
        traced += route.edges.size() > 2 ? 1 : 0;
    }
    return traced;
}

} // namespace

TEST_CASE("routes walk to the nearest facility at its cost, over lengths and over a hill's directed costs") {
    std::mt19937_64 random(20261207);
    const Metres snap_limit{150.0};
    const WalkingProfile elderly = *builtin_profile("elderly");
    int traced = 0;
    for (int instance = 0; instance < 80; ++instance) {
        INFO("instance " << instance);
        const int nodes = 4 + instance % 25;
        const test::RandomRoads roads = test::random_roads(random, nodes, nodes + instance % 17);
        if (roads.topology.polyline_count() == 0) {
            continue;
        }
        const std::vector<PlanarPoint> demand = random_points(random, roads, 20);
        const std::vector<PlanarPoint> facilities = random_points(random, roads, 1 + instance % 5);
        const Metres bound{instance % 2 == 0 ? infinity : 600.0};
        const WalkingGraph graph = WalkingGraph::build(roads.vertices, roads.topology);
        const EdgeIndex index(graph);
        const std::vector<Snap> demand_snaps = index.snap(demand, snap_limit);
        const std::vector<Snap> facility_snaps = index.snap(facilities, snap_limit);

        const auto length_of = [](std::uint32_t, double from, double to) { return std::abs(to - from); };
        traced += check_routes(graph, demand_snaps, facility_snaps,
                               nearest_facility_by_network(graph, demand_snaps, facility_snaps, bound),
                               nearest_facility_routes(graph, demand_snaps, facility_snaps, bound), length_of);

        const WalkingCosts costs = costs_over(graph, elderly, hill, 30.0);
        const auto cost_of = [&](std::uint32_t edge, double from, double to) {
            return costs.along_edge(edge, from, to);
        };
        traced += check_routes(graph, demand_snaps, facility_snaps,
                               nearest_facility_by_network(graph, costs, demand_snaps, facility_snaps, bound),
                               nearest_facility_routes(graph, costs, demand_snaps, facility_snaps, bound), cost_of);
    }
    CHECK(traced > 300); // routes through the network, not only along one edge
}

TEST_CASE("along an edge, the cost reached and the place reached invert each other (service areas use both)") {
    std::mt19937_64 random(7);
    const test::RandomRoads roads = test::random_roads(random, 30, 60);
    const WalkingGraph graph = WalkingGraph::build(roads.vertices, roads.topology);
    const WalkingCosts costs = costs_over(graph, *builtin_profile("elderly"), hill, 20.0);
    std::uniform_real_distribution<double> share(0.0, 1.0);
    int checked = 0;
    for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
        const double length = graph.edge_length(edge).value;
        for (int i = 0; i < 5; ++i) {
            const double along = share(random) * length;
            for (const bool forward : {true, false}) {
                const double cost = costs.from_start(edge, along, forward);
                CHECK(costs.along_at(edge, cost, forward) == doctest::Approx(along).epsilon(1e-9));
                ++checked;
            }
        }
        CHECK(costs.along_at(edge, 1e12, true) == length);
        CHECK(costs.along_at(edge, 0.0, false) == 0.0);
    }
    CHECK(checked > 300);
}

TEST_CASE("a hill: walking up to the facility takes longer than walking down, so coverage differs") {
    const test::AsciiMap map("a---------b", 100.0); // 1,000 m
    const WalkingGraph graph = WalkingGraph::build(map.vertices(), map.ways({"ab"}));
    const EdgeIndex index(graph);
    const WalkingProfile elderly = *builtin_profile("elderly");
    // An even 5% rise from a (0 m) to b (50 m).
    const WalkingCosts costs = costs_over(
        graph, elderly, [](PlanarPoint p) { return p.x * 0.05; }, 30.0);
    const std::vector<Snap> bottom = index.snap(std::vector<PlanarPoint>{map.at('a')}, default_snap_limit);
    const std::vector<Snap> top = index.snap(std::vector<PlanarPoint>{map.at('b')}, default_snap_limit);
    const double up = 1000.0 * std::exp(3.5 * 0.10 - 0.175);  // 1,191 m of flat walking
    const double down = 1000.0 * std::exp(3.5 * 0.0 - 0.175); // 839 m
    CHECK(nearest_facility_by_network(graph, costs, bottom, top, Metres{infinity}).cost_m[0] ==
          doctest::Approx(up).epsilon(1e-9));
    CHECK(nearest_facility_by_network(graph, costs, top, bottom, Metres{infinity}).cost_m[0] ==
          doctest::Approx(down).epsilon(1e-9));
    // Within 1,000 m of flat walking the person at the top reaches the facility below; the one below does not reach it
    // above.
    CHECK(std::isfinite(nearest_facility_by_network(graph, costs, top, bottom, Metres{1000.0}).cost_m[0]));
    CHECK(std::isinf(nearest_facility_by_network(graph, costs, bottom, top, Metres{1000.0}).cost_m[0]));
    // Halfway up: each part of the edge costs its own share, in its own direction.
    const std::vector<Snap> middle = index.snap(std::vector<PlanarPoint>{{500.0, 0.0}}, default_snap_limit);
    CHECK(nearest_facility_by_network(graph, costs, middle, top, Metres{infinity}).cost_m[0] ==
          doctest::Approx(up / 2).epsilon(1e-9));
    CHECK(nearest_facility_by_network(graph, costs, middle, bottom, Metres{infinity}).cost_m[0] ==
          doctest::Approx(down / 2).epsilon(1e-9));
    // Without elevations the same profile walks flat.
    const WalkingCosts flat = WalkingCosts::build(graph, elderly);
    CHECK(nearest_facility_by_network(graph, flat, bottom, top, Metres{infinity}).cost_m[0] == doctest::Approx(1000.0));
}

TEST_CASE("steps: a penalty for the elderly, a detour for a wheelchair, nothing for today's walk") {
    // a-b is a 200 m flight of steps; the ramp a-c-d-b is 600 m.
    const test::AsciiMap map(R"(
a-b
| |
c-d
)",
                             100.0);
    RoadSource ways = map.ways({"ab", "acdb"});
    ways.ways = {WayAttributes{1, WayClass::steps}, WayAttributes{2, WayClass::footway}};
    const WalkingGraph graph = WalkingGraph::build(map.vertices(), ways);
    const EdgeIndex index(graph);
    const std::vector<Snap> from = index.snap(std::vector<PlanarPoint>{map.at('a')}, default_snap_limit);
    const std::vector<Snap> to = index.snap(std::vector<PlanarPoint>{map.at('b')}, default_snap_limit);
    // Each profile snaps to the ways it may use, as the pipeline does.
    const auto cost = [&](const char* profile) {
        const WalkingCosts costs = WalkingCosts::build(graph, *builtin_profile(profile));
        const EdgeIndex usable(graph, 1, &costs);
        return nearest_facility_by_network(
                   graph, costs, usable.snap(std::vector<PlanarPoint>{map.at('a')}, default_snap_limit),
                   usable.snap(std::vector<PlanarPoint>{map.at('b')}, default_snap_limit), Metres{infinity})
            .cost_m[0];
    };
    CHECK(nearest_facility_by_network(graph, from, to, Metres{infinity}).cost_m[0] == doctest::Approx(200.0));
    CHECK(cost("walk") == doctest::Approx(200.0));
    // 30 s at 3 km/h is 25 m more than the 200 m of steps; still shorter than the 600 m ramp.
    CHECK(cost("elderly") == doctest::Approx(200.0 + 30.0 / 3.6 * 3.0));
    CHECK(cost("wheelchair") == doctest::Approx(600.0));
    const WalkingCosts wheelchair = WalkingCosts::build(graph, *builtin_profile("wheelchair"));
    CHECK(wheelchair.exclusions().steps == 1);
    CHECK_FALSE(wheelchair.passable(0));
    // A wheelchair user never joins the network on the steps.
    const EdgeIndex wheelchair_index(graph, 1, &wheelchair);
    const Snap on_steps = wheelchair_index.snap(PlanarPoint{100.0, 10.0}, default_snap_limit);
    REQUIRE(on_steps.snapped());
    CHECK(graph.edge_way(on_steps.edge).kind == WayClass::footway);
}

TEST_CASE("crossing a major road costs the crossing penalty; walking along it does not") {
    // m-x-n is a primary road; footways meet it at x from either side, and f-g leads on.
    const test::AsciiMap map(R"(
  h
  |
m-x-n
  |
  f-g
)",
                             100.0);
    RoadSource ways = map.ways({"mxn", "xf", "fg", "hx"});
    ways.ways = {WayAttributes{1, WayClass::major_road}, WayAttributes{2, WayClass::footway},
                 WayAttributes{3, WayClass::footway}, WayAttributes{4, WayClass::footway}};
    const WalkingGraph graph = WalkingGraph::build(map.vertices(), ways);
    const EdgeIndex index(graph);
    const WalkingProfile elderly = *builtin_profile("elderly");
    const WalkingCosts costs = WalkingCosts::build(graph, elderly);
    const double crossing = elderly.crossing_penalty_s * elderly.metres_per_second();
    const auto cost = [&](char from, char to) {
        return nearest_facility_by_network(
                   graph, costs, index.snap(std::vector<PlanarPoint>{map.at(from)}, default_snap_limit),
                   index.snap(std::vector<PlanarPoint>{map.at(to)}, default_snap_limit), Metres{infinity})
            .cost_m[0];
    };
    CHECK(costs.crossings() == 1);
    CHECK(cost('m', 'n') == doctest::Approx(400.0));                // along the road
    CHECK(cost('f', 'h') == doctest::Approx(400.0 + crossing));     // across it
    CHECK(cost('g', 'm') == doctest::Approx(600.0 + crossing / 2)); // onto it: half, as either end of a crossing
    CHECK(nearest_facility_by_network(graph, index.snap(std::vector<PlanarPoint>{map.at('f')}, default_snap_limit),
                                      index.snap(std::vector<PlanarPoint>{map.at('h')}, default_snap_limit),
                                      Metres{infinity})
              .cost_m[0] == doctest::Approx(400.0)); // today's walk crosses for free

    // A plan builds a crossing at x: the elderly wait what it says there, and nowhere else changes.
    REQUIRE(major_road_junctions(ways) == std::vector<std::uint32_t>{map.vertex('x')});
    for (const double wait_s : {0.0, 60.0}) {
        INFO("a planned wait of " << wait_s << " s");
        RoadSource planned = ways;
        planned.planned_crossings.push_back({map.vertex('x'), wait_s});
        const WalkingGraph planned_graph = WalkingGraph::build(map.vertices(), planned);
        const WalkingCosts planned_costs = WalkingCosts::build(planned_graph, elderly);
        const double wait = wait_s * elderly.metres_per_second();
        const auto planned_cost = [&](char from, char to) {
            const EdgeIndex planned_index(planned_graph);
            return nearest_facility_by_network(
                       planned_graph, planned_costs,
                       planned_index.snap(std::vector<PlanarPoint>{map.at(from)}, default_snap_limit),
                       planned_index.snap(std::vector<PlanarPoint>{map.at(to)}, default_snap_limit), Metres{infinity})
                .cost_m[0];
        };
        CHECK(planned_costs.crossings() == 1);
        CHECK(planned_cost('f', 'h') == doctest::Approx(400.0 + wait));
        CHECK(planned_cost('g', 'm') == doctest::Approx(600.0 + wait / 2));
        CHECK(planned_cost('m', 'n') == doctest::Approx(400.0));
    }
}

TEST_CASE("hand-drawn streets: known walking distances") {
    const test::AsciiMap map(R"(
a---b---c
|       |
d---e---f       g---h
)",
                             100.0);
    // 100 m a character: ab = bc = 400, ad = cf = 200, gh = 400 (not connected).
    const WalkingGraph graph = WalkingGraph::build(map.vertices(), map.ways({"abc", "def", "ad", "cf", "gh"}));
    const EdgeIndex index(graph);
    const auto offset = [](PlanarPoint p, double dx, double dy) { return PlanarPoint{p.x + dx, p.y + dy}; };
    struct Case {
        const char* what;
        PlanarPoint facility;
        PlanarPoint demand;
        double expected_m;
    };
    const PlanarPoint a = map.at('a');
    const Case cases[] = {
        {"node to node, along one street", a, map.at('c'), 800},
        {"around the block: either way is 1000 m", a, map.at('f'), 1000},
        {"b-e is not a street: via d", a, map.at('e'), 600},
        {"a connector counts as walking", a, offset(map.at('b'), 0, 30), 430},
        {"facility and demand on the same edge", offset(map.at('d'), 100, -20), offset(map.at('d'), 300, 10), 230},
        {"same edge, but around is shorter than nothing: still along", offset(a, 0, -50), offset(a, 50, 0), 100},
        {"another component is unreachable", a, map.at('h'), infinity},
        {"beyond the snap limit is unreachable", a, offset(map.at('e'), 0, -600), infinity},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        const std::vector<Snap> demand = index.snap(std::vector<PlanarPoint>{c.demand}, default_snap_limit);
        const std::vector<Snap> facility = index.snap(std::vector<PlanarPoint>{c.facility}, default_snap_limit);
        const NearestFacilityCosts costs = nearest_facility_by_network(graph, demand, facility, Metres{infinity});
        if (std::isinf(c.expected_m)) {
            CHECK(std::isinf(costs.cost_m[0]));
        } else {
            CHECK(costs.cost_m[0] == doctest::Approx(c.expected_m).epsilon(1e-12));
        }
    }
}

TEST_CASE("the bound cuts the search and the costs beyond it") {
    const test::AsciiMap map("a---b---c---d", 100.0);
    const WalkingGraph graph = WalkingGraph::build(map.vertices(), map.ways({"ab", "bc", "cd"}));
    const EdgeIndex index(graph);
    const std::vector<Snap> facility = index.snap(std::vector<PlanarPoint>{map.at('a')}, default_snap_limit);
    const std::vector<Snap> demand =
        index.snap(std::vector<PlanarPoint>{map.at('b'), map.at('c'), map.at('d')}, default_snap_limit);
    TravelStatistics statistics;
    const NearestFacilityCosts costs = nearest_facility_by_network(graph, demand, facility, Metres{800}, &statistics);
    CHECK(costs.cost_m[0] == doctest::Approx(400));
    CHECK(costs.cost_m[1] == doctest::Approx(800)); // the bound is inclusive
    CHECK(std::isinf(costs.cost_m[2]));
    CHECK(statistics.nodes_settled == 3); // d is never settled
}

TEST_CASE("snapping reports points beyond the limit and on minor components") {
    const test::AsciiMap map("a---b   c-d", 100.0);
    const WalkingGraph graph = WalkingGraph::build(map.vertices(), map.ways({"ab", "cd"}));
    const EdgeIndex index(graph);
    SnapReport report;
    const std::vector<PlanarPoint> points{{50, 10}, {850, -20}, {0, 700}};
    const std::vector<Snap> snaps = index.snap(points, Metres{500}, &report);
    CHECK(report.points == 3);
    CHECK(report.beyond_limit == 1);
    CHECK(report.on_minor_component == 1);
    CHECK(report.largest_connector.value == doctest::Approx(20.0));
    CHECK(snaps[0].along.value == doctest::Approx(50.0));
    CHECK(snaps[0].connector.value == doctest::Approx(10.0));
    CHECK_FALSE(snaps[2].snapped());
}
