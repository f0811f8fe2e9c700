#include "lifecircle/working_crs.hpp"
#include "lifecircle/error.hpp"

#include "gdal/gdal_handles.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace lifecircle {

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

namespace {

// Transforms x/y arrays in place between WGS 84 lon/lat and the working CRS.
// Large arrays are transformed in parallel pieces, each through its own
// transformation, since one PROJ object must not be shared between threads
// (a city's million road vertices: 0.27 s on one core).
void transform(const std::string& wkt, const std::string& name, bool to_working, std::vector<double>& xs,
               std::vector<double>& ys) {
    OGRSpatialReference working;
    working.importFromWkt(wkt.c_str());
    working.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const OGRSpatialReference wgs84 = detail::wgs84_lonlat();
    const auto make = [&] {
        return to_working ? detail::make_transformation(wgs84, working) : detail::make_transformation(working, wgs84);
    };
    const detail::TransformationPtr first = make();
    if (!first) {
        throw Error(ExitCode::crs_invalid, {},
                    "cannot transform between WGS 84 and working CRS " + name + ": " +
                        detail::last_gdal_error("PROJ found no transformation"));
    }
    std::vector<int> success(xs.size(), 0);
    const auto transform_range = [&](OGRCoordinateTransformation& transformation, std::size_t begin, std::size_t end) {
        transformation.Transform(static_cast<int>(end - begin), xs.data() + begin, ys.data() + begin, nullptr,
                                 success.data() + begin);
    };
    constexpr std::size_t piece = std::size_t{1} << 18;
    if (xs.size() <= piece) { // one piece: the transformation already made
        transform_range(*first, 0, xs.size());
    } else {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, xs.size(), piece),
                          [&](const tbb::blocked_range<std::size_t>& range) {
                              const auto transformation = make();
                              if (transformation) { // else every position stays unsuccessful, and is named below
                                  transform_range(*transformation, range.begin(), range.end());
                              }
                          });
    }
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (success[i] == 0 || !std::isfinite(xs[i]) || !std::isfinite(ys[i])) {
            throw Error(ExitCode::crs_invalid, {},
                        "position " + std::to_string(i) + " cannot be transformed " +
                            (to_working ? "to working CRS " : "from working CRS ") + name);
        }
    }
}

} // namespace

std::vector<PlanarPoint> WorkingCrs::project(std::span<const LonLat> positions, const ErrorContext& source) const {
    std::vector<double> xs(positions.size());
    std::vector<double> ys(positions.size());
    for (std::size_t i = 0; i < positions.size(); ++i) {
        xs[i] = positions[i].lon;
        ys[i] = positions[i].lat;
    }
    try {
        transform(wkt_, name_, true, xs, ys);
    } catch (const Error&) {
        for (std::size_t i = 0; i < positions.size(); ++i) { // name the position that failed
            std::vector<double> x{positions[i].lon};
            std::vector<double> y{positions[i].lat};
            try {
                transform(wkt_, name_, true, x, y);
            } catch (const Error&) {
                throw Error(ExitCode::crs_invalid, source,
                            "position " + std::to_string(i + 1) + " (" + std::to_string(positions[i].lon) + ", " +
                                std::to_string(positions[i].lat) + ") cannot be projected to working CRS " + name_);
            }
        }
        throw;
    }
    std::vector<PlanarPoint> projected(positions.size());
    for (std::size_t i = 0; i < positions.size(); ++i) {
        projected[i] = {xs[i], ys[i]};
    }
    return projected;
}

std::vector<LonLat> WorkingCrs::unproject(std::span<const PlanarPoint> points) const {
    std::vector<double> xs(points.size());
    std::vector<double> ys(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        xs[i] = points[i].x;
        ys[i] = points[i].y;
    }
    transform(wkt_, name_, false, xs, ys);
    std::vector<LonLat> positions(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        positions[i] = {xs[i], ys[i]};
    }
    return positions;
}

PlanarPoint WorkingCrs::project(LonLat position) const {
    return project(std::span<const LonLat>(&position, 1)).front();
}

} // namespace lifecircle
