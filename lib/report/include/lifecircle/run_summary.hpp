#pragma once
// summary.json of a run as typed values (docs/summary-json.md). The pipeline
// fills a RunSummary from its results; the writer, report.html, `compare` and
// the command line all use these structs, so every key is spelt once, here.

#include "lifecircle/io.hpp"
#include "lifecircle/json_schema.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lifecircle {

// ---- inputs ----------------------------------------------------------------

struct SnappingSummary {
    std::uint64_t points = 0;
    std::uint64_t beyond_snap_limit = 0;
    std::uint64_t on_minor_component = 0;
    std::optional<double> demand_on_minor_component; // demand: the people those points carry
    double largest_connector_m = 0.0;
};
void describe(Of<SnappingSummary> auto& self, auto& field) {
    field("points", self.points);
    field("beyond_snap_limit", self.beyond_snap_limit);
    field("on_minor_component", self.on_minor_component);
    field("demand_on_minor_component", self.demand_on_minor_component, omit_empty);
    field("largest_connector_m", self.largest_connector_m);
}

struct PopulationInputSummary {
    InputReport read;
    std::uint64_t demand_points = 0;
    double demand_total = 0.0;
    std::optional<SnappingSummary> snapping; // with roads
};
void describe(Of<PopulationInputSummary> auto& self, auto& field) {
    field.flatten(self.read);
    field("demand_points", self.demand_points);
    field("demand_total", self.demand_total);
    field("snapping", self.snapping, omit_empty);
}

struct FacilityInputSummary {
    InputReport read;
    std::vector<std::string> far_from_demand; // feature ids
    std::optional<SnappingSummary> snapping;  // with roads, for the types a service uses
    std::optional<std::string> capacity_field;
    std::optional<double> capacity_total;
};
void describe(Of<FacilityInputSummary> auto& self, auto& field) {
    field.flatten(self.read);
    field("far_from_demand", self.far_from_demand);
    field("snapping", self.snapping, omit_empty);
    field("capacity_field", self.capacity_field, omit_empty);
    field("capacity_total", self.capacity_total, omit_empty);
}

struct RoadsInputSummary {
    InputReport read;
    std::uint64_t nodes = 0;
    std::uint64_t edges = 0;
    double total_length_m = 0.0;
    std::uint64_t components = 0;
    std::vector<std::uint64_t> largest_components_nodes;
    std::map<std::string, std::uint64_t> adjustments; // by reason
    double snap_limit_m = 0.0;
    double endpoint_tolerance_m = 0.0;
};
void describe(Of<RoadsInputSummary> auto& self, auto& field) {
    field.flatten(self.read);
    field("nodes", self.nodes);
    field("edges", self.edges);
    field("total_length_m", self.total_length_m);
    field("components", self.components);
    field("largest_components_nodes", self.largest_components_nodes);
    field("adjustments", self.adjustments);
    field("snap_limit_m", self.snap_limit_m);
    field("endpoint_tolerance_m", self.endpoint_tolerance_m);
}

struct InputsSummary {
    std::map<std::string, PopulationInputSummary> population;
    std::map<std::string, FacilityInputSummary> facilities;
    std::map<std::string, InputReport> units;
    std::optional<RoadsInputSummary> roads; // network mode
    std::optional<InputReport> candidates;  // with siting
};
void describe(Of<InputsSummary> auto& self, auto& field) {
    field("population", self.population);
    field("facilities", self.facilities);
    field("units", self.units);
    field("roads", self.roads, omit_empty);
    field("candidates", self.candidates, omit_empty);
}

// ---- services --------------------------------------------------------------

// People within a band's bound (cumulative).
struct BandSummary {
    double upto = 0.0; // minutes, or metres
    double upto_m = 0.0;
    double demand = 0.0;
    double share = 0.0;
};
void describe(Of<BandSummary> auto& self, auto& field) {
    field("upto", self.upto);
    field("upto_m", self.upto_m);
    field("demand", self.demand);
    field("share", self.share);
}

