#pragma once
// The main job as stages that pass plain values (lifecircle::pipeline):
//
//   load_inputs(scenario)                 -> Inputs   layers read, changed by the plan, projected
//   route(scenario roads, inputs)         -> Routing  the walking network, every point snapped to it
//   compute_services(services, inputs, routing)   -> ServiceResult per service
//   site(siting, inputs, routing, services)       -> SitingResult
//   draw_service_areas(services, inputs, routing) -> the areas of each service, for maps
//   trace_routes(routes, services, inputs, routing) -> walks from chosen places, for maps
//   evaluate_targets(TargetInputs)                -> TargetResult per target (targets.hpp)
//
// run_scenario (run.hpp) chains them. Each stage reads its inputs and returns
// new values; none changes what it was given. Without roads, routing is
// absent and every cost is a straight line ("radius" mode).

#include "lifecircle/accessibility.hpp"
#include "lifecircle/coverage.hpp"
#include "lifecircle/features.hpp"
#include "lifecircle/isochrone.hpp"
#include "lifecircle/network.hpp"
#include "lifecircle/pipeline_export.hpp"
#include "lifecircle/population.hpp"
#include "lifecircle/progress.hpp"
#include "lifecircle/roads.hpp"
#include "lifecircle/scenario.hpp"
#include "lifecircle/siting.hpp"
#include "lifecircle/travel.hpp"
#include "lifecircle/walking_costs.hpp"
#include "lifecircle/working_crs.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace lifecircle {

// ---- load_inputs -----------------------------------------------------------

struct FacilityLayer {
    FacilitySpec spec;
    PointLayer points;
    std::vector<PlanarPoint> planar;
    std::vector<double> capacity;                        // one per facility with a capacity field, else empty
    std::vector<std::string> plan_change;                // per facility: "" as read, or what a change did
    std::vector<std::string> facilities_far_from_demand; // feature ids, also reported as warnings
    // New ones are sited for this type: those that exist may be none, or all
    // out of reach, without that being a mistake (a CRS read wrongly, say).
    bool may_serve_nobody = false;

    // Whether facilities of this type have capacities (a layer of none has a field but no values).
    [[nodiscard]] bool has_capacity() const { return !spec.capacity_field.empty(); }
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
    std::map<std::string, UnitAssignment> units; // per unit level, for the groups a service uses
};

// What one of the scenario's changes did.
struct AppliedChange {
    FacilityChange::Kind kind = FacilityChange::Kind::add;
    std::string facility;       // the facility type
    std::string source;         // the added layer, or where the change is written
    std::uint64_t features = 0; // added, removed or changed
};

// The places outputs.routes starts from, read and projected.
struct RoutePlaces {
    PointLayer points; // a unit level's units give a point inside each
    std::vector<PlanarPoint> planar;
    std::string name_field; // the field naming each place; empty: none
};

// Every layer of a scenario as read, after the plan's changes (all but the
// chosen sites, which join after siting), projected into one working CRS.
struct Inputs {
    explicit Inputs(WorkingCrs working_crs) : crs(std::move(working_crs)) {}
    WorkingCrs crs;
    std::map<std::string, DemandGroup> demand;
    std::map<std::string, FacilityLayer> facilities;
    std::map<std::string, UnitLevel> units;
    std::optional<RoadSource> roads; // as read; route() builds the network from them
    std::vector<AppliedChange> changes;
    std::string study_area;                  // the unit level demand and candidates are limited to; empty: none
    std::optional<RoutePlaces> route_places; // with outputs.routes
};

// The working CRS of a run: the scenario's, or the UTM zone of the centre of
// `extent` (of the demand; of the facilities where there is none).
LIFECIRCLE_PIPELINE_EXPORT WorkingCrs choose_working_crs(const std::string& definition, const LonLatExtent& extent);

// Reads, changes and projects. Throws Error for unusable inputs: an empty
// population, a missing field, facilities that all lie far from the demand.
LIFECIRCLE_PIPELINE_EXPORT Inputs load_inputs(const Scenario& scenario, const ProgressCallback& progress = {});

// ---- route -----------------------------------------------------------------

// A walking graph with its edge index: the index refers to the graph, so the
// two are owned together and move together.
class LIFECIRCLE_PIPELINE_EXPORT Network {
public:
    Network(RoadSpec spec, InputReport report, WalkingGraph graph);
    ~Network();
    Network(Network&&) noexcept;
    Network& operator=(Network&&) noexcept;
    Network(const Network&) = delete;
    Network& operator=(const Network&) = delete;

