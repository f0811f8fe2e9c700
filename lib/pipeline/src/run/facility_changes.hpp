#pragma once
// A plan's changes to the facilities: applied to the layers as read, before
// anything is projected, except the chosen sites, which join after siting.

#include "lifecircle/run.hpp"

namespace lifecircle::detail {

// `origin` names the scenario in messages about inline points.
AppliedChange apply_change(const FacilityChange& change, FacilityLayer& facilities, const std::string& origin);

// The sites the siting chose join `facilities` as it projected and snapped
// them, with the change's capacity, the siting's, or the candidates' field.
AppliedChange add_chosen_sites(const FacilityChange& change, const SitingResult& siting, const WorkingCrs& crs,
                               const std::string& type, FacilityLayer& facilities);

} // namespace lifecircle::detail