struct ServiceAreaSummary {
    double upto = 0.0;
    double area_m2 = 0.0;
    std::uint64_t holes = 0;
};
void describe(Of<ServiceAreaSummary> auto& self, auto& field) {
    field("upto", self.upto);
    field("area_m2", self.area_m2);
    field("holes", self.holes);
}

// Access to capacity (2SFCA) and how evenly it is spread.
struct AccessSummary {
    std::string method; // 2sfca, e2sfca_steps, e2sfca_gaussian
    double mean_per_1000 = 0.0;
    double gini = 0.0;
    std::optional<double> palma;                // null when the bottom 40% have no access
    std::map<std::string, double> gini_by_unit; // by unit level
};
void describe(Of<AccessSummary> auto& self, auto& field) {
    field("method", self.method);
    field("mean_per_1000", self.mean_per_1000);
    field("gini", self.gini);
    field("palma", self.palma);
    field("gini_by_unit", self.gini_by_unit);
}

struct UnitLevelSummary {
    std::uint64_t unit_count = 0;
    std::uint64_t units_without_demand = 0;
    std::uint64_t units_fully_covered = 0;
    std::uint64_t points_outside_units = 0;
    double demand_outside_units = 0.0;
    double demand_inside_units = 0.0; // the planner's area: what the headline leads with
    double covered_inside_units = 0.0;
};
void describe(Of<UnitLevelSummary> auto& self, auto& field) {
    field("unit_count", self.unit_count);
    field("units_without_demand", self.units_without_demand);
    field("units_fully_covered", self.units_fully_covered);
    field("points_outside_units", self.points_outside_units);
    field("demand_outside_units", self.demand_outside_units);
    field("demand_inside_units", self.demand_inside_units);
    field("covered_inside_units", self.covered_inside_units);
}

// How the service's people walk (walking_costs.hpp), as the run applied it.
struct ProfileSummary {
    std::string id; // walk, elderly, wheelchair, or the scenario's own
    double walk_kmh = 0.0;
    bool slope = false;                   // Tobler's function on the elevation model's heights
    std::optional<double> step_penalty_s; // null: steps are not walked
    double crossing_penalty_s = 0.0;
    bool wheelchair = false;
    std::optional<double> max_incline;
    std::uint64_t edges_excluded = 0; // network mode: ways this profile may not use
    std::uint64_t crossings = 0;      // network mode: places where a major road is crossed

    // Whether a walk is a distance at one speed, as it was before profiles.
    [[nodiscard]] bool walks_a_distance() const noexcept {
        return !slope && step_penalty_s == 0.0 && crossing_penalty_s == 0.0 && !wheelchair && !max_incline;
    }
};
void describe(Of<ProfileSummary> auto& self, auto& field) {
    field("id", self.id);
    field("walk_kmh", self.walk_kmh);
    field("slope", self.slope);
    field("step_penalty_s", self.step_penalty_s);
    field("crossing_penalty_s", self.crossing_penalty_s);
    field("wheelchair", self.wheelchair);
    field("max_incline", self.max_incline);
    field("edges_excluded", self.edges_excluded);
    field("crossings", self.crossings);
}

// outputs.routes for one service: how the places asked about fared.
struct RouteSummary {
    std::uint64_t places = 0;
    std::uint64_t beyond_snap_limit = 0; // no street near enough to join (by the service's profile)
    std::uint64_t no_facility = 0;       // joined the network, but no facility can be walked to from there
    std::uint64_t routed = 0;            // a route drawn
    std::uint64_t within_threshold = 0;  // of those routed
};
void describe(Of<RouteSummary> auto& self, auto& field) {
    field("places", self.places);
    field("beyond_snap_limit", self.beyond_snap_limit);
    field("no_facility", self.no_facility);
    field("routed", self.routed);
    field("within_threshold", self.within_threshold);
}

