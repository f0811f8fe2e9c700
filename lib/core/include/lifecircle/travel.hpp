#pragma once
// Walking costs on the network: a bounded multi-source Dijkstra giving every
// node its cost to the nearest source, demand costs from it (exact, including
// demand and facility on the same edge), and per-source reach sets.

#include "lifecircle/core_export.hpp"
#include "lifecircle/coverage.hpp"
#include "lifecircle/network.hpp"
#include "lifecircle/walking_costs.hpp"

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace lifecircle {

struct TravelStatistics {
    std::uint64_t nodes_settled = 0;
    std::uint64_t arcs_relaxed = 0;
};

// Each search comes in two kinds: over the edges' lengths (walking at one
// speed, the same either way), and over a walking profile's directed costs
// (walking_costs.hpp), where a cost is what it takes to walk *to* the source:
// the demand walks to the facilities, so the searches from the facilities
// read every arc backwards.

// Cost in metres from every node to its nearest source, +infinity beyond
// `bound`, and which source that is (no_index beyond the bound). Sources that
// did not snap are ignored.
struct NodeCosts {
    std::vector<double> cost;
    std::vector<std::uint32_t> source;
};

LIFECIRCLE_CORE_EXPORT NodeCosts nearest_source_costs(const WalkingGraph& graph, std::span<const Snap> sources,
                                                      Metres bound, TravelStatistics* statistics = nullptr);
LIFECIRCLE_CORE_EXPORT NodeCosts nearest_source_costs(const WalkingGraph& graph, const WalkingCosts& costs,
                                                      std::span<const Snap> sources, Metres bound,
                                                      TravelStatistics* statistics = nullptr);

// Each demand point's walking cost (connector + along its edge + network +
// the facility's own connector) to its nearest facility; +infinity when it did
// not snap or its cost exceeds `bound`.
LIFECIRCLE_CORE_EXPORT NearestFacilityCosts nearest_facility_by_network(const WalkingGraph& graph,
                                                                        std::span<const Snap> demand,
                                                                        std::span<const Snap> facilities, Metres bound,
                                                                        TravelStatistics* statistics = nullptr);
LIFECIRCLE_CORE_EXPORT NearestFacilityCosts nearest_facility_by_network(const WalkingGraph& graph,
                                                                        const WalkingCosts& costs,
                                                                        std::span<const Snap> demand,
                                                                        std::span<const Snap> facilities, Metres bound,
                                                                        TravelStatistics* statistics = nullptr);

// For every source, the demand points it reaches within `bound` on the network.
LIFECIRCLE_CORE_EXPORT ReachSets reach_sets(const WalkingGraph& graph, std::span<const Snap> demand,
                                            std::span<const Snap> sources, Metres bound,
                                            TravelStatistics* statistics = nullptr);
LIFECIRCLE_CORE_EXPORT ReachSets reach_sets(const WalkingGraph& graph, const WalkingCosts& costs,
                                            std::span<const Snap> demand, std::span<const Snap> sources, Metres bound,
                                            TravelStatistics* statistics = nullptr);

// The walk from a demand point to its nearest facility, as
// nearest_facility_by_network costs it: the edges in walking order (the
// first and the last walked in part) and the line along them, from where the
// point joins the network to where the facility does; the connectors at
// either end are the caller's, who knows the points.
struct WalkingRoute {
    std::uint32_t facility = no_index; // no_index: none within the bound (or the point did not snap)
    double cost = std::numeric_limits<double>::infinity();
    std::vector<std::uint32_t> edges;
    std::vector<PlanarPoint> line;
};

// One route per demand point: for the few a planner asks to see, since each
// call searches the network once from every facility.
LIFECIRCLE_CORE_EXPORT std::vector<WalkingRoute> nearest_facility_routes(const WalkingGraph& graph,
                                                                         std::span<const Snap> demand,
                                                                         std::span<const Snap> facilities,
                                                                         Metres bound);
LIFECIRCLE_CORE_EXPORT std::vector<WalkingRoute>
nearest_facility_routes(const WalkingGraph& graph, const WalkingCosts& costs, std::span<const Snap> demand,
                        std::span<const Snap> facilities, Metres bound);

} // namespace lifecircle
