#include "boundary_check/checks.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace lifecircle::detail {

std::string CheckedUnit::label() const {
    const std::string id = code.empty() ? "fid " + std::to_string(feature_id) : code;
    return name.empty() ? id : id + " " + name;
}

ErrorContext CheckedLevel::about(const CheckedUnit& unit) const {
    return source.with_feature(std::to_string(unit.feature_id));
}

ErrorContext CheckedLevel::about(const CheckedUnit& unit, const CheckedUnit& other) const {
    return source.with_feature(std::to_string(unit.feature_id) + " and " + std::to_string(other.feature_id));
}

void CheckedLevel::build_index(const GeosContext& geos) {
    std::vector<std::pair<Box, std::size_t>> boxes;
    for (std::size_t unit = 0; unit < units.size(); ++unit) {
        if (units[unit].geometry) {
            boxes.emplace_back(envelope(geos, units[unit].geometry.get()), unit);
        }
    }
    index = BoxIndex(boxes.begin(), boxes.end()); // packed: faster queries than one insert at a time
}

BoundaryFinding& FindingLog::add(const CheckedLevel& level, const CheckedUnit& unit, BoundaryRule rule,
                                 std::string message, Geometry geometry) {
    BoundaryFinding& finding = findings_.emplace_back();
    finding.rule = rule;
    finding.severity = describe(rule).severity;
    finding.level = level.name;
    finding.feature_id = unit.feature_id;
    finding.code = unit.code;
    finding.name = unit.name;
    finding.message = std::move(message);
    geometries_.push_back(std::move(geometry));
    return finding;
}

Geometry read_wkb(const GeosContext& geos, const std::vector<unsigned char>& wkb) {
    GEOSWKBReader* reader = GEOSWKBReader_create_r(geos.handle());
    GEOSGeometry* geometry = GEOSWKBReader_read_r(geos.handle(), reader, wkb.data(), wkb.size());
    GEOSWKBReader_destroy_r(geos.handle(), reader);
    return geos.own(geometry, "WKB reading");
}

Geometry clone(const GeosContext& geos, const GEOSGeometry* geometry) {
    return geos.own(GEOSGeom_clone_r(geos.handle(), geometry), "clone");
}

Box envelope(const GeosContext& geos, const GEOSGeometry* geometry) {
    double min_x = 0.0;
    double min_y = 0.0;
    double max_x = 0.0;
    double max_y = 0.0;
    GEOSGeom_getXMin_r(geos.handle(), geometry, &min_x);
    GEOSGeom_getYMin_r(geos.handle(), geometry, &min_y);
    GEOSGeom_getXMax_r(geos.handle(), geometry, &max_x);
    GEOSGeom_getYMax_r(geos.handle(), geometry, &max_y);
    return Box({min_x, min_y}, {max_x, max_y});
}

std::vector<const GEOSGeometry*> polygons_of(const GeosContext& geos, const GEOSGeometry* geometry) {
    std::vector<const GEOSGeometry*> polygons;
    const int type = GEOSGeomTypeId_r(geos.handle(), geometry);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(geos.handle(), geometry) == 0) {
            polygons.push_back(geometry);
        }
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int count = GEOSGetNumGeometries_r(geos.handle(), geometry);
        for (int part = 0; part < count; ++part) {
            for (const GEOSGeometry* polygon : polygons_of(geos, GEOSGetGeometryN_r(geos.handle(), geometry, part))) {
                polygons.push_back(polygon);
            }
        }
    }
    return polygons;
}

Geometry multipolygon(const GeosContext& geos, const std::vector<const GEOSGeometry*>& polygons) {
    std::vector<GEOSGeometry*> copies;
    copies.reserve(polygons.size());
    for (const GEOSGeometry* polygon : polygons) {
        copies.push_back(GEOSGeom_clone_r(geos.handle(), polygon));
    }
    return geos.own(GEOSGeom_createCollection_r(geos.handle(), GEOS_MULTIPOLYGON, copies.data(),
                                                static_cast<unsigned>(copies.size())),
                    "multipolygon");
}

Geometry polygonal_part(const GeosContext& geos, Geometry geometry) {
    if (!geometry) {
        return geometry;
    }
    const int type = GEOSGeomTypeId_r(geos.handle(), geometry.get());
    if ((type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) && GEOSisEmpty_r(geos.handle(), geometry.get()) == 0) {
        return geometry;
    }
    const std::vector<const GEOSGeometry*> polygons = polygons_of(geos, geometry.get());
    if (polygons.empty()) {
        return Geometry(nullptr, {geos.handle()});
    }
    return multipolygon(geos, polygons);
}

double area(const GeosContext& geos, const GEOSGeometry* geometry) {
    double value = 0.0;
    GEOSArea_r(geos.handle(), geometry, &value);
    return value;
}

Geometry marker(const GeosContext& geos, const CheckedUnit& unit) {
    if (!unit.geometry) {
        return Geometry(nullptr, {geos.handle()});
    }
    return geos.own(GEOSPointOnSurface_r(geos.handle(), unit.geometry.get()), "point on surface");
}

namespace {
constexpr double compact_thinness = 0.2; // a 1 x 10 rectangle is 0.26; a ring-shaped gap is far below
} // namespace

ShapeMeasure measure(const GeosContext& geos, const GEOSGeometry* geometry) {
    ShapeMeasure shape;
    shape.area_m2 = area(geos, geometry);
    double perimeter = 0.0;
    GEOSLength_r(geos.handle(), geometry, &perimeter);
    shape.thinness = perimeter > 0.0 ? 4.0 * std::numbers::pi * shape.area_m2 / (perimeter * perimeter) : 0.0;
    // A thin shape's width is its mean width 2A/P (exact for a strip). A
    // compact one's is the diameter of its largest inscribed circle, found to
    // 2% of 2A/P; for a thin one that search would have to cover its whole
    // length in cells of a fraction of its width, and costs seconds.
    const double mean_width = perimeter > 0.0 ? 2.0 * shape.area_m2 / perimeter : 0.0;
    if (shape.thinness < compact_thinness) {
        shape.width = Metres{mean_width};
        return shape;
    }
    const Geometry radius = geos.own(
        GEOSMaximumInscribedCircle_r(geos.handle(), geometry, std::max(1e-3, 0.02 * mean_width)), "inscribed circle");
    double half_width = 0.0;
    GEOSLength_r(geos.handle(), radius.get(), &half_width);
    shape.width = Metres{2.0 * half_width};
    return shape;
}

bool is_sliver(const ShapeMeasure& shape, const BoundaryTolerances& tolerances) {
    return shape.width < tolerances.sliver_width || shape.thinness < tolerances.sliver_thinness;
}

} // namespace lifecircle::detail
