#include "boundary_check/checks.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

// A coverage validator for GEOS 3.11, which lacks GEOS 3.12's
// CoverageValidator: neighbouring units must share their borders vertex for
// vertex. Every ring segment is matched exactly against the other units'
// segments; a segment no other unit has is checked against the segments near
// it (an R-tree over their boxes) and is wrong when it crosses one, touches
// one off a vertex, runs along one without being equal to it, or comes
// within the edge tolerance of one. The exact matches also give, for each
// part of a unit, how much of its border it shares with each neighbour: that
// finds the unit around a detached part, and enclaves.
namespace lifecircle::detail {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

// Coordinates equal to this many metres are the same point for the geometry
// tests; equal vertices are compared exactly.
constexpr double epsilon_m = 1e-6;

struct Point {
    double x;
    double y;
    bool operator==(const Point&) const = default;
    bool operator<(const Point& other) const { return x < other.x || (x == other.x && y < other.y); }
};

struct Segment {
    Point a;
    Point b;
    std::uint32_t unit;
    std::uint32_t part; // polygon of the unit
    bool exterior;      // on the part's exterior ring
};

// The segment's endpoints in a fixed order, as a hash key.
struct SegmentKey {
    Point low;
    Point high;
    bool operator==(const SegmentKey&) const = default;
};
struct SegmentKeyHash {
    std::size_t operator()(const SegmentKey& key) const noexcept {
        std::array<double, 4> values{key.low.x, key.low.y, key.high.x, key.high.y};
        std::size_t hash = 1469598103934665603ULL;
        for (const double value : values) {
            std::uint64_t bits = 0;
            std::memcpy(&bits, &value, sizeof bits);
            hash = (hash ^ bits) * 1099511628211ULL;
        }
        return hash;
    }
};
SegmentKey key_of(const Segment& segment) {
    return segment.a < segment.b ? SegmentKey{segment.a, segment.b} : SegmentKey{segment.b, segment.a};
}

double length(const Segment& segment) {
    return std::hypot(segment.b.x - segment.a.x, segment.b.y - segment.a.y);
}

// Signed distance of p from the line through a and b.
double side(const Point& a, const Point& b, const Point& p) {
    const double span = std::hypot(b.x - a.x, b.y - a.y);
    return span == 0.0 ? std::hypot(p.x - a.x, p.y - a.y)
                       : ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)) / span;
}

double point_segment_distance(const Point& p, const Point& a, const Point& b) {
    const double dx = b.x - a.x;
    const double dy = b.y - a.y;
    const double squared = dx * dx + dy * dy;
    const double t = squared == 0.0 ? 0.0 : std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / squared, 0.0, 1.0);
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

enum class Mismatch { none, crossing, off_vertex, collinear_unequal, near_miss };
constexpr std::array<const char*, 5> mismatch_words{"", "crossing", "touching off a vertex", "collinear but unequal",
                                                    "apart by less than the tolerance"};

