#pragma once
// Comparing two runs: for every service both ran, the demand the second run
// newly covers and the demand it loses, point by point, and a layer to map it.

#include "lifecircle/comparison_summary.hpp"
#include "lifecircle/io.hpp"
#include "lifecircle/pipeline_export.hpp"
#include "lifecircle/report.hpp"
#include "lifecircle/run.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lifecircle {

// Two runs compared: the figures, and for every service both ran a layer to map them.
struct RunComparison {
    std::filesystem::path run_a; // where each run is (or will be) written
    std::filesystem::path run_b;
    ComparisonSummary summary;
    std::vector<OutputLayer> differences;  // per summary.services: every demand point, gained, lost, kept or never
    std::vector<ComparisonMapLayers> maps; // per summary.services: what the report's maps draw beside the people
};

// A run as a comparison sees it: for each service, its demand points by
// identity (raster row and column, or source FID) with weight, cost and
// whether they are covered; and every target's value.
struct ComparedService {
    std::string id;
    std::string origin; // the demand layer read, or the run's scenario; for messages
    // Each point's identity: (row, col) of a raster cell, or (source_fid, 0).
    std::vector<std::pair<std::int64_t, std::int64_t>> keys;
    bool keyed_by_cell = false;
    std::vector<LonLat> positions;
    std::vector<double> weights;
    std::vector<double> cost_m; // not finite: beyond the threshold's search, or unreachable
    std::vector<bool> covered;
    // For the comparison's maps: the service's facilities, chosen sites, and
    // the units of the level the run leads with (WKB in WGS 84, with names).
    std::vector<LonLat> facilities;
    std::vector<LonLat> sites;
    std::vector<std::vector<unsigned char>> units;
    std::vector<std::string> unit_names;
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
    std::string scenario;            // the scenario's name
    std::vector<ComparedService> services;
    std::vector<ComparedTarget> targets;
};

// From a run's output directory: summary.json and the demand layers (GeoTIFF, GeoJSON, GPKG, FlatGeobuf or CSV).
LIFECIRCLE_PIPELINE_EXPORT ComparedRun read_run(const std::filesystem::path& directory);
// From a run in memory, as it will be written to `directory`.
LIFECIRCLE_PIPELINE_EXPORT ComparedRun compared_run(const RunResult& result, const std::filesystem::path& directory);

// Demand points are matched by identity; runs over different demand are an error.
LIFECIRCLE_PIPELINE_EXPORT RunComparison compare_runs(const ComparedRun& run_a, const ComparedRun& run_b);
// The same from two output directories.
LIFECIRCLE_PIPELINE_EXPORT RunComparison compare_runs(const std::filesystem::path& run_a,
                                                      const std::filesystem::path& run_b);

// Writes difference_<service> (in `format`, plus CSV), summary.json and
// report.html (in `language`), all or nothing, never over a file of either
// run. Returns the summary written.
LIFECIRCLE_PIPELINE_EXPORT ComparisonSummary write_comparison(const RunComparison& comparison,
                                                              const std::filesystem::path& directory,
                                                              VectorFormat format, Language language = Language::zh);

} // namespace lifecircle
