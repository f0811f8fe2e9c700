#include "lifecircle/error.hpp"
#include "lifecircle/plan.hpp"

namespace lifecircle {
namespace fs = std::filesystem;

PlanResult run_plan(const Scenario& plan, const Scenario& baseline, const ProgressCallback& progress) {
    if (!baseline.baseline.empty()) {
        throw Error(ExitCode::scenario_invalid,
                    ErrorContext::in_file(plan.baseline.string()).with_json_path("/baseline"),
                    "a baseline scenario cannot name a baseline of its own");
    }
    RunResult baseline_run = run_scenario(baseline, progress);
    RunResult plan_run = run_scenario(plan, progress);
    report_progress(progress, 0.0, "comparing runs");
    RunComparison comparison = compare_runs(compared_run(baseline_run, "baseline"), compared_run(plan_run, "plan"));
    report_progress(progress, 1.0, "comparing runs");
    return {std::move(baseline_run), std::move(plan_run), std::move(comparison)};
}

PlanSummaries write_plan(const PlanResult& result, const OutputOptions& options, const ProgressCallback& progress) {
    OutputOptions baseline_options = options;
    baseline_options.directory = options.directory / "baseline";
    OutputOptions comparison_options = options;
    comparison_options.directory = options.directory / "comparison";
    PlanSummaries summaries;
    summaries.baseline = write_results(result.baseline, baseline_options, progress);
    summaries.plan = write_results(result.plan, options, progress);
    RunComparison comparison = result.comparison;
    comparison.run_a = baseline_options.directory;
    comparison.run_b = options.directory;
    summaries.comparison = write_comparison(comparison, comparison_options.directory, options.format,
                                            report_language(options, result.plan.scenario));
    return summaries;
}

} // namespace lifecircle
