#include "lifecircle/network.hpp"
#include "lifecircle/walking_costs.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lifecircle {

struct EdgeIndex::Index {
    // A position with no initialisers, so that the segments' array (an
    // UnwrittenVector) is left unwritten until the cores fill it: zeroing its
    // 90 MB first, on one core, took as long as filling it on all of them.
    struct Position {
        double x;
        double y;
        operator PlanarPoint() const noexcept { return {x, y}; } // implicit: read as the planar point it is
    };
    // Each segment carries its edge and the distance along the edge to its start.
    struct SegmentOnEdge {
        Position start;
        Position end;
        std::uint32_t edge;
        double along_start;
    };
    detail::UnwrittenVector<SegmentOnEdge> segments;

    // A uniform grid over the segments' extent. Cell (column, row) lists the
    // segments that pass through it: [cell_first[cell], cell_first[cell + 1])
    // of cell_segments. A segment longer than a cell is listed in every cell
    // its pieces (each at most a cell long) touch, so no segment fills a
    // large box of cells it does not cross.
    PlanarPoint origin;
    double cell_size = 1.0;
    std::int64_t columns = 0;
    std::int64_t rows = 0;
    std::vector<std::uint32_t> cell_first;
    std::vector<std::uint32_t> cell_segments;

    double mean_segment_length = 1.0; // sizes the cells and the first search box

    // Clamped while still a double, so that a point far off the grid (or not a
    // number) cannot overflow the cast.
    [[nodiscard]] static std::int64_t cell_along(double offset, double cell_size, std::int64_t cells) {
        const double cell = std::floor(offset / cell_size);
        if (!(cell > 0.0)) {
            return 0;
        }
        return cell >= static_cast<double>(cells - 1) ? cells - 1 : static_cast<std::int64_t>(cell);
    }
    [[nodiscard]] std::int64_t column_of(double x) const { return cell_along(x - origin.x, cell_size, columns); }
    [[nodiscard]] std::int64_t row_of(double y) const { return cell_along(y - origin.y, cell_size, rows); }

    // The cells that the pieces of `segment` touch, each once, into `cells`.
    void cells_of(const SegmentOnEdge& segment, std::vector<std::size_t>& cells) const {
        cells.clear();
        const double dx = segment.end.x - segment.start.x;
        const double dy = segment.end.y - segment.start.y;
        // sqrt rather than hypot, which took a fifth of the index's time: the
        // count of pieces only has to cover the segment, not round exactly.
        const double pieces = std::max(1.0, std::ceil(std::sqrt(dx * dx + dy * dy) / cell_size));
        // Widened a little so rounding in the interpolation never leaves out a cell the segment crosses.
        const double pad = 1e-6 * cell_size;
        for (double piece = 0.0; piece < pieces; piece += 1.0) {
            const double x0 = segment.start.x + piece / pieces * dx;
            const double x1 = segment.start.x + (piece + 1.0) / pieces * dx;
            const double y0 = segment.start.y + piece / pieces * dy;
            const double y1 = segment.start.y + (piece + 1.0) / pieces * dy;
            for (std::int64_t row = row_of(std::min(y0, y1) - pad); row <= row_of(std::max(y0, y1) + pad); ++row) {
                for (std::int64_t column = column_of(std::min(x0, x1) - pad);
                     column <= column_of(std::max(x0, x1) + pad); ++column) {
                    cells.push_back(static_cast<std::size_t>(row * columns + column));
                }
            }
        }
        if (pieces > 1.0) { // neighbouring pieces share cells
            std::sort(cells.begin(), cells.end());
            cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
        }
    }
};

