// Bounded Dijkstra over the walking graph. Sources and demand points sit on
// edges (Snap), so a search starts from both ends of a source's edge and a
// demand point's cost comes from both ends of its own edge, or directly along
// the edge when a source shares it.

#include "lifecircle/travel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

namespace lifecircle {
namespace {

constexpr double unreached = std::numeric_limits<double>::infinity();

using HeapEntry = std::pair<double, std::uint32_t>; // cost, node
using MinHeap = std::priority_queue<HeapEntry, std::vector<HeapEntry>, std::greater<>>;

// Points grouped by the edge they snapped to: edge e holds points[offsets[e], offsets[e+1]).
struct PointsByEdge {
    std::vector<std::uint32_t> offsets;
    std::vector<std::uint32_t> points;

    PointsByEdge(std::uint32_t edge_count, std::span<const Snap> snaps) : offsets(edge_count + 1, 0) {
        for (const Snap& snap : snaps) {
            if (snap.snapped()) {
                ++offsets[snap.edge + 1];
            }
        }
        for (std::size_t edge = 0; edge < edge_count; ++edge) {
            offsets[edge + 1] += offsets[edge];
        }
        points.resize(offsets.back());
        std::vector<std::uint32_t> next(offsets.begin(), offsets.end() - 1);
        for (std::uint32_t point = 0; point < snaps.size(); ++point) {
            if (snaps[point].snapped()) {
                points[next[snaps[point].edge]++] = point;
            }
        }
    }