struct ServiceSummary {
    std::string id;
    std::string label; // the scenario's display name; empty when it gives none
    std::string facility;
    std::string demand;
    std::string mode; // "straight_line" or "network" ("radius" in runs before 0.2)
    double threshold_m = 0.0;
    std::optional<double> minutes;
    std::optional<double> walk_kmh;
    std::optional<ProfileSummary> profile; // absent in runs before December 2026
    double demand_total = 0.0;
    double demand_covered = 0.0;
    double covered_share = 0.0;
    std::uint64_t points_total = 0;
    std::uint64_t points_covered = 0;
    // No way to any facility at all: none exists (radius), or the point is
    // beyond the snap limit (network). Not the same as beyond the threshold.
    std::uint64_t unreachable = 0;
    double unreachable_demand = 0.0;
    std::optional<std::uint64_t> nodes_settled; // network mode
    std::optional<std::uint64_t> arcs_relaxed;
    std::vector<BandSummary> bands;
    std::vector<ServiceAreaSummary> service_areas; // network mode
    std::optional<AccessSummary> access;
    std::map<std::string, UnitLevelSummary> units; // by unit level
    std::optional<RouteSummary> routes;            // with outputs.routes
};
void describe(Of<ServiceSummary> auto& self, auto& field) {
    field("id", self.id);
    field("label", self.label, omit_empty);
    field("facility", self.facility);
    field("demand", self.demand);
    field("mode", self.mode);
    field("threshold_m", self.threshold_m);
    field("minutes", self.minutes);
    field("walk_kmh", self.walk_kmh);
    field("profile", self.profile, omit_empty);
    field("demand_total", self.demand_total);
    field("demand_covered", self.demand_covered);
    field("covered_share", self.covered_share);
    field("points_total", self.points_total);
    field("points_covered", self.points_covered);
    field("unreachable", self.unreachable);
    field("unreachable_demand", self.unreachable_demand);
    field("nodes_settled", self.nodes_settled, omit_empty);
    field("arcs_relaxed", self.arcs_relaxed, omit_empty);
    field("bands", self.bands);
    field("service_areas", self.service_areas, omit_empty);
    field("access", self.access, omit_empty);
    field("units", self.units);
    field("routes", self.routes, omit_empty);
}

// ---- targets and changes ---------------------------------------------------

struct FailingUnitSummary {
    std::string code;
    std::string name;
    std::optional<double> value;
};
void describe(Of<FailingUnitSummary> auto& self, auto& field) {
    field("code", self.code);
    field("name", self.name);
    field("value", self.value);
}

struct TargetSummary {
    std::string id;
    std::string label;
    std::string indicator;
    std::optional<double> value; // null: undefined (no demand, no beds ...)
    std::optional<double> min;
    std::optional<double> max;
    bool met = false;
    double gap = 0.0;
    // Targets over units only:
    std::optional<std::string> units; // the unit level
    std::optional<std::uint64_t> units_considered;
    std::optional<std::uint64_t> units_passing;
    std::optional<std::vector<FailingUnitSummary>> failing_units;
};
void describe(Of<TargetSummary> auto& self, auto& field) {
    field("id", self.id);
    field("label", self.label, omit_empty);
    field("indicator", self.indicator);
    field("value", self.value);
    field("min", self.min);
    field("max", self.max);
    field("met", self.met);
    field("gap", self.gap);
    field("units", self.units, omit_empty);
    field("units_considered", self.units_considered, omit_empty);
    field("units_passing", self.units_passing, omit_empty);
    field("failing_units", self.failing_units, omit_empty);
}

struct ChangeSummary {
    std::string kind; // FacilityChange::Kind as the scenario names it
    std::string facility;
    std::string source;
    std::uint64_t features = 0;
};
void describe(Of<ChangeSummary> auto& self, auto& field) {
    field("kind", self.kind);
    field("facility", self.facility);
    field("source", self.source);
    field("features", self.features);
}

