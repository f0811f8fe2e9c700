// Service areas: every point inside one is within the buffer width of a
// network point reached within the threshold (checked against a textbook
// Dijkstra), areas nest, and blocks the network surrounds stay holes.

#include "lifecircle/isochrone.hpp"

#include "ascii_map.hpp"
#include "random_roads.hpp"

#include <doctest/doctest.h>
#include <ogr_api.h>
#include <ogr_geometry.h>

#include <cmath>
#include <limits>
#include <memory>
#include <random>

using namespace lifecircle;

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

std::unique_ptr<OGRGeometry> parse(const std::vector<unsigned char>& wkb) {
    OGRGeometry* geometry = nullptr;
    REQUIRE(OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &geometry, wkb.size()) == OGRERR_NONE);
    return std::unique_ptr<OGRGeometry>(geometry);
}

// Node costs from the sources by the textbook O(V^2) Dijkstra.
std::vector<double> textbook_costs(const WalkingGraph& graph, std::span<const Snap> sources) {
    std::vector<double> cost(graph.node_count(), infinity);
    for (const Snap& snap : sources) {
        if (snap.snapped()) {
            const double length = graph.edge_length(snap.edge).value;
            cost[graph.edge_from(snap.edge)] =
                std::min(cost[graph.edge_from(snap.edge)], snap.connector.value + snap.along.value);
            cost[graph.edge_to(snap.edge)] =
                std::min(cost[graph.edge_to(snap.edge)], snap.connector.value + length - snap.along.value);
        }
    }
    std::vector<bool> done(graph.node_count(), false);
    while (true) {
        std::uint32_t next = no_index;
        for (std::uint32_t node = 0; node < graph.node_count(); ++node) {
            if (!done[node] && cost[node] < infinity && (next == no_index || cost[node] < cost[next])) {
                next = node;
            }
        }
        if (next == no_index) {
            return cost;
        }
        done[next] = true;
        for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
            const std::uint32_t from = graph.edge_from(edge);
            const std::uint32_t to = graph.edge_to(edge);
            if (from == next || to == next) {
                const std::uint32_t other = from == next ? to : from;
                cost[other] = std::min(cost[other], cost[next] + graph.edge_length(edge).value);
            }
        }
    }
}

// The least walking cost of any network point within `radius` of `point`:
// along edges (the cost along an edge is smallest at an end of the stretch
// near the point, or at a source on it) and along the sources' connectors.
double least_cost_near(const WalkingGraph& graph, std::span<const Snap> sources, std::span<const PlanarPoint> positions,
                       const std::vector<double>& cost, PlanarPoint point, double radius) {
    double best = infinity;
    // Parameters t in [0, 1] of segment ab within `radius` of the point.
    const auto near_interval = [&](PlanarPoint a, PlanarPoint b, double& low, double& high) {
        const double dx = b.x - a.x;
        const double dy = b.y - a.y;
        const double length2 = dx * dx + dy * dy;
        const double fx = a.x - point.x;
        const double fy = a.y - point.y;
        if (length2 == 0.0) {
            low = 0.0;
            high = 0.0;
            return fx * fx + fy * fy <= radius * radius;
        }
        const double b2 = fx * dx + fy * dy;
        const double c = fx * fx + fy * fy - radius * radius;
        const double discriminant = b2 * b2 - length2 * c;
        if (discriminant < 0.0) {
            return false;
        }
        low = std::max(0.0, (-b2 - std::sqrt(discriminant)) / length2);
        high = std::min(1.0, (-b2 + std::sqrt(discriminant)) / length2);
        return low <= high;
    };
    for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
        const std::vector<PlanarPoint> line = graph.edge_geometry(edge);
        const double length = graph.edge_length(edge).value;
        const auto cost_at = [&](double x) {
            double value = std::min(cost[graph.edge_from(edge)] + x, cost[graph.edge_to(edge)] + length - x);
            for (const Snap& snap : sources) {
                if (snap.edge == edge) {
                    value = std::min(value, snap.connector.value + std::abs(x - snap.along.value));
                }
            }
            return value;
        };
        double walked = 0.0;
        for (std::size_t i = 0; i + 1 < line.size(); ++i) {
            const double segment = std::hypot(line[i + 1].x - line[i].x, line[i + 1].y - line[i].y);
            double low = 0.0;
            double high = 0.0;
            if (near_interval(line[i], line[i + 1], low, high)) {
                const double a = walked + low * segment;
                const double b = walked + high * segment;
                best = std::min({best, cost_at(a), cost_at(b)});
                for (const Snap& snap : sources) {
                    if (snap.edge == edge && snap.along.value >= a && snap.along.value <= b) {
                        best = std::min(best, cost_at(snap.along.value));
                    }
                }
            }
            walked += segment;
        }
    }
    for (std::size_t source = 0; source < sources.size(); ++source) {
        if (!sources[source].snapped()) {
            continue;
        }
        const std::vector<PlanarPoint> road = graph.edge_geometry(sources[source].edge);
        // The connector runs from the facility (cost 0) to its snap (cost connector_m).
        double walked = 0.0;
        PlanarPoint snap_point = road.front();
        for (std::size_t i = 0; i + 1 < road.size(); ++i) {
            const double segment = std::hypot(road[i + 1].x - road[i].x, road[i + 1].y - road[i].y);
            if (walked + segment >= sources[source].along.value) {
                const double t = segment > 0.0 ? (sources[source].along.value - walked) / segment : 0.0;
                snap_point = {road[i].x + t * (road[i + 1].x - road[i].x), road[i].y + t * (road[i + 1].y - road[i].y)};
                break;
            }
            walked += segment;
        }
        double low = 0.0;
        double high = 0.0;
        if (near_interval(positions[source], snap_point, low, high)) {
            best = std::min(best, low * sources[source].connector.value);
        }
    }
    return best;
}

} // namespace

