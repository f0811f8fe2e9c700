#include "lifecircle/network.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace lifecircle {
namespace bgi = boost::geometry::index;

namespace {

constexpr std::uint32_t unassigned = 0xFFFFFFFFU;

double distance(PlanarPoint a, PlanarPoint b) {
    const double dx = a.x - b.x;
    const double dy = a.y - b.y;
    return std::sqrt(dx * dx + dy * dy);
}

// Joins each dangling end point (a vertex used once) to the nearest other
// vertex within `tolerance`; returns the vertex each vertex stands for.
std::vector<std::uint32_t> snap_dangling_endpoints(std::span<const PlanarPoint> vertices, const RoadSource& topology,
                                                   double tolerance, std::uint64_t& snapped) {
    std::vector<std::uint32_t> representative(vertices.size());
    std::iota(representative.begin(), representative.end(), 0U);
    std::vector<std::uint32_t> uses(vertices.size(), 0);
    for (const std::uint32_t vertex : topology.polyline_vertices) {
        ++uses[vertex];
    }
    using Entry = std::pair<PlanarPoint, std::uint32_t>;
    std::vector<Entry> entries;
    for (std::uint32_t vertex = 0; vertex < vertices.size(); ++vertex) {
        if (uses[vertex] > 0) {
            entries.emplace_back(vertices[vertex], vertex);
        }
    }
    const bgi::rtree<Entry, bgi::rstar<16>> tree(entries.begin(), entries.end());
    std::vector<Entry> found;
    for (std::size_t polyline = 0; polyline < topology.polyline_count(); ++polyline) {
        for (const std::uint32_t end : {topology.polyline_vertices[topology.polyline_offsets[polyline]],
                                        topology.polyline_vertices[topology.polyline_offsets[polyline + 1] - 1]}) {
            if (uses[end] != 1 || representative[end] != end) {
                continue;
            }
            const PlanarPoint at = vertices[end];
            const PlanarBox around{{at.x - tolerance, at.y - tolerance}, {at.x + tolerance, at.y + tolerance}};
            found.clear();
            tree.query(bgi::intersects(around), std::back_inserter(found));
            std::uint32_t best = end;
            double best_distance = tolerance;
            for (const auto& [position, vertex] : found) {
                const double gap = distance(at, position);
                if (vertex != end && (gap < best_distance || (gap == best_distance && vertex < best))) {
                    best = vertex;
                    best_distance = gap;
                }
            }
            if (best != end) {
                representative[end] = best;
                ++snapped;
            }
        }
    }
    // Follow chains (a end point joined to another joined end point) to their root.
    for (std::uint32_t vertex = 0; vertex < representative.size(); ++vertex) {
        std::uint32_t root = vertex;
        for (int step = 0; representative[root] != root && step < 64; ++step) {
            root = representative[root];
        }
        representative[vertex] = root;
    }
    return representative;
}

} // namespace

void RoadSource::add_polyline(std::span<const std::uint32_t> vertex_indices) {
    polyline_vertices.insert(polyline_vertices.end(), vertex_indices.begin(), vertex_indices.end());
    polyline_offsets.push_back(static_cast<std::uint32_t>(polyline_vertices.size()));
}

