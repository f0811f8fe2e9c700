#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include "gdal/gdal_handles.hpp"

#include <ogr_geometry.h>

#include <memory>
#include <stdexcept>

namespace lifecircle {

namespace {

// Geometries moved between WGS 84 and the working CRS with one transformation
// (creating a PROJ pipeline costs far more than using it).
std::vector<std::vector<unsigned char>> transform_wkb(std::span<const std::vector<unsigned char>> geometries,
                                                      const WorkingCrs& crs, bool to_working,
                                                      const ErrorContext& source = {}) {
    OGRSpatialReference working;
    working.importFromWkt(crs.wkt().c_str());
    working.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const OGRSpatialReference wgs84 = detail::wgs84_lonlat();
    const auto transformation =
        to_working ? detail::make_transformation(wgs84, working) : detail::make_transformation(working, wgs84);
    std::vector<std::vector<unsigned char>> results;
    results.reserve(geometries.size());
    for (const std::vector<unsigned char>& wkb : geometries) {
        OGRGeometry* parsed = nullptr;
        if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &parsed, wkb.size()) != OGRERR_NONE) {
            throw std::logic_error("transform_wkb: the WKB does not parse");
        }
        const std::unique_ptr<OGRGeometry> geometry(parsed);
        if (!transformation || geometry->transform(transformation.get()) != OGRERR_NONE) {
            throw Error(ExitCode::crs_invalid, source,
                        "cannot transform geometry " + std::to_string(results.size() + 1) + " " +
                            (to_working ? "from WGS 84 to" : "to WGS 84 from") + " working CRS " + crs.name());
        }
        std::vector<unsigned char>& result = results.emplace_back(static_cast<std::size_t>(geometry->WkbSize()));
        geometry->exportToWkb(wkbNDR, result.data(), wkbVariantIso);
    }
    return results;
}

} // namespace

std::vector<unsigned char> unproject_wkb(const std::vector<unsigned char>& planar_wkb, const WorkingCrs& crs) {
    return std::move(transform_wkb(std::span(&planar_wkb, 1), crs, false).front());
}

std::vector<std::vector<unsigned char>> unproject_wkb(std::span<const std::vector<unsigned char>> planar_wkb,
                                                      const WorkingCrs& crs) {
    return transform_wkb(planar_wkb, crs, false);
}

std::vector<std::vector<unsigned char>> project_wkb(std::span<const std::vector<unsigned char>> wkb_wgs84,
                                                    const WorkingCrs& crs, const ErrorContext& source) {
    return transform_wkb(wkb_wgs84, crs, true, source);
}

std::vector<unsigned char> line_wkb(std::span<const LonLat> positions) {
    OGRLineString line;
    line.setNumPoints(static_cast<int>(positions.size()), false);
    for (std::size_t i = 0; i < positions.size(); ++i) {
        line.setPoint(static_cast<int>(i), positions[i].lon, positions[i].lat);
    }
    std::vector<unsigned char> wkb(static_cast<std::size_t>(line.WkbSize()));
    line.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    return wkb;
}

} // namespace lifecircle
