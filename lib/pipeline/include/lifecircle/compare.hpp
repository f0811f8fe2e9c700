#pragma once
// Comparing two runs: for every service both ran, the demand the second run
// newly covers and the demand it loses, point by point, and a layer to map it.

#include "lifecircle/io.hpp"
#include "lifecircle/run.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <utility>
#include <string>
#include <vector>

namespace lifecircle {

struct ServiceComparison {
    std::string id;
    double demand_total = 0.0;
    double covered_a = 0.0;
    double covered_b = 0.0;
    double newly_covered = 0.0; // covered in B, not in A
    double newly_lost = 0.0;    // covered in A, not in B
    std::uint64_t points = 0;
    std::uint64_t points_newly_covered = 0;
    std::uint64_t points_newly_lost = 0;
    OutputLayer difference; // every demand point with its status: gained, lost, kept, never
};

// One target as each run reported it (absent from a run: nothing there).
struct TargetComparison {
    std::string id;
    std::string indicator;
    std::optional<double> min;
    std::optional<double> max;
    std::optional<double> value_a; // null: the run did not have it, or its value was undefined
    std::optional<double> value_b;
    std::optional<bool> met_a;
    std::optional<bool> met_b;
    std::optional<std::uint64_t> failing_units_a; // for targets over units
    std::optional<std::uint64_t> failing_units_b;
};

struct RunComparison {
    std::filesystem::path run_a;
    std::filesystem::path run_b;
    std::vector<ServiceComparison> services; // those both runs computed
    std::vector<std::string> only_in_a;      // service ids one run has and the other not
    std::vector<std::string> only_in_b;
    std::vector<TargetComparison> targets; // every target either run evaluated, A's order first
};

// A run as a comparison sees it: for each service, its demand points by
// identity (raster row and column, or source FID) with weight, cost and
// whether they are covered; and every target's value.
struct ComparedService {
    std::string id;
    std::string origin; // the demand layer read, or the run's scenario; for messages
    std::vector<std::pair<std::int64_t, std::int64_t>> keys;
    std::vector<LonLat> positions;
    std::vector<double> weights;
    std::vector<double> cost_m; // not finite: beyond the threshold's search, or unreachable
    std::vector<bool> covered;
};

struct ComparedTarget {
    std::string id;
    std::string indicator;
    std::optional<double> min;
    std::optional<double> max;
    std::optional<double> value;
    bool met = false;
    std::optional<std::uint64_t> failing_units; // for targets over units
};

struct ComparedRun {
    std::filesystem::path directory; // where the run is (or will be) written
    std::vector<ComparedService> services;
    std::vector<ComparedTarget> targets;
};

// From a run's output directory: summary.json and the demand layers (GeoJSON, GPKG or CSV).
ComparedRun read_run(const std::filesystem::path& directory);
// From a run in memory, as it will be written to `directory`.
ComparedRun compared_run(const RunResult& result, const std::filesystem::path& directory);

// Demand points are matched by identity; runs over different demand are an error.
RunComparison compare_runs(const ComparedRun& run_a, const ComparedRun& run_b);
// The same from two output directories.
RunComparison compare_runs(const std::filesystem::path& run_a, const std::filesystem::path& run_b);

// The comparison's summary.json (docs/compare.md).
nlohmann::ordered_json summarise(const RunComparison& comparison);

// Writes difference_<service> (in `format`, plus CSV) and summary.json, all or
// nothing, never over a file of either run. Returns the summary written.
nlohmann::ordered_json write_comparison(const RunComparison& comparison, const std::filesystem::path& directory,
                                        VectorFormat format);

} // namespace lifecircle
