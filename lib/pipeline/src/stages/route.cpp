#include "lifecircle/error.hpp"
#include "lifecircle/stages.hpp"

#include <boost/geometry.hpp>

#include <set>

namespace lifecircle {
namespace {

PlanarBox extent_of(std::span<const PlanarPoint> points) {
    PlanarBox box;
    boost::geometry::assign_inverse(box);
    for (const PlanarPoint& point : points) {
        boost::geometry::expand(box, point);
    }
    return box;
}

} // namespace

Network::Network(RoadSpec spec, InputReport report, WalkingGraph graph)
    : spec_(std::move(spec)), report_(std::move(report)), graph_(std::make_unique<WalkingGraph>(std::move(graph))) {
    const std::uint32_t joinable = spec_.largest_component_only && graph_->edge_count() > 0
                                       ? graph_->component_size(graph_->largest_component())
                                       : spec_.min_component_nodes;
    index_ = std::make_unique<EdgeIndex>(*graph_, joinable);
}
Network::~Network() = default;
Network::Network(Network&&) noexcept = default;
Network& Network::operator=(Network&&) noexcept = default;

std::string profile_key(const WalkingProfile& profile) {
    return profile.id + "@" + std::to_string(profile.flat_kmh);
}

const WalkingCosts* Routing::costs(const WalkingProfile& profile) const {
    const auto found = profiles.find(profile_key(profile));
    return found == profiles.end() ? nullptr : &found->second.costs;
}

const EdgeIndex& Routing::index(const WalkingProfile& profile) const {
    const auto found = profiles.find(profile_key(profile));
    return found == profiles.end() || !found->second.index ? network.index() : *found->second.index;
}

const Snapping& Routing::demand_snapping(const std::string& group, const WalkingProfile& profile) const {
    const auto found = profiles.find(profile_key(profile));
    return found == profiles.end() || !found->second.index ? demand.at(group) : found->second.demand.at(group);
}

const Snapping& Routing::facility_snapping(const std::string& type, const WalkingProfile& profile) const {
    const auto found = profiles.find(profile_key(profile));
    return found == profiles.end() || !found->second.index ? facilities.at(type) : found->second.facilities.at(type);
}

void Routing::snap_facilities_again(const std::string& type, std::span<const PlanarPoint> planar) {
    for (auto& [key, profile] : profiles) {
        if (profile.index && profile.facilities.count(type) > 0) {
            Snapping& snapping = profile.facilities[type];
            snapping.report = {};
            snapping.snaps = profile.index->snap(planar, network.spec().snap_limit, &snapping.report);
        }
    }
}

namespace {

// Each profile the services walk by, its costs, and its own snaps where it keeps off some ways.
void route_profiles(Routing& routing, const RoadSpec& roads, std::span<const ServiceSpec> services,
                    const Inputs& inputs, const ProgressCallback& progress) {
    const WalkingGraph& graph = routing.network.graph();
    std::optional<EdgeElevations> elevations;
    for (const ServiceSpec& service : services) {
        const WalkingProfile& profile = service.profile;
        if (profile.costs_are_lengths()) {
            continue;
        }
        const std::string key = profile_key(profile);
        auto found = routing.profiles.find(key);
        if (found == routing.profiles.end()) {
            if (profile.slope && roads.dem && !elevations) {
                const std::string stage = "heights from '" + roads.dem->path.filename().string() + "'";
                report_progress(progress, 0.0, stage);
                ElevationSamples counts;
                elevations = read_edge_elevations(*roads.dem, graph, inputs.crs, roads.elevation_spacing, &counts);
                if (counts.outside + counts.on_nodata > 0) {
                    routing.network.add_warning(std::to_string(counts.outside + counts.on_nodata) + " of " +
                                                std::to_string(counts.points) +
                                                " places sampled along the streets lie off the elevation model or on "
                                                "its nodata; walking there counts as flat");
                }
                routing.elevations = std::move(counts);
                report_progress(progress, 1.0, stage);
            }
            const std::string stage = "walking costs for profile '" + profile.id + "'";
            report_progress(progress, 0.0, stage);
            ProfileRouting built{
                WalkingCosts::build(graph, profile, elevations ? &*elevations : nullptr), nullptr, {}, {}};
            if (built.costs.exclusions().total() > 0) {
                const std::uint32_t joinable = roads.largest_component_only
                                                   ? graph.component_size(graph.largest_component())
                                                   : roads.min_component_nodes;
                built.index = std::make_unique<EdgeIndex>(graph, joinable, &built.costs);
            }
            found = routing.profiles.emplace(key, std::move(built)).first;
            report_progress(progress, 1.0, stage);
        }
        ProfileRouting& routed = found->second;
        if (!routed.index) {
            continue;
        }
        if (routed.demand.count(service.demand) == 0) {
            Snapping& snapping = routed.demand[service.demand];
            snapping.snaps =
                routed.index->snap(inputs.demand.at(service.demand).planar, roads.snap_limit, &snapping.report);
        }
        if (routed.facilities.count(service.facility) == 0) {
            Snapping& snapping = routed.facilities[service.facility];
            snapping.snaps =
                routed.index->snap(inputs.facilities.at(service.facility).planar, roads.snap_limit, &snapping.report);
        }
    }
}

} // namespace

Routing route(const RoadSpec& roads, std::span<const ServiceSpec> services, const Inputs& inputs,
              const ProgressCallback& progress) {
    if (!inputs.roads) {
        throw std::logic_error("route: the inputs were loaded without roads");
    }
    const ErrorContext where = roads.source.context();
    report_progress(progress, 0.0, "building the walking network");
    WalkingGraph graph_built = build_walking_graph(*inputs.roads, inputs.crs, roads.graph);
    report_progress(progress, 0.6, "building the walking network"); // the rest is the snapping index
    Routing routing{Network(roads, inputs.roads->report, std::move(graph_built)), {}, {}, {}, {}};
    const WalkingGraph& graph = routing.network.graph();
    // Where the roads lie: the graph's nodes, or every vertex read where no
    // street survived (degrees read as metres collapse into one point).
    const std::vector<PlanarPoint> unjoined =
        graph.edge_count() == 0 ? inputs.crs.project(inputs.roads->vertices, where) : std::vector<PlanarPoint>{};
    PlanarBox network_extent = extent_of(unjoined);
    for (std::uint32_t node = 0; node < graph.node_count(); ++node) {
        boost::geometry::expand(network_extent, graph.node_position(node));
    }
    const bool no_roads = graph.node_count() == 0 && unjoined.empty();
    report_progress(progress, 1.0, "building the walking network");

    std::set<std::string> groups;
    std::set<std::string> types;
    for (const ServiceSpec& service : services) {
        groups.insert(service.demand);
        types.insert(service.facility);
    }
    // A network far away is a CRS mistake, and one of no street (a one-node
    // way, lines whose points coincide) gives nothing to measure on.
    for (const std::string& name : groups) {
        const double gap =
            no_roads ? 0.0 : boost::geometry::distance(extent_of(inputs.demand.at(name).planar), network_extent);
        if (gap > roads.snap_limit.value) {
            throw Error(ExitCode::input_invalid, where,
                        "the road network lies " + to_string(Metres{gap}) + " from the demand of population '" + name +
                            "'; check the CRS of both");
        }
    }
    if (graph.edge_count() == 0) {
        throw Error(ExitCode::input_invalid, where,
                    "the road network has no street to walk on: every walkable way read (" +
                        std::to_string(inputs.roads->report.features_used) + ") has fewer than two distinct positions");
    }
    for (const std::string& name : groups) {
        const DemandGroup& group = inputs.demand.at(name);
        report_progress(progress, 0.0, "snapping population '" + name + "'");
        Snapping& snapping = routing.demand[name];
        snapping.snaps = routing.network.index().snap(group.planar, roads.snap_limit, &snapping.report);
        if (snapping.report.on_minor_component > 0) {
            for (std::size_t point = 0; point < snapping.snaps.size(); ++point) {
                const Snap& snap = snapping.snaps[point];
                if (snap.snapped() && graph.component_of(graph.edge_from(snap.edge)) != graph.largest_component()) {
                    snapping.demand_on_minor_component += group.points.weights[point];
                }
            }
        }
        report_progress(progress, 1.0, "snapping population '" + name + "'");
    }
    for (const std::string& type : types) {
        const FacilityLayer& facilities = inputs.facilities.at(type);
        Snapping& snapping = routing.facilities[type];
        snapping.snaps = routing.network.index().snap(facilities.planar, roads.snap_limit, &snapping.report);
        // None snapping is a CRS mistake, unless new ones are being sited (which
        // may start from none, or from one far away).
        if (snapping.report.points > 0 && snapping.report.beyond_limit == snapping.report.points &&
            !facilities.may_serve_nobody) {
            const SourceSpec& source = facilities.spec.source;
            throw Error(ExitCode::input_invalid, source.context(),
                        "no facility of '" + type + "' lies within " + to_string(roads.snap_limit) +
                            " of the road network");
        }
        for (std::size_t i = 0; i < snapping.snaps.size(); ++i) {
            if (!snapping.snaps[i].snapped()) {
                snapping.warnings.push_back("feature " + std::to_string(facilities.points.feature_ids[i]) +
                                            " lies more than " + to_string(roads.snap_limit) +
                                            " from the road network and serves nobody");
            }
        }
    }
    route_profiles(routing, roads, services, inputs, progress);
    return routing;
}

} // namespace lifecircle
