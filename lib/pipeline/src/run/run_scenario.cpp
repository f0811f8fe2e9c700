#include "lifecircle/run.hpp"
#include "lifecircle/targets.hpp"

#include <algorithm>

namespace lifecircle {

RunResult run_scenario(const Scenario& scenario, const ProgressCallback& progress) {
    RunResult result{scenario, load_inputs(scenario, progress), std::nullopt, {}, std::nullopt, {}, {}};
    Inputs& inputs = result.inputs;
    if (scenario.roads) {
        result.routing = route(*scenario.roads, scenario.services, inputs, progress);
        // Facilities beyond the snap limit are reported with the layer they come from.
        for (const auto& [type, snapping] : result.routing->facilities) {
            std::vector<std::string>& warnings = inputs.facilities.at(type).points.report.warnings;
            warnings.insert(warnings.end(), snapping.warnings.begin(), snapping.warnings.end());
        }
    }
    const Routing* routing = result.routing ? &*result.routing : nullptr;
    result.services = compute_services(scenario.services, inputs, routing, progress);

    if (scenario.siting) {
        result.siting = site(*scenario.siting, inputs, routing, result.services, progress);
        const auto takes_sites = std::find_if(scenario.changes.begin(), scenario.changes.end(), [](const auto& change) {
            return change.kind == FacilityChange::Kind::add_chosen_sites;
        });
        if (takes_sites != scenario.changes.end()) {
            // The chosen sites join the facilities; only the services of that
            // facility type change, so only they are computed again.
            const std::string type = service_named(result.services, scenario.siting->service).spec.facility;
            FacilitiesWithSites joined = add_chosen_sites(*takes_sites, *result.siting, inputs, type,
                                                          routing ? &result.routing->facilities.at(type) : nullptr);
            inputs.facilities.at(type) = std::move(joined.facilities);
            if (joined.snapping) {
                result.routing->facilities.at(type) = std::move(*joined.snapping);
                result.routing->snap_facilities_again(type, inputs.facilities.at(type).planar);
            }
            inputs.changes.push_back(std::move(joined.change));
            std::vector<ServiceSpec> changed;
            for (const ServiceSpec& service : scenario.services) {
                if (service.facility == type) {
                    changed.push_back(service);
                }
            }
            std::vector<ServiceResult> recomputed = compute_services(changed, inputs, routing, progress);
            auto next = recomputed.begin(); // in the scenario's order, as `changed` is
            for (ServiceResult& service : result.services) {
                if (service.spec.facility == type) {
                    service = std::move(*next++);
                }
            }
        }
    }
    const std::uint32_t edges = routing ? routing->network.graph().edge_count() : 0;
    if (routing && edges > max_service_area_edges) {
        result.routing->network.add_warning(
            "service areas not drawn: the network has " + std::to_string(edges) + " edges, more than the " +
            std::to_string(max_service_area_edges) +
            " they are drawn for (buffering every reached street would take minutes); use `lifecircle "
            "isochrones` on a clip");
    } else if (routing) {
        std::vector<std::vector<ServiceArea>> areas =
            draw_service_areas(scenario.services, inputs, *result.routing, progress);
        for (std::size_t service = 0; service < areas.size(); ++service) {
            result.services[service].areas = std::move(areas[service]);
        }
    }
    if (routing && scenario.outputs.routes) { // after siting: chosen sites a plan takes are walked to as well
        result.routes = trace_routes(*scenario.outputs.routes, scenario.services, inputs, *result.routing, progress);
    }
    if (!scenario.targets.empty()) {
        report_progress(progress, 0.0, "evaluating targets");
        result.targets = evaluate_targets({scenario.targets, inputs, result.services});
        report_progress(progress, 1.0, "evaluating targets");
    }
    return result;
}

} // namespace lifecircle