TEST_CASE("service areas: every point inside is within the width of the network reached in time") {
    std::mt19937_64 random(8);
    std::uniform_real_distribution<double> coordinate(0.0, 1000.0);
    int inside_checked = 0;
    for (int round = 0; round < 12; ++round) {
        const test::RandomRoads roads = test::random_roads(random, 40, 60);
        const WalkingGraph graph = WalkingGraph::build(roads.vertices, roads.topology);
        const EdgeIndex index(graph);
        std::vector<PlanarPoint> positions;
        for (int i = 0; i < 3; ++i) {
            positions.push_back({coordinate(random), coordinate(random)});
        }
        const std::vector<Snap> sources = index.snap(positions, Metres{400.0});
        ServiceAreaOptions options;
        options.thresholds = {Metres{200.0}, Metres{450.0}};
        options.width = Metres{20.0};
        const std::vector<ServiceArea> areas = service_areas(graph, sources, positions, options);
        REQUIRE(areas.size() == 2);
        const std::vector<double> cost = textbook_costs(graph, sources);
        for (const ServiceArea& area : areas) {
            if (area.wkb.empty()) {
                continue;
            }
            const auto polygon = parse(area.wkb);
            OGREnvelope envelope;
            polygon->getEnvelope(&envelope);
            std::uniform_real_distribution<double> x(envelope.MinX, envelope.MaxX);
            std::uniform_real_distribution<double> y(envelope.MinY, envelope.MaxY);
            for (int sample = 0; sample < 150; ++sample) {
                const PlanarPoint point{x(random), y(random)};
                const OGRPoint probe(point.x, point.y);
                if (!polygon->Contains(&probe)) {
                    continue;
                }
                ++inside_checked;
                const double least =
                    least_cost_near(graph, sources, positions, cost, point, options.width.value + 1e-6);
                INFO("round " << round << ", threshold " << area.threshold.value << ", point " << point.x << " "
                              << point.y);
                REQUIRE(least <= area.threshold.value + 1e-6);
            }
        }
        // Nested: nothing of the 200 m area lies outside the 450 m one.
        if (!areas[0].wkb.empty()) {
            const auto inner = parse(areas[0].wkb);
            const auto outer = parse(areas[1].wkb);
            const std::unique_ptr<OGRGeometry> outside(inner->Difference(outer.get()));
            CHECK((outside == nullptr || outside->IsEmpty() || OGR_G_Area(OGRGeometry::ToHandle(outside.get())) < 1e-6));
            CHECK(areas[0].area_m2 <= areas[1].area_m2);
        }
    }
    CHECK(inside_checked > 500);
}

TEST_CASE("service areas: a block the streets surround is a hole, and the walk to the road is in") {
    // A 400 m square of streets; the facility stands 30 m outside corner a.
    const test::AsciiMap map(R"(
        a-b
        | |
        c-d
    )",
                             400.0 / 2.0);
    const WalkingGraph graph = WalkingGraph::build(map.vertices(), map.ways({"ab", "bd", "dc", "ca"}));
    const EdgeIndex index(graph);
    const std::vector<PlanarPoint> positions{{map.at('a').x - 30.0, map.at('a').y + 0.0}};
    const std::vector<Snap> sources = index.snap(positions, Metres{100.0});
    ServiceAreaOptions options;
    options.thresholds = {Metres{100.0}, Metres{2000.0}};
    options.width = Metres{25.0};
    const std::vector<ServiceArea> areas = service_areas(graph, sources, positions, options);
    REQUIRE(areas.size() == 2);
    CHECK(areas[1].holes == 1); // the whole square is reached; its inside is not
    const auto whole = parse(areas[1].wkb);
    const PlanarPoint centre{(map.at('a').x + map.at('d').x) / 2.0, (map.at('a').y + map.at('d').y) / 2.0};
    const OGRPoint middle(centre.x, centre.y);
    CHECK_FALSE(whole->Contains(&middle));
    const OGRPoint facility(positions[0].x, positions[0].y);
    CHECK(whole->Contains(&facility));
    // 100 m: the 30 m walk to a, then 70 m along each street from a.
    const auto near = parse(areas[0].wkb);
    const OGRPoint along_ab(map.at('a').x + 65.0, map.at('a').y);
    const OGRPoint beyond(map.at('a').x + 100.0, map.at('a').y);
    CHECK(near->Contains(&along_ab));
    CHECK_FALSE(near->Contains(&beyond));
}