EdgeIndex::EdgeIndex(const WalkingGraph& graph, std::uint32_t min_component_nodes, const WalkingCosts* costs)
    : graph_(&graph), index_(std::make_unique<Index>()) {
    // Segments of edge e start at first_segment[e]: one more than the edge's
    // interior vertices, or none for an edge of a component too small to join
    // or one the profile may not use.
    const std::uint32_t edges = graph.edge_count();
    const auto indexed = [&](std::uint32_t edge) {
        return graph.component_size(graph.component_of(graph.edge_from(edge))) >= min_component_nodes &&
               (costs == nullptr || costs->passable(edge));
    };
    std::vector<std::size_t> first_segment(edges + 1, 0);
    double indexed_length = 0.0;
    for (std::uint32_t edge = 0; edge < edges; ++edge) {
        const bool kept = indexed(edge);
        first_segment[edge + 1] = first_segment[edge] + (kept ? graph.edge_interior(edge).size() + 1 : 0);
        indexed_length += kept ? graph.edge_length(edge).value : 0.0;
    }
    detail::UnwrittenVector<Index::SegmentOnEdge>& segments = index_->segments;
    segments.resize(first_segment[edges]);
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, edges, 4096),
                      [&](const tbb::blocked_range<std::uint32_t>& range) {
                          for (std::uint32_t edge = range.begin(); edge != range.end(); ++edge) {
                              if (first_segment[edge + 1] == first_segment[edge]) {
                                  continue; // on a component too small to join
                              }
                              const std::span<const PlanarPoint> interior = graph.edge_interior(edge);
                              PlanarPoint start = graph.node_position(graph.edge_from(edge));
                              double along = 0.0;
                              std::size_t slot = first_segment[edge];
                              for (std::size_t i = 0; i <= interior.size(); ++i) {
                                  const PlanarPoint end =
                                      i < interior.size() ? interior[i] : graph.node_position(graph.edge_to(edge));
                                  segments[slot++] = {{start.x, start.y}, {end.x, end.y}, edge, along};
                                  along += std::hypot(end.x - start.x, end.y - start.y);
                                  start = end;
                              }
                          }
                      });
    if (segments.empty()) {
        return;
    }

    PlanarPoint low = segments.front().start;
    PlanarPoint high{low};
    for (const Index::SegmentOnEdge& segment : segments) {
        for (const PlanarPoint point : {segment.start, segment.end}) {
            low = {std::min(low.x, point.x), std::min(low.y, point.y)};
            high = {std::max(high.x, point.x), std::max(high.y, point.y)};
        }
    }
    const auto count = static_cast<double>(segments.size());
    index_->mean_segment_length =
        std::max(1.0, (min_component_nodes <= 1 ? graph.total_length().value : indexed_length) / count);
    // Cells about a segment long, but never more cells than four per segment,
    // so that a sparse network over a wide extent stays small.
    const double width = high.x - low.x;
    const double height = high.y - low.y;
    index_->cell_size = std::max({index_->mean_segment_length, std::sqrt(width * height / (4.0 * count)),
                                  std::max(width, height) / 65536.0, 1.0});
    index_->origin = low;
    index_->columns = static_cast<std::int64_t>(width / index_->cell_size) + 1;
    index_->rows = static_cast<std::int64_t>(height / index_->cell_size) + 1;

    // Each segment's cells, found once on every core in blocks of segments
    // (the geometry is the costly part), then filed cell by cell in segment
    // order by two counting passes.
    const auto cells = static_cast<std::size_t>(index_->columns * index_->rows);
    constexpr std::size_t block = 16384;
    std::vector<std::vector<std::size_t>> block_cells((segments.size() + block - 1) / block);
    std::vector<std::uint32_t> cells_per_segment(segments.size());
    tbb::parallel_for(std::size_t{0}, block_cells.size(), [&](std::size_t block_id) {
        std::vector<std::size_t> touched;
        std::vector<std::size_t>& listed = block_cells[block_id];
        for (std::size_t id = block_id * block; id < std::min(segments.size(), (block_id + 1) * block); ++id) {
            index_->cells_of(segments[id], touched);
            cells_per_segment[id] = static_cast<std::uint32_t>(touched.size());
            listed.insert(listed.end(), touched.begin(), touched.end());
        }
    });
    std::vector<std::uint32_t>& cell_first = index_->cell_first;
    cell_first.assign(cells + 1, 0);
    for (const std::vector<std::size_t>& listed : block_cells) {
        for (const std::size_t cell : listed) {
            ++cell_first[cell + 1];
        }
    }
    std::partial_sum(cell_first.begin(), cell_first.end(), cell_first.begin());
    index_->cell_segments.resize(cell_first.back());
    std::vector<std::uint32_t> next(cell_first.begin(), cell_first.end() - 1);
    std::uint32_t id = 0;
    for (const std::vector<std::size_t>& listed : block_cells) {
        auto cell = listed.begin();
        for (const std::uint32_t end = std::min<std::uint32_t>(static_cast<std::uint32_t>(segments.size()), id + block);
             id < end; ++id) {
            for (std::uint32_t k = 0; k < cells_per_segment[id]; ++k) {
                index_->cell_segments[next[*cell++]++] = id;
            }
        }
    }
}

EdgeIndex::~EdgeIndex() = default;
EdgeIndex::EdgeIndex(EdgeIndex&&) noexcept = default;
EdgeIndex& EdgeIndex::operator=(EdgeIndex&&) noexcept = default;