WalkingGraph WalkingGraph::build(std::span<const PlanarPoint> vertices, const RoadSource& topology,
                                 const GraphOptions& options) {
    if (!topology.ways.empty() && topology.ways.size() != topology.polyline_count()) {
        throw std::invalid_argument("WalkingGraph::build: " + std::to_string(topology.ways.size()) +
                                    " way attributes for " + std::to_string(topology.polyline_count()) + " polylines");
    }
    WalkingGraph graph;
    std::uint64_t endpoints_snapped = 0;
    std::vector<std::uint32_t> representative(vertices.size());
    std::iota(representative.begin(), representative.end(), 0U);
    if (topology.from_line_layer && options.endpoint_tolerance.value > 0.0) {
        representative =
            snap_dangling_endpoints(vertices, topology, options.endpoint_tolerance.value, endpoints_snapped);
    }

    // Each polyline as vertex indices, with repeated positions (zero-length segments) removed.
    std::vector<std::uint32_t> cleaned_offsets{0};
    std::vector<std::uint32_t> cleaned;
    std::vector<std::uint32_t> cleaned_polyline; // the source polyline of each cleaned one
    cleaned.reserve(topology.polyline_vertices.size());
    cleaned_offsets.reserve(topology.polyline_count() + 1);
    cleaned_polyline.reserve(topology.polyline_count());
    std::uint64_t zero_length_segments = 0;
    for (std::size_t polyline = 0; polyline < topology.polyline_count(); ++polyline) {
        const std::size_t start = cleaned.size();
        for (std::uint32_t i = topology.polyline_offsets[polyline]; i < topology.polyline_offsets[polyline + 1]; ++i) {
            const std::uint32_t vertex = representative[topology.polyline_vertices[i]];
            if (cleaned.size() > start && (cleaned.back() == vertex || vertices[cleaned.back()] == vertices[vertex])) {
                ++zero_length_segments;
                continue;
            }
            cleaned.push_back(vertex);
        }
        if (cleaned.size() - start < 2) {
            cleaned.resize(start); // nothing left of it
        } else {
            cleaned_offsets.push_back(static_cast<std::uint32_t>(cleaned.size()));
            cleaned_polyline.push_back(static_cast<std::uint32_t>(polyline));
        }
    }

    // Junctions: polyline end points and vertices used more than once.
    std::vector<std::uint32_t> uses(vertices.size(), 0);
    std::vector<std::uint8_t> is_junction(vertices.size(), 0);
    for (std::size_t polyline = 0; polyline + 1 < cleaned_offsets.size(); ++polyline) {
        is_junction[cleaned[cleaned_offsets[polyline]]] = 1;
        is_junction[cleaned[cleaned_offsets[polyline + 1] - 1]] = 1;
        for (std::uint32_t i = cleaned_offsets[polyline]; i < cleaned_offsets[polyline + 1]; ++i) {
            if (++uses[cleaned[i]] > 1) {
                is_junction[cleaned[i]] = 1;
            }
        }
    }
    // Edges between consecutive junctions, each a run of `cleaned` (its end
    // vertices shared with its neighbours). Found on every core for blocks of
    // polylines, then laid end to end in polyline order.
    struct EdgeRun {
        std::uint32_t first; // cleaned[first] .. cleaned[last]
        std::uint32_t last;
    };
    struct RunsFound {
        std::vector<EdgeRun> runs;
        std::vector<double> lengths;
        std::vector<std::uint32_t> polylines; // the source polyline of each run
        std::uint64_t zero_length_loops = 0;
    };
    const std::size_t cleaned_count = cleaned_offsets.size() - 1;
    constexpr std::size_t polylines_per_block = 4096;
    std::vector<RunsFound> blocks((cleaned_count + polylines_per_block - 1) / polylines_per_block);
    tbb::parallel_for(std::size_t{0}, blocks.size(), [&](std::size_t block) {
        RunsFound& found = blocks[block];
        const std::size_t end = std::min(cleaned_count, (block + 1) * polylines_per_block);
        for (std::size_t polyline = block * polylines_per_block; polyline < end; ++polyline) {
            std::uint32_t edge_start = cleaned_offsets[polyline];
            double length = 0.0;
            for (std::uint32_t i = edge_start + 1; i < cleaned_offsets[polyline + 1]; ++i) {
                length += distance(vertices[cleaned[i - 1]], vertices[cleaned[i]]);
                if (is_junction[cleaned[i]] == 0) {
                    continue;
                }
                if (cleaned[edge_start] == cleaned[i] && length == 0.0) {
                    ++found.zero_length_loops;
                } else {
                    found.runs.push_back({edge_start, i});
                    found.lengths.push_back(length);
                    found.polylines.push_back(cleaned_polyline[polyline]);
                }
                edge_start = i;
                length = 0.0;
            }
        }
    });
    std::vector<std::size_t> block_first(blocks.size() + 1, 0);
    std::uint64_t zero_length_loops = 0;
    for (std::size_t block = 0; block < blocks.size(); ++block) {
        block_first[block + 1] = block_first[block] + blocks[block].runs.size();
        zero_length_loops += blocks[block].zero_length_loops;
    }
    detail::UnwrittenVector<EdgeRun> runs(block_first.back());
    detail::UnwrittenVector<double> lengths(block_first.back());
    detail::UnwrittenVector<std::uint32_t> edge_polyline(block_first.back());
    tbb::parallel_for(std::size_t{0}, blocks.size(), [&](std::size_t block) {
        const auto at = static_cast<std::ptrdiff_t>(block_first[block]);
        std::copy(blocks[block].runs.begin(), blocks[block].runs.end(), runs.begin() + at);
        std::copy(blocks[block].lengths.begin(), blocks[block].lengths.end(), lengths.begin() + at);
        std::copy(blocks[block].polylines.begin(), blocks[block].polylines.end(), edge_polyline.begin() + at);
        blocks[block] = {};
    });

    // Duplicate edges (the same vertices, either direction) are kept once: the
    // first in input order. Only edges between the same two end vertices can
    // be duplicates, so the edges are filed by their lower end vertex (a
    // counting sort, stable in input order) and compared within each file.
    const std::size_t candidate_edges = lengths.size();
    const auto sequence = [&](std::size_t edge) {
        return std::span<const std::uint32_t>(cleaned.data() + runs[edge].first,
                                              runs[edge].last - runs[edge].first + 1);
    };
    const auto low_end = [&](std::size_t edge) {
        const auto vertices_of = sequence(edge);
        return std::min(vertices_of.front(), vertices_of.back());
    };
    std::vector<std::uint32_t> file_first(vertices.size() + 1, 0);
    for (std::size_t edge = 0; edge < candidate_edges; ++edge) {
        ++file_first[low_end(edge) + 1];
    }
    std::partial_sum(file_first.begin(), file_first.end(), file_first.begin());
    std::vector<std::uint32_t> filed(candidate_edges);
    {
        std::vector<std::uint32_t> next(file_first.begin(), file_first.end() - 1);
        for (std::uint32_t edge = 0; edge < candidate_edges; ++edge) {
            filed[next[low_end(edge)]++] = edge;
        }
    }
    std::vector<std::uint8_t> duplicate(candidate_edges, 0);
    const auto same_vertices = [&](std::size_t a, std::size_t b) {
        const auto first = sequence(a);
        const auto second = sequence(b);
        return first.size() == second.size() && lengths[a] == lengths[b] &&
               (std::equal(first.begin(), first.end(), second.begin()) ||
                std::equal(first.begin(), first.end(), second.rbegin()));
    };
    // Each edge is in one file, so files are compared on every core.
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, vertices.size(), 65536),
                      [&](const tbb::blocked_range<std::size_t>& files) {
                          for (std::size_t vertex = files.begin(); vertex != files.end(); ++vertex) {
                              for (std::uint32_t i = file_first[vertex] + 1; i < file_first[vertex + 1]; ++i) {
                                  for (std::uint32_t j = file_first[vertex]; j < i; ++j) {
                                      if (duplicate[filed[j]] == 0 && same_vertices(filed[i], filed[j])) {
                                          duplicate[filed[i]] = 1; // filed[j] came first in input order
                                          break;
                                      }
                                  }
                              }
                          }
                      });

    // The edges kept, in input order, and where each one's interior vertices go.
    std::vector<std::uint32_t> kept;
    kept.reserve(candidate_edges);
    for (std::uint32_t edge = 0; edge < candidate_edges; ++edge) {
        if (duplicate[edge] == 0) {
            kept.push_back(edge);
        }
    }
    const std::uint64_t duplicate_edges = candidate_edges - kept.size();
    const auto edges = static_cast<std::uint32_t>(kept.size());
    graph.edge_shape_offset_.resize(std::size_t{edges} + 1);
    graph.edge_shape_offset_[0] = 0;
    for (std::uint32_t edge = 0; edge < edges; ++edge) {
        const EdgeRun& run = runs[kept[edge]];
        graph.edge_shape_offset_[edge + 1] = graph.edge_shape_offset_[edge] + (run.last - run.first - 1);
    }

    // Nodes are numbered in the order their vertices are first met, reading
    // each kept edge's from end and then its to end. (Numbering on every core,
    // by each vertex's first meeting found with atomics, took twice as long.)
    std::vector<std::uint32_t> node_of(vertices.size(), unassigned);
    graph.node_position_.reserve(static_cast<std::size_t>(std::count(is_junction.begin(), is_junction.end(), 1)));
    for (const std::uint32_t edge : kept) {
        for (const std::uint32_t vertex : {cleaned[runs[edge].first], cleaned[runs[edge].last]}) {
            if (node_of[vertex] == unassigned) {
                node_of[vertex] = static_cast<std::uint32_t>(graph.node_position_.size());
                graph.node_position_.push_back(vertices[vertex]);
            }
        }
    }

    graph.edge_from_.resize(edges);
    graph.edge_to_.resize(edges);
    graph.edge_length_.resize(edges);
    if (!topology.ways.empty()) {
        graph.edge_way_.resize(edges);
    }
    graph.edge_shape_.resize(graph.edge_shape_offset_.back());
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, edges, 16384),
                      [&](const tbb::blocked_range<std::uint32_t>& range) {
                          for (std::uint32_t edge = range.begin(); edge != range.end(); ++edge) {
                              const EdgeRun& run = runs[kept[edge]];
                              graph.edge_from_[edge] = node_of[cleaned[run.first]];
                              graph.edge_to_[edge] = node_of[cleaned[run.last]];
                              graph.edge_length_[edge] = lengths[kept[edge]];
                              if (!topology.ways.empty()) {
                                  graph.edge_way_[edge] = edge_polyline[kept[edge]];
                              }
                              std::uint32_t slot = graph.edge_shape_offset_[edge];
                              for (std::uint32_t i = run.first + 1; i < run.last; ++i) {
                                  graph.edge_shape_[slot++] = vertices[cleaned[i]];
                              }
                          }
                      });

    graph.ways_ = topology.ways;
    if (!topology.crossing_vertices.empty()) {
        graph.crossing_nodes_.assign(graph.node_position_.size(), false);
        for (const std::uint32_t vertex : topology.crossing_vertices) {
            const std::uint32_t node = node_of[representative[vertex]];
            if (node != unassigned) {
                graph.crossing_nodes_[node] = true;
            }
        }
    }

    if (!topology.planned_crossings.empty()) {
        graph.planned_wait_.assign(graph.node_position_.size(), std::numeric_limits<double>::quiet_NaN());
        for (const PlannedCrossing& crossing : topology.planned_crossings) {
            const std::uint32_t node = node_of[representative[crossing.vertex]];
            if (node != unassigned) {
                graph.planned_wait_[node] = crossing.wait_s;
            }
        }
    }

    // Compressed sparse rows: every edge is walkable both ways.
    const std::uint32_t nodes = static_cast<std::uint32_t>(graph.node_position_.size());
    graph.first_arc_.assign(nodes + 1, 0);
    for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
        ++graph.first_arc_[graph.edge_from_[edge] + 1];
        ++graph.first_arc_[graph.edge_to_[edge] + 1];
    }
    std::partial_sum(graph.first_arc_.begin(), graph.first_arc_.end(), graph.first_arc_.begin());
    graph.arc_head_.resize(graph.first_arc_.back());
    graph.arc_edge_.resize(graph.first_arc_.back());
    graph.arc_length_.resize(graph.first_arc_.back());
    // Filled on every core, each taking the arcs that leave one range of
    // nodes: every core reads all the edges in order, so each node's arcs
    // come in edge order whatever the number of cores. The components need
    // only the edges, so they are found meanwhile.
    std::vector<std::uint32_t> next(graph.first_arc_.begin(), graph.first_arc_.end() - 1);
    const auto ranges = static_cast<std::uint32_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
    const auto fill_rows = [&] {
        tbb::parallel_for(std::uint32_t{0}, ranges, [&](std::uint32_t range) {
            const std::uint32_t low = static_cast<std::uint32_t>(std::uint64_t{nodes} * range / ranges);
            const std::uint32_t high = static_cast<std::uint32_t>(std::uint64_t{nodes} * (range + 1) / ranges);
            for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
                const std::uint32_t from = graph.edge_from_[edge];
                const std::uint32_t to = graph.edge_to_[edge];
                for (const auto& [tail, head] : {std::pair{from, to}, std::pair{to, from}}) {
                    if (tail >= low && tail < high) {
                        graph.arc_head_[next[tail]] = head;
                        graph.arc_length_[next[tail]] = graph.edge_length_[edge];
                        graph.arc_edge_[next[tail]++] = edge;
                    }
                }
            }
        });
    };
    tbb::parallel_invoke(fill_rows, [&graph] { graph.find_components(); });

    for (const auto& [reason, count] : {std::pair<const char*, std::uint64_t>{"endpoints_snapped", endpoints_snapped},
                                        {"zero_length_segments", zero_length_segments},
                                        {"zero_length_loops", zero_length_loops},
                                        {"duplicate_edges", duplicate_edges}}) {
        if (count > 0) {
            graph.adjustments_[reason] = count;
        }
    }
    return graph;
}