    [[nodiscard]] const RoadSpec& spec() const noexcept { return spec_; }
    [[nodiscard]] const InputReport& report() const noexcept { return report_; }
    // A warning about the network that the summary and console report with the roads.
    void add_warning(std::string text) { report_.warnings.push_back(std::move(text)); }
    [[nodiscard]] const WalkingGraph& graph() const noexcept { return *graph_; }
    [[nodiscard]] const EdgeIndex& index() const noexcept { return *index_; }

private:
    RoadSpec spec_;
    InputReport report_;
    std::unique_ptr<WalkingGraph> graph_;
    std::unique_ptr<EdgeIndex> index_;
};

// Where a layer's points join the network, and what snapping found.
struct Snapping {
    std::vector<Snap> snaps;
    SnapReport report;
    std::vector<std::string> warnings;      // facilities beyond the snap limit, by feature id
    double demand_on_minor_component = 0.0; // demand points: the people snapped outside the largest component
};

// A walking profile's view of the network: its directed costs and, when it
// keeps off some ways (steps, for a wheelchair), its own index and snaps, so
// that no one joins the network on a way they cannot use.
struct ProfileRouting {
    WalkingCosts costs;
    std::unique_ptr<EdgeIndex> index;           // null: the profile uses every edge; the network's snaps stand
    std::map<std::string, Snapping> demand;     // with an index of its own
    std::map<std::string, Snapping> facilities; // with an index of its own
};

// "elderly@3.000000": a profile at its speed, which its penalties' metres depend on.
LIFECIRCLE_PIPELINE_EXPORT std::string profile_key(const WalkingProfile& profile);

struct Routing {
    Network network;
    std::map<std::string, Snapping> demand;     // every group a service uses
    std::map<std::string, Snapping> facilities; // every facility type a service uses
    // By profile_key, for every service profile whose costs are not the lengths.
    std::map<std::string, ProfileRouting> profiles;
    std::optional<ElevationSamples> elevations; // with a DEM: the counts (heights are in the profiles' costs)

    // Null: the profile's costs are the edges' lengths.
    [[nodiscard]] const WalkingCosts* costs(const WalkingProfile& profile) const;
    [[nodiscard]] const EdgeIndex& index(const WalkingProfile& profile) const;
    [[nodiscard]] const Snapping& demand_snapping(const std::string& group, const WalkingProfile& profile) const;
    [[nodiscard]] const Snapping& facility_snapping(const std::string& type, const WalkingProfile& profile) const;
    // Snaps a facility type again in every profile with its own index (after sites join it).
    void snap_facilities_again(const std::string& type, std::span<const PlanarPoint> planar);
};

// Builds the walking graph and snaps every demand group and facility layer a
// service uses; builds each service profile's costs (reading the DEM once
// when a profile feels slopes), and snaps again for a profile that keeps off
// some ways. A network nowhere near the demand, or a facility layer none
// of whose points reach it, is an input error: nearly always a CRS mistake.
LIFECIRCLE_PIPELINE_EXPORT Routing route(const RoadSpec& roads, std::span<const ServiceSpec> services,
                                         const Inputs& inputs, const ProgressCallback& progress = {});

// ---- compute_services ------------------------------------------------------

enum class RunMode { radius, network };
LIFECIRCLE_PIPELINE_EXPORT const char* to_string(RunMode mode); // "straight_line", "network", as summary.json writes it

// Demand with no way to any facility at all: there is none (radius), or the
// point lies beyond the snap limit (network). Not the same as beyond the threshold.
struct Unreachable {
    std::uint64_t points = 0;
    double demand = 0.0;
};

// How evenly access to capacity (2SFCA) is spread over people and units.
struct AccessEquity {
    double mean_per_1000 = 0.0; // capacity per 1,000 people, people-weighted
    double gini = 0.0;
    double palma = 0.0; // not finite when the bottom 40% have no access
    std::map<std::string, std::vector<std::optional<double>>> mean_by_unit; // per level; nullopt: no demand
    std::map<std::string, double> gini_by_unit;                             // over the units with demand
};

struct ServiceResult {
    ServiceSpec spec;
    RunMode mode = RunMode::radius;
    NearestFacilityCosts costs;
    TravelStatistics travel;
    CoverageTotals totals;
    Unreachable unreachable;
    std::map<std::string, std::vector<CoverageTotals>> by_unit; // per unit level
    std::vector<double> band_demand;                            // people within each band (cumulative)
    std::optional<FloatingCatchment> access;                    // with spec.access
    std::optional<AccessEquity> equity;                         // with spec.access
    std::vector<ServiceArea> areas; // with roads: the facilities' areas at each band, dissolved

    // Whether a demand point is within the threshold: what "covered" means in every output.
    [[nodiscard]] bool covers(std::size_t point) const { return costs.cost_m[point] <= spec.threshold.value; }
};

