#pragma once
// Shared by compute_services (access) and site (candidates, existing facilities).

#include "lifecircle/stages.hpp"

namespace lifecircle::detail {

// Every demand point of `group_name` within `bound` of each source, on the
// network by the walking profile when the run has one, in a straight line otherwise.
inline ReachSets reach_within(const Routing* routing, const WalkingProfile& profile, const std::string& group_name,
                              const DemandGroup& group, std::span<const Snap> snaps,
                              std::span<const PlanarPoint> planar, Metres bound) {
    if (!routing) {
        return reach_by_radius(group.planar, planar, bound);
    }
    const std::vector<Snap>& demand = routing->demand_snapping(group_name, profile).snaps;
    const WalkingCosts* costs = routing->costs(profile);
    return costs ? reach_sets(routing->network.graph(), *costs, demand, snaps, bound)
                 : reach_sets(routing->network.graph(), demand, snaps, bound);
}

// Each demand point's cost to its nearest facility on the network, by the walking profile.
inline NearestFacilityCosts nearest_by_network(const Routing& routing, const WalkingProfile& profile,
                                               const std::string& group_name, std::span<const Snap> facilities,
                                               Metres bound, TravelStatistics* statistics = nullptr) {
    const std::vector<Snap>& demand = routing.demand_snapping(group_name, profile).snaps;
    const WalkingCosts* costs = routing.costs(profile);
    return costs ? nearest_facility_by_network(routing.network.graph(), *costs, demand, facilities, bound, statistics)
                 : nearest_facility_by_network(routing.network.graph(), demand, facilities, bound, statistics);
}

} // namespace lifecircle::detail