// How two segments of different units relate, when they are not the same segment.
Mismatch classify(const Segment& s, const Segment& t, double tolerance) {
    const double distance =
        std::min({point_segment_distance(s.a, t.a, t.b), point_segment_distance(s.b, t.a, t.b),
                  point_segment_distance(t.a, s.a, s.b), point_segment_distance(t.b, s.a, s.b)});
    const double d1 = side(t.a, t.b, s.a);
    const double d2 = side(t.a, t.b, s.b);
    const double d3 = side(s.a, s.b, t.a);
    const double d4 = side(s.a, s.b, t.b);
    const bool proper_crossing = ((d1 > epsilon_m && d2 < -epsilon_m) || (d1 < -epsilon_m && d2 > epsilon_m)) &&
                                 ((d3 > epsilon_m && d4 < -epsilon_m) || (d3 < -epsilon_m && d4 > epsilon_m));
    if (proper_crossing) {
        return Mismatch::crossing;
    }
    if (distance > tolerance) {
        return Mismatch::none;
    }
    const bool collinear = (std::fabs(d3) <= epsilon_m && std::fabs(d4) <= epsilon_m) ||
                           (std::fabs(d1) <= epsilon_m && std::fabs(d2) <= epsilon_m);
    const auto shared = [&](const Point& p) { return p == t.a || p == t.b; };
    if (collinear) {
        // Overlap of the two along their common line.
        const double dx = s.b.x - s.a.x;
        const double dy = s.b.y - s.a.y;
        const double span = std::hypot(dx, dy);
        const auto along = [&](const Point& p) { return ((p.x - s.a.x) * dx + (p.y - s.a.y) * dy) / span; };
        const double overlap = std::min(span, std::max(along(t.a), along(t.b))) - std::max(0.0, std::min(along(t.a), along(t.b)));
        if (overlap > epsilon_m) {
            return Mismatch::collinear_unequal;
        }
        return shared(s.a) || shared(s.b) ? Mismatch::none : Mismatch::near_miss;
    }
    // An endpoint of one on the other: fine at a vertex both have, wrong anywhere else.
    bool touches_off_vertex = false;
    for (const Point& p : {s.a, s.b}) {
        if (point_segment_distance(p, t.a, t.b) <= epsilon_m && !shared(p)) {
            touches_off_vertex = true;
        }
    }
    for (const Point& p : {t.a, t.b}) {
        if (point_segment_distance(p, s.a, s.b) <= epsilon_m && p != s.a && p != s.b) {
            touches_off_vertex = true;
        }
    }
    if (touches_off_vertex) {
        return Mismatch::off_vertex;
    }
    if (shared(s.a) || shared(s.b)) {
        // Two borders leaving a common vertex: fine unless they run on nearly together.
        const Point& s_far = shared(s.a) ? s.b : s.a;
        const Point& t_far = s_far == s.b ? (t.a == s.a ? t.b : t.a) : (t.a == s.b ? t.b : t.a);
        const double apart = std::min(point_segment_distance(s_far, t.a, t.b), point_segment_distance(t_far, s.a, s.b));
        return apart <= tolerance ? Mismatch::near_miss : Mismatch::none;
    }
    return Mismatch::near_miss;
}

std::vector<Segment> segments_of(const GeosContext& geos, const CheckedLevel& level) {
    const GEOSContextHandle_t handle = geos.handle();
    std::vector<Segment> segments;
    for (std::size_t unit = 0; unit < level.units.size(); ++unit) {
        if (!level.units[unit].geometry) {
            continue;
        }
        const std::vector<const GEOSGeometry*> parts = polygons_of(geos, level.units[unit].geometry.get());
        for (std::size_t part = 0; part < parts.size(); ++part) {
            const int holes = GEOSGetNumInteriorRings_r(handle, parts[part]);
            for (int ring_index = -1; ring_index < holes; ++ring_index) {
                const GEOSGeometry* ring = ring_index < 0 ? GEOSGetExteriorRing_r(handle, parts[part])
                                                          : GEOSGetInteriorRingN_r(handle, parts[part], ring_index);
                const GEOSCoordSequence* sequence = GEOSGeom_getCoordSeq_r(handle, ring);
                unsigned int size = 0;
                GEOSCoordSeq_getSize_r(handle, sequence, &size);
                Point previous{0.0, 0.0};
                for (unsigned int vertex = 0; vertex < size; ++vertex) {
                    Point current{0.0, 0.0};
                    GEOSCoordSeq_getXY_r(handle, sequence, vertex, &current.x, &current.y);
                    if (vertex > 0 && current != previous) {
                        segments.push_back({previous, current, static_cast<std::uint32_t>(unit),
                                            static_cast<std::uint32_t>(part), ring_index < 0});
                    }
                    previous = current;
                }
            }
        }
    }
    return segments;
}