// ---- siting ----------------------------------------------------------------

// Demand covered before and after: the models that count coverage.
struct SitingCoverageSummary {
    static constexpr const char* marker = "covered_before";
    double demand_total = 0.0;
    double covered_before = 0.0;
    double covered_after = 0.0;
    double share_before = 0.0;
    double share_after = 0.0;
};
void describe(Of<SitingCoverageSummary> auto& self, auto& field) {
    field("demand_total", self.demand_total);
    field("covered_before", self.covered_before);
    field("covered_after", self.covered_after);
    field("share_before", self.share_before);
    field("share_after", self.share_after);
}

struct OnePerUnitSummary {
    std::string units; // the unit level
    double min_capacity = 0.0;
    std::vector<std::string> served_by_existing; // unit codes
    std::vector<std::string> needing_site;
    std::vector<std::string> without_candidate;
};
void describe(Of<OnePerUnitSummary> auto& self, auto& field) {
    field("units", self.units);
    field("min_capacity", self.min_capacity);
    field("served_by_existing", self.served_by_existing);
    field("needing_site", self.needing_site);
    field("without_candidate", self.without_candidate);
}

struct MaximalCoveringSummary {
    static constexpr const char* marker = "merged_columns";
    std::uint64_t add = 0;
    double upper_bound = 0.0; // no `add` sites cover more
    double gap = 0.0;
    std::uint64_t swaps = 0;
    std::uint64_t merged_columns = 0;
    std::optional<OnePerUnitSummary> one_per_unit;
};
void describe(Of<MaximalCoveringSummary> auto& self, auto& field) {
    field("add", self.add);
    field("upper_bound", self.upper_bound);
    field("gap", self.gap);
    field("swaps", self.swaps);
    field("merged_columns", self.merged_columns);
    field("one_per_unit", self.one_per_unit, omit_empty);
}

struct SetCoveringSummary {
    static constexpr const char* marker = "fewest_possible";
    double target_share = 0.0;
    double target_demand = 0.0;
    bool target_reached = false;
    std::uint64_t fewest_possible = 0; // no answer with fewer sites reaches the target
    double gap = 0.0;
};
void describe(Of<SetCoveringSummary> auto& self, auto& field) {
    field("target_share", self.target_share);
    field("target_demand", self.target_demand);
    field("target_reached", self.target_reached);
    field("fewest_possible", self.fewest_possible);
    field("gap", self.gap);
}

struct MedianSummary {
    static constexpr const char* marker = "cost_cap_m";
    std::uint64_t add = 0;
    double demand_total = 0.0;
    double cost_cap_m = 0.0;
    double cost_before_person_m = 0.0;
    double cost_after_person_m = 0.0;
    double mean_cost_before_m = 0.0;
    double mean_cost_after_m = 0.0;
    double demand_at_cap_before = 0.0;
    double demand_at_cap_after = 0.0;
    double lower_bound_person_m = 0.0; // no `add` sites cost less
    double gap = 0.0;
    std::uint64_t swaps = 0;
};
void describe(Of<MedianSummary> auto& self, auto& field) {
    field("add", self.add);
    field("demand_total", self.demand_total);
    field("cost_cap_m", self.cost_cap_m);
    field("cost_before_person_m", self.cost_before_person_m);
    field("cost_after_person_m", self.cost_after_person_m);
    field("mean_cost_before_m", self.mean_cost_before_m);
    field("mean_cost_after_m", self.mean_cost_after_m);
    field("demand_at_cap_before", self.demand_at_cap_before);
    field("demand_at_cap_after", self.demand_at_cap_after);
    field("lower_bound_person_m", self.lower_bound_person_m);
    field("gap", self.gap);
    field("swaps", self.swaps);
}

