#pragma once
// The walking network: roads as polylines over shared vertices (read by io's
// roads.hpp from OpenStreetMap or any GDAL line layer), split at shared vertices, stored as a compressed-sparse-row
// graph with 32-bit ids and edge lengths in metres of the working CRS; and snapping of points to the nearest position
// on an edge.

#include "lifecircle/core_export.hpp"
#include "lifecircle/features.hpp"
#include "lifecircle/geo.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace lifecircle {

// ---- Roads -----------------------------------------------------------------

// What walking profiles need to know of a way (walking_costs.hpp). Major roads
// (trunk, primary, secondary and their links: 快速路, 主干路, 次干路) are the
// ones a walker must cross at a crossing.
enum class WayClass : std::uint8_t { footway, minor_road, major_road, steps };

struct WayAttributes {
    std::int64_t id = 0; // the OSM way id, or the line feature's id
    WayClass kind = WayClass::minor_road;
    bool no_wheelchair = false; // wheelchair=no, or a surface or smoothness a wheelchair cannot use
    float incline = std::numeric_limits<float>::quiet_NaN(); // |rise/run| when tagged with a figure
};

// A crossing a plan builds or improves (a zebra with priority, signals
// retimed, a footbridge with lifts): walking profiles that wait to cross a
// major road (walking_costs.hpp) wait `wait_s` there instead of their own
// crossing penalty.
struct PlannedCrossing {
    std::uint32_t vertex = 0;
    double wait_s = 0.0;
};

// Roads as read, before projection: polylines over shared vertices. A vertex
// shared by two polylines (same OSM node, or the same coordinates in a line
// layer) is one vertex, which is where the graph splits them.
struct LIFECIRCLE_CORE_EXPORT RoadSource {
    InputReport report; // ways or features read, used, skipped per reason
    std::vector<LonLat> vertices;
    std::vector<std::uint32_t> polyline_offsets{0}; // polyline i: polyline_vertices[offsets[i], offsets[i+1])
    std::vector<std::uint32_t> polyline_vertices;
    bool from_line_layer = false; // endpoints that nearly meet are snapped only for line layers
    // One per polyline, or empty when the source says nothing of its ways.
    std::vector<WayAttributes> ways;
    // Vertices tagged as pedestrian crossings (highway=crossing, crossing=*), sorted.
    std::vector<std::uint32_t> crossing_vertices;
    std::vector<PlannedCrossing> planned_crossings; // a plan's changes; a later one at a vertex wins

    [[nodiscard]] std::size_t polyline_count() const noexcept { return polyline_offsets.size() - 1; }
    void add_polyline(std::span<const std::uint32_t> vertex_indices);
};

// A plan's changes to the roads, before the graph is built: each returns the
// roads changed and leaves the ones given alone.

// Without the ways whose id is in `ids` (OSM way ids, or a line layer's
// feature ids). `closed` receives how many polylines went.
LIFECIRCLE_CORE_EXPORT RoadSource without_ways(const RoadSource& roads, std::span<const std::int64_t> ids,
                                               std::uint64_t& closed);

// Cut where they cross a barrier (a closed bridge, a fence, a river without a
// crossing): each way that crosses one stops `gap` short of it on either side,
// so no walk passes (and the ends are too far apart for a line layer's
// end-point joining to close the gap again). `vertices` are the roads'
// vertices and `barriers` polylines, both in the working CRS; `cut` receives
// the road segments cut.
LIFECIRCLE_CORE_EXPORT RoadSource cut_at_barriers(const RoadSource& roads, std::span<const PlanarPoint> vertices,
                                                  const std::vector<std::vector<PlanarPoint>>& barriers, Metres gap,
                                                  std::uint64_t& cut);

// With new ways (a footbridge, a path through a park): each added line's two
// ends join the nearest road within `join`, at a vertex inserted there (or at
// the road's own vertex when the foot falls on one); an end farther away stays
// a dead end, and is counted. `vertices` and `added_vertices` are in the
// working CRS. Added polylines keep `added.ways` where given.
struct AddedWays {
    std::uint64_t ways = 0;
    std::uint64_t ends_joined = 0;
    std::uint64_t ends_unjoined = 0;
};
LIFECIRCLE_CORE_EXPORT RoadSource with_ways_added(const RoadSource& roads, std::span<const PlanarPoint> vertices,
                                                  const RoadSource& added, std::span<const PlanarPoint> added_vertices,
                                                  Metres join, AddedWays& report);

// The vertices where a major road meets another way, sorted: where a walker
// crosses it, and where a plan's crossing can go.
LIFECIRCLE_CORE_EXPORT std::vector<std::uint32_t> major_road_junctions(const RoadSource& roads);