Geometry lines(const GeosContext& geos, const std::vector<Segment>& segments, const std::set<std::size_t>& chosen) {
    const GEOSContextHandle_t handle = geos.handle();
    std::vector<GEOSGeometry*> parts;
    for (const std::size_t index : chosen) {
        GEOSCoordSequence* sequence = GEOSCoordSeq_create_r(handle, 2, 2);
        GEOSCoordSeq_setXY_r(handle, sequence, 0, segments[index].a.x, segments[index].a.y);
        GEOSCoordSeq_setXY_r(handle, sequence, 1, segments[index].b.x, segments[index].b.y);
        parts.push_back(GEOSGeom_createLineString_r(handle, sequence));
    }
    return geos.own(GEOSGeom_createCollection_r(handle, GEOS_MULTILINESTRING, parts.data(),
                                                static_cast<unsigned>(parts.size())),
                    "multilinestring");
}

std::string percent(double share) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f%%", 100.0 * share);
    return text;
}

} // namespace

void check_borders(const GeosContext& geos, const CheckedLevel& level, const BoundaryTolerances& tolerances,
                   FindingLog& log) {
    const std::vector<Segment> segments = segments_of(geos, level);
    std::unordered_map<SegmentKey, std::vector<std::size_t>, SegmentKeyHash> by_key;
    for (std::size_t index = 0; index < segments.size(); ++index) {
        by_key[key_of(segments[index])].push_back(index);
    }
    // Exact matches: border length per (unit, part) and neighbour.
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::map<std::uint32_t, double>> shared;
    std::map<std::pair<std::uint32_t, std::uint32_t>, double> perimeter;
    std::vector<bool> matched(segments.size(), false);
    for (std::size_t index = 0; index < segments.size(); ++index) {
        const Segment& segment = segments[index];
        if (segment.exterior) {
            perimeter[{segment.unit, segment.part}] += length(segment);
        }
        const std::vector<std::size_t>& same = by_key.at(key_of(segment));
        std::set<std::uint32_t> units;
        for (const std::size_t other : same) {
            units.insert(segments[other].unit);
        }
        if (units.size() == 2) {
            matched[index] = true;
            const std::uint32_t neighbour = *units.begin() == segment.unit ? *units.rbegin() : *units.begin();
            if (segment.exterior) {
                shared[{segment.unit, segment.part}][neighbour] += length(segment);
            }
        } else if (units.size() > 2) {
            matched[index] = true; // three units on one segment: their overlap is reported as such
        }
    }

    // Unmatched segments near another unit's segment.
    std::vector<std::pair<Box, std::size_t>> boxes;
    boxes.reserve(segments.size());
    for (std::size_t index = 0; index < segments.size(); ++index) {
        const Segment& segment = segments[index];
        boxes.emplace_back(Box({std::min(segment.a.x, segment.b.x), std::min(segment.a.y, segment.b.y)},
                               {std::max(segment.a.x, segment.b.x), std::max(segment.a.y, segment.b.y)}),
                           index);
    }
    const BoxIndex index(boxes.begin(), boxes.end());
    struct PairMismatch {
        std::array<std::size_t, 5> counts{};
        std::set<std::size_t> segments;
    };
    std::map<std::pair<std::uint32_t, std::uint32_t>, PairMismatch> mismatches;
    std::set<std::pair<std::size_t, std::size_t>> counted; // both unmatched: seen from each side, counted once
    const double reach = tolerances.edge_distance.value;
    for (std::size_t first = 0; first < segments.size(); ++first) {
        if (matched[first]) {
            continue;
        }
        const Segment& s = segments[first];
        const Box search({std::min(s.a.x, s.b.x) - reach, std::min(s.a.y, s.b.y) - reach},
                         {std::max(s.a.x, s.b.x) + reach, std::max(s.a.y, s.b.y) + reach});
        std::vector<std::pair<Box, std::size_t>> near;
        index.query(bgi::intersects(search), std::back_inserter(near));
        for (const auto& [box, second] : near) {
            const Segment& t = segments[second];
            if (t.unit == s.unit || key_of(s) == key_of(t)) {
                continue;
            }
            const Mismatch kind = classify(s, t, reach);
            if (kind == Mismatch::none) {
                continue;
            }
            if (!counted.insert({std::min(first, second), std::max(first, second)}).second) {
                continue;
            }
            PairMismatch& pair = mismatches[{std::min(s.unit, t.unit), std::max(s.unit, t.unit)}];
            ++pair.counts[static_cast<std::size_t>(kind)];
            pair.segments.insert(first);
            pair.segments.insert(second);
        }
    }
    for (const auto& [units, pair] : mismatches) {
        std::string kinds;
        for (std::size_t kind = 1; kind < pair.counts.size(); ++kind) {
            if (pair.counts[kind] > 0) {
                kinds += (kinds.empty() ? "" : ", ") + std::to_string(pair.counts[kind]) + " " + mismatch_words[kind];
            }
        }
        const CheckedUnit& a = level.units[units.first];
        const CheckedUnit& b = level.units[units.second];
        BoundaryFinding& finding =
            log.add(level, a, BoundaryRule::edge_mismatch,
                    "the border with " + b.label() + " does not match vertex for vertex: " + kinds + " (segment pairs)",
                    lines(geos, segments, pair.segments));
        finding.other_code = b.code;
        finding.other_name = b.name;
    }

    // Detached parts, and the unit that holds each; enclaves.
    for (std::uint32_t unit = 0; unit < level.units.size(); ++unit) {
        const CheckedUnit& checked = level.units[unit];
        if (!checked.geometry) {
            continue;
        }
        const std::vector<const GEOSGeometry*> parts = polygons_of(geos, checked.geometry.get());
        std::size_t main_part = 0;
        for (std::size_t part = 1; part < parts.size(); ++part) {
            if (area(geos, parts[part]) > area(geos, parts[main_part])) {
                main_part = part;
            }
        }
        const double unit_area = area(geos, checked.geometry.get());
        for (std::uint32_t part = 0; part < parts.size(); ++part) {
            const auto found = shared.find({unit, part});
            std::uint32_t around = 0;
            double longest = 0.0;
            if (found != shared.end()) {
                for (const auto& [neighbour, border] : found->second) {
                    if (border > longest) {
                        longest = border;
                        around = neighbour;
                    }
                }
            }
            const double border_share = longest / perimeter[{unit, part}];
            if (part != main_part) {
                const ShapeMeasure shape = measure(geos, parts[part]);
                char message[320];
                std::snprintf(message, sizeof message,
                              "part %u of %zu lies apart from the main part: %.0f m² (%.1f%% of the unit), %s",
                              part + 1, parts.size(), shape.area_m2, 100.0 * shape.area_m2 / unit_area,
                              longest > 0.0 ? ("surrounded by " + level.units[around].label() + " (" +
                                               percent(border_share) + " of its border)")
                                                  .c_str()
                                            : "bordering no other unit of the level");
                BoundaryFinding& finding = log.add(level, checked, BoundaryRule::detached_part, message,
                                                   clone(geos, parts[part]));
                finding.area_m2 = shape.area_m2;
                finding.width_m = shape.width.value;
                finding.sliver = is_sliver(shape, tolerances);
                if (longest > 0.0) {
                    finding.other_code = level.units[around].code;
                    finding.other_name = level.units[around].name;
                }
            } else if (parts.size() == 1 && longest > 0.0 && border_share >= tolerances.enclave_share) {
                BoundaryFinding& finding = log.add(
                    level, checked, BoundaryRule::enclave,
                    "lies wholly inside " + level.units[around].label() + " (shares " + percent(border_share) +
                        " of its border with it): an enclave",
                    clone(geos, checked.geometry.get()));
                finding.area_m2 = unit_area;
                finding.other_code = level.units[around].code;
                finding.other_name = level.units[around].name;
            }
        }
    }
}

} // namespace lifecircle::detail
