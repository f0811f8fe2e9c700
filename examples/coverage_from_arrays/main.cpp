// Walking coverage with lifecircle::core alone: a 5 x 5 street grid of 100 m
// blocks built from arrays, one facility at a corner, four homes, and who of
// them lives within a 250 m walk. Prints each home's walk and the share
// covered; exits non-zero if the figures are not the ones worked out by hand.

#include <lifecircle/coverage.hpp>
#include <lifecircle/network.hpp>
#include <lifecircle/travel.hpp>
#include <lifecircle/version.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
    using namespace lifecircle;
    constexpr std::uint32_t side = 5;
    constexpr double block_m = 100.0;

    // Vertices of the grid, and one polyline per street joining neighbours.
    std::vector<PlanarPoint> vertices;
    for (std::uint32_t row = 0; row < side; ++row) {
        for (std::uint32_t col = 0; col < side; ++col) {
            vertices.push_back({col * block_m, row * block_m});
        }
    }
    RoadSource topology;
    topology.vertices.resize(vertices.size()); // positions come from `vertices`, already planar
    for (std::uint32_t row = 0; row < side; ++row) {
        for (std::uint32_t col = 0; col < side; ++col) {
            const std::uint32_t here = row * side + col;
            if (col + 1 < side) {
                topology.add_polyline(std::vector<std::uint32_t>{here, here + 1});
            }
            if (row + 1 < side) {
                topology.add_polyline(std::vector<std::uint32_t>{here, here + side});
            }
        }
    }
    const WalkingGraph graph = WalkingGraph::build(vertices, topology);
    const EdgeIndex index(graph);

    // A facility at the corner (0, 0); homes 10 m off the streets.
    const std::vector<PlanarPoint> facilities{{0.0, 0.0}};
    const std::vector<PlanarPoint> homes{{50.0, 10.0}, {150.0, 110.0}, {310.0, 200.0}, {400.0, 390.0}};
    const std::vector<double> people{120.0, 80.0, 60.0, 40.0};
    const Metres limit{50.0};
    const Metres threshold{250.0};
    const std::vector<Snap> home_snaps = index.snap(homes, limit);
    const std::vector<Snap> facility_snaps = index.snap(facilities, limit);
    const NearestFacilityCosts costs = nearest_facility_by_network(graph, home_snaps, facility_snaps, threshold);
    const CoverageTotals totals = summarise_coverage(costs.cost_m, people, threshold);

    std::printf("lifecircle %s: %u nodes, %u edges\n", LIFECIRCLE_VERSION, graph.node_count(), graph.edge_count());
    for (std::size_t home = 0; home < homes.size(); ++home) {
        std::printf("home %zu: %.0f m\n", home, costs.cost_m[home]);
    }
    std::printf("%.0f of %.0f people within %.0f m (%.1f %%)\n", totals.demand_covered, totals.demand_total,
                threshold.value, 100.0 * totals.covered_share());

    // By hand: 50 + 10 = 60 m; 150 + 100 + 10 = 260 m (beyond); the rest farther.
    const bool as_expected = graph.node_count() == side * side && graph.edge_count() == 2 * side * (side - 1) &&
                             std::abs(costs.cost_m[0] - 60.0) < 1e-9 && std::isinf(costs.cost_m[1]) &&
                             totals.demand_covered == 120.0 && totals.demand_total == 300.0;
    return as_expected ? 0 : 1;
}
