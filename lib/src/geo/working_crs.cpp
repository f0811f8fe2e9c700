#include "lifecircle/error.hpp"
#include "lifecircle/geo.hpp"

#include "gdal/gdal_handles.hpp"

#include <algorithm>
#include <cmath>

namespace lifecircle {

int utm_epsg_for(LonLat position) noexcept {
    int zone = static_cast<int>(std::floor((position.lon + 180.0) / 6.0)) + 1;
    zone = std::clamp(zone, 1, 60);
    return (position.lat >= 0.0 ? 32600 : 32700) + zone;
}

WorkingCrs WorkingCrs::choose(const std::string& definition, LonLat centre) {
    detail::ensure_gdal_registered();
    OGRSpatialReference crs;
    const std::string requested = definition == "auto" ? "EPSG:" + std::to_string(utm_epsg_for(centre)) : definition;
    if (crs.SetFromUserInput(requested.c_str()) != OGRERR_NONE) {
        throw Error(ExitCode::crs_invalid, {}, "working CRS '" + requested + "' is not a CRS GDAL/PROJ knows");
    }
    if (!crs.IsProjected()) {
        throw Error(ExitCode::crs_invalid, {},
                    "working CRS '" + requested + "' is not projected; distances need a CRS in metres");
    }
    if (std::abs(crs.GetLinearUnits() - 1.0) > 1e-12) {
        throw Error(ExitCode::crs_invalid, {}, "working CRS '" + requested + "' is not in metres");
    }
    crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    char* wkt = nullptr;
    const char* const options[] = {"FORMAT=WKT2_2019", nullptr};
    crs.exportToWkt(&wkt, options);
    std::string wkt_text = wkt != nullptr ? wkt : "";
    CPLFree(wkt);
    return WorkingCrs(definition == "auto" ? requested : detail::crs_display_name(crs), std::move(wkt_text));
}

std::vector<PlanarPoint> WorkingCrs::project(std::span<const LonLat> positions) const {
    OGRSpatialReference target;
    target.importFromWkt(wkt_.c_str());
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const auto transformation = detail::make_transformation(detail::wgs84_lonlat(), target);
    if (!transformation) {
        throw Error(ExitCode::crs_invalid, {},
                    "cannot transform WGS 84 to working CRS " + name_ + ": " +
                        detail::last_gdal_error("PROJ found no transformation"));
    }
    std::vector<double> xs(positions.size());
    std::vector<double> ys(positions.size());
    for (std::size_t i = 0; i < positions.size(); ++i) {
        xs[i] = positions[i].lon;
        ys[i] = positions[i].lat;
    }
    std::vector<int> success(positions.size(), 0);
    if (!positions.empty()) {
        transformation->Transform(static_cast<int>(positions.size()), xs.data(), ys.data(), nullptr, success.data());
    }
    std::vector<PlanarPoint> projected(positions.size());
    for (std::size_t i = 0; i < positions.size(); ++i) {
        if (success[i] == 0 || !std::isfinite(xs[i]) || !std::isfinite(ys[i])) {
            throw Error(ExitCode::crs_invalid, {},
                        "position (" + std::to_string(positions[i].lon) + ", " + std::to_string(positions[i].lat) +
                            ") cannot be projected to working CRS " + name_);
        }
        projected[i] = {xs[i], ys[i]};
    }
    return projected;
}

PlanarPoint WorkingCrs::project(LonLat position) const {
    return project(std::span<const LonLat>(&position, 1)).front();
}

} // namespace lifecircle
