// A plan's changes to the roads as read: ways closed by id, and ways cut where
// a barrier crosses them. Both rebuild the polylines and keep every vertex
// (cuts add the new ends after them), so vertex indices, and the crossings
// that refer to them, stay valid.

#include "lifecircle/network.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_set>

namespace lifecircle {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using Segment = bg::model::segment<PlanarPoint>;

// The roads' vertices and crossings, and none of their polylines yet.
RoadSource empty_like(const RoadSource& roads) {
    RoadSource changed;
    changed.report = roads.report;
    changed.vertices = roads.vertices;
    changed.from_line_layer = roads.from_line_layer;
    changed.crossing_vertices = roads.crossing_vertices;
    changed.planned_crossings = roads.planned_crossings;
    return changed;
}

void add_part(RoadSource& roads, std::span<const std::uint32_t> part, const RoadSource& from, std::size_t polyline) {
    if (part.size() < 2) {
        return;
    }
    roads.add_polyline(part);
    if (!from.ways.empty()) {
        roads.ways.push_back(from.ways[polyline]);
    }
}

std::span<const std::uint32_t> polyline_of(const RoadSource& roads, std::size_t polyline) {
    return {roads.polyline_vertices.data() + roads.polyline_offsets[polyline],
            roads.polyline_offsets[polyline + 1] - roads.polyline_offsets[polyline]};
}

} // namespace

std::vector<std::uint32_t> major_road_junctions(const RoadSource& roads) {
    if (roads.ways.empty()) {
        return {}; // every way a minor road
    }
    std::vector<std::uint8_t> meets(roads.vertices.size(), 0); // bit 1: a major road, bit 2: another way
    for (std::size_t polyline = 0; polyline < roads.polyline_count(); ++polyline) {
        const std::uint8_t bit = roads.ways[polyline].kind == WayClass::major_road ? 1U : 2U;
        for (const std::uint32_t vertex : polyline_of(roads, polyline)) {
            meets[vertex] |= bit;
        }
    }
    std::vector<std::uint32_t> junctions;
    for (std::uint32_t vertex = 0; vertex < meets.size(); ++vertex) {
        if (meets[vertex] == 3U) {
            junctions.push_back(vertex);
        }
    }
    return junctions;
}

RoadSource without_ways(const RoadSource& roads, std::span<const std::int64_t> ids, std::uint64_t& closed) {
    const std::unordered_set<std::int64_t> closing(ids.begin(), ids.end());
    RoadSource changed = empty_like(roads);
    closed = 0;
    for (std::size_t polyline = 0; polyline < roads.polyline_count(); ++polyline) {
        if (!roads.ways.empty() && closing.count(roads.ways[polyline].id) > 0) {
            ++closed;
            continue;
        }
        add_part(changed, polyline_of(roads, polyline), roads, polyline);
    }
    return changed;
}

RoadSource cut_at_barriers(const RoadSource& roads, std::span<const PlanarPoint> vertices,
                           const std::vector<std::vector<PlanarPoint>>& barriers, Metres gap, std::uint64_t& cut) {
    std::vector<Segment> barrier_segments;
    for (const std::vector<PlanarPoint>& barrier : barriers) {
        for (std::size_t i = 1; i < barrier.size(); ++i) {
            barrier_segments.emplace_back(barrier[i - 1], barrier[i]);
        }
    }
    const bgi::rtree<Segment, bgi::rstar<16>> index(barrier_segments.begin(), barrier_segments.end());
    RoadSource changed = empty_like(roads);
    cut = 0;
    // A new vertex `t` of the way along a segment, placed in longitude and latitude as the segment's are.
    const auto vertex_between = [&](std::uint32_t a, std::uint32_t b, double t) {
        const LonLat from = roads.vertices[a];
        const LonLat to = roads.vertices[b];
        changed.vertices.push_back({from.lon + t * (to.lon - from.lon), from.lat + t * (to.lat - from.lat)});
        return static_cast<std::uint32_t>(changed.vertices.size() - 1);
    };
    std::vector<std::uint32_t> part;
    std::vector<Segment> found;
    for (std::size_t polyline = 0; polyline < roads.polyline_count(); ++polyline) {
        const std::span<const std::uint32_t> line = polyline_of(roads, polyline);
        part.assign(1, line.front());
        for (std::size_t i = 1; i < line.size(); ++i) {
            const PlanarPoint a = vertices[line[i - 1]];
            const PlanarPoint b = vertices[line[i]];
            found.clear();
            index.query(bgi::intersects(Segment(a, b)), std::back_inserter(found));
            // Where along a-b the barriers cross it: the way stops `gap` short of the first and resumes `gap` past the
            // last.
            double first = 2.0;
            double last = -1.0;
            const double rx = b.x - a.x;
            const double ry = b.y - a.y;
            for (const Segment& barrier : found) {
                const PlanarPoint c = barrier.first;
                const double sx = barrier.second.x - c.x;
                const double sy = barrier.second.y - c.y;
                const double denominator = rx * sy - ry * sx;
                const double t =
                    std::abs(denominator) > 1e-12
                        ? ((c.x - a.x) * sy - (c.y - a.y) * sx) / denominator
                        : std::clamp(((c.x - a.x) * rx + (c.y - a.y) * ry) / (rx * rx + ry * ry), 0.0, 1.0);
                first = std::min(first, std::clamp(t, 0.0, 1.0));
                last = std::max(last, std::clamp(t, 0.0, 1.0));
            }
            if (found.empty()) {
                part.push_back(line[i]);
                continue;
            }
            ++cut;
            const double length = std::hypot(rx, ry);
            const double before = length > 0.0 ? first - gap.value / length : 0.0;
            const double after = length > 0.0 ? last + gap.value / length : 1.0;
            if (before > 0.0) {
                part.push_back(vertex_between(line[i - 1], line[i], before));
            }
            add_part(changed, part, roads, polyline);
            part.clear();
            if (after < 1.0) {
                part.push_back(vertex_between(line[i - 1], line[i], after));
            }
            part.push_back(line[i]);
        }
        add_part(changed, part, roads, polyline);
    }
    return changed;
}

} // namespace lifecircle