// Union-find over the edges rather than a search over the rows, so that it
// needs no rows. Every set's root is its lowest node (the higher root is
// linked under the lower), so numbering the roots in node order numbers the
// components as a search from each lowest node not yet reached would.
void WalkingGraph::find_components() {
    const std::uint32_t nodes = node_count();
    std::vector<std::uint32_t>& parent = component_; // becomes each node's component below
    parent.resize(nodes);
    std::iota(parent.begin(), parent.end(), 0U);
    const auto root = [&parent](std::uint32_t node) {
        while (parent[node] != node) {
            parent[node] = parent[parent[node]]; // halving the path: still a lower node of the same set
            node = parent[node];
        }
        return node;
    };
    for (std::uint32_t edge = 0; edge < edge_count(); ++edge) {
        const std::uint32_t a = root(edge_from_[edge]);
        const std::uint32_t b = root(edge_to_[edge]);
        if (a != b) {
            parent[std::max(a, b)] = std::min(a, b);
        }
    }
    // A node's parent is lower than the node (or the node itself, a root), so
    // it is numbered by the time the node is reached.
    component_size_.clear();
    for (std::uint32_t node = 0; node < nodes; ++node) {
        if (parent[node] == node) {
            component_[node] = static_cast<std::uint32_t>(component_size_.size());
            component_size_.push_back(0);
        } else {
            component_[node] = component_[parent[node]];
        }
        ++component_size_[component_[node]];
    }
    largest_component_ = 0;
    for (std::uint32_t component = 1; component < component_size_.size(); ++component) {
        if (component_size_[component] > component_size_[largest_component_]) {
            largest_component_ = component;
        }
    }
}

