#include "lifecircle/network.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/segment.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <cmath>

namespace lifecircle {
namespace bgi = boost::geometry::index;

namespace {
using Segment = boost::geometry::model::segment<PlanarPoint>;
}

struct EdgeIndex::Index {
    // Each segment carries its edge and the distance along the edge to its start.
    struct SegmentOnEdge {
        std::uint32_t edge;
        double along_start;
    };
    using Entry = std::pair<Segment, std::uint32_t>; // segment, index into `segments`
    std::vector<SegmentOnEdge> segments;
    bgi::rtree<Entry, bgi::rstar<16>> tree;
};

EdgeIndex::EdgeIndex(const WalkingGraph& graph) : graph_(&graph), index_(std::make_unique<Index>()) {
    std::vector<Index::Entry> entries;
    for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
        const std::vector<PlanarPoint> points = graph.edge_geometry(edge);
        double along = 0.0;
        for (std::size_t i = 0; i + 1 < points.size(); ++i) {
            entries.emplace_back(Segment{points[i], points[i + 1]},
                                 static_cast<std::uint32_t>(index_->segments.size()));
            index_->segments.push_back({edge, along});
            along += std::hypot(points[i + 1].x - points[i].x, points[i + 1].y - points[i].y);
        }
    }
    index_->tree = bgi::rtree<Index::Entry, bgi::rstar<16>>(entries.begin(), entries.end());
}

EdgeIndex::~EdgeIndex() = default;
EdgeIndex::EdgeIndex(EdgeIndex&&) noexcept = default;
EdgeIndex& EdgeIndex::operator=(EdgeIndex&&) noexcept = default;

namespace {

struct Foot {
    double fraction = 0.0; // position on the segment, 0 at its start
    double distance = 0.0; // from the point
};

Foot foot_on(const Segment& segment, PlanarPoint point) {
    const double dx = segment.second.x - segment.first.x;
    const double dy = segment.second.y - segment.first.y;
    const double squared_length = dx * dx + dy * dy;
    Foot foot;
    if (squared_length > 0.0) {
        foot.fraction = std::clamp(
            ((point.x - segment.first.x) * dx + (point.y - segment.first.y) * dy) / squared_length, 0.0, 1.0);
    }
    foot.distance =
        std::hypot(point.x - (segment.first.x + foot.fraction * dx), point.y - (segment.first.y + foot.fraction * dy));
    return foot;
}

} // namespace

Snap EdgeIndex::snap(PlanarPoint point, Metres limit) const {
    Snap snap;
    if (index_->tree.empty()) {
        return snap;
    }
    // The R-tree's nearest candidate bounds the answer; every segment whose box
    // lies within that distance is then measured exactly, so the result is the
    // true nearest position (lowest segment on ties) whatever the tree's metric.
    std::vector<Index::Entry> candidates;
    index_->tree.query(bgi::nearest(point, 1), std::back_inserter(candidates));
    std::uint32_t best_segment = candidates.front().second;
    Segment best_on = candidates.front().first;
    Foot best = foot_on(best_on, point);
    const double radius = std::min(best.distance, limit.value);
    candidates.clear();
    index_->tree.query(
        bgi::intersects(PlanarBox{{point.x - radius, point.y - radius}, {point.x + radius, point.y + radius}}),
        std::back_inserter(candidates));
    for (const auto& [segment, id] : candidates) {
        const Foot foot = foot_on(segment, point);
        if (foot.distance < best.distance || (foot.distance == best.distance && id < best_segment)) {
            best = foot;
            best_segment = id;
            best_on = segment;
        }
    }
    if (best.distance > limit.value) {
        return snap;
    }
    const Index::SegmentOnEdge& on_edge = index_->segments[best_segment];
    const double segment_length = std::hypot(best_on.second.x - best_on.first.x, best_on.second.y - best_on.first.y);
    snap.edge = on_edge.edge;
    // Clamp against rounding so that along stays within [0, edge length].
    snap.along_m =
        std::clamp(on_edge.along_start + best.fraction * segment_length, 0.0, graph_->edge_length(on_edge.edge));
    snap.connector_m = best.distance;
    return snap;
}

std::vector<Snap> EdgeIndex::snap(std::span<const PlanarPoint> points, Metres limit, SnapReport* report) const {
    std::vector<Snap> snaps;
    snaps.reserve(points.size());
    for (const PlanarPoint& point : points) {
        snaps.push_back(snap(point, limit));
        if (report != nullptr) {
            const Snap& snapped = snaps.back();
            ++report->points;
            if (!snapped.snapped()) {
                ++report->beyond_limit;
                continue;
            }
            report->largest_connector_m = std::max(report->largest_connector_m, snapped.connector_m);
            if (graph_->component_of(graph_->edge_from(snapped.edge)) != graph_->largest_component()) {
                ++report->on_minor_component;
            }
        }
    }
    return snaps;
}

std::size_t EdgeIndex::memory_bytes() const noexcept {
    // The R-tree's nodes are not exposed; count its entries and the segment table.
    return index_->tree.size() * sizeof(Index::Entry) + index_->segments.capacity() * sizeof(Index::SegmentOnEdge);
}

} // namespace lifecircle
