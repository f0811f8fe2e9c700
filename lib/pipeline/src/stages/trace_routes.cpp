#include "lifecircle/stages.hpp"

#include <algorithm>
#include <limits>

namespace lifecircle {

std::vector<ServiceRoutes> trace_routes(const RouteSpec& spec, std::span<const ServiceSpec> services,
                                        const Inputs& inputs, const Routing& routing,
                                        const ProgressCallback& progress) {
    const RoutePlaces& places = *inputs.route_places;
    const WalkingGraph& graph = routing.network.graph();
    // Unbounded: a place beyond the threshold is shown its way too, which is
    // often why it was asked about. One search of the network per service.
    const Metres bound{std::numeric_limits<double>::infinity()};
    std::vector<ServiceRoutes> traced;
    for (const ServiceSpec& service : services) {
        if (!spec.services.empty() &&
            std::find(spec.services.begin(), spec.services.end(), service.id) == spec.services.end()) {
            continue;
        }
        const std::string stage = "tracing routes for '" + service.id + "'";
        report_progress(progress, 0.0, stage);
        ServiceRoutes routes;
        routes.service = service.id;
        // The service's profile decides where a place may join the network: a wheelchair user's never on steps.
        routes.places =
            routing.index(service.profile).snap(places.planar, routing.network.spec().snap_limit, &routes.snapping);
        const std::vector<Snap>& facilities = routing.facility_snapping(service.facility, service.profile).snaps;
        const WalkingCosts* costs = routing.costs(service.profile);
        routes.routes = costs ? nearest_facility_routes(graph, *costs, routes.places, facilities, bound)
                              : nearest_facility_routes(graph, routes.places, facilities, bound);
        traced.push_back(std::move(routes));
        report_progress(progress, 1.0, stage);
    }
    return traced;
}

} // namespace lifecircle
