#pragma once
// A plan's changes to the facilities, applied to the layers as read, before
// anything is projected. (The chosen sites join after siting: add_chosen_sites
// in stages.hpp.)

#include "lifecircle/stages.hpp"

namespace lifecircle::detail {

// `origin` names the scenario in messages about inline points.
AppliedChange apply_change(const FacilityChange& change, FacilityLayer& facilities, const std::string& origin);

} // namespace lifecircle::detail
