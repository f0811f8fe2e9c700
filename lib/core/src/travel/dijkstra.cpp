// Bounded Dijkstra over the walking graph. Sources and demand points sit on
// edges (Snap), so a search starts from both ends of a source's edge and a
// demand point's cost comes from both ends of its own edge, or directly along
// the edge when a source shares it.

#include "lifecircle/travel.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <stdexcept>

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

// Every search here gives what it costs to walk *to* the sources (a person
// walks to the facility), so it relaxes each arc at the cost of walking it
// backwards, from its head to the settled node. Two cost models:

// Today's walking: an edge costs its length either way.
struct LengthCosts {
    const WalkingGraph& graph;
    [[nodiscard]] double arc_toward_tail(std::uint32_t arc) const { return graph.arc_length(arc).value; }
    // From a point on an edge to its from-node or to-node, and from either node to the point.
    [[nodiscard]] double to_from_node(const Snap& point) const { return point.along.value; }
    [[nodiscard]] double to_to_node(const Snap& point) const {
        return (graph.edge_length(point.edge) - point.along).value;
    }
    [[nodiscard]] double from_from_node(const Snap& point) const { return point.along.value; }
    [[nodiscard]] double from_to_node(const Snap& point) const { return to_to_node(point); }
    // From `walker` to `target` on the same edge.
    [[nodiscard]] double between(const Snap& walker, const Snap& target) const {
        return std::abs(target.along.value - walker.along.value);
    }
};

// A walking profile's directed costs.
struct ProfileCosts {
    const WalkingGraph& graph;
    const WalkingCosts& costs;
    [[nodiscard]] double arc_toward_tail(std::uint32_t arc) const { return costs.arc_reverse_cost(arc); }
    [[nodiscard]] double to_from_node(const Snap& point) const {
        return costs.along_edge(point.edge, point.along.value, 0.0);
    }
    [[nodiscard]] double to_to_node(const Snap& point) const {
        return costs.along_edge(point.edge, point.along.value, graph.edge_length(point.edge).value);
    }
    [[nodiscard]] double from_from_node(const Snap& point) const {
        return costs.along_edge(point.edge, 0.0, point.along.value);
    }
    [[nodiscard]] double from_to_node(const Snap& point) const {
        return costs.along_edge(point.edge, graph.edge_length(point.edge).value, point.along.value);
    }
    [[nodiscard]] double between(const Snap& walker, const Snap& target) const {
        return costs.along_edge(walker.edge, walker.along.value, target.along.value);
    }
};

void check_costs_fit(const WalkingGraph& graph, const WalkingCosts& costs) {
    if (costs.arc_count() != graph.first_arc(graph.node_count())) {
        throw std::invalid_argument("walking costs built for another graph");
    }
}

// A source's cost at its edge's from-node and to-node: walking from that node to the source.
template <typename Costs>
double source_via_from(const Costs& costs, const Snap& source) {
    return source.connector.value + costs.from_from_node(source);
}
template <typename Costs>
double source_via_to(const Costs& costs, const Snap& source) {
    return source.connector.value + costs.from_to_node(source);
}
// A demand point's cost to leave by its edge's from-node or to-node.
template <typename Costs>
double demand_via_from(const Costs& costs, const Snap& point) {
    return point.connector.value + costs.to_from_node(point);
}
template <typename Costs>
double demand_via_to(const Costs& costs, const Snap& point) {
    return point.connector.value + costs.to_to_node(point);
}
// A demand point and a source on one edge: along it, both connectors included.
template <typename Costs>
double source_to_demand_on_edge(const Costs& costs, const Snap& source, const Snap& point) {
    return source.connector.value + costs.between(point, source) + point.connector.value;
}

// `via_edge`, when given, receives for every node the edge its walk to the
// source leaves it by (no_index where the walk starts on the source's own edge).
template <typename Costs>
NodeCosts search_nearest_source(const WalkingGraph& graph, const Costs& costs, std::span<const Snap> sources,
                                Metres bound, TravelStatistics* statistics,
                                std::vector<std::uint32_t>* via_edge = nullptr) {
    NodeCosts result;
    result.cost.assign(graph.node_count(), unreached);
    result.source.assign(graph.node_count(), no_index);
    if (via_edge != nullptr) {
        via_edge->assign(graph.node_count(), no_index);
    }
    MinHeap heap;
    // A node takes the lower source index on equal cost, so labels do not depend on heap order.
    const auto improve = [&](std::uint32_t node, double cost, std::uint32_t source, std::uint32_t edge) {
        if (cost > bound.value) {
            return;
        }
        if (cost < result.cost[node] || (cost == result.cost[node] && source < result.source[node])) {
            result.cost[node] = cost;
            result.source[node] = source;
            if (via_edge != nullptr) {
                (*via_edge)[node] = edge;
            }
            heap.emplace(cost, node);
        }
    };
    for (std::uint32_t source = 0; source < sources.size(); ++source) {
        const Snap& snap = sources[source];
        if (snap.snapped()) {
            improve(graph.edge_from(snap.edge), source_via_from(costs, snap), source, no_index);
            improve(graph.edge_to(snap.edge), source_via_to(costs, snap), source, no_index);
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
            improve(graph.arc_head(arc), cost + costs.arc_toward_tail(arc), label, graph.arc_edge(arc));
        }
    }
    if (statistics != nullptr) {
        statistics->nodes_settled += counted.nodes_settled;
        statistics->arcs_relaxed += counted.arcs_relaxed;
    }
    return result;
}