// Every service's costs and coverage, by unit and band, and access. One search
// per (facility, demand) pair, bounded by the largest threshold its services
// ask for. `routing` null: straight-line costs.
LIFECIRCLE_PIPELINE_EXPORT std::vector<ServiceResult> compute_services(std::span<const ServiceSpec> services,
                                                                       const Inputs& inputs, const Routing* routing,
                                                                       const ProgressCallback& progress = {});

// ---- site ------------------------------------------------------------------

// "At least one per unit" as the run resolved it, by unit code.
struct UnitSitingStatus {
    std::vector<std::string> served_by_existing; // a qualifying existing facility lies inside
    std::vector<std::string> needing_site;       // no qualifying facility yet
    std::vector<std::string> without_candidate;  // needing one, but no candidate lies inside
};

struct SitingResult {
    SitingSpec spec;
    PointLayer candidates;
    std::vector<Snap> snaps; // with roads only
    SnapReport snapping;
    std::uint64_t candidates_reaching_demand = 0;
    Metres search_bound{0.0};               // the threshold, or the p-median cost cap
    std::vector<double> candidate_capacity; // capacitated coverage only
    std::optional<UnitSitingStatus> units;  // with one_per_unit
    std::variant<SitingAnswer, SetCoveringAnswer, MedianAnswer, CapacitatedAnswer> answer; // by the model
    [[nodiscard]] const RankedSites& chosen() const {
        return std::visit([](const auto& model_answer) -> const RankedSites& { return model_answer; }, answer);
    }
    // Demand covered before and after: null for p-median, which counts cost instead.
    [[nodiscard]] const ChosenSites* coverage() const {
        return std::visit(
            [](const auto& model_answer) -> const ChosenSites* {
                if constexpr (std::is_base_of_v<ChosenSites, std::decay_t<decltype(model_answer)>>) {
                    return &model_answer;
                } else {
                    return nullptr;
                }
            },
            answer);
    }
};

// The model the siting asks for, over its service's facilities, demand and
// threshold: candidates read, snapped (with roads), their reach sets built,
// existing facilities kept.
LIFECIRCLE_PIPELINE_EXPORT SitingResult site(const SitingSpec& siting, const Inputs& inputs, const Routing* routing,
                                             std::span<const ServiceResult> services,
                                             const ProgressCallback& progress = {});

// The facility layer with the chosen sites joined to it (projected, and
// snapped where `snapping` is given), and what the change did.
struct FacilitiesWithSites {
    FacilityLayer facilities;
    std::optional<Snapping> snapping;
    AppliedChange change;
};
LIFECIRCLE_PIPELINE_EXPORT FacilitiesWithSites add_chosen_sites(const FacilityChange& change,
                                                                const SitingResult& siting, const Inputs& inputs,
                                                                const std::string& type, const Snapping* snapping);

// ---- draw_service_areas ----------------------------------------------------

// Service areas buffer and union every reached street: on a network larger
// than this they take minutes and gigabytes (a 1.8 M-edge city: 295 s,
// 2.3 GB), so a run draws none there and says so; `lifecircle isochrones` on
// a clip draws them on request.
inline constexpr std::uint32_t max_service_area_edges = 100'000;

// For maps: each service's facility areas at each of its bands, drawn once per
// facility type and bands, shared by services that ask for the same.
LIFECIRCLE_PIPELINE_EXPORT std::vector<std::vector<ServiceArea>>
draw_service_areas(std::span<const ServiceSpec> services, const Inputs& inputs, const Routing& routing,
                   const ProgressCallback& progress = {});

// ---- trace_routes ----------------------------------------------------------

// One service's routes from the places of outputs.routes.
struct ServiceRoutes {
    std::string service;              // its id
    std::vector<Snap> places;         // where each place joins the network, by the service's profile
    SnapReport snapping;              // of the places
    std::vector<WalkingRoute> routes; // one per place; no facility where none can be walked to
};

// For each service outputs.routes asks for (every one when it names none),
// each place's walk to its nearest facility at any distance, by the
// service's profile. Needs the run's inputs.route_places.
LIFECIRCLE_PIPELINE_EXPORT std::vector<ServiceRoutes> trace_routes(const RouteSpec& spec,
                                                                   std::span<const ServiceSpec> services,
                                                                   const Inputs& inputs, const Routing& routing,
                                                                   const ProgressCallback& progress = {});

// The service a siting or target names (it must exist: validate_scenario checks).
LIFECIRCLE_PIPELINE_EXPORT const ServiceResult& service_named(std::span<const ServiceResult> services,
                                                              const std::string& id);

} // namespace lifecircle
