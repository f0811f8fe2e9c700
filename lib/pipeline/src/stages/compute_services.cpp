#include "lifecircle/stages.hpp"

#include "stages/reach_within.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

namespace lifecircle {

const char* to_string(RunMode mode) {
    return mode == RunMode::network ? "network" : "straight_line";
}

const ServiceResult& service_named(std::span<const ServiceResult> services, const std::string& id) {
    const auto found = std::find_if(services.begin(), services.end(),
                                    [&](const ServiceResult& service) { return service.spec.id == id; });
    if (found == services.end()) {
        throw std::logic_error("no computed service '" + id + "'"); // validate_scenario rules this out
    }
    return *found;
}

namespace {

Unreachable unreachable_demand(const ServiceResult& service, const DemandGroup& group, const Routing* routing) {
    Unreachable cut_off;
    const std::vector<Snap>* snaps =
        routing ? &routing->demand_snapping(service.spec.demand, service.spec.profile).snaps : nullptr;
    for (std::size_t point = 0; point < group.points.size(); ++point) {
        if (snaps == nullptr ? service.costs.nearest_facility[point] == no_index : !(*snaps)[point].snapped()) {
            ++cut_off.points;
            cut_off.demand += group.points.weights[point];
        }
    }
    return cut_off;
}

AccessEquity access_equity(const ServiceResult& service, const DemandGroup& group) {
    const std::vector<double>& access = service.access->access;
    const std::vector<double>& weights = group.points.weights;
    AccessEquity equity;
    double held = 0.0;
    for (std::size_t point = 0; point < weights.size(); ++point) {
        held += weights[point] * access[point];
    }
    equity.mean_per_1000 = service.totals.demand_total > 0.0 ? 1000.0 * held / service.totals.demand_total : 0.0;
    equity.gini = gini(access, weights);
    equity.palma = palma(access, weights);
    for (const auto& [level, totals] : service.by_unit) {
        const UnitAssignment& assignment = group.units.at(level);
        std::vector<double> unit_held(totals.size(), 0.0);
        for (std::size_t point = 0; point < weights.size(); ++point) {
            const std::uint32_t unit = assignment.unit_of_point[point];
            if (unit != no_index) {
                unit_held[unit] += weights[point] * access[point];
            }
        }
        std::vector<std::optional<double>>& means = equity.mean_by_unit[level];
        std::vector<double> unit_access;
        std::vector<double> unit_people;
        for (std::size_t unit = 0; unit < totals.size(); ++unit) {
            const double people = totals[unit].demand_total;
            means.push_back(people > 0.0 ? std::optional(unit_held[unit] / people) : std::nullopt);
            if (people > 0.0) {
                unit_access.push_back(*means.back());
                unit_people.push_back(people);
            }
        }
        equity.gini_by_unit[level] = gini(unit_access, unit_people);
    }
    return equity;
}

} // namespace

std::vector<ServiceResult> compute_services(std::span<const ServiceSpec> services, const Inputs& inputs,
                                            const Routing* routing, const ProgressCallback& progress) {
    // One search per facility type, demand group and walking profile (in
    // straight-line runs the profile changes only the threshold).
    using SearchKey = std::tuple<std::string, std::string, std::string>;
    const auto key_of = [routing](const ServiceSpec& service) {
        return SearchKey{service.facility, service.demand, routing ? profile_key(service.profile) : std::string()};
    };
    std::map<SearchKey, std::pair<const ServiceSpec*, double>> largest_threshold;
    for (const ServiceSpec& service : services) {
        auto& [first, bound] = largest_threshold.try_emplace(key_of(service), &service, 0.0).first->second;
        bound = std::max(bound, service.threshold.value);
    }
    std::map<SearchKey, std::pair<NearestFacilityCosts, TravelStatistics>> costs;
    for (const auto& [key, searched] : largest_threshold) {
        const auto& [type, demand, profile] = key;
        const ServiceSpec& service = *searched.first;
        const std::string stage =
            "costs from '" + type + "' to '" + demand + "'" +
            (profile.empty() || service.profile.costs_are_lengths() ? std::string()
                                                                    : " walking as '" + service.profile.id + "'");
        report_progress(progress, 0.0, stage);
        const DemandGroup& group = inputs.demand.at(demand);
        const FacilityLayer& facilities = inputs.facilities.at(type);
        auto& [nearest, travel] = costs[key];
        nearest = routing ? detail::nearest_by_network(*routing, service.profile, demand,
                                                       routing->facility_snapping(type, service.profile).snaps,
                                                       Metres{searched.second}, &travel)
                          : nearest_facility_by_radius(group.planar, facilities.planar);
        report_progress(progress, 1.0, stage);
    }
    std::vector<ServiceResult> results;
    for (const ServiceSpec& service : services) {
        const DemandGroup& group = inputs.demand.at(service.demand);
        ServiceResult computed;
        computed.spec = service;
        computed.mode = routing ? RunMode::network : RunMode::radius;
        std::tie(computed.costs, computed.travel) = costs.at(key_of(service));
        computed.totals = summarise_coverage(computed.costs.cost_m, group.points.weights, service.threshold);
        for (const auto& [level_name, level] : inputs.units) {
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
            const FacilityLayer& facilities = inputs.facilities.at(service.facility);
            const std::vector<Snap> no_snaps;
            const ReachSets reach = detail::reach_within(
                routing, service.profile, service.demand, group,
                routing ? routing->facility_snapping(service.facility, service.profile).snaps : no_snaps,
                facilities.planar, service.threshold);
            computed.access = two_step_floating_catchment(group.points.weights, facilities.capacity, reach,
                                                          service.threshold, *service.access);
            computed.equity = access_equity(computed, group);
        }
        computed.unreachable = unreachable_demand(computed, group, routing);
        results.push_back(std::move(computed));
    }
    return results;
}

std::vector<std::vector<ServiceArea>> draw_service_areas(std::span<const ServiceSpec> services, const Inputs& inputs,
                                                         const Routing& routing, const ProgressCallback& progress) {
    std::map<std::tuple<std::string, std::string, std::vector<double>>, std::vector<ServiceArea>> drawn;
    std::vector<std::vector<ServiceArea>> areas;
    for (const ServiceSpec& service : services) {
        ServiceAreaOptions options;
        std::vector<double> key;
        for (const double band : service.bands) {
            options.thresholds.push_back(service.band_metres(band));
            key.push_back(options.thresholds.back().value);
        }
        auto [at, inserted] = drawn.try_emplace({service.facility, profile_key(service.profile), std::move(key)});
        if (inserted) {
            const std::string stage =
                "service areas of '" + service.facility + "'" +
                (service.profile.costs_are_lengths() ? std::string() : " walking as '" + service.profile.id + "'");
            report_progress(progress, 0.0, stage);
            options.width = routing.network.spec().area_width;
            options.facilities = inputs.facilities.at(service.facility).spec.source.context();
            options.walking = routing.costs(service.profile);
            at->second = service_areas(routing.network.graph(),
                                       routing.facility_snapping(service.facility, service.profile).snaps,
                                       inputs.facilities.at(service.facility).planar, options);
            report_progress(progress, 1.0, stage);
        }
        areas.push_back(at->second);
    }
    return areas;
}

} // namespace lifecircle