// How a demand point reaches its nearest facility: leaving its edge by one
// of its end nodes, or along the edge to a facility on it.
struct NearestChoice {
    enum class Leaves : std::uint8_t { by_from_node, by_to_node, along_edge };
    double cost = unreached;
    std::uint32_t facility = no_index;
    Leaves leaves = Leaves::by_from_node;
};

// The lowest cost, then the lower facility index, over both end nodes' labels
// and the facilities on the point's own edge.
template <typename Costs>
NearestChoice choose_nearest(const WalkingGraph& graph, const Costs& costs, const NodeCosts& nodes,
                             const PointsByEdge& facilities_by_edge, std::span<const Snap> facilities,
                             const Snap& snap) {
    NearestChoice best;
    const auto consider = [&](double cost, std::uint32_t facility, NearestChoice::Leaves leaves) {
        if (facility != no_index && (cost < best.cost || (cost == best.cost && facility < best.facility))) {
            best = {cost, facility, leaves};
        }
    };
    const std::uint32_t from = graph.edge_from(snap.edge);
    const std::uint32_t to = graph.edge_to(snap.edge);
    consider(nodes.cost[from] + demand_via_from(costs, snap), nodes.source[from], NearestChoice::Leaves::by_from_node);
    consider(nodes.cost[to] + demand_via_to(costs, snap), nodes.source[to], NearestChoice::Leaves::by_to_node);
    for (const std::uint32_t facility : facilities_by_edge.on(snap.edge)) {
        consider(source_to_demand_on_edge(costs, facilities[facility], snap), facility,
                 NearestChoice::Leaves::along_edge);
    }
    return best;
}

template <typename Costs>
NearestFacilityCosts search_nearest_facility(const WalkingGraph& graph, const Costs& costs,
                                             std::span<const Snap> demand, std::span<const Snap> facilities,
                                             Metres bound, TravelStatistics* statistics) {
    const NodeCosts nodes = search_nearest_source(graph, costs, facilities, bound, statistics);
    const PointsByEdge facilities_by_edge(graph.edge_count(), facilities);
    NearestFacilityCosts result;
    result.cost_m.assign(demand.size(), unreached);
    result.nearest_facility.assign(demand.size(), no_index);
    // Each point's choice reads only the search's labels, so the points are
    // taken on every core.
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, demand.size(), 16384),
                      [&](const tbb::blocked_range<std::size_t>& points) {
                          for (std::size_t point = points.begin(); point != points.end(); ++point) {
                              if (!demand[point].snapped()) {
                                  continue;
                              }
                              const NearestChoice best =
                                  choose_nearest(graph, costs, nodes, facilities_by_edge, facilities, demand[point]);
                              if (best.cost <= bound.value) {
                                  result.cost_m[point] = best.cost;
                                  result.nearest_facility[point] = best.facility;
                              }
                          }
                      });
    return result;
}

// Appends `piece` to `line`, whose last point is the piece's first.
void extend(std::vector<PlanarPoint>& line, const std::vector<PlanarPoint>& piece) {
    const bool joins = !line.empty() && !piece.empty() && line.back() == piece.front();
    line.insert(line.end(), piece.begin() + (joins ? 1 : 0), piece.end());
}

