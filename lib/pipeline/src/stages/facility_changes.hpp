#pragma once
// A plan's changes to the facilities, applied to the layers as read, before
// anything is projected. (The chosen sites join after siting: add_chosen_sites
// in stages.hpp.)

#include "lifecircle/stages.hpp"

namespace lifecircle::detail {

// `origin` names the scenario in messages about inline points.
AppliedChange apply_change(const FacilityChange& change, FacilityLayer& facilities, const std::string& origin);

// Ways closed or cut by a barrier, in the working CRS (`tolerance`: the
// network's end-point joining, which a cut must outdistance); a way id not among the
// roads is the scenario's error, naming its JSON path.
AppliedChange apply_road_change(const FacilityChange& change, RoadSource& roads, const WorkingCrs& crs,
                                Metres tolerance, const std::string& origin);

} // namespace lifecircle::detail
