#pragma once
// The main job: load a scenario's layers, compute every service's coverage,
// and write the results (layers, CSV, summary.json).

#include "lifecircle/coverage.hpp"
#include "lifecircle/io.hpp"
#include "lifecircle/isochrone.hpp"
#include "lifecircle/population.hpp"
#include "lifecircle/progress.hpp"
#include "lifecircle/scenario.hpp"
#include "lifecircle/siting.hpp"
#include "lifecircle/travel.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace lifecircle {

struct FacilityLayer {
    FacilitySpec spec;
    PointLayer points;
    std::vector<PlanarPoint> planar;
    std::vector<Snap> snaps; // with roads only
    SnapReport snapping;
    std::vector<double> capacity;                        // empty without a capacity field
    std::vector<std::string> plan_change;                // per facility: "" as read, or what a change did
    std::vector<std::string> facilities_far_from_demand; // feature ids, reported as warnings
};

struct UnitLevel {
    UnitSpec spec;
    UnitLayer layer;
    std::vector<PlanarMultiPolygon> planar;
};

struct DemandGroup {
    PopulationSpec spec;
    DemandPoints points;
    std::vector<PlanarPoint> planar;
    std::vector<Snap> snaps; // with roads only
    SnapReport snapping;
    std::map<std::string, UnitAssignment> units; // per unit level
};

// The walking network of a run that has roads. The index refers to the
// graph, so both live at fixed addresses.
struct NetworkState {
    RoadSpec spec;
    InputReport report;
    std::unique_ptr<WalkingGraph> graph;
    std::unique_ptr<EdgeIndex> index;
};

struct ServiceResult {
    ServiceSpec spec;
    std::string mode = "radius"; // or "network"
    NearestFacilityCosts costs;
    TravelStatistics travel;
    CoverageTotals totals;
    std::map<std::string, std::vector<CoverageTotals>> by_unit; // per unit level
    std::vector<double> band_demand;                          // people within each band (cumulative)
    std::optional<FloatingCatchment> access;                  // with spec.access
    std::vector<ServiceArea> areas; // with roads: the facilities' areas at each band, dissolved
};

// "At least one per unit" as the run resolved it, by unit code.
struct UnitSitingStatus {
    std::vector<std::string> served_by_existing;    // a qualifying existing facility lies inside
    std::vector<std::string> needing_site;          // no qualifying facility yet
    std::vector<std::string> without_candidate;     // needing one, but no candidate lies inside
};

struct SitingResult {
    SitingSpec spec;
    PointLayer candidates;
    std::vector<Snap> snaps; // with roads only
    SnapReport snapping;
    std::uint64_t candidates_reaching_demand = 0;
    Metres search_bound{0.0};             // the threshold, or the p-median cost cap
    std::vector<double> candidate_capacity; // capacitated coverage only
    std::optional<UnitSitingStatus> units;  // with one_per_unit
    std::variant<SitingAnswer, SetCoveringAnswer, MedianAnswer, CapacitatedAnswer> answer; // by the model
    [[nodiscard]] const RankedSites& chosen() const {
        return std::visit([](const auto& model_answer) -> const RankedSites& { return model_answer; }, answer);
    }
};

// What one of the scenario's changes did.
struct AppliedChange {
    std::string kind;     // add, remove, set_capacity, add_chosen_sites
    std::string facility; // the facility type
    std::string source;   // the added layer, or where the change is written
    std::uint64_t features = 0; // added, removed or changed
};

struct ScenarioResult {
    Scenario scenario;
    std::string working_crs;
    std::optional<WorkingCrs> crs;
    std::map<std::string, DemandGroup> demand;
    std::map<std::string, FacilityLayer> facilities;
    std::map<std::string, UnitLevel> units;
    std::optional<NetworkState> network;
    std::vector<ServiceResult> services;
    std::optional<SitingResult> siting;
    std::vector<AppliedChange> changes;
    std::vector<TargetResult> targets;
};

// Every target of the scenario against the computed result (indicators module).
std::vector<TargetResult> evaluate_targets(const ScenarioResult& result);

ScenarioResult run_scenario(const Scenario& scenario, const ProgressCallback& progress = {});

struct OutputOptions {
    std::filesystem::path directory;
    VectorFormat format = VectorFormat::geojson; // CSV copies are always written too
};

// Writes every layer and summary.json through an OutputDirectory, so either all
// of them appear or none does. Returns the summary that was written.
nlohmann::ordered_json write_results(const ScenarioResult& result, const OutputOptions& options,
                                     const ProgressCallback& progress = {});

// The summary.json document (stable keys, documented in docs/summary-json.md).
nlohmann::ordered_json summarise(const ScenarioResult& result);

// lifecircle isochrones: service areas of a facility layer on its own.
struct IsochroneRequest {
    RoadSpec roads;
    SourceSpec facilities;
    std::vector<double> bounds;     // ascending: minutes when walk_kmh is set, else metres
    std::optional<double> walk_kmh; // bounds are minutes at this speed
    bool per_facility = false;
    std::string crs = "auto";
};

// Reads, computes and writes `service_areas` (and `service_areas_per_facility`)
// with summary.json; returns the summary.
nlohmann::ordered_json run_isochrones(const IsochroneRequest& request, const OutputOptions& options,
                                      const ProgressCallback& progress = {});

} // namespace lifecircle