namespace {

// Where the perpendicular from a point meets a segment: the fraction along it
// (0 at its start) and the offset from the foot to the point.
struct Foot {
    double fraction = 0.0;
    double offset_x = 0.0;
    double offset_y = 0.0;
    [[nodiscard]] double squared_distance() const noexcept { return offset_x * offset_x + offset_y * offset_y; }
    [[nodiscard]] double distance() const noexcept { return std::hypot(offset_x, offset_y); }
};

Foot foot_on(PlanarPoint start, PlanarPoint end, PlanarPoint point) {
    const double dx = end.x - start.x;
    const double dy = end.y - start.y;
    const double squared_length = dx * dx + dy * dy;
    Foot foot;
    if (squared_length > 0.0) {
        foot.fraction = std::clamp(((point.x - start.x) * dx + (point.y - start.y) * dy) / squared_length, 0.0, 1.0);
    }
    foot.offset_x = point.x - (start.x + foot.fraction * dx);
    foot.offset_y = point.y - (start.y + foot.fraction * dy);
    return foot;
}

// A squared distance this much above the best one's square cannot round to a
// distance as small: hypot and the sum of squares agree far more closely.
constexpr double squared_margin = 1.0 + 1e-9;

} // namespace

Snap EdgeIndex::snap(PlanarPoint point, Metres limit) const {
    Snap snap;
    const Index& index = *index_;
    if (index.segments.empty()) {
        return snap;
    }
    // Search a box that doubles until it holds a segment at most its half-width
    // away: every segment nearer than that one passes through a cell of the
    // box, so the segment found is the exact nearest (lowest index on ties).
    std::uint32_t best_segment = Snap::no_snap;
    Foot best;
    double best_distance = 0.0;
    double skip_above = 0.0; // squared distances that cannot win; hypot is only taken below it
    // Half a segment: in a street grid every point is nearer than that to a street.
    for (double radius = std::min(index.mean_segment_length / 2.0, limit.value);;
         radius = std::min(2.0 * radius, limit.value)) {
        const std::int64_t first_row = index.row_of(point.y - radius);
        const std::int64_t last_row = index.row_of(point.y + radius);
        const std::int64_t first_column = index.column_of(point.x - radius);
        const std::int64_t last_column = index.column_of(point.x + radius);
        for (std::int64_t row = first_row; row <= last_row; ++row) {
            // A row's cells are consecutive, and so are their entries.
            const auto first_cell = static_cast<std::size_t>(row * index.columns + first_column);
            const auto last_cell = static_cast<std::size_t>(row * index.columns + last_column);
            const std::uint32_t* entry = index.cell_segments.data() + index.cell_first[first_cell];
            const std::uint32_t* entries_end = index.cell_segments.data() + index.cell_first[last_cell + 1];
            for (; entry != entries_end; ++entry) {
                const std::uint32_t id = *entry;
                const Index::SegmentOnEdge& segment = index.segments[id];
                const Foot foot = foot_on(segment.start, segment.end, point);
                if (best_segment != Snap::no_snap && foot.squared_distance() > skip_above) {
                    continue;
                }
                const double distance = foot.distance();
                if (best_segment == Snap::no_snap || distance < best_distance ||
                    (distance == best_distance && id < best_segment)) {
                    best = foot;
                    best_distance = distance;
                    best_segment = id;
                    skip_above = distance * distance * squared_margin;
                }
            }
        }
        if ((best_segment != Snap::no_snap && best_distance <= radius) || radius >= limit.value) {
            break;
        }
    }
    if (best_segment == Snap::no_snap || best_distance > limit.value) {
        return snap;
    }
    const Index::SegmentOnEdge& on_edge = index.segments[best_segment];
    const double segment_length = std::hypot(on_edge.end.x - on_edge.start.x, on_edge.end.y - on_edge.start.y);
    snap.edge = on_edge.edge;
    // Clamp against rounding so that along stays within [0, edge length].
    snap.along = Metres{
        std::clamp(on_edge.along_start + best.fraction * segment_length, 0.0, graph_->edge_length(on_edge.edge).value)};
    snap.connector = Metres{best_distance};
    return snap;
}

std::vector<Snap> EdgeIndex::snap(std::span<const PlanarPoint> points, Metres limit, SnapReport* report) const {
    // Points snap independently, so the result is the same on any number of
    // threads and in any order. They are taken cell by cell, so that one
    // cell's segments are read while they are still in cache: points in file
    // order jump across the city.
    std::vector<std::pair<std::int64_t, std::uint32_t>> by_cell(points.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, points.size(), 4096),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                          for (std::size_t i = range.begin(); i != range.end(); ++i) {
                              const std::int64_t cell =
                                  index_->row_of(points[i].y) * index_->columns + index_->column_of(points[i].x);
                              by_cell[i] = {cell, static_cast<std::uint32_t>(i)};
                          }
                      });
    tbb::parallel_sort(by_cell.begin(), by_cell.end());
    std::vector<Snap> snaps(points.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, points.size(), 4096),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                          for (std::size_t k = range.begin(); k != range.end(); ++k) {
                              const std::uint32_t i = by_cell[k].second;
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
    return index_->segments.capacity() * sizeof(Index::SegmentOnEdge) +
           index_->cell_first.capacity() * sizeof(std::uint32_t) +
           index_->cell_segments.capacity() * sizeof(std::uint32_t);
}

} // namespace lifecircle
