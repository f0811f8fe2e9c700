#pragma once
// The main job: a scenario run through every stage (stages.hpp), and its
// results written (layers, CSV, summary.json, report.html).

#include "lifecircle/indicators.hpp"
#include "lifecircle/io.hpp"
#include "lifecircle/pipeline_export.hpp"
#include "lifecircle/progress.hpp"
#include "lifecircle/run_summary.hpp"
#include "lifecircle/scenario.hpp"
#include "lifecircle/stages.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace lifecircle {

// A whole run: the stages' results side by side, read-only once made.
struct LIFECIRCLE_PIPELINE_EXPORT RunResult {
    Scenario scenario;
    Inputs inputs;
    std::optional<Routing> routing; // with roads
    std::vector<ServiceResult> services;
    std::optional<SitingResult> siting;
    std::vector<TargetResult> targets;
    std::vector<ServiceRoutes> routes; // with outputs.routes
    [[nodiscard]] RunMode mode() const noexcept { return routing ? RunMode::network : RunMode::radius; }
    // Where a layer's points joined the network: null in radius mode, and for
    // layers no service uses.
    [[nodiscard]] const Snapping* demand_snapping(const std::string& group) const;
    [[nodiscard]] const Snapping* facility_snapping(const std::string& type) const;
};

// Every stage of stages.hpp in order. A plan that takes its chosen sites
// (add_chosen_sites) has them join the facilities, and the services of that
// facility type, only those, are computed again.
LIFECIRCLE_PIPELINE_EXPORT RunResult run_scenario(const Scenario& scenario, const ProgressCallback& progress = {});

struct OutputOptions {
    std::filesystem::path directory;
    VectorFormat format = VectorFormat::geojson; // CSV copies are always written too
    // Raster demand is written as a GeoTIFF on its grid; this adds the point
    // layer of its cells as well (as does the scenario's outputs.demand_points).
    bool demand_points = false;
    // The reports' language; nullopt: the scenario's outputs.language, else Chinese.
    std::optional<Language> language;
};

// The language a run's reports are written in: the options', else the
// scenario's outputs.language, else Chinese.
LIFECIRCLE_PIPELINE_EXPORT Language report_language(const OutputOptions& options, const Scenario& scenario);

// Writes every layer, summary.json and report.html through an OutputDirectory,
// so either all of them appear or none does. Returns the summary written.
LIFECIRCLE_PIPELINE_EXPORT RunSummary write_results(const RunResult& result, const OutputOptions& options,
                                                    const ProgressCallback& progress = {});

// What summary.json records of a run (docs/summary-json.md).
LIFECIRCLE_PIPELINE_EXPORT RunSummary summarise(const RunResult& result);

// lifecircle isochrones: service areas of a facility layer on its own.
struct IsochroneRequest {
    RoadSpec roads;
    SourceSpec facilities;
    std::string name_field;         // optional: the facilities' field that names each one
    std::vector<double> bounds;     // ascending: minutes when walk_kmh is set, else metres
    std::optional<double> walk_kmh; // bounds are minutes at this speed
    bool per_facility = false;
    std::string crs = "auto";
};

// Reads, computes and writes `service_areas` (and `service_areas_per_facility`)
// with summary.json; returns the summary.
LIFECIRCLE_PIPELINE_EXPORT IsochroneSummary run_isochrones(const IsochroneRequest& request,
                                                           const OutputOptions& options,
                                                           const ProgressCallback& progress = {});

} // namespace lifecircle
