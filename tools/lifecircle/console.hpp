#pragma once
// Everything the program says goes to stderr (progress, warnings, errors) so
// that stdout carries only the --json summary.

#include "lifecircle/check_summary.hpp"
#include "lifecircle/error.hpp"
#include "lifecircle/messages.hpp"
#include "lifecircle/plan.hpp"
#include "lifecircle/progress.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <string>

namespace lifecircle::cli {

struct OutputFlags {
    std::string directory;
    std::string format = "GeoJSON";
    bool demand_points = false; // run, coverage, site: raster demand's cells as points too
    bool quiet = false;
    bool json = false;
    std::string language; // --lang: "zh" or "en"; empty: the scenario's, else Chinese
};

// The language the results speak: --lang, else the scenario's outputs.language, else Chinese.
Language language_of(const OutputFlags& flags, const Scenario* scenario = nullptr);

class Console {
public:
    explicit Console(bool quiet);

    // The language stages and results are said in (Chinese until told otherwise).
    void speak(Language language) noexcept { words_ = Words(language); }
    [[nodiscard]] const Words& words() const noexcept { return words_; }

    // GDAL-style "0...10...20...100 - done in 2.7 s." per stage, or nothing when quiet.
    [[nodiscard]] ProgressCallback progress();
    void message(const std::string& text) const;
    void warning(const std::string& text) const;

    // Route GDAL's own warnings, and the output directory's (an earlier run
    // replaced, a stale staging folder removed), to stderr. GDAL's failures are
    // silenced: lifecircle reports them itself, with context.
    static void install_warning_handler(bool quiet);

private:
    void draw(double fraction, std::string_view stage);

    bool quiet_;
    Words words_{Language::zh};
    std::string stage_;
    std::string finished_stage_; // the last stage drawn to its end
    std::chrono::steady_clock::time_point stage_start_;
    int ticks_drawn_ = 0;
};

// Where the results went on stderr, and with --json the summary on stdout:
// how every computing command ends.
void report_written(const Console& console, const OutputFlags& flags, const nlohmann::ordered_json& summary);

// A check's findings: each rule with its severity and count, then "<lead>N errors, M warnings".
void report_findings(const Console& console, const FindingCounts& counts, const std::string& lead = "");

// The part of `run` and `coverage` after the scenario is known: compute, write,
// report on stderr, print --json on stdout.
int run_and_report(const Scenario& scenario, const OutputFlags& flags, Console& console);

// A plan with its baseline: both run and compared in memory, all three written.
int run_plan_and_report(const Scenario& plan, const Scenario& baseline, const OutputFlags& flags, Console& console);

// What a run and a comparison found, on stderr: warnings, coverage, targets, siting.
void report_run(const RunResult& result, const RunSummary& summary, const Console& console);
void report_comparison(const ComparisonSummary& comparison, const Console& console);

// Compare two runs' output directories, write the comparison, report it.
int compare_and_report(const std::filesystem::path& run_a, const std::filesystem::path& run_b, const OutputFlags& flags,
                       Console& console);

} // namespace lifecircle::cli