// ---- The graph -------------------------------------------------------------

struct GraphOptions {
    // Line layers: an end point within this distance of another vertex is joined to it.
    Metres endpoint_tolerance{0.5};
};

struct ComponentSummary {
    std::uint32_t count = 0;
    std::vector<std::uint32_t> largest_node_counts; // up to 10, largest first
};

namespace detail {

// Leaves each element of a type without initialisers unwritten on resize, for
// the network's large arrays that are filled on every core right after (the
// graph's edges and rows, the snapping index's segments): zeroing them first
// would take one core as long as the filling takes all of them.
template <typename T>
struct UnwrittenAllocator : std::allocator<T> {
    UnwrittenAllocator() = default;
    template <typename U>
    UnwrittenAllocator(const UnwrittenAllocator<U>& /*other*/) noexcept {} // NOLINT: as std::allocator converts
    template <typename U>
    void construct(U* place) noexcept(std::is_nothrow_default_constructible_v<U>) {
        ::new (static_cast<void*>(place)) U;
    }
    template <typename U, typename... Args>
    void construct(U* place, Args&&... args) {
        ::new (static_cast<void*>(place)) U(std::forward<Args>(args)...);
    }
};
template <typename T>
using UnwrittenVector = std::vector<T, UnwrittenAllocator<T>>;

} // namespace detail

class LIFECIRCLE_CORE_EXPORT WalkingGraph {
public:
    // From planar polylines: `vertices` are the roads' vertices in the working
    // CRS, in the order of topology.vertices (build_walking_graph projects them).
    static WalkingGraph build(std::span<const PlanarPoint> vertices, const RoadSource& topology,
                              const GraphOptions& options = {});

    [[nodiscard]] std::uint32_t node_count() const noexcept {
        return static_cast<std::uint32_t>(first_arc_.size() - 1);
    }
    [[nodiscard]] std::uint32_t edge_count() const noexcept { return static_cast<std::uint32_t>(edge_from_.size()); }

    // Adjacency of `node`: arcs [first_arc(node), first_arc(node + 1)).
    [[nodiscard]] std::uint32_t first_arc(std::uint32_t node) const noexcept { return first_arc_[node]; }
    [[nodiscard]] std::uint32_t arc_head(std::uint32_t arc) const noexcept { return arc_head_[arc]; }
    [[nodiscard]] std::uint32_t arc_edge(std::uint32_t arc) const noexcept { return arc_edge_[arc]; }
    [[nodiscard]] Metres arc_length(std::uint32_t arc) const noexcept { return Metres{arc_length_[arc]}; }

    [[nodiscard]] std::uint32_t edge_from(std::uint32_t edge) const noexcept { return edge_from_[edge]; }
    [[nodiscard]] std::uint32_t edge_to(std::uint32_t edge) const noexcept { return edge_to_[edge]; }
    [[nodiscard]] Metres edge_length(std::uint32_t edge) const noexcept { return Metres{edge_length_[edge]}; }
    // The edge's polyline, from edge_from to edge_to, end nodes included.
    [[nodiscard]] std::vector<PlanarPoint> edge_geometry(std::uint32_t edge) const;
    // The part of the edge walked from `from` to `to` metres along it (from
    // its from-node), in walking order: backwards when `to` < `from`, one
    // point when they are equal.
    [[nodiscard]] std::vector<PlanarPoint> edge_piece(std::uint32_t edge, double from, double to) const;
    // The vertices between its end nodes, without a copy.
    [[nodiscard]] std::span<const PlanarPoint> edge_interior(std::uint32_t edge) const noexcept {
        return {edge_shape_.data() + edge_shape_offset_[edge], edge_shape_offset_[edge + 1] - edge_shape_offset_[edge]};
    }

    [[nodiscard]] PlanarPoint node_position(std::uint32_t node) const noexcept { return node_position_[node]; }

    // The way an edge was cut from, as the road source described it (a
    // default minor road when it said nothing), and whether a node is a mapped
    // pedestrian crossing.
    [[nodiscard]] const WayAttributes& edge_way(std::uint32_t edge) const noexcept {
        return edge_way_.empty() ? unknown_way_ : ways_[edge_way_[edge]];
    }
    [[nodiscard]] bool is_crossing(std::uint32_t node) const noexcept {
        return !crossing_nodes_.empty() && crossing_nodes_[node];
    }
    // The wait a plan sets for crossing at a node, in seconds; none where it sets none.
    [[nodiscard]] std::optional<double> planned_crossing_wait(std::uint32_t node) const noexcept {
        if (planned_wait_.empty() || std::isnan(planned_wait_[node])) {
            return std::nullopt;
        }
        return planned_wait_[node];
    }
    [[nodiscard]] std::uint32_t component_of(std::uint32_t node) const noexcept { return component_[node]; }
    [[nodiscard]] std::uint32_t component_size(std::uint32_t component) const noexcept {
        return component_size_[component];
    }
    [[nodiscard]] std::uint32_t largest_component() const noexcept { return largest_component_; }
    [[nodiscard]] ComponentSummary components() const;
    [[nodiscard]] Metres total_length() const noexcept;

