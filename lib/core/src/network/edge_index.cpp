#include "lifecircle/network.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/segment.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cmath>

namespace lifecircle {
namespace bgi = boost::geometry::index;

namespace {
using Segment = boost::geometry::model::segment<PlanarPoint>;
}

struct EdgeIndex::Index {
    // Each segment carries its edge and the distance along the edge to its start.
    struct SegmentOnEdge {
        Segment segment;
        std::uint32_t edge;
        double along_start;
    };
    using Entry = std::pair<PlanarBox, std::uint32_t>; // the segment's box, index into `segments`
    std::vector<SegmentOnEdge> segments;
    bgi::rtree<Entry, bgi::rstar<16>> tree;
    double initial_radius = 1.0; // the typical segment length: where the expanding search starts
};

EdgeIndex::EdgeIndex(const WalkingGraph& graph) : graph_(&graph), index_(std::make_unique<Index>()) {
    std::vector<Index::Entry> entries;
    double total_length = 0.0;
    for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
        const std::vector<PlanarPoint> points = graph.edge_geometry(edge);
        double along = 0.0;
        for (std::size_t i = 0; i + 1 < points.size(); ++i) {
            const Segment segment{points[i], points[i + 1]};
            entries.emplace_back(boost::geometry::return_envelope<PlanarBox>(segment),
                                 static_cast<std::uint32_t>(index_->segments.size()));
            index_->segments.push_back({segment, edge, along});
            along += std::hypot(points[i + 1].x - points[i].x, points[i + 1].y - points[i].y);
        }
        total_length += along;
    }
    if (!entries.empty()) {
        index_->initial_radius = std::max(1.0, total_length / static_cast<double>(entries.size()));
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
    if (index_->segments.empty()) {
        return snap;
    }
    // Search a box that doubles until it holds a segment at most its half-width
    // away: every segment nearer than that one has a box inside the search box,
    // so the segment found is the exact nearest (lowest index on ties).
    thread_local std::vector<Index::Entry> candidates;
    std::uint32_t best_segment = Snap::no_snap;
    Foot best;
    for (double radius = std::min(index_->initial_radius, limit.value);; radius = std::min(2.0 * radius, limit.value)) {
        candidates.clear();
        index_->tree.query(
            bgi::intersects(PlanarBox{{point.x - radius, point.y - radius}, {point.x + radius, point.y + radius}}),
            std::back_inserter(candidates));
        for (const auto& [box, id] : candidates) {
            const Foot foot = foot_on(index_->segments[id].segment, point);
            if (best_segment == Snap::no_snap || foot.distance < best.distance ||
                (foot.distance == best.distance && id < best_segment)) {
                best = foot;
                best_segment = id;
            }
        }
        if ((best_segment != Snap::no_snap && best.distance <= radius) || radius >= limit.value) {
            break;
        }
    }
    if (best_segment == Snap::no_snap || best.distance > limit.value) {
        return snap;
    }
    const Index::SegmentOnEdge& on_edge = index_->segments[best_segment];
    const Segment& segment = on_edge.segment;
    const double segment_length = std::hypot(segment.second.x - segment.first.x, segment.second.y - segment.first.y);
    snap.edge = on_edge.edge;
    // Clamp against rounding so that along stays within [0, edge length].
    snap.along = Metres{
        std::clamp(on_edge.along_start + best.fraction * segment_length, 0.0, graph_->edge_length(on_edge.edge).value)};
    snap.connector = Metres{best.distance};
    return snap;
}

std::vector<Snap> EdgeIndex::snap(std::span<const PlanarPoint> points, Metres limit, SnapReport* report) const {
    // Points snap independently, so the result is the same on any number of threads.
    std::vector<Snap> snaps(points.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, points.size(), 4096),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                          for (std::size_t i = range.begin(); i != range.end(); ++i) {
                              snaps[i] = snap(points[i], limit);
                          }
                      });
    if (report != nullptr) {
        for (const Snap& snapped : snaps) {
            ++report->points;
            if (!snapped.snapped()) {
                ++report->beyond_limit;
                continue;
            }
            report->largest_connector = std::max(report->largest_connector, snapped.connector);
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