namespace lifecircle {

RoadSource with_ways_added(const RoadSource& roads, std::span<const PlanarPoint> vertices, const RoadSource& added,
                           std::span<const PlanarPoint> added_vertices, Metres join, AddedWays& report) {
    // Every segment of the roads, by polyline and position in it, for the nearest-foot queries.
    using Entry = std::pair<Segment, std::pair<std::uint32_t, std::uint32_t>>; // (polyline, i): vertices i-1, i
    std::vector<Entry> entries;
    for (std::uint32_t polyline = 0; polyline < roads.polyline_count(); ++polyline) {
        const std::span<const std::uint32_t> line = polyline_of(roads, polyline);
        for (std::uint32_t i = 1; i < line.size(); ++i) {
            entries.push_back({Segment(vertices[line[i - 1]], vertices[line[i]]), {polyline, i}});
        }
    }
    const bgi::rtree<Entry, bgi::rstar<16>> index(entries.begin(), entries.end());

    RoadSource changed = roads;
    report = {};
    // Where each added end joins: a new vertex on a road segment (inserted below), or an existing one.
    struct Foot {
        std::uint32_t polyline;
        std::uint32_t segment; // the foot lies between vertices segment-1 and segment of the polyline
        double t;
        std::uint32_t vertex;
    };
    std::vector<Foot> feet;
    const std::uint32_t first_added = static_cast<std::uint32_t>(changed.vertices.size());
    changed.vertices.insert(changed.vertices.end(), added.vertices.begin(), added.vertices.end());
    const auto join_end = [&](std::uint32_t added_vertex) -> std::uint32_t {
        const PlanarPoint at = added_vertices[added_vertex];
        std::vector<Entry> nearest;
        index.query(bgi::nearest(at, 1), std::back_inserter(nearest));
        if (nearest.empty() || bg::comparable_distance(at, nearest[0].first) > join.value * join.value) {
            ++report.ends_unjoined;
            return first_added + added_vertex;
        }
        const auto [a, b] = std::pair{nearest[0].first.first, nearest[0].first.second};
        const double dx = b.x - a.x;
        const double dy = b.y - a.y;
        const double squared = dx * dx + dy * dy;
        const double t = squared > 0.0 ? std::clamp(((at.x - a.x) * dx + (at.y - a.y) * dy) / squared, 0.0, 1.0) : 0.0;
        const auto [polyline, segment] = nearest[0].second;
        const std::span<const std::uint32_t> line = polyline_of(roads, polyline);
        ++report.ends_joined;
        if (t == 0.0) {
            return line[segment - 1];
        }
        if (t == 1.0) {
            return line[segment];
        }
        const LonLat from = roads.vertices[line[segment - 1]];
        const LonLat to = roads.vertices[line[segment]];
        changed.vertices.push_back({from.lon + t * (to.lon - from.lon), from.lat + t * (to.lat - from.lat)});
        const auto vertex = static_cast<std::uint32_t>(changed.vertices.size() - 1);
        feet.push_back({polyline, segment, t, vertex});
        return vertex;
    };
    std::vector<std::uint32_t> part;
    for (std::size_t polyline = 0; polyline < added.polyline_count(); ++polyline) {
        const std::span<const std::uint32_t> line = polyline_of(added, polyline);
        part.clear();
        for (std::size_t i = 0; i < line.size(); ++i) {
            part.push_back(i == 0 || i + 1 == line.size() ? join_end(line[i]) : first_added + line[i]);
        }
        changed.add_polyline(part);
        if (!changed.ways.empty() || roads.polyline_count() == 0) {
            changed.ways.push_back(added.ways.empty() ? WayAttributes{} : added.ways[polyline]);
        }
        ++report.ways;
    }
    if (feet.empty()) {
        return changed;
    }
    // The roads the feet lie on gain them as vertices, in order along each segment.
    std::sort(feet.begin(), feet.end(), [](const Foot& x, const Foot& y) {
        return std::tie(x.polyline, x.segment, x.t) < std::tie(y.polyline, y.segment, y.t);
    });
    RoadSource rebuilt = empty_like(changed);
    rebuilt.vertices = changed.vertices;
    auto foot = feet.begin();
    for (std::uint32_t polyline = 0; polyline < changed.polyline_count(); ++polyline) {
        const std::span<const std::uint32_t> line = polyline_of(changed, polyline);
        part.assign(1, line.front());
        for (std::uint32_t i = 1; i < line.size(); ++i) {
            for (; foot != feet.end() && foot->polyline == polyline && foot->segment == i; ++foot) {
                part.push_back(foot->vertex);
            }
            part.push_back(line[i]);
        }
        add_part(rebuilt, part, changed, polyline);
    }
    return rebuilt;
}

} // namespace lifecircle