struct FacilityLoadSummary {
    std::int64_t source_fid = 0;
    double capacity = 0.0;
    double serves = 0.0;
};
void describe(Of<FacilityLoadSummary> auto& self, auto& field) {
    field("source_fid", self.source_fid);
    field("capacity", self.capacity);
    field("serves", self.serves);
}

struct CapacitatedSummary {
    static constexpr const char* marker = "existing_facilities";
    std::uint64_t add = 0;
    double upper_bound = 0.0;
    double gap = 0.0;
    std::uint64_t swaps = 0;
    std::vector<FacilityLoadSummary> existing_facilities;
};
void describe(Of<CapacitatedSummary> auto& self, auto& field) {
    field("add", self.add);
    field("upper_bound", self.upper_bound);
    field("gap", self.gap);
    field("swaps", self.swaps);
    field("existing_facilities", self.existing_facilities);
}

// A chosen site, in order of marginal gain.
struct SiteSummary {
    std::uint64_t rank = 0;
    std::int64_t source_fid = 0;
    std::optional<double> saves_person_m; // p-median
    std::optional<double> adds_demand;    // the coverage models
    std::optional<double> capacity;       // capacitated coverage
    std::optional<double> serves;
};
void describe(Of<SiteSummary> auto& self, auto& field) {
    field("rank", self.rank);
    field("source_fid", self.source_fid);
    field("saves_person_m", self.saves_person_m, omit_empty);
    field("adds_demand", self.adds_demand, omit_empty);
    field("capacity", self.capacity, omit_empty);
    field("serves", self.serves, omit_empty);
}

struct SitingSummary {
    std::string service;
    std::string model; // SitingModel as the scenario names it
    std::uint64_t candidates_read = 0;
    std::uint64_t candidates_used = 0;
    std::optional<SnappingSummary> candidates_snapping; // with roads
    double search_bound_m = 0.0;
    std::uint64_t candidates_reaching_demand = 0;
    std::uint64_t chosen = 0;
    std::optional<SitingCoverageSummary> coverage; // not for p-median
    std::variant<MaximalCoveringSummary, SetCoveringSummary, MedianSummary, CapacitatedSummary> figures; // by model
    std::vector<SiteSummary> sites;
};
void describe(Of<SitingSummary> auto& self, auto& field) {
    field("service", self.service);
    field("model", self.model);
    field("candidates_read", self.candidates_read);
    field("candidates_used", self.candidates_used);
    field("candidates_snapping", self.candidates_snapping, omit_empty);
    field("search_bound_m", self.search_bound_m);
    field("candidates_reaching_demand", self.candidates_reaching_demand);
    field("chosen", self.chosen);
    field.flatten(self.coverage);
    field.flatten(self.figures);
    field("sites", self.sites);
}

// ---- the run ---------------------------------------------------------------

struct ScenarioSummary {
    std::string name;
    std::string file; // its file name; empty for a run from command-line options
    // Display names the scenario gives its unit levels and facility types, by key.
    std::map<std::string, std::string> unit_labels;
    std::map<std::string, std::string> facility_labels;
    std::string study_area; // the unit level the demand was limited to; empty: none
};
void describe(Of<ScenarioSummary> auto& self, auto& field) {
    field("name", self.name);
    field("file", self.file);
    field("unit_labels", self.unit_labels, omit_empty);
    field("facility_labels", self.facility_labels, omit_empty);
    field("study_area", self.study_area, omit_empty);
}

// What a reader sees for a key the scenario may label: the label, else the key.
inline const std::string& display_name(const std::map<std::string, std::string>& labels, const std::string& key) {
    const auto found = labels.find(key);
    return found == labels.end() ? key : found->second;
}
template <typename Summary>
const std::string& display_name(const Summary& summary) {
    return summary.label.empty() ? summary.id : summary.label;
}

