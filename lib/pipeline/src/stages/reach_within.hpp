#pragma once
// Shared by compute_services (access) and site (candidates, existing facilities).

#include "lifecircle/stages.hpp"

namespace lifecircle::detail {

// Every demand point of `group_name` within `bound` of each source, on the
// network when the run has one, in a straight line otherwise.
inline ReachSets reach_within(const Routing* routing, const std::string& group_name, const DemandGroup& group,
                              std::span<const Snap> snaps, std::span<const PlanarPoint> planar, Metres bound) {
    return routing ? reach_sets(routing->network.graph(), routing->demand.at(group_name).snaps, snaps, bound)
                   : reach_by_radius(group.planar, planar, bound);
}

} // namespace lifecircle::detail