std::vector<PlanarPoint> WalkingGraph::edge_geometry(std::uint32_t edge) const {
    std::vector<PlanarPoint> points;
    points.reserve(edge_shape_offset_[edge + 1] - edge_shape_offset_[edge] + 2);
    points.push_back(node_position_[edge_from_[edge]]);
    points.insert(points.end(), edge_shape_.begin() + edge_shape_offset_[edge],
                  edge_shape_.begin() + edge_shape_offset_[edge + 1]);
    points.push_back(node_position_[edge_to_[edge]]);
    return points;
}

std::vector<PlanarPoint> WalkingGraph::edge_piece(std::uint32_t edge, double from, double to) const {
    const std::vector<PlanarPoint> line = edge_geometry(edge);
    const double low = std::min(from, to);
    const double high = std::max(from, to);
    std::vector<PlanarPoint> piece;
    const auto keep = [&](PlanarPoint point) {
        if (piece.empty() || !(piece.back() == point)) {
            piece.push_back(point);
        }
    };
    double walked = 0.0;
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        const PlanarPoint a = line[i];
        const PlanarPoint b = line[i + 1];
        const double length = std::hypot(b.x - a.x, b.y - a.y);
        const double start = walked;
        walked += length;
        if (length == 0.0 || walked < low || start > high) {
            continue;
        }
        const auto at = [&](double distance) {
            const double t = std::clamp((distance - start) / length, 0.0, 1.0);
            return PlanarPoint{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
        };
        keep(at(std::max(low, start)));
        keep(at(std::min(high, walked)));
    }
    if (piece.empty()) { // beyond the summed segments by rounding: the nearer end
        keep(low > 0.0 ? line.back() : line.front());
    }
    if (to < from) {
        std::reverse(piece.begin(), piece.end());
    }
    return piece;
}

ComponentSummary WalkingGraph::components() const {
    ComponentSummary summary;
    summary.count = static_cast<std::uint32_t>(component_size_.size());
    std::vector<std::uint32_t> sizes = component_size_;
    std::sort(sizes.begin(), sizes.end(), std::greater<>());
    sizes.resize(std::min<std::size_t>(sizes.size(), 10));
    summary.largest_node_counts = std::move(sizes);
    return summary;
}

Metres WalkingGraph::total_length() const noexcept {
    double total = 0.0;
    for (const double length : edge_length_) {
        total += length;
    }
    return Metres{total};
}

std::size_t WalkingGraph::memory_bytes() const noexcept {
    const auto bytes = [](const auto& vector) { return vector.capacity() * sizeof(vector[0]); };
    return bytes(first_arc_) + bytes(arc_head_) + bytes(arc_edge_) + bytes(arc_length_) + bytes(edge_from_) +
           bytes(edge_to_) + bytes(edge_length_) + bytes(edge_shape_offset_) + bytes(edge_shape_) +
           bytes(node_position_) + bytes(ways_) + bytes(edge_way_) + crossing_nodes_.capacity() / 8 +
           bytes(planned_wait_) + bytes(component_) + bytes(component_size_);
}

} // namespace lifecircle
