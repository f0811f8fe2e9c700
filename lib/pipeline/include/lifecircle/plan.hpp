#pragma once
// A plan against its baseline (lifecircle::pipeline): both scenarios run and
// compared in memory, then written side by side.

#include "lifecircle/compare.hpp"
#include "lifecircle/pipeline_export.hpp"
#include "lifecircle/run.hpp"

namespace lifecircle {

// Both scenarios run, and compared in memory, point by point.
struct PlanResult {
    RunResult baseline;
    RunResult plan;
    RunComparison comparison; // its run paths are set when written
};

// `baseline` is the scenario `plan.baseline` names; it may not name one itself.
LIFECIRCLE_PIPELINE_EXPORT PlanResult run_plan(const Scenario& plan, const Scenario& baseline,
                                               const ProgressCallback& progress = {});

struct PlanSummaries {
    RunSummary baseline;
    RunSummary plan;
    ComparisonSummary comparison;
};

// The baseline's results in <directory>/baseline, the plan's in <directory>,
// the comparison in <directory>/comparison; each all or nothing.
LIFECIRCLE_PIPELINE_EXPORT PlanSummaries write_plan(const PlanResult& result, const OutputOptions& options,
                                                    const ProgressCallback& progress = {});

} // namespace lifecircle
