#include "lifecircle/io.hpp"

#include "io/vector_source.hpp"

#include <boost/geometry/algorithms/correct.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>

namespace lifecircle {

UnitLayer read_unit_layer(const SourceSpec& spec, const UnitFields& fields) {
    const detail::VectorSource source(spec);
    UnitLayer result;
    result.report = source.new_report();
    result.attributes = source.empty_table();
    if (fields.code.empty()) {
        throw Error(ExitCode::input_invalid, source.context(), "units need a code field");
    }
    const auto code_index = detail::required_field(result.attributes, fields.code, "code", source.context());
    const auto name_index = detail::required_field(result.attributes, fields.name, "name", source.context());
    const auto parent_index = detail::required_field(result.attributes, fields.parent, "parent code", source.context());

    source.for_each_feature(result.report, [&](const OGRFeature& feature, const OGRGeometry& geometry) {
        const GIntBig feature_id = feature.GetFID();
        const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
        if (type != wkbPolygon && type != wkbMultiPolygon) {
            source.reject(result.report, feature_id, "unsupported_geometry",
                          std::string("geometry is a ") + OGRGeometryTypeToName(type) + ", not a polygon");
            return;
        }
        std::unique_ptr<OGRGeometry> wgs84(geometry.clone());
        if (!source.transform_to_wgs84(result.report, feature_id, *wgs84)) {
            return;
        }
        std::vector<FieldValue> row = source.values(feature);
        std::string code = detail::as_code(row[*code_index]);
        if (code.empty()) {
            source.reject(result.report, feature_id, "empty_code",
                          "the unit code (field '" + fields.code + "') is empty");
            return;
        }
        std::vector<unsigned char> wkb(wgs84->WkbSize());
        wgs84->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        result.feature_ids.push_back(feature_id);
        result.codes.push_back(std::move(code));
        result.names.push_back(name_index ? detail::as_code(row[*name_index]) : std::string());
        result.parent_codes.push_back(parent_index ? detail::as_code(row[*parent_index]) : std::string());
        result.wkb_wgs84.push_back(std::move(wkb));
        result.attributes.add_row(std::move(row));
        ++result.report.features_used;
    });
    return result;
}

namespace {

// WKB (multi)polygons as PlanarMultiPolygons, each ring's positions passed
// through `place` (a projection, or none): one parser for units read from
// files and polygons given as WKB by a caller.
template <class PlaceRing>
std::vector<PlanarMultiPolygon> polygons_from_wkb(std::span<const std::vector<unsigned char>> wkb,
                                                  const ErrorContext& source, const PlaceRing& place) {
    std::vector<PlanarMultiPolygon> result;
    result.reserve(wkb.size());
    std::vector<LonLat> positions;
    const auto add_ring = [&](const OGRLinearRing& ring, auto& target) {
        positions.clear();
        positions.reserve(static_cast<std::size_t>(ring.getNumPoints()));
        for (const OGRPoint& point : ring) {
            positions.push_back({point.getX(), point.getY()});
        }
        for (const PlanarPoint& point : place(positions)) {
            target.push_back(point);
        }
    };
    for (std::size_t feature = 0; feature < wkb.size(); ++feature) {
        OGRGeometry* parsed = nullptr;
        if (OGRGeometryFactory::createFromWkb(wkb[feature].data(), nullptr, &parsed, wkb[feature].size()) !=
            OGRERR_NONE) {
            throw Error(ExitCode::input_invalid, source.with_feature(std::to_string(feature)), "is not a WKB geometry");
        }
        const std::unique_ptr<OGRGeometry> geometry(parsed);
        const OGRwkbGeometryType type = wkbFlatten(geometry->getGeometryType());
        if (type != wkbPolygon && type != wkbMultiPolygon) {
            throw Error(ExitCode::input_invalid, source.with_feature(std::to_string(feature)),
                        std::string("is a ") + OGRGeometryTypeToName(type) + ", not a polygon");
        }
        PlanarMultiPolygon multipolygon;
        const auto add_polygon = [&](const OGRPolygon& polygon) {
            PlanarPolygon planar;
            bool exterior = true;
            for (const OGRLinearRing* ring : polygon) {
                if (exterior) {
                    add_ring(*ring, planar.outer());
                    exterior = false;
                } else {
                    planar.inners().emplace_back();
                    add_ring(*ring, planar.inners().back());
                }
            }
            multipolygon.push_back(std::move(planar));
        };
        if (type == wkbPolygon) {
            add_polygon(*geometry->toPolygon());
        } else {
            for (const OGRPolygon* polygon : *geometry->toMultiPolygon()) {
                add_polygon(*polygon);
            }
        }
        boost::geometry::correct(multipolygon);
        result.push_back(std::move(multipolygon));
    }
    return result;
}

} // namespace

std::vector<PlanarMultiPolygon> project_polygons(const std::vector<std::vector<unsigned char>>& wkb_wgs84,
                                                 const WorkingCrs& crs) {
    return polygons_from_wkb(wkb_wgs84, ErrorContext{},
                             [&crs](std::span<const LonLat> positions) { return crs.project(positions); });
}

std::vector<PlanarMultiPolygon> planar_polygons(std::span<const std::vector<unsigned char>> wkb_planar,
                                                const ErrorContext& source) {
    return polygons_from_wkb(wkb_planar, source, [](std::span<const LonLat> positions) {
        std::vector<PlanarPoint> planar(positions.size());
        std::transform(positions.begin(), positions.end(), planar.begin(), [](LonLat position) {
            return PlanarPoint{position.lon, position.lat};
        });
        return planar;
    });
}

} // namespace lifecircle
