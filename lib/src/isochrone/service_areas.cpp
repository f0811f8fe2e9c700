#include "lifecircle/isochrone.hpp"

#include "geos/geos_context.hpp"

#include <algorithm>
#include <cmath>

namespace lifecircle {
namespace {

// The part of a polyline between two distances along it.
std::vector<PlanarPoint> cut(const std::vector<PlanarPoint>& line, double from, double to) {
    std::vector<PlanarPoint> piece;
    double walked = 0.0;
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        const PlanarPoint a = line[i];
        const PlanarPoint b = line[i + 1];
        const double length = std::hypot(b.x - a.x, b.y - a.y);
        const double start = walked;
        const double end = walked + length;
        walked = end;
        if (end < from || start > to || length == 0.0) {
            continue;
        }
        const auto at = [&](double distance) {
            const double t = std::clamp((distance - start) / length, 0.0, 1.0);
            return PlanarPoint{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
        };
        if (piece.empty()) {
            piece.push_back(at(std::max(from, start)));
        }
        piece.push_back(at(std::min(to, end)));
    }
    return piece;
}

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

class AreaBuilder {
public:
    explicit AreaBuilder(Metres width) : width_(width) {}

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
        auto collection = context_.own(
            GEOSGeom_createCollection_r(handle, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())),
            "collection");
        auto buffered = context_.own(GEOSBuffer_r(handle, collection.get(), width_.value, 8), "buffer");
        if (inner == nullptr) {
            return buffered;
        }
        return context_.own(GEOSUnion_r(handle, buffered.get(), inner), "union");
    }

    ServiceArea describe(const GEOSGeometry* geometry, std::uint32_t facility, Metres threshold) const {
        const GEOSContextHandle_t handle = context_.handle();
        ServiceArea area;
        area.facility = facility;
        area.threshold = threshold;
        GEOSArea_r(handle, geometry, &area.area_m2);
        const int polygons = GEOSGetNumGeometries_r(handle, geometry);
        for (int i = 0; i < polygons; ++i) {
            area.holes += static_cast<std::uint32_t>(GEOSGetNumInteriorRings_r(handle, GEOSGetGeometryN_r(handle, geometry, i)));
        }
        if (GEOSisEmpty_r(handle, geometry) == 0) {
            area.wkb = context_.to_wkb(geometry);
        }
        return area;
    }

    // Nested areas for every threshold, from one set of sources.
    void areas(const WalkingGraph& graph, std::span<const Snap> sources, std::span<const PlanarPoint> positions,
               const std::vector<Metres>& thresholds, std::uint32_t facility, std::vector<ServiceArea>& out) const {
        const NodeCosts costs = nearest_source_costs(graph, sources, thresholds.back());
        detail::GeosContext::Geometry previous(nullptr, {context_.handle()});
        for (const Metres threshold : thresholds) {
            const auto lines = reached_network(graph, sources, positions, costs, threshold);
            auto area = build(lines, previous.get());
            out.push_back(describe(area.get(), facility, threshold));
            previous = std::move(area);
        }
    }

private:
    Metres width_;
    detail::GeosContext context_;
};

} // namespace

std::vector<std::vector<PlanarPoint>> reached_network(const WalkingGraph& graph, std::span<const Snap> sources,
                                                      std::span<const PlanarPoint> positions, const NodeCosts& costs,
                                                      Metres threshold) {
    const double limit = threshold.value;
    std::vector<std::vector<std::pair<double, double>>> reached(graph.edge_count());
    std::vector<std::uint32_t> touched;
    const auto add = [&](std::uint32_t edge, double from, double to) {
        if (reached[edge].empty()) {
            touched.push_back(edge);
        }
        reached[edge].emplace_back(std::max(0.0, from), std::min(graph.edge_length(edge), to));
    };
    for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
        const double length = graph.edge_length(edge);
        const double from_cost = costs.cost[graph.edge_from(edge)];
        const double to_cost = costs.cost[graph.edge_to(edge)];
        if (from_cost + to_cost + length <= 2.0 * limit) { // every point of it: the costs meet in the middle
            add(edge, 0.0, length);
            continue;
        }
        if (from_cost <= limit) {
            add(edge, 0.0, limit - from_cost);
        }
        if (to_cost <= limit) {
            add(edge, length - (limit - to_cost), length);
        }
    }
    std::vector<std::vector<PlanarPoint>> lines;
    for (std::size_t source = 0; source < sources.size(); ++source) {
        const Snap& snap = sources[source];
        if (!snap.snapped() || snap.connector_m > limit) {
            continue;
        }
        const double left = limit - snap.connector_m; // walking both ways along the source's own edge
        add(snap.edge, snap.along_m - left, snap.along_m + left);
        const std::vector<PlanarPoint> on_road = cut(graph.edge_geometry(snap.edge), snap.along_m, snap.along_m);
        lines.push_back({positions[source], on_road.front()}); // the walk to the road
    }
    for (const std::uint32_t edge : touched) {
        merge(reached[edge]);
        const std::vector<PlanarPoint> geometry = graph.edge_geometry(edge);
        for (const auto& [from, to] : reached[edge]) {
            std::vector<PlanarPoint> piece = cut(geometry, from, to);
            if (piece.size() == 2 && piece[0] == piece[1]) {
                piece.pop_back(); // a single reached point
            }
            if (!piece.empty()) {
                lines.push_back(std::move(piece));
            }
        }
    }
    return lines;
}

std::vector<ServiceArea> service_areas(const WalkingGraph& graph, std::span<const Snap> facilities,
                                       std::span<const PlanarPoint> positions, const ServiceAreaOptions& options) {
    std::vector<ServiceArea> areas;
    if (options.thresholds.empty()) {
        return areas;
    }
    const AreaBuilder builder(options.width);
    builder.areas(graph, facilities, positions, options.thresholds, no_index, areas);
    if (options.per_facility) {
        for (std::uint32_t facility = 0; facility < facilities.size(); ++facility) {
            builder.areas(graph, facilities.subspan(facility, 1), positions.subspan(facility, 1), options.thresholds,
                          facility, areas);
        }
    }
    return areas;
}

} // namespace lifecircle
