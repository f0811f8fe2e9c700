#include "lifecircle/isochrone.hpp"

#include "geos/geos_context.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace lifecircle {
namespace {

// Reached intervals [from, to] along one edge, merged.
void merge(std::vector<std::pair<double, double>>& intervals) {
    std::sort(intervals.begin(), intervals.end());
    std::vector<std::pair<double, double>> merged;
    for (const auto& interval : intervals) {
        if (!merged.empty() && interval.first <= merged.back().second) {
            merged.back().second = std::max(merged.back().second, interval.second);
        } else {
            merged.push_back(interval);
        }
    }
    intervals = std::move(merged);
}

// reached_network over the nodes the search reached (any order): only their
// edges can be reached, so a small search costs little on a large graph.
std::vector<std::vector<PlanarPoint>> reached_pieces(const WalkingGraph& graph, std::span<const Snap> sources,
                                                     std::span<const PlanarPoint> positions, const NodeCosts& costs,
                                                     std::span<const std::uint32_t> reached_nodes, Metres threshold,
                                                     const WalkingCosts* walking) {
    // How far along an edge a walk *to* its from-node or to-node can start
    // with `budget` left, and around a point `along` it: the edges' lengths, or
    // the profile's directed costs inverted.
    const auto reach_of_from_node = [&](std::uint32_t edge, double budget) {
        return walking ? walking->along_at(edge, budget, false) : budget;
    };
    const auto reach_of_to_node = [&](std::uint32_t edge, double length, double budget) {
        return walking ? walking->along_at(edge, walking->from_start(edge, length, true) - budget, true)
                       : length - budget;
    };
    const auto reach_around = [&](std::uint32_t edge, double along, double budget) {
        return walking ? std::pair{walking->along_at(edge, walking->from_start(edge, along, true) - budget, true),
                                   walking->along_at(edge, walking->from_start(edge, along, false) + budget, false)}
                       : std::pair{along - budget, along + budget};
    };
    const double limit = threshold.value;
    struct Piece {
        std::uint32_t edge;
        double from;
        double to;
        bool operator<(const Piece& other) const {
            return edge < other.edge || (edge == other.edge && from < other.from);
        }
    };
    std::vector<Piece> pieces;
    const auto add = [&](std::uint32_t edge, double from, double to) {
        pieces.push_back({edge, std::max(0.0, from), std::min(graph.edge_length(edge).value, to)});
    };
    for (const std::uint32_t node : reached_nodes) {
        if (!(costs.cost[node] <= limit)) {
            continue;
        }
        for (std::uint32_t arc = graph.first_arc(node); arc < graph.first_arc(node + 1); ++arc) {
            const std::uint32_t edge = graph.arc_edge(arc);
            const std::uint32_t head = graph.arc_head(arc);
            const double head_cost = costs.cost[head];
            if (head_cost <= limit &&
                (head_cost < costs.cost[node] || (head_cost == costs.cost[node] && head < node))) {
                continue; // the edge is handled from its other, cheaper end
            }
            const double length = graph.edge_length(edge).value;
            const double from_cost = costs.cost[graph.edge_from(edge)];
            const double to_cost = costs.cost[graph.edge_to(edge)];
            if (walking != nullptr && !walking->passable(edge)) {
                continue;
            }
            if (walking == nullptr && from_cost + to_cost + length <= 2.0 * limit) { // the costs meet in the middle
                add(edge, 0.0, length);
                continue;
            }
            if (from_cost <= limit) {
                add(edge, 0.0, reach_of_from_node(edge, limit - from_cost));
            }
            if (to_cost <= limit) {
                add(edge, reach_of_to_node(edge, length, limit - to_cost), length);
            }
        }
    }
    std::vector<std::vector<PlanarPoint>> lines;
    for (std::size_t source = 0; source < sources.size(); ++source) {
        const Snap& snap = sources[source];
        if (!snap.snapped() || snap.connector.value > limit) {
            continue;
        }
        const double left = limit - snap.connector.value; // walking both ways along the source's own edge
        const auto [low, high] = reach_around(snap.edge, snap.along.value, left);
        add(snap.edge, low, high);
        const std::vector<PlanarPoint> on_road = graph.edge_piece(snap.edge, snap.along.value, snap.along.value);
        lines.push_back({positions[source], on_road.front()}); // the walk to the road
    }
    std::sort(pieces.begin(), pieces.end());
    for (std::size_t first = 0; first < pieces.size();) {
        std::size_t last = first;
        std::vector<std::pair<double, double>> intervals;
        for (; last < pieces.size() && pieces[last].edge == pieces[first].edge; ++last) {
            intervals.emplace_back(pieces[last].from, pieces[last].to);
        }
        merge(intervals);
        for (const auto& [from, to] : intervals) {
            lines.push_back(graph.edge_piece(pieces[first].edge, from, to));
        }
        first = last;
    }
    return lines;
}

std::vector<std::uint32_t> reached_nodes(const NodeCosts& costs) {
    std::vector<std::uint32_t> nodes;
    for (std::uint32_t node = 0; node < costs.cost.size(); ++node) {
        if (costs.cost[node] < std::numeric_limits<double>::infinity()) {
            nodes.push_back(node);
        }
    }
    return nodes;
}

class AreaBuilder {
public:
    AreaBuilder(Metres width, ErrorContext facilities) : width_(width), subject_(context_, std::move(facilities)) {}

