#pragma once
// A plan's changes to the facilities, applied to the layers as read, before
// anything is projected. (The chosen sites join after siting: add_chosen_sites
// in stages.hpp.)

#include "lifecircle/stages.hpp"

namespace lifecircle::detail {

// `origin` names the scenario in messages about inline points.
AppliedChange apply_change(const FacilityChange& change, FacilityLayer& facilities, const std::string& origin);

// A change to the streets, on the roads as read, projected into the working
// CRS where it needs lengths: ways closed (by id, or by a field of a line
// layer), cut by a barrier (beyond the network's end-point joining, which
// must not join them again), added, or given planned crossings. A way id or
// field value not among the roads is the scenario's error, naming its JSON path.
AppliedChange apply_road_change(const FacilityChange& change, RoadSource& roads, const RoadSpec& spec,
                                const WorkingCrs& crs, const std::string& origin);

} // namespace lifecircle::detail
