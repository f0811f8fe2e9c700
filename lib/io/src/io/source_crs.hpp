#pragma once
// Resolving the CRS a source's coordinates are in, and building the
// transformation that takes them to WGS 84 lon/lat (offsets removed).

#include "lifecircle/error.hpp"
#include "lifecircle/geo.hpp"

#include "gdal/gdal_handles.hpp"

#include <string>

namespace lifecircle::detail {

struct LonLatConversion {
    TransformationPtr transformation; // never null: identity when already WGS 84 lon/lat
    std::string description;          // "EPSG:4490", "GCJ-02 (declared)", ...
};

// `declared` is the source's own CRS (may be null). `override_crs` is what the
// user named (may be empty). A CRS-less source is an error unless the user
// names one or `lonlat_csv` says the columns are plain lon/lat.
LonLatConversion resolve_source_crs(const OGRSpatialReference* declared, const std::string& override_crs,
                                    bool lonlat_csv, const ErrorContext& where);

// "GCJ-02" / "gcj02" / "BD-09" / "bd09" → the offset; anything else → none.
CoordinateOffset parse_offset_name(const std::string& name);

} // namespace lifecircle::detail