    // The buffered lines, unioned with `inner` so that areas nest exactly.
    detail::GeosContext::Geometry build(const std::vector<std::vector<PlanarPoint>>& lines,
                                        const GEOSGeometry* inner) const {
        const GEOSContextHandle_t handle = context_.handle();
        std::vector<GEOSGeometry*> parts;
        for (const auto& line : lines) {
            GEOSCoordSequence* sequence = GEOSCoordSeq_create_r(handle, static_cast<unsigned>(line.size()), 2);
            for (std::size_t i = 0; i < line.size(); ++i) {
                GEOSCoordSeq_setXY_r(handle, sequence, static_cast<unsigned>(i), line[i].x, line[i].y);
            }
            parts.push_back(line.size() == 1 ? GEOSGeom_createPoint_r(handle, sequence)
                                             : GEOSGeom_createLineString_r(handle, sequence));
        }
        // Each piece buffered on its own, then a cascaded union: buffering the
        // whole network at once nodes every offset curve against every other
        // (bench_network: no result in 500 s on a 15 km city; this way 100 s),
        // and it was slower for a single facility's 1,600 pieces too.
        std::vector<GEOSGeometry*> buffers;
        for (GEOSGeometry* part : parts) {
            buffers.push_back(GEOSBuffer_r(handle, part, width_.value, 8));
            GEOSGeom_destroy_r(handle, part);
        }
        if (inner != nullptr) {
            buffers.push_back(GEOSGeom_clone_r(handle, inner));
        }
        auto collection = context_.own(GEOSGeom_createCollection_r(handle, GEOS_GEOMETRYCOLLECTION, buffers.data(),
                                                                   static_cast<unsigned>(buffers.size())),
                                       "collection");
        return context_.own(GEOSUnaryUnion_r(handle, collection.get()), "union");
    }

    ServiceArea describe(const GEOSGeometry* geometry, std::uint32_t facility, Metres threshold) const {
        const GEOSContextHandle_t handle = context_.handle();
        ServiceArea area;
        area.facility = facility;
        area.threshold = threshold;
        GEOSArea_r(handle, geometry, &area.area_m2);
        const int polygons = GEOSGetNumGeometries_r(handle, geometry);
        for (int i = 0; i < polygons; ++i) {
            area.holes +=
                static_cast<std::uint32_t>(GEOSGetNumInteriorRings_r(handle, GEOSGetGeometryN_r(handle, geometry, i)));
        }
        if (GEOSisEmpty_r(handle, geometry) == 0) {
            area.wkb = context_.to_wkb(geometry);
        }
        return area;
    }

    // Nested areas for every threshold, from one set of sources.
    void areas(const WalkingGraph& graph, std::span<const Snap> sources, std::span<const PlanarPoint> positions,
               const std::vector<Metres>& thresholds, std::uint32_t facility, const WalkingCosts* walking,
               std::vector<ServiceArea>& out) const {
        const NodeCosts costs = walking ? nearest_source_costs(graph, *walking, sources, thresholds.back())
                                        : nearest_source_costs(graph, sources, thresholds.back());
        const std::vector<std::uint32_t> nodes = reached_nodes(costs);
        detail::GeosContext::Geometry previous(nullptr, {context_.handle()});
        for (const Metres threshold : thresholds) {
            const auto lines = reached_pieces(graph, sources, positions, costs, nodes, threshold, walking);
            auto area = build(lines, previous.get());
            out.push_back(describe(area.get(), facility, threshold));
            previous = std::move(area);
        }
    }

private:
    Metres width_;
    detail::GeosContext context_;
    detail::GeosContext::Subject subject_; // GEOS failures name the facilities
};

} // namespace

std::vector<std::vector<PlanarPoint>> reached_network(const WalkingGraph& graph, std::span<const Snap> sources,
                                                      std::span<const PlanarPoint> positions, const NodeCosts& costs,
                                                      Metres threshold, const WalkingCosts* walking) {
    return reached_pieces(graph, sources, positions, costs, reached_nodes(costs), threshold, walking);
}

std::vector<ServiceArea> service_areas(const WalkingGraph& graph, std::span<const Snap> facilities,
                                       std::span<const PlanarPoint> positions, const ServiceAreaOptions& options) {
    std::vector<ServiceArea> areas;
    if (options.thresholds.empty()) {
        return areas;
    }
    const AreaBuilder builder(options.width, options.facilities);
    builder.areas(graph, facilities, positions, options.thresholds, no_index, options.walking, areas);
    if (options.per_facility) {
        for (std::uint32_t facility = 0; facility < facilities.size(); ++facility) {
            builder.areas(graph, facilities.subspan(facility, 1), positions.subspan(facility, 1), options.thresholds,
                          facility, options.walking, areas);
        }
    }
    return areas;
}

} // namespace lifecircle
