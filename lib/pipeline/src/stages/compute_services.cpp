#include "lifecircle/stages.hpp"

#include "stages/reach_within.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

namespace lifecircle {

const char* to_string(RunMode mode) {
    return mode == RunMode::network ? "network" : "radius";
}

const ServiceResult& service_named(std::span<const ServiceResult> services, const std::string& id) {
    const auto found =
        std::find_if(services.begin(), services.end(), [&](const ServiceResult& service) { return service.spec.id == id; });
    if (found == services.end()) {
        throw std::logic_error("no computed service '" + id + "'"); // validate_scenario rules this out
    }
    return *found;
}

std::vector<ServiceResult> compute_services(std::span<const ServiceSpec> services, const Inputs& inputs,
                                            const Routing* routing, const ProgressCallback& progress) {
    std::map<std::pair<std::string, std::string>, double> largest_threshold;
    for (const ServiceSpec& service : services) {
        double& bound = largest_threshold[{service.facility, service.demand}];
        bound = std::max(bound, service.threshold.value);
    }
    std::map<std::pair<std::string, std::string>, std::pair<NearestFacilityCosts, TravelStatistics>> costs;
    for (const auto& [pair, bound] : largest_threshold) {
        const std::string stage = "costs from '" + pair.first + "' to '" + pair.second + "'";
        report_progress(progress, 0.0, stage);
        const DemandGroup& group = inputs.demand.at(pair.second);
        const FacilityLayer& facilities = inputs.facilities.at(pair.first);
        auto& [nearest, travel] = costs[pair];
        nearest = routing ? nearest_facility_by_network(routing->network.graph(), routing->demand.at(pair.second).snaps,
                                                        routing->facilities.at(pair.first).snaps, Metres{bound},
                                                        &travel)
                          : nearest_facility_by_radius(group.planar, facilities.planar);
        report_progress(progress, 1.0, stage);
    }
    std::vector<ServiceResult> results;
    for (const ServiceSpec& service : services) {
        const DemandGroup& group = inputs.demand.at(service.demand);
        ServiceResult computed;
        computed.spec = service;
        computed.mode = routing ? RunMode::network : RunMode::radius;
        std::tie(computed.costs, computed.travel) = costs.at({service.facility, service.demand});
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
                routing, service.demand, group, routing ? routing->facilities.at(service.facility).snaps : no_snaps,
                facilities.planar, service.threshold);
            computed.access = two_step_floating_catchment(group.points.weights, facilities.capacity, reach,
                                                          service.threshold, *service.access);
        }
        results.push_back(std::move(computed));
    }
    return results;
}

std::vector<std::vector<ServiceArea>> draw_service_areas(std::span<const ServiceSpec> services,
                                                         const Inputs& inputs, const Routing& routing,
                                                         const ProgressCallback& progress) {
    std::map<std::pair<std::string, std::vector<double>>, std::vector<ServiceArea>> drawn;
    std::vector<std::vector<ServiceArea>> areas;
    for (const ServiceSpec& service : services) {
        ServiceAreaOptions options;
        std::vector<double> key;
        for (const double band : service.bands) {
            options.thresholds.push_back(service.band_metres(band));
            key.push_back(options.thresholds.back().value);
        }
        auto [at, inserted] = drawn.try_emplace({service.facility, std::move(key)});
        if (inserted) {
            const std::string stage = "service areas of '" + service.facility + "'";
            report_progress(progress, 0.0, stage);
            options.width = routing.network.spec().area_width;
            at->second = service_areas(routing.network.graph(), routing.facilities.at(service.facility).snaps,
                                       inputs.facilities.at(service.facility).planar, options);
            report_progress(progress, 1.0, stage);
        }
        areas.push_back(at->second);
    }
    return areas;
}

} // namespace lifecircle