// The demand's own total beside a published one (a census count).
struct ReferenceSummary {
    std::string label;
    std::string source;
    std::string population;
    std::string units; // the level the demand was counted inside; empty: all of it
    double reference_total = 0.0;
    double demand_total = 0.0;
    std::optional<double> ratio; // demand_total / reference_total; null when the reference is 0
};
void describe(Of<ReferenceSummary> auto& self, auto& field) {
    field("label", self.label);
    field("source", self.source);
    field("population", self.population);
    field("units", self.units);
    field("reference_total", self.reference_total);
    field("demand_total", self.demand_total);
    field("ratio", self.ratio);
}

// The units a service's headline leads with, as the planner's area: the study
// area's level, else the first level; none without units or people in them.
inline const std::pair<const std::string, UnitLevelSummary>* headline_units(const ServiceSummary& service,
                                                                            const ScenarioSummary& scenario) {
    const auto level =
        service.units.count(scenario.study_area) > 0 ? service.units.find(scenario.study_area) : service.units.begin();
    return level != service.units.end() && level->second.demand_inside_units > 0.0 ? &*level : nullptr;
}

struct RunSummary {
    std::string lifecircle_version;
    ScenarioSummary scenario;
    std::string working_crs;
    InputsSummary inputs;
    std::vector<ReferenceSummary> references;
    std::vector<ServiceSummary> services;
    std::vector<TargetSummary> targets;
    std::vector<ChangeSummary> changes; // a plan's changes to the facilities
    std::optional<SitingSummary> siting;
    std::vector<std::string> outputs; // every file written, summary.json last
};
void describe(Of<RunSummary> auto& self, auto& field) {
    field("lifecircle_version", self.lifecircle_version);
    field("scenario", self.scenario);
    field("working_crs", self.working_crs);
    field("inputs", self.inputs);
    field("references", self.references, omit_empty);
    field("services", self.services);
    field("targets", self.targets, omit_empty);
    field("changes", self.changes, omit_empty);
    field("siting", self.siting, omit_empty);
    field("outputs", self.outputs);
}

// ---- lifecircle isochrones -------------------------------------------------

struct IsochroneFacilitiesSummary {
    std::string source;
    std::uint64_t features_used = 0;
    std::uint64_t beyond_snap_limit = 0;
};
void describe(Of<IsochroneFacilitiesSummary> auto& self, auto& field) {
    field("source", self.source);
    field("features_used", self.features_used);
    field("beyond_snap_limit", self.beyond_snap_limit);
}

struct IsochroneRoadsSummary {
    std::string source;
    std::uint64_t nodes = 0;
    std::uint64_t edges = 0;
};
void describe(Of<IsochroneRoadsSummary> auto& self, auto& field) {
    field("source", self.source);
    field("nodes", self.nodes);
    field("edges", self.edges);
}

struct DissolvedAreaSummary {
    double upto = 0.0; // minutes, or metres
    double threshold_m = 0.0;
    double area_m2 = 0.0;
    std::uint64_t holes = 0;
};
void describe(Of<DissolvedAreaSummary> auto& self, auto& field) {
    field("upto", self.upto);
    field("threshold_m", self.threshold_m);
    field("area_m2", self.area_m2);
    field("holes", self.holes);
}

struct IsochroneSummary {
    std::string lifecircle_version;
    std::string command = "isochrones";
    std::string working_crs;
    IsochroneFacilitiesSummary facilities;
    IsochroneRoadsSummary roads;
    double width_m = 0.0;
    std::vector<DissolvedAreaSummary> service_areas; // every facility's, dissolved, per bound
    std::vector<std::string> outputs;
};
void describe(Of<IsochroneSummary> auto& self, auto& field) {
    field("lifecircle_version", self.lifecircle_version);
    field("command", self.command);
    field("working_crs", self.working_crs);
    field("facilities", self.facilities);
    field("roads", self.roads);
    field("width_m", self.width_m);
    field("service_areas", self.service_areas);
    field("outputs", self.outputs);
}

} // namespace lifecircle
