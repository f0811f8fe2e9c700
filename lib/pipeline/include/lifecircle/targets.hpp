#pragma once
// A plan's targets evaluated against what the stages computed
// (docs/indicators.md); the indicators and their judging are in core's
// indicators.hpp.

#include "lifecircle/indicators.hpp"
#include "lifecircle/pipeline_export.hpp"
#include "lifecircle/stages.hpp"

#include <span>
#include <vector>

namespace lifecircle {

struct TargetInputs {
    std::span<const TargetSpec> targets;
    const Inputs& inputs;                    // facilities, units and demand as loaded (and changed)
    std::span<const ServiceResult> services; // the services the targets name
};

// Value, met, gap and failing units of every target, in order. A filter on a
// field a layer lacks, or filters that leave no unit, are errors naming the target.
LIFECIRCLE_PIPELINE_EXPORT std::vector<TargetResult> evaluate_targets(const TargetInputs& given);

} // namespace lifecircle