    // What building dropped or changed, per reason: zero_length_segments,
    // zero_length_loops, duplicate_edges, endpoints_snapped.
    [[nodiscard]] const std::map<std::string, std::uint64_t>& adjustments() const noexcept { return adjustments_; }

    [[nodiscard]] std::size_t memory_bytes() const noexcept;

private:
    WalkingGraph() = default;
    void find_components();

    std::vector<std::uint32_t> first_arc_;
    detail::UnwrittenVector<std::uint32_t> arc_head_;
    detail::UnwrittenVector<std::uint32_t> arc_edge_;
    detail::UnwrittenVector<double> arc_length_; // a copy of the edge's length, read in arc order by the searches
    detail::UnwrittenVector<std::uint32_t> edge_from_;
    detail::UnwrittenVector<std::uint32_t> edge_to_;
    detail::UnwrittenVector<double> edge_length_;
    std::vector<std::uint32_t> edge_shape_offset_; // interior vertices of edge e: shape_[offset[e], offset[e+1])
    std::vector<PlanarPoint> edge_shape_;
    std::vector<PlanarPoint> node_position_;
    std::vector<WayAttributes> ways_;                 // as RoadSource::ways
    detail::UnwrittenVector<std::uint32_t> edge_way_; // per edge, into ways_; empty when there are none
    std::vector<bool> crossing_nodes_;                // per node; empty when no vertex is a crossing
    std::vector<double> planned_wait_;                // per node, NaN where none; empty when a plan sets none
    WayAttributes unknown_way_;
    std::vector<std::uint32_t> component_;
    std::vector<std::uint32_t> component_size_;
    std::uint32_t largest_component_ = 0;
    std::map<std::string, std::uint64_t> adjustments_;
};

// ---- Snapping --------------------------------------------------------------

class WalkingCosts; // walking_costs.hpp

// Where a point joins the network: an edge, the distance along it from its
// from-node, and the straight connector (which counts as walking).
struct Snap {
    std::uint32_t edge = no_snap;
    Metres along;     // from the edge's from-node
    Metres connector; // from the point to the edge
    static constexpr std::uint32_t no_snap = 0xFFFFFFFFU;
    [[nodiscard]] bool snapped() const noexcept { return edge != no_snap; }
};

struct SnapReport {
    std::uint64_t points = 0;
    std::uint64_t beyond_limit = 0;       // unreachable: farther than the limit from any edge
    std::uint64_t on_minor_component = 0; // snapped to an edge outside the largest component
    Metres largest_connector;             // among snapped points
};

// Every edge segment in a uniform grid of buckets, for nearest-position
// queries: two counting passes build it, quicker than packing an R-tree, and
// a query reads a row of cells as one run.
class LIFECIRCLE_CORE_EXPORT EdgeIndex {
public:
    // Only edges of components with at least `min_component_nodes` nodes are
    // indexed: points then never join a fragment (a clipped cul-de-sac, a
    // courtyard path) from which nothing else can be reached. With `costs`,
    // only the edges its profile may use: a wheelchair user joins no steps.
    explicit EdgeIndex(const WalkingGraph& graph, std::uint32_t min_component_nodes = 1,
                       const WalkingCosts* costs = nullptr);
    ~EdgeIndex();
    EdgeIndex(const EdgeIndex&) = delete;
    EdgeIndex& operator=(const EdgeIndex&) = delete;
    EdgeIndex(EdgeIndex&&) noexcept;
    EdgeIndex& operator=(EdgeIndex&&) noexcept;

    // The nearest position on any edge, or no snap when it is farther than `limit`.
    [[nodiscard]] Snap snap(PlanarPoint point, Metres limit) const;
    [[nodiscard]] std::vector<Snap> snap(std::span<const PlanarPoint> points, Metres limit,
                                         SnapReport* report = nullptr) const;
    [[nodiscard]] std::size_t memory_bytes() const noexcept;

private:
    struct Index;
    const WalkingGraph* graph_;
    std::unique_ptr<Index> index_;
};

inline constexpr Metres default_snap_limit{500.0};

} // namespace lifecircle
