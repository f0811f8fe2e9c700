// RunSummary from a run's results: what summary.json records. Every figure is
// computed by the stages; this only chooses and names them.

#include "lifecircle/run.hpp"
#include "lifecircle/version.hpp"

#include <cmath>
#include <numeric>

namespace lifecircle {
namespace fs = std::filesystem;

namespace {

const Snapping* find_snapping(const std::optional<Routing>& routing, bool demand, const std::string& name) {
    if (!routing) {
        return nullptr;
    }
    const std::map<std::string, Snapping>& snapped = demand ? routing->demand : routing->facilities;
    const auto found = snapped.find(name);
    return found == snapped.end() ? nullptr : &found->second;
}

SnappingSummary snapping_summary(const SnapReport& report) {
    return {report.points, report.beyond_limit, report.on_minor_component, std::nullopt,
            report.largest_connector.value};
}

std::optional<SnappingSummary> snapping_summary(const Snapping* snapping, bool demand) {
    if (snapping == nullptr) {
        return std::nullopt;
    }
    SnappingSummary summary = snapping_summary(snapping->report);
    if (demand) {
        summary.demand_on_minor_component = snapping->demand_on_minor_component;
    }
    return summary;
}

// An input's path relative to the scenario file, as the scenario wrote it.
std::string display_path(const std::string& path, const Scenario& scenario) {
    if (scenario.file.empty()) {
        return path;
    }
    const fs::path relative = fs::path(path).lexically_relative(scenario.file.parent_path());
    return relative.empty() ? path : relative.generic_string();
}

InputReport input_summary(InputReport report, const Scenario& scenario) {
    // A summed raster source lists its files joined by " + ".
    std::string sources;
    std::string remaining = report.source;
    for (std::size_t split; (split = remaining.find(" + ")) != std::string::npos;
         remaining = remaining.substr(split + 3)) {
        sources += display_path(remaining.substr(0, split), scenario) + " + ";
    }
    report.source = sources + display_path(remaining, scenario);
    return report;
}

double sum(std::span<const double> values) {
    return std::accumulate(values.begin(), values.end(), 0.0);
}

InputsSummary inputs_summary(const RunResult& result) {
    const Scenario& scenario = result.scenario;
    InputsSummary inputs;
    for (const auto& [name, group] : result.inputs.demand) {
        inputs.population[name] = {input_summary(group.points.report, scenario), group.points.size(),
                                   sum(group.points.weights), snapping_summary(result.demand_snapping(name), true)};
    }
    for (const auto& [name, facilities] : result.inputs.facilities) {
        FacilityInputSummary& summary = inputs.facilities[name];
        summary.read = input_summary(facilities.points.report, scenario);
        summary.far_from_demand = facilities.facilities_far_from_demand;
        summary.snapping = snapping_summary(result.facility_snapping(name), false);
        if (facilities.has_capacity()) {
            summary.capacity_field = facilities.spec.capacity_field;
            summary.capacity_total = sum(facilities.capacity);
        }
    }
    for (const auto& [name, level] : result.inputs.units) {
        inputs.units[name] = input_summary(level.layer.report, scenario);
    }
    if (result.routing) {
        const Network& network = result.routing->network;
        const WalkingGraph& graph = network.graph();
        const ComponentSummary components = graph.components();
        inputs.roads = RoadsInputSummary{input_summary(network.report(), scenario),
                                         graph.node_count(),
                                         graph.edge_count(),
                                         graph.total_length().value,
                                         components.count,
                                         {components.largest_node_counts.begin(), components.largest_node_counts.end()},
                                         graph.adjustments(),
                                         network.spec().snap_limit.value,
                                         network.spec().graph.endpoint_tolerance.value};
    }
    if (result.siting) {
        inputs.candidates = input_summary(result.siting->candidates.report, scenario);
    }
    return inputs;
}

ProfileSummary profile_summary(const ServiceResult& service, const Routing* routing) {
    const WalkingProfile& profile = service.spec.profile;
    ProfileSummary summary;
    summary.id = profile.id;
    summary.walk_kmh = profile.flat_kmh;
    summary.slope = profile.slope && routing != nullptr && routing->elevations.has_value();
    summary.step_penalty_s = profile.step_penalty_s;
    summary.crossing_penalty_s = profile.crossing_penalty_s;
    summary.wheelchair = profile.wheelchair;
    summary.max_incline = profile.max_incline;
    if (const WalkingCosts* costs = routing ? routing->costs(profile) : nullptr) {
        summary.edges_excluded = costs->exclusions().total();
        summary.crossings = costs->crossings();
    }
    return summary;
}

ServiceSummary service_summary(const ServiceResult& service, const Inputs& inputs, const Routing* routing) {
    const ServiceSpec& spec = service.spec;
    ServiceSummary summary;
    summary.id = spec.id;
    summary.label = spec.label;
    summary.facility = spec.facility;
    summary.demand = spec.demand;
    summary.mode = to_string(service.mode);
    summary.threshold_m = spec.threshold.value;
    summary.minutes = spec.minutes;
    summary.walk_kmh = spec.walk_kmh;
    summary.profile = profile_summary(service, routing);
    summary.demand_total = service.totals.demand_total;
    summary.demand_covered = service.totals.demand_covered;
    summary.covered_share = service.totals.covered_share();
    summary.points_total = service.totals.points_total;
    summary.points_covered = service.totals.points_covered;
    summary.unreachable = service.unreachable.points;
    summary.unreachable_demand = service.unreachable.demand;
    if (service.mode == RunMode::network) {
        summary.nodes_settled = service.travel.nodes_settled;
        summary.arcs_relaxed = service.travel.arcs_relaxed;
    }
    const double total = service.totals.demand_total;
    for (std::size_t band = 0; band < spec.bands.size(); ++band) {
        summary.bands.push_back({spec.bands[band], spec.band_metres(spec.bands[band]).value, service.band_demand[band],
                                 total > 0.0 ? service.band_demand[band] / total : 0.0});
    }
    for (std::size_t band = 0; band < service.areas.size(); ++band) {
        summary.service_areas.push_back({spec.bands[band], service.areas[band].area_m2, service.areas[band].holes});
    }
    if (service.equity) {
        const AccessEquity& equity = *service.equity;
        summary.access = AccessSummary{to_string(spec.access->kind), equity.mean_per_1000, equity.gini,
                                       std::isfinite(equity.palma) ? std::optional(equity.palma) : std::nullopt,
                                       equity.gini_by_unit};
    }
    const DemandGroup& group = inputs.demand.at(spec.demand);
    for (const auto& [level, totals] : service.by_unit) {
        const UnitAssignment& assignment = group.units.at(level);
        UnitLevelSummary& units = summary.units[level];
        units.unit_count = totals.size();
        for (const CoverageTotals& unit : totals) {
            units.units_without_demand += unit.points_total == 0 ? 1U : 0U;
            units.units_fully_covered += unit.points_total > 0 && unit.points_covered == unit.points_total ? 1U : 0U;
            units.demand_inside_units += unit.demand_total;
            units.covered_inside_units += unit.demand_covered;
        }
        units.points_outside_units = assignment.points_outside;
        units.demand_outside_units = assignment.weight_outside;
    }
    return summary;
}

RouteSummary route_summary(const ServiceRoutes& routes, const ServiceSpec& spec) {
    RouteSummary summary;
    summary.places = routes.places.size();
    summary.beyond_snap_limit = routes.snapping.beyond_limit;
    for (const WalkingRoute& route : routes.routes) {
        summary.routed += route.facility != no_index ? 1U : 0U;
        summary.within_threshold += route.cost <= spec.threshold.value ? 1U : 0U;
    }
    summary.no_facility = summary.places - summary.beyond_snap_limit - summary.routed;
    return summary;
}

TargetSummary target_summary(const TargetResult& target) {
    TargetSummary summary;
    summary.id = target.spec.id;
    summary.label = target.spec.label;
    summary.indicator = to_string(target.spec.indicator);
    summary.value = target.value;
    summary.min = target.spec.min;
    summary.max = target.spec.max;
    summary.met = target.met;
    summary.gap = target.gap;
    if (!target.spec.units.empty()) {
        summary.units = target.spec.units;
        summary.units_considered = target.units_considered;
        summary.units_passing = target.units_passing;
        std::vector<FailingUnitSummary>& failing = summary.failing_units.emplace();
        for (const UnitValue& unit : target.failing_units) {
            failing.push_back({unit.code, unit.name, unit.value});
        }
    }
    return summary;
}

double share(double part, double whole) {
    return whole > 0.0 ? part / whole : 0.0;
}

std::variant<MaximalCoveringSummary, SetCoveringSummary, MedianSummary, CapacitatedSummary>
model_summary(const SitingResult& siting, const FacilityLayer& existing) {
    const SitingSpec& spec = siting.spec;
    if (const auto* covering = std::get_if<SitingAnswer>(&siting.answer)) {
        MaximalCoveringSummary summary{spec.add,        covering->upper_bound,    covering->gap(),
                                       covering->swaps, covering->merged_columns, std::nullopt};
        if (siting.units) {
            summary.one_per_unit = OnePerUnitSummary{spec.one_per_unit->level, spec.one_per_unit->min_capacity,
                                                     siting.units->served_by_existing, siting.units->needing_site,
                                                     siting.units->without_candidate};
        }
        return summary;
    }
    if (const auto* set = std::get_if<SetCoveringAnswer>(&siting.answer)) {
        return SetCoveringSummary{*spec.target_share, set->target_demand, set->target_reached, set->fewest_possible,
                                  set->gap()};
    }
    if (const auto* median = std::get_if<MedianAnswer>(&siting.answer)) {
        const double demand = median->total_demand;
        return MedianSummary{spec.add,
                             demand,
                             siting.search_bound.value,
                             median->cost_before,
                             median->cost_after,
                             share(median->cost_before, demand),
                             share(median->cost_after, demand),
                             median->demand_at_cap_before,
                             median->demand_at_cap_after,
                             median->lower_bound,
                             median->gap(),
                             median->swaps};
    }
    const auto& capacitated = std::get<CapacitatedAnswer>(siting.answer);
    CapacitatedSummary summary{spec.add, capacitated.upper_bound, capacitated.gap(), capacitated.swaps, {}};
    for (std::size_t facility = 0; facility < capacitated.existing_load.size(); ++facility) {
        summary.existing_facilities.push_back(
            {existing.points.feature_ids[facility], existing.capacity[facility], capacitated.existing_load[facility]});
    }
    return summary;
}

SitingSummary siting_summary(const SitingResult& siting, const FacilityLayer& existing) {
    const RankedSites& answer = siting.chosen();
    SitingSummary summary;
    summary.service = siting.spec.service;
    summary.model = to_string(siting.spec.model);
    summary.candidates_read = siting.candidates.report.features_read;
    summary.candidates_used = siting.candidates.report.features_used;
    if (!siting.snaps.empty()) {
        summary.candidates_snapping = snapping_summary(siting.snapping);
    }
    summary.search_bound_m = siting.search_bound.value;
    summary.candidates_reaching_demand = siting.candidates_reaching_demand;
    summary.chosen = answer.sites.size();
    const ChosenSites* coverage = siting.coverage();
    if (coverage != nullptr) {
        summary.coverage =
            SitingCoverageSummary{coverage->total_demand, coverage->covered_before, coverage->covered_after,
                                  share(coverage->covered_before, coverage->total_demand),
                                  share(coverage->covered_after, coverage->total_demand)};
    }
    summary.figures = model_summary(siting, existing);
    const auto* capacitated = std::get_if<CapacitatedAnswer>(&siting.answer);
    for (std::size_t rank = 0; rank < answer.sites.size(); ++rank) {
        const std::uint32_t site = answer.sites[rank];
        SiteSummary& chosen = summary.sites.emplace_back();
        chosen.rank = rank + 1;
        chosen.source_fid = siting.candidates.feature_ids[site];
        (coverage != nullptr ? chosen.adds_demand : chosen.saves_person_m) = answer.marginal_gain[rank];
        if (capacitated != nullptr) {
            chosen.capacity = siting.candidate_capacity[site];
            chosen.serves = capacitated->site_load[rank];
        }
    }
    return summary;
}

} // namespace

const Snapping* RunResult::demand_snapping(const std::string& group) const {
    return find_snapping(routing, true, group);
}

const Snapping* RunResult::facility_snapping(const std::string& type) const {
    return find_snapping(routing, false, type);
}

RunSummary summarise(const RunResult& result) {
    const Scenario& scenario = result.scenario;
    RunSummary summary;
    summary.lifecircle_version = LIFECIRCLE_VERSION;
    summary.scenario = {
        scenario.name, scenario.file.empty() ? "" : scenario.file.filename().string(), {}, {}, scenario.study_area};
    for (const auto& [key, units] : scenario.units) {
        if (!units.label.empty()) {
            summary.scenario.unit_labels[key] = units.label;
        }
    }
    for (const auto& [key, facilities] : scenario.facilities) {
        if (!facilities.label.empty()) {
            summary.scenario.facility_labels[key] = facilities.label;
        }
    }
    summary.working_crs = result.inputs.crs.name();
    summary.inputs = inputs_summary(result);
    for (const ReferenceTotal& reference : scenario.references) {
        const DemandGroup& group = result.inputs.demand.at(reference.population);
        double counted = sum(group.points.weights);
        if (!reference.units.empty()) {
            counted -= group.units.at(reference.units).weight_outside; // validate_scenario: the group is served
        }
        summary.references.push_back({reference.label, reference.source, reference.population, reference.units,
                                      reference.total, counted,
                                      reference.total > 0.0 ? std::optional(counted / reference.total) : std::nullopt});
    }
    for (const ServiceResult& service : result.services) {
        ServiceSummary& added = summary.services.emplace_back(
            service_summary(service, result.inputs, result.routing ? &*result.routing : nullptr));
        for (const ServiceRoutes& routes : result.routes) {
            if (routes.service == service.spec.id) {
                added.routes = route_summary(routes, service.spec);
            }
        }
    }
    for (const TargetResult& target : result.targets) {
        summary.targets.push_back(target_summary(target));
    }
    for (const AppliedChange& change : result.inputs.changes) {
        summary.changes.push_back(
            {to_string(change.kind), change.facility, display_path(change.source, scenario), change.features});
    }
    if (result.siting) {
        const std::string& type = service_named(result.services, result.siting->spec.service).spec.facility;
        summary.siting = siting_summary(*result.siting, result.inputs.facilities.at(type));
    }
    return summary;
}

} // namespace lifecircle
