#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include "gdal/gdal_handles.hpp"

#include <ogr_geometry.h>

#include <memory>
#include <stdexcept>

namespace lifecircle {

std::vector<unsigned char> unproject_wkb(const std::vector<unsigned char>& planar_wkb, const WorkingCrs& crs) {
    OGRGeometry* parsed = nullptr;
    if (OGRGeometryFactory::createFromWkb(planar_wkb.data(), nullptr, &parsed, planar_wkb.size()) != OGRERR_NONE) {
        throw std::logic_error("unproject_wkb: the WKB does not parse");
    }
    const std::unique_ptr<OGRGeometry> geometry(parsed);
    OGRSpatialReference working;
    working.importFromWkt(crs.wkt().c_str());
    working.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const auto transformation = detail::make_transformation(working, detail::wgs84_lonlat());
    if (!transformation || geometry->transform(transformation.get()) != OGRERR_NONE) {
        throw Error(ExitCode::crs_invalid, {}, "cannot transform a result from working CRS " + crs.name() + " to WGS 84");
    }
    std::vector<unsigned char> wkb(static_cast<std::size_t>(geometry->WkbSize()));
    geometry->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    return wkb;
}

} // namespace lifecircle
