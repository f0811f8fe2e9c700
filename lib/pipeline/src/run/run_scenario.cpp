#include "lifecircle/error.hpp"
#include "lifecircle/run.hpp"

#include "run/facility_changes.hpp"

#include <boost/geometry.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

namespace lifecircle {
namespace {

// The extent of the demand in degrees, only to find its centre for the UTM zone.
struct LonLatExtent {
    double min_lon = std::numeric_limits<double>::infinity();
    double min_lat = std::numeric_limits<double>::infinity();
    double max_lon = -std::numeric_limits<double>::infinity();
    double max_lat = -std::numeric_limits<double>::infinity();
    void add(LonLat position) {
        min_lon = std::min(min_lon, position.lon);
        min_lat = std::min(min_lat, position.lat);
        max_lon = std::max(max_lon, position.lon);
        max_lat = std::max(max_lat, position.lat);
    }
    [[nodiscard]] LonLat centre() const { return {(min_lon + max_lon) / 2.0, (min_lat + max_lat) / 2.0}; }
};

ProgressCallback stage_progress(const ProgressCallback& progress, std::string stage) {
    if (!progress) {
        return {};
    }
    return [progress, stage = std::move(stage)](double fraction, std::string_view) { progress(fraction, stage); };
}

void check_optional_field(const PointLayer& layer, const std::string& field, const std::string& role,
                          const SourceSpec& source) {
    if (!field.empty() && !layer.attributes.field_index(field)) {
        throw Error(ExitCode::input_invalid, {source.path.string(), source.layer, {}, field, {}},
                    "no such " + role + " field in the layer");
    }
}

// A facility that cannot reach any demand extent within the service's threshold
// is almost always a CRS or axis-order mistake. One such facility among others
// is reported; a layer of nothing else fails the run.
void check_facilities_near_demand(const ScenarioResult& result, FacilityLayer& facilities, const std::string& type) {
    PlanarBox demand_extent;
    boost::geometry::assign_inverse(demand_extent);
    double threshold = 0.0;
    for (const ServiceSpec& service : result.scenario.services) {
        if (service.facility != type) {
            continue;
        }
        threshold = std::max(threshold, service.threshold.value);
        for (const PlanarPoint& point : result.demand.at(service.demand).planar) {
            boost::geometry::expand(demand_extent, point);
        }
    }
    if (threshold == 0.0) {
        return; // the layer serves no service
    }
    for (std::size_t i = 0; i < facilities.planar.size(); ++i) {
        if (boost::geometry::distance(facilities.planar[i], demand_extent) > threshold) {
            facilities.facilities_far_from_demand.push_back(std::to_string(facilities.points.feature_ids[i]));
        }
    }
    if (!facilities.facilities_far_from_demand.empty() &&
        facilities.facilities_far_from_demand.size() == facilities.planar.size()) {
        const SourceSpec& source = facilities.spec.source;
        throw Error(ExitCode::input_invalid,
                    {source.path.string(), source.layer, facilities.facilities_far_from_demand.front(), {}, {}},
                    "every facility of '" + type + "' lies more than " + std::to_string(static_cast<long>(threshold)) +
                        " m outside the extent of the demand it serves; check the layer's CRS (GCJ-02? "
                        "projected?) and its axis order");
    }
    for (const std::string& id : facilities.facilities_far_from_demand) {
        facilities.points.report.warnings.push_back("feature " + id + " lies more than " +
                                                    std::to_string(static_cast<long>(threshold)) +
                                                    " m outside the demand extent and covers nobody");
    }
}

PlanarBox extent_of(std::span<const PlanarPoint> points) {
    PlanarBox box;
    boost::geometry::assign_inverse(box);
    for (const PlanarPoint& point : points) {
        boost::geometry::expand(box, point);
    }
    return box;
}

// Builds the walking graph and snaps every demand group and facility layer a
// service uses. A network nowhere near the demand, or a facility layer none of
// whose points reach it, is an input error: nearly always a CRS mistake.
void build_network(ScenarioResult& result, const RoadSource& roads, const WorkingCrs& crs,
                   const ProgressCallback& progress) {
    const Scenario& scenario = result.scenario;
    const RoadSpec& spec = *scenario.roads;
    const ErrorContext where{spec.source.path.string(), spec.source.layer, {}, {}, {}};
    report_progress(progress, 0.0, "building the walking network");
    NetworkState network;
    network.spec = spec;
    network.report = roads.report;
    network.graph = std::make_unique<WalkingGraph>(build_walking_graph(roads, crs, spec.graph));
    network.index = std::make_unique<EdgeIndex>(*network.graph);
    const WalkingGraph& graph = *network.graph;
    std::vector<PlanarPoint> nodes(graph.node_count());
    for (std::uint32_t node = 0; node < graph.node_count(); ++node) {
        nodes[node] = graph.node_position(node);
    }
    const PlanarBox network_extent = extent_of(nodes);
    report_progress(progress, 1.0, "building the walking network");

    std::set<std::string> groups;
    std::set<std::string> types;
    for (const ServiceSpec& service : scenario.services) {
        groups.insert(service.demand);
        types.insert(service.facility);
    }
    for (const std::string& name : groups) {
        DemandGroup& group = result.demand.at(name);
        const PlanarBox demand_extent = extent_of(group.planar);
        const double gap = boost::geometry::distance(demand_extent, network_extent);
        if (gap > spec.snap_limit.value) {
            throw Error(ExitCode::input_invalid, where,
                        "the road network lies " + std::to_string(static_cast<long>(gap)) +
                            " m from the demand of population '" + name + "'; check the CRS of both");
        }
        report_progress(progress, 0.0, "snapping population '" + name + "'");
        group.snaps = network.index->snap(group.planar, spec.snap_limit, &group.snapping);
        report_progress(progress, 1.0, "snapping population '" + name + "'");
    }
    for (const std::string& type : types) {
        FacilityLayer& facilities = result.facilities.at(type);
        facilities.snaps = network.index->snap(facilities.planar, spec.snap_limit, &facilities.snapping);
        if (facilities.snapping.beyond_limit == facilities.snapping.points) {
            const SourceSpec& source = facilities.spec.source;
            throw Error(ExitCode::input_invalid, {source.path.string(), source.layer, {}, {}, {}},
                        "no facility of '" + type + "' lies within " +
                            std::to_string(static_cast<long>(spec.snap_limit.value)) + " m of the road network");
        }
        for (std::size_t i = 0; i < facilities.snaps.size(); ++i) {
            if (!facilities.snaps[i].snapped()) {
                facilities.points.report.warnings.push_back(
                    "feature " + std::to_string(facilities.points.feature_ids[i]) + " lies more than " +
                    std::to_string(static_cast<long>(spec.snap_limit.value)) +
                    " m from the road network and serves nobody");
            }
        }
    }
    result.network = std::move(network);
}

// Every demand point or candidate within a bound of every source, on the
// network when the run has one, in a straight line otherwise.
ReachSets reach_within(const ScenarioResult& result, const DemandGroup& group, std::span<const Snap> snaps,
                       std::span<const PlanarPoint> planar, Metres bound) {
    return result.network ? reach_sets(*result.network->graph, group.snaps, snaps, bound)
                          : reach_by_radius(group.planar, planar, bound);
}

// Which units need a new site: those (of the listed codes) with no existing
// facility of the service's type inside whose capacity qualifies.
UnitRequirement unit_requirement(const ScenarioResult& result, const ServiceResult& service,
                                 std::span<const PlanarPoint> candidates, UnitSitingStatus& status) {
    const OnePerUnit& rule = *result.scenario.siting->one_per_unit;
    const UnitLevel& level = result.units.at(rule.level);
    const FacilityLayer& facilities = result.facilities.at(service.spec.facility);
    std::vector<std::uint32_t> listed;
    if (rule.codes.empty()) {
        listed.resize(level.layer.codes.size());
        std::iota(listed.begin(), listed.end(), 0U);
    } else {
        for (std::size_t i = 0; i < rule.codes.size(); ++i) {
            const auto at = std::find(level.layer.codes.begin(), level.layer.codes.end(), rule.codes[i]);
            if (at == level.layer.codes.end()) {
                throw Error(ExitCode::input_invalid,
                            {level.spec.source.path.string(), level.spec.source.layer, {}, level.spec.fields.code,
                             "/siting/one_per_unit/codes/" + std::to_string(i)},
                            "no unit with the code '" + rule.codes[i] + "' in the level '" + rule.level + "'");
            }
            listed.push_back(static_cast<std::uint32_t>(at - level.layer.codes.begin()));
        }
    }
    const std::vector<std::uint32_t> unit_of_facility = units_containing(facilities.planar, level.planar);
    std::vector<bool> served(level.planar.size(), false);
    for (std::size_t facility = 0; facility < facilities.planar.size(); ++facility) {
        const std::uint32_t unit = unit_of_facility[facility];
        const double capacity = facilities.capacity.empty() ? 0.0 : facilities.capacity[facility];
        if (unit != no_index && capacity >= rule.min_capacity) {
            served[unit] = true;
        }
    }
    UnitRequirement requirement;
    requirement.unit_of_candidate = units_containing(candidates, level.planar);
    for (const std::uint32_t unit : listed) {
        (served[unit] ? status.served_by_existing : status.needing_site).push_back(level.layer.codes[unit]);
        if (!served[unit]) {
            requirement.units.push_back(unit);
            if (std::find(requirement.unit_of_candidate.begin(), requirement.unit_of_candidate.end(), unit) ==
                requirement.unit_of_candidate.end()) {
                status.without_candidate.push_back(level.layer.codes[unit]);
            }
        }
    }
    return requirement;
}

// The model the siting asks for, over the service's facilities, demand and
// threshold: candidates read, snapped (with roads), their reach sets built,
// existing facilities kept.
SitingResult site_facilities(const ScenarioResult& result, const WorkingCrs& crs, const ProgressCallback& progress) {
    const SitingSpec& spec = *result.scenario.siting;
    const ServiceResult& service = *std::find_if(result.services.begin(), result.services.end(),
                                                 [&](const ServiceResult& s) { return s.spec.id == spec.service; });
    const DemandGroup& group = result.demand.at(service.spec.demand);
    const FacilityLayer& facilities = result.facilities.at(service.spec.facility);
    const Metres threshold = service.spec.threshold;
    const std::string stage = std::string(to_string(spec.model)) + " for '" + spec.service + "'";
    report_progress(progress, 0.0, stage);
    SitingResult siting;
    siting.spec = spec;
    siting.candidates = read_point_layer(spec.candidates);
    const ErrorContext where{spec.candidates.path.string(), spec.candidates.layer, {}, {}, {}};
    const std::size_t candidate_count = siting.candidates.positions.size();
    if (spec.model != SitingModel::set_covering && spec.add > candidate_count) {
        ErrorContext at = where;
        at.json_path = "/siting/add";
        throw Error(ExitCode::input_invalid, at,
                    "asks for " + std::to_string(spec.add) + " new sites but the layer has only " +
                        std::to_string(candidate_count) + " candidates");
    }
    if (spec.model == SitingModel::capacitated_coverage) {
        siting.candidate_capacity =
            spec.capacity ? std::vector<double>(candidate_count, *spec.capacity)
                          : read_non_negative_field(siting.candidates, spec.capacity_field, "capacity", spec.candidates);
    }
    const std::vector<PlanarPoint> planar = crs.project(siting.candidates.positions);
    if (result.network) {
        siting.snaps = result.network->index->snap(planar, result.network->spec.snap_limit, &siting.snapping);
    }
    siting.search_bound = spec.model == SitingModel::p_median ? spec.cost_cap.value_or(Metres{3.0 * threshold.value})
                                                              : threshold;
    ReachSets candidates = reach_within(result, group, siting.snaps, planar, siting.search_bound);
    for (std::size_t candidate = 0; candidate < candidate_count; ++candidate) {
        siting.candidates_reaching_demand +=
            candidates.offsets[candidate + 1] > candidates.offsets[candidate] ? 1U : 0U;
    }
    if (siting.candidates_reaching_demand == 0) {
        throw Error(ExitCode::input_invalid, where,
                    "no candidate reaches any demand within " +
                        std::to_string(static_cast<long>(siting.search_bound.value)) + " m" +
                        (result.network ? " (" + std::to_string(siting.snapping.beyond_limit) + " of " +
                                              std::to_string(candidate_count) + " lie beyond the snap limit)"
                                        : std::string()));
    }

    switch (spec.model) {
    case SitingModel::maximal_covering:
    case SitingModel::set_covering: {
        CoverageInstance instance;
        instance.weight = group.points.weights;
        for (const double cost : service.costs.cost_m) {
            instance.covered_by_existing.push_back(cost <= threshold.value);
        }
        instance.candidates = std::move(candidates);
        if (spec.model == SitingModel::set_covering) {
            siting.answer = set_covering(instance, *spec.target_share);
            break;
        }
        std::uint32_t add = spec.add;
        if (spec.one_per_unit) {
            siting.units.emplace();
            instance.one_per_unit = unit_requirement(result, service, planar, *siting.units);
            const auto satisfiable =
                static_cast<std::uint32_t>(siting.units->needing_site.size() - siting.units->without_candidate.size());
            if (add == 0) {
                add = std::max(1U, satisfiable); // as many as the units need
            } else if (add < satisfiable) {
                ErrorContext at = where;
                at.json_path = "/siting/add";
                throw Error(ExitCode::input_invalid, at,
                            std::to_string(satisfiable) + " units need a new site (and have a candidate) but \"add\" is " +
                                std::to_string(add) + "; raise it, or omit it to add one per such unit");
            }
        }
        siting.spec.add = add;
        siting.answer = maximal_covering(instance, add);
        break;
    }
    case SitingModel::p_median: {
        MedianInstance instance;
        instance.weight = group.points.weights;
        instance.cost_cap = siting.search_bound.value;
        instance.existing_cost =
            result.network ? nearest_facility_by_network(*result.network->graph, group.snaps, facilities.snaps,
                                                         siting.search_bound)
                                 .cost_m
                           : service.costs.cost_m; // straight-line costs are not bounded
        instance.candidates = std::move(candidates);
        siting.answer = p_median(instance, spec.add);
        break;
    }
    case SitingModel::capacitated_coverage: {
        CapacitatedInstance instance;
        instance.weight = group.points.weights;
        instance.existing = reach_within(result, group, facilities.snaps, facilities.planar, threshold);
        instance.existing_capacity = facilities.capacity;
        instance.candidates = std::move(candidates);
        instance.candidate_capacity = siting.candidate_capacity;
        siting.answer = capacitated_coverage(instance, spec.add);
        break;
    }
    }
    report_progress(progress, 1.0, stage);
    return siting;
}

// Every service's costs and coverage. One search per (facility, demand) pair,
// bounded by the largest threshold its services ask for: services differing
// only in threshold share it.
void compute_services(ScenarioResult& result, const ProgressCallback& progress) {
    std::map<std::pair<std::string, std::string>, double> largest_threshold;
    for (const ServiceSpec& service : result.scenario.services) {
        double& bound = largest_threshold[{service.facility, service.demand}];
        bound = std::max(bound, service.threshold.value);
    }
    std::map<std::pair<std::string, std::string>, std::pair<NearestFacilityCosts, TravelStatistics>> costs;
    for (const auto& [pair, bound] : largest_threshold) {
        const std::string stage = "costs from '" + pair.first + "' to '" + pair.second + "'";
        report_progress(progress, 0.0, stage);
        const DemandGroup& group = result.demand.at(pair.second);
        const FacilityLayer& facilities = result.facilities.at(pair.first);
        auto& [nearest, travel] = costs[pair];
        nearest = result.network ? nearest_facility_by_network(*result.network->graph, group.snaps, facilities.snaps,
                                                               Metres{bound}, &travel)
                                 : nearest_facility_by_radius(group.planar, facilities.planar);
        report_progress(progress, 1.0, stage);
    }
    for (const ServiceSpec& service : result.scenario.services) {
        const DemandGroup& group = result.demand.at(service.demand);
        ServiceResult computed;
        computed.spec = service;
        computed.mode = result.network ? "network" : "radius";
        std::tie(computed.costs, computed.travel) = costs.at({service.facility, service.demand});
        computed.totals = summarise_coverage(computed.costs.cost_m, group.points.weights, service.threshold);
        for (const auto& [level_name, level] : result.units) {
            computed.by_unit[level_name] =
                coverage_by_unit(group.units.at(level_name), level.planar.size(), computed.costs.cost_m,
                                 group.points.weights, service.threshold);
        }
        for (const double band : service.bands) {
            computed.band_demand.push_back(
                summarise_coverage(computed.costs.cost_m, group.points.weights, service.band_metres(band))
                    .demand_covered);
        }
        if (service.access) {
            const FacilityLayer& facilities = result.facilities.at(service.facility);
            const ReachSets reach = reach_within(result, group, facilities.snaps, facilities.planar, service.threshold);
            computed.access = two_step_floating_catchment(group.points.weights, facilities.capacity, reach,
                                                          service.threshold, *service.access);
        }
        result.services.push_back(std::move(computed));
    }
}

// Service areas, for maps, once the facilities are final (after any chosen
// sites joined them): the slowest step on a large network, so done once, and
// shared by services with the same facilities and bands.
void draw_service_areas(ScenarioResult& result, const ProgressCallback& progress) {
    std::map<std::pair<std::string, std::vector<double>>, std::vector<ServiceArea>> drawn;
    for (ServiceResult& service : result.services) {
        ServiceAreaOptions options;
        for (const double band : service.spec.bands) {
            options.thresholds.push_back(service.spec.band_metres(band));
        }
        std::vector<double> key;
        for (const Metres threshold : options.thresholds) {
            key.push_back(threshold.value);
        }
        auto [at, inserted] = drawn.try_emplace({service.spec.facility, std::move(key)});
        if (inserted) {
            const std::string stage = "service areas of '" + service.spec.facility + "'";
            report_progress(progress, 0.0, stage);
            const FacilityLayer& facilities = result.facilities.at(service.spec.facility);
            options.width = result.network->spec.area_width;
            at->second = service_areas(*result.network->graph, facilities.snaps, facilities.planar, options);
            report_progress(progress, 1.0, stage);
        }
        service.areas = at->second;
    }
}

} // namespace

ScenarioResult run_scenario(const Scenario& scenario, const ProgressCallback& progress) {
    validate_scenario(scenario);
    ScenarioResult result;
    result.scenario = scenario;

    for (const auto& [name, spec] : scenario.population) {
        DemandGroup group;
        group.spec = spec;
        group.points = read_population(spec, stage_progress(progress, "reading population '" + name + "'"));
        if (group.points.size() == 0) {
            throw Error(ExitCode::input_invalid, {group.points.report.source, {}, {}, {}, {}},
                        "population '" + name + "' has no populated cell or feature");
        }
        result.demand.emplace(name, std::move(group));
    }
    for (const auto& [name, spec] : scenario.facilities) {
        report_progress(progress, 0.0, "reading facilities '" + name + "'");
        FacilityLayer facilities;
        facilities.spec = spec;
        facilities.points = read_point_layer(spec.source);
        if (!spec.capacity_field.empty()) {
            facilities.capacity =
                read_non_negative_field(facilities.points, spec.capacity_field, "capacity", spec.source);
        }
        check_optional_field(facilities.points, spec.name_field, "name", spec.source);
        check_optional_field(facilities.points, spec.type_field, "type", spec.source);
        result.facilities.emplace(name, std::move(facilities));
        report_progress(progress, 1.0, "reading facilities '" + name + "'");
    }
    const std::string origin = scenario.file.empty() ? std::string("scenario") : scenario.file.string();
    for (const FacilityChange& change : scenario.changes) {
        if (change.kind != FacilityChange::Kind::add_chosen_sites) {
            result.changes.push_back(detail::apply_change(change, result.facilities.at(change.facility), origin));
        }
    }
    for (const auto& [name, spec] : scenario.units) {
        report_progress(progress, 0.0, "reading units '" + name + "'");
        UnitLevel level;
        level.spec = spec;
        level.layer = read_unit_layer(spec.source, spec.fields);
        result.units.emplace(name, std::move(level));
        report_progress(progress, 1.0, "reading units '" + name + "'");
    }

    std::optional<RoadSource> roads;
    if (scenario.roads) {
        report_progress(progress, 0.0, "reading roads");
        roads = read_roads(scenario.roads->source);
        report_progress(progress, 1.0, "reading roads");
    }

    LonLatExtent extent;
    for (const auto& [name, group] : result.demand) {
        for (const LonLat& position : group.points.positions) {
            extent.add(position);
        }
    }
    const WorkingCrs crs = WorkingCrs::choose(scenario.crs, extent.centre());
    result.working_crs = crs.name();
    result.crs = crs;

    report_progress(progress, 0.0, "projecting to " + crs.name());
    for (auto& [name, group] : result.demand) {
        group.planar = crs.project(group.points.positions);
    }
    for (auto& [name, facilities] : result.facilities) {
        facilities.planar = crs.project(facilities.points.positions);
        check_facilities_near_demand(result, facilities, name);
    }
    for (auto& [name, level] : result.units) {
        level.planar = project_polygons(level.layer.wkb_wgs84, crs);
    }
    report_progress(progress, 1.0, "projecting to " + crs.name());

    if (roads) {
        build_network(result, *roads, crs, progress);
    }

    std::set<std::string> groups_served;
    for (const ServiceSpec& service : scenario.services) {
        groups_served.insert(service.demand);
    }
    for (const std::string& name : groups_served) {
        DemandGroup& group = result.demand.at(name);
        for (const auto& [level_name, level] : result.units) {
            group.units[level_name] = assign_to_units(group.planar, group.points.weights, level.planar);
        }
    }

    compute_services(result, progress);
    if (scenario.siting) {
        result.siting = site_facilities(result, crs, progress);
        // A plan that takes the chosen sites: they join the facilities, and
        // every service is computed again with them.
        const auto takes_sites = std::find_if(scenario.changes.begin(), scenario.changes.end(),
                                              [](const FacilityChange& change) {
                                                  return change.kind == FacilityChange::Kind::add_chosen_sites;
                                              });
        if (takes_sites != scenario.changes.end()) {
            const std::string type = std::find_if(result.services.begin(), result.services.end(), [&](const auto& s) {
                                         return s.spec.id == scenario.siting->service;
                                     })->spec.facility;
            result.changes.push_back(
                detail::add_chosen_sites(*takes_sites, *result.siting, crs, type, result.facilities.at(type)));
            result.services.clear();
            compute_services(result, progress);
        }
    }
    if (result.network) {
        draw_service_areas(result, progress);
    }
    if (!scenario.targets.empty()) {
        report_progress(progress, 0.0, "evaluating targets");
        result.targets = evaluate_targets(result);
        report_progress(progress, 1.0, "evaluating targets");
    }
    return result;
}

} // namespace lifecircle
