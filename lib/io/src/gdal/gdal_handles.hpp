#pragma once
// RAII ownership of GDAL/OGR handles and small helpers shared by the modules
// that talk to GDAL. Internal: not part of the public headers.

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

namespace lifecircle::detail {

struct DatasetCloser {
    void operator()(GDALDataset* dataset) const noexcept { GDALClose(GDALDataset::ToHandle(dataset)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct TransformationDestroyer {
    void operator()(OGRCoordinateTransformation* transformation) const noexcept {
        OGRCoordinateTransformation::DestroyCT(transformation);
    }
};
using TransformationPtr = std::unique_ptr<OGRCoordinateTransformation, TransformationDestroyer>;

// GDALAllRegister, once per process.
void ensure_gdal_registered();

// The last GDAL error message, or a fallback when GDAL said nothing.
std::string last_gdal_error(const std::string& fallback);

// EPSG:4326 with longitude first, whatever the EPSG axis order says.
OGRSpatialReference wgs84_lonlat();

// A transformation, or nullptr when PROJ cannot build one.
TransformationPtr make_transformation(const OGRSpatialReference& from, const OGRSpatialReference& to);

// "EPSG:32650" when the CRS has an authority code, else its name.
std::string crs_display_name(const OGRSpatialReference& crs);

} // namespace lifecircle::detail
