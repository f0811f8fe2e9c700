#include "gdal/gdal_handles.hpp"

#include <cpl_error.h>

#include <mutex>

namespace lifecircle::detail {

void ensure_gdal_registered() {
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });
}

std::string last_gdal_error(const std::string& fallback) {
    const char* message = CPLGetLastErrorMsg();
    if (message == nullptr || *message == '\0') {
        return fallback;
    }
    return message;
}

OGRSpatialReference wgs84_lonlat() {
    OGRSpatialReference crs;
    crs.importFromEPSG(4326);
    crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return crs;
}

TransformationPtr make_transformation(const OGRSpatialReference& from, const OGRSpatialReference& to) {
    return TransformationPtr(OGRCreateCoordinateTransformation(&from, &to));
}

std::string crs_display_name(const OGRSpatialReference& crs) {
    const char* authority = crs.GetAuthorityName(nullptr);
    const char* code = crs.GetAuthorityCode(nullptr);
    if (authority != nullptr && code != nullptr) {
        return std::string(authority) + ":" + code;
    }
    // An ESRI .prj carries no code; PROJ can usually still identify it.
    const std::unique_ptr<OGRSpatialReference, decltype(&OGRSpatialReference::DestroySpatialReference)> match(
        crs.FindBestMatch(90, "EPSG"), &OGRSpatialReference::DestroySpatialReference);
    if (match && match->GetAuthorityCode(nullptr) != nullptr) {
        return std::string("EPSG:") + match->GetAuthorityCode(nullptr);
    }
    const char* name = crs.GetName();
    return name != nullptr ? name : "unnamed CRS";
}

} // namespace lifecircle::detail