    [[nodiscard]] std::span<const std::uint32_t> on(std::uint32_t edge) const {
        return {points.data() + offsets[edge], offsets[edge + 1] - offsets[edge]};
    }
};

// The cost of entering `edge` at its from-node and at its to-node when
// starting at `snap` (a source) or leaving to it (a demand point).
double cost_via_from(const Snap& snap) {
    return (snap.connector + snap.along).value;
}
double cost_via_to(const WalkingGraph& graph, const Snap& snap) {
    return (snap.connector + (graph.edge_length(snap.edge) - snap.along)).value;
}

// Two points on one edge: straight along it, both connectors included.
double cost_along_edge(const Snap& a, const Snap& b) {
    return a.connector.value + std::abs(a.along.value - b.along.value) + b.connector.value;
}

} // namespace

NodeCosts nearest_source_costs(const WalkingGraph& graph, std::span<const Snap> sources, Metres bound,
                               TravelStatistics* statistics) {
    NodeCosts result;
    result.cost.assign(graph.node_count(), unreached);
    result.source.assign(graph.node_count(), no_index);
    MinHeap heap;
    // A node takes the lower source index on equal cost, so labels do not depend on heap order.
    const auto improve = [&](std::uint32_t node, double cost, std::uint32_t source) {
        if (cost > bound.value) {
            return;
        }
        if (cost < result.cost[node] || (cost == result.cost[node] && source < result.source[node])) {
            result.cost[node] = cost;
            result.source[node] = source;
            heap.emplace(cost, node);
        }
    };
    for (std::uint32_t source = 0; source < sources.size(); ++source) {
        const Snap& snap = sources[source];
        if (snap.snapped()) {
            improve(graph.edge_from(snap.edge), cost_via_from(snap), source);
            improve(graph.edge_to(snap.edge), cost_via_to(graph, snap), source);
        }
    }
    TravelStatistics counted;
    while (!heap.empty()) {
        const auto [cost, node] = heap.top();
        heap.pop();
        if (cost > result.cost[node]) {
            continue; // a stale entry
        }
        ++counted.nodes_settled;
        const std::uint32_t label = result.source[node];
        for (std::uint32_t arc = graph.first_arc(node); arc < graph.first_arc(node + 1); ++arc) {
            ++counted.arcs_relaxed;
            improve(graph.arc_head(arc), cost + graph.arc_length(arc).value, label);
        }
    }
    if (statistics != nullptr) {
        statistics->nodes_settled += counted.nodes_settled;
        statistics->arcs_relaxed += counted.arcs_relaxed;
    }
    return result;
}

NearestFacilityCosts nearest_facility_by_network(const WalkingGraph& graph, std::span<const Snap> demand,
                                                 std::span<const Snap> facilities, Metres bound,
                                                 TravelStatistics* statistics) {
    const NodeCosts nodes = nearest_source_costs(graph, facilities, bound, statistics);
    const PointsByEdge facilities_by_edge(graph.edge_count(), facilities);
    NearestFacilityCosts result;
    result.cost_m.assign(demand.size(), unreached);
    result.nearest_facility.assign(demand.size(), no_index);
    for (std::size_t point = 0; point < demand.size(); ++point) {
        const Snap& snap = demand[point];
        if (!snap.snapped()) {
            continue;
        }
        double best = unreached;
        std::uint32_t best_facility = no_index;
        const auto consider = [&](double cost, std::uint32_t facility) {
            if (facility != no_index && (cost < best || (cost == best && facility < best_facility))) {
                best = cost;
                best_facility = facility;
            }
        };
        const std::uint32_t from = graph.edge_from(snap.edge);
        const std::uint32_t to = graph.edge_to(snap.edge);
        consider(nodes.cost[from] + cost_via_from(snap), nodes.source[from]);
        consider(nodes.cost[to] + cost_via_to(graph, snap), nodes.source[to]);
        for (const std::uint32_t facility : facilities_by_edge.on(snap.edge)) {
            consider(cost_along_edge(facilities[facility], snap), facility);
        }
        if (best <= bound.value) {
            result.cost_m[point] = best;
            result.nearest_facility[point] = best_facility;
        }
    }
    return result;
}

ReachSets reach_sets(const WalkingGraph& graph, std::span<const Snap> demand, std::span<const Snap> sources,
                     Metres bound, TravelStatistics* statistics) {
    const PointsByEdge demand_by_edge(graph.edge_count(), demand);
    // Per-search state is stamped with the search number instead of being
    // cleared, so each search costs what it touches, not the whole graph.
    std::vector<double> node_cost(graph.node_count(), unreached);
    std::vector<std::uint32_t> node_stamp(graph.node_count(), 0);
    std::vector<double> demand_cost(demand.size(), unreached);
    std::vector<std::uint32_t> demand_stamp(demand.size(), 0);
    std::vector<std::uint32_t> touched;
    ReachSets result;
    TravelStatistics counted;
    MinHeap heap;

    for (std::uint32_t source = 0; source < sources.size(); ++source) {
        const std::uint32_t stamp = source + 1;
        touched.clear();
        const auto reach = [&](std::uint32_t point, double cost) {
            if (cost > bound.value) {
                return;
            }
            if (demand_stamp[point] != stamp) {
                demand_stamp[point] = stamp;
                demand_cost[point] = cost;
                touched.push_back(point);
            } else if (cost < demand_cost[point]) {
                demand_cost[point] = cost;
            }
        };
        const auto improve = [&](std::uint32_t node, double cost) {
            if (cost > bound.value) {
                return;
            }
            if (node_stamp[node] != stamp || cost < node_cost[node]) {
                node_stamp[node] = stamp;
                node_cost[node] = cost;
                heap.emplace(cost, node);
            }
        };
        const Snap& start = sources[source];
        if (start.snapped()) {
            improve(graph.edge_from(start.edge), cost_via_from(start));
            improve(graph.edge_to(start.edge), cost_via_to(graph, start));
            for (const std::uint32_t point : demand_by_edge.on(start.edge)) {
                reach(point, cost_along_edge(start, demand[point]));
            }
        }
        while (!heap.empty()) {
            const auto [cost, node] = heap.top();
            heap.pop();
            if (cost > node_cost[node]) {
                continue;
            }
            ++counted.nodes_settled;
            for (std::uint32_t arc = graph.first_arc(node); arc < graph.first_arc(node + 1); ++arc) {
                ++counted.arcs_relaxed;
                const std::uint32_t edge = graph.arc_edge(arc);
                for (const std::uint32_t point : demand_by_edge.on(edge)) {
                    const Snap& snap = demand[point];
                    if (graph.edge_from(edge) == node) {
                        reach(point, cost + cost_via_from(snap));
                    }
                    if (graph.edge_to(edge) == node) {
                        reach(point, cost + cost_via_to(graph, snap));
                    }
                }
                improve(graph.arc_head(arc), cost + graph.arc_length(arc).value);
            }
        }
        std::sort(touched.begin(), touched.end());
        for (const std::uint32_t point : touched) {
            result.demand.push_back(point);
            result.cost.push_back(demand_cost[point]);
        }
        result.offsets.push_back(result.demand.size());
    }
    if (statistics != nullptr) {
        statistics->nodes_settled += counted.nodes_settled;
        statistics->arcs_relaxed += counted.arcs_relaxed;
    }
    return result;
}

} // namespace lifecircle
