#include "boundary_check/checks.hpp"

#include <cstdio>

namespace lifecircle::detail {
namespace {

std::string square_metres(double value) {
    char text[64];
    std::snprintf(text, sizeof text, value < 10.0 ? "%.2f m²" : "%.0f m²", value);
    return text;
}

std::string metres(double value) {
    char text[64];
    std::snprintf(text, sizeof text, value < 10.0 ? "%.2f m" : "%.0f m", value);
    return text;
}

void set_shape(BoundaryFinding& finding, const ShapeMeasure& shape, const BoundaryTolerances& tolerances) {
    finding.area_m2 = shape.area_m2;
    finding.width_m = shape.width.value;
    finding.sliver = is_sliver(shape, tolerances);
}

} // namespace

void check_overlaps(const GeosContext& geos, const CheckedLevel& level, const BoundaryTolerances& tolerances,
                    FindingLog& log) {
    namespace bgi = boost::geometry::index;
    const GEOSContextHandle_t handle = geos.handle();
    for (std::size_t first = 0; first < level.units.size(); ++first) {
        const CheckedUnit& a = level.units[first];
        if (!a.geometry) {
            continue;
        }
        std::vector<std::pair<Box, std::size_t>> near;
        level.index.query(bgi::intersects(envelope(geos, a.geometry.get())), std::back_inserter(near));
        std::sort(near.begin(), near.end(), [](const auto& x, const auto& y) { return x.second < y.second; });
        for (const auto& [box, second] : near) {
            if (second <= first) {
                continue;
            }
            const CheckedUnit& b = level.units[second];
            const auto subject = geos.about(level.about(a, b));
            // The interiors meet (DE-9IM T********): this catches a unit inside
            // another, which overlaps() does not.
            if (!geos.holds(GEOSRelatePattern_r(handle, a.geometry.get(), b.geometry.get(), "T********"), "relate")) {
                continue;
            }
            const auto other = [&](BoundaryFinding& finding, const CheckedUnit& unit) -> BoundaryFinding& {
                finding.other_code = unit.code;
                finding.other_name = unit.name;
                return finding;
            };
            if (geos.holds(GEOSEquals_r(handle, a.geometry.get(), b.geometry.get()), "equals")) {
                other(log.add(level, b, BoundaryRule::duplicate_geometry,
                              "has the same geometry as " + a.label(), clone(geos, b.geometry.get())),
                      a)
                    .area_m2 = area(geos, b.geometry.get());
                continue;
            }
            const bool b_inside_a = geos.holds(GEOSCovers_r(handle, a.geometry.get(), b.geometry.get()), "covers");
            const bool a_inside_b =
                !b_inside_a && geos.holds(GEOSCovers_r(handle, b.geometry.get(), a.geometry.get()), "covers");
            if (b_inside_a || a_inside_b) {
                const CheckedUnit& inner = b_inside_a ? b : a;
                const CheckedUnit& outer = b_inside_a ? a : b;
                BoundaryFinding& finding =
                    other(log.add(level, inner, BoundaryRule::overlap_contained,
                                  "lies inside " + outer.label() + ": both claim the same land",
                                  clone(geos, inner.geometry.get())),
                          outer);
                set_shape(finding, measure(geos, inner.geometry.get()), tolerances);
                continue;
            }
            Geometry shared = polygonal_part(
                geos, geos.own(GEOSIntersection_r(handle, a.geometry.get(), b.geometry.get()), "intersection"));
            if (!shared) {
                continue; // the interiors meet only in a line or point: a border crossing, reported with the borders
            }
            const ShapeMeasure shape = measure(geos, shared.get());
            if (shape.width <= tolerances.edge_distance) {
                continue; // within the edge tolerance: a border mismatch, which check_borders reports
            }
            BoundaryFinding& finding =
                other(log.add(level, a, BoundaryRule::overlap,
                              "overlaps " + b.label() + " by " + square_metres(shape.area_m2) + " (up to " +
                                  metres(shape.width.value) + " wide)",
                              std::move(shared)),
                      b);
            set_shape(finding, shape, tolerances);
        }
    }
}

void check_gaps(const GeosContext& geos, const CheckedLevel& level, const BoundaryTolerances& tolerances,
                FindingLog& log) {
    const GEOSContextHandle_t handle = geos.handle();
    std::vector<const GEOSGeometry*> polygons;
    for (const CheckedUnit& unit : level.units) {
        if (unit.geometry) {
            for (const GEOSGeometry* polygon : polygons_of(geos, unit.geometry.get())) {
                polygons.push_back(polygon);
            }
        }
    }
    if (polygons.empty()) {
        return;
    }
    const Geometry all = multipolygon(geos, polygons);
    const Geometry merged = geos.own(GEOSUnaryUnion_r(handle, all.get()), "union");
    for (const GEOSGeometry* polygon : polygons_of(geos, merged.get())) {
        const int holes = GEOSGetNumInteriorRings_r(handle, polygon);
        for (int hole = 0; hole < holes; ++hole) {
            Geometry ring = clone(geos, GEOSGetInteriorRingN_r(handle, polygon, hole));
            const Geometry hole_area =
                geos.own(GEOSGeom_createPolygon_r(handle, ring.release(), nullptr, 0), "gap polygon");
            // Units may lie inside the hole (an island unit): the gap is what they leave.
            Geometry gap = polygonal_part(
                geos, geos.own(GEOSDifference_r(handle, hole_area.get(), merged.get()), "difference"));
            if (!gap) {
                continue;
            }
            const ShapeMeasure shape = measure(geos, gap.get());
            if (shape.width <= tolerances.edge_distance) {
                continue; // borders that nearly meet: check_borders reports them
            }
            const bool narrow = shape.width <= tolerances.gap_width;
            // A gap belongs to no unit: it is reported against the unit that borders most of it.
            const CheckedUnit* bordering = nullptr;
            double longest = 0.0;
            namespace bgi = boost::geometry::index;
            std::vector<std::pair<Box, std::size_t>> near;
            level.index.query(bgi::intersects(envelope(geos, gap.get())), std::back_inserter(near));
            const Geometry gap_boundary = geos.own(GEOSBoundary_r(handle, gap.get()), "boundary");
            for (const auto& [box, unit] : near) {
                const Geometry shared = geos.own(
                    GEOSIntersection_r(handle, gap_boundary.get(), level.units[unit].geometry.get()), "intersection");
                double length = 0.0;
                GEOSLength_r(handle, shared.get(), &length);
                if (length > longest) {
                    longest = length;
                    bordering = &level.units[unit];
                }
            }
            if (bordering == nullptr) {
                continue; // cannot happen: a hole is bounded by the units around it
            }
            char message[256];
            std::snprintf(message, sizeof message, "%s: a gap of %s, up to %s wide, that no unit covers",
                          narrow ? "between units" : "a hole wider than the gap width",
                          square_metres(shape.area_m2).c_str(), metres(shape.width.value).c_str());
            BoundaryFinding& finding = log.add(level, *bordering, BoundaryRule::gap,
                                               std::string(message) + (narrow ? "" : " (a lake, or a missing unit?)"),
                                               std::move(gap));
            if (!narrow) {
                finding.severity = Severity::warning; // perhaps intended: a lake
            }
            set_shape(finding, shape, tolerances);
        }
    }
}

} // namespace lifecircle::detail