template <typename Costs>
std::vector<WalkingRoute> search_routes(const WalkingGraph& graph, const Costs& costs, std::span<const Snap> demand,
                                        std::span<const Snap> facilities, Metres bound) {
    std::vector<std::uint32_t> via_edge;
    const NodeCosts nodes = search_nearest_source(graph, costs, facilities, bound, nullptr, &via_edge);
    const PointsByEdge facilities_by_edge(graph.edge_count(), facilities);
    // How far along `edge` a node is: 0 at its from-node, its length at its to-node.
    const auto at_node = [&](std::uint32_t edge, std::uint32_t node) {
        return graph.edge_from(edge) == node ? 0.0 : graph.edge_length(edge).value;
    };
    std::vector<WalkingRoute> routes(demand.size());
    for (std::size_t point = 0; point < demand.size(); ++point) {
        const Snap& snap = demand[point];
        if (!snap.snapped()) {
            continue;
        }
        const NearestChoice best = choose_nearest(graph, costs, nodes, facilities_by_edge, facilities, snap);
        if (best.facility == no_index || best.cost > bound.value) {
            continue; // no facility within the bound
        }
        WalkingRoute& route = routes[point];
        route.facility = best.facility;
        route.cost = best.cost;
        const Snap& facility = facilities[best.facility];
        route.edges.push_back(snap.edge);
        if (best.leaves == NearestChoice::Leaves::along_edge) {
            route.line = graph.edge_piece(snap.edge, snap.along.value, facility.along.value);
            continue;
        }
        std::uint32_t node =
            best.leaves == NearestChoice::Leaves::by_from_node ? graph.edge_from(snap.edge) : graph.edge_to(snap.edge);
        route.line = graph.edge_piece(
            snap.edge, snap.along.value,
            best.leaves == NearestChoice::Leaves::by_from_node ? 0.0 : graph.edge_length(snap.edge).value);
        for (std::uint32_t steps = 0; via_edge[node] != no_index; ++steps) {
            if (steps == graph.node_count()) {
                throw std::logic_error("a route's walk back to its facility loops");
            }
            const std::uint32_t edge = via_edge[node];
            const std::uint32_t next = graph.edge_from(edge) == node ? graph.edge_to(edge) : graph.edge_from(edge);
            extend(route.line, graph.edge_piece(edge, at_node(edge, node), at_node(edge, next)));
            route.edges.push_back(edge);
            node = next;
        }
        if (nodes.source[node] != best.facility) {
            throw std::logic_error("a route's walk ends at another facility than its nearest");
        }
        // The walk starts on the facility's edge: at its from-node or to-node,
        // whichever the search began from (the cheaper, on a loop).
        const bool from_node = graph.edge_from(facility.edge) == node &&
                               (graph.edge_to(facility.edge) != node ||
                                source_via_from(costs, facility) <= source_via_to(costs, facility));
        extend(route.line, graph.edge_piece(facility.edge, from_node ? 0.0 : graph.edge_length(facility.edge).value,
                                            facility.along.value));
        route.edges.push_back(facility.edge);
    }
    return routes;
}

template <typename Costs>
ReachSets search_reach_sets(const WalkingGraph& graph, const Costs& costs, std::span<const Snap> demand,
                            std::span<const Snap> sources, Metres bound, TravelStatistics* statistics) {
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
            improve(graph.edge_from(start.edge), source_via_from(costs, start));
            improve(graph.edge_to(start.edge), source_via_to(costs, start));
            for (const std::uint32_t point : demand_by_edge.on(start.edge)) {
                reach(point, source_to_demand_on_edge(costs, start, demand[point]));
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
                        reach(point, cost + demand_via_from(costs, snap));
                    }
                    if (graph.edge_to(edge) == node) {
                        reach(point, cost + demand_via_to(costs, snap));
                    }
                }
                improve(graph.arc_head(arc), cost + costs.arc_toward_tail(arc));
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

} // namespace

NodeCosts nearest_source_costs(const WalkingGraph& graph, std::span<const Snap> sources, Metres bound,
                               TravelStatistics* statistics) {
    return search_nearest_source(graph, LengthCosts{graph}, sources, bound, statistics);
}
NodeCosts nearest_source_costs(const WalkingGraph& graph, const WalkingCosts& costs, std::span<const Snap> sources,
                               Metres bound, TravelStatistics* statistics) {
    check_costs_fit(graph, costs);
    return search_nearest_source(graph, ProfileCosts{graph, costs}, sources, bound, statistics);
}

NearestFacilityCosts nearest_facility_by_network(const WalkingGraph& graph, std::span<const Snap> demand,
                                                 std::span<const Snap> facilities, Metres bound,
                                                 TravelStatistics* statistics) {
    return search_nearest_facility(graph, LengthCosts{graph}, demand, facilities, bound, statistics);
}
NearestFacilityCosts nearest_facility_by_network(const WalkingGraph& graph, const WalkingCosts& costs,
                                                 std::span<const Snap> demand, std::span<const Snap> facilities,
                                                 Metres bound, TravelStatistics* statistics) {
    check_costs_fit(graph, costs);
    return search_nearest_facility(graph, ProfileCosts{graph, costs}, demand, facilities, bound, statistics);
}

ReachSets reach_sets(const WalkingGraph& graph, std::span<const Snap> demand, std::span<const Snap> sources,
                     Metres bound, TravelStatistics* statistics) {
    return search_reach_sets(graph, LengthCosts{graph}, demand, sources, bound, statistics);
}
ReachSets reach_sets(const WalkingGraph& graph, const WalkingCosts& costs, std::span<const Snap> demand,
                     std::span<const Snap> sources, Metres bound, TravelStatistics* statistics) {
    check_costs_fit(graph, costs);
    return search_reach_sets(graph, ProfileCosts{graph, costs}, demand, sources, bound, statistics);
}

std::vector<WalkingRoute> nearest_facility_routes(const WalkingGraph& graph, std::span<const Snap> demand,
                                                  std::span<const Snap> facilities, Metres bound) {
    return search_routes(graph, LengthCosts{graph}, demand, facilities, bound);
}
std::vector<WalkingRoute> nearest_facility_routes(const WalkingGraph& graph, const WalkingCosts& costs,
                                                  std::span<const Snap> demand, std::span<const Snap> facilities,
                                                  Metres bound) {
    check_costs_fit(graph, costs);
    return search_routes(graph, ProfileCosts{graph, costs}, demand, facilities, bound);
}

} // namespace lifecircle
