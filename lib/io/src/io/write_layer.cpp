#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include "gdal/gdal_handles.hpp"
#include "gpkg/point_layer.hpp"
#include "io/output_error.hpp"
#include "io/text.hpp"
#include "text/text_writers.hpp"

#include <cpl_conv.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace lifecircle {
namespace {

// One geometry type for the layer's shapes: multi-polygons, multi-lines or
// multi-points, so QGIS and GeoPackage see a single type. An empty WKB is a
// feature without geometry.
OGRwkbGeometryType shape_type(const std::vector<std::vector<unsigned char>>& shapes) {
    OGRwkbGeometryType family = wkbNone;
    for (const std::vector<unsigned char>& wkb : shapes) {
        if (wkb.size() < 5) {
            continue;
        }
        std::uint32_t type = 0;
        std::memcpy(&type, wkb.data() + 1, sizeof type); // little-endian, as we write it
        const OGRwkbGeometryType flat = wkbFlatten(static_cast<OGRwkbGeometryType>(type % 1000U));
        const OGRwkbGeometryType multi = OGR_GT_GetCollection(flat);
        const OGRwkbGeometryType as_multi = multi == wkbUnknown ? flat : multi;
        if (family == wkbNone) {
            family = as_multi;
        } else if (family != as_multi) {
            throw std::logic_error("write_layer: a layer mixes geometry types");
        }
    }
    return family == wkbNone ? wkbMultiPolygon : family;
}

const char* driver_name(VectorFormat format) {
    switch (format) {
    case VectorFormat::geojson:
        return "GeoJSON";
    case VectorFormat::gpkg:
        return "GPKG";
    case VectorFormat::flatgeobuf:
        return "FlatGeobuf";
    case VectorFormat::csv:
        return "CSV";
    }
    return "GeoJSON";
}

OGRFieldType ogr_type(FieldType type) {
    switch (type) {
    case FieldType::integer:
        return OFTInteger64;
    case FieldType::real:
        return OFTReal;
    case FieldType::string:
        return OFTString;
    }
    return OFTString;
}

// Sets row `row` of `column` on field `index`, leaving nulls null.
void set_field(OGRFeature& feature, int index, const AttributeColumn& column, std::size_t row) {
    column.visit(row, Overloaded{[&](std::int64_t value) { feature.SetField(index, static_cast<GIntBig>(value)); },
                                 [&](double value) { feature.SetField(index, value); },
                                 [&](const std::string& value) { feature.SetField(index, value.c_str()); },
                                 [&](std::monostate) { feature.SetFieldNull(index); }});
}

// A GDAL configuration option set on this thread for as long as it lives.
class ScopedConfigOption {
public:
    ScopedConfigOption(const char* key, const char* value) : key_(key) { CPLSetThreadLocalConfigOption(key_, value); }
    ~ScopedConfigOption() { CPLSetThreadLocalConfigOption(key_, nullptr); }
    ScopedConfigOption(const ScopedConfigOption&) = delete;
    ScopedConfigOption& operator=(const ScopedConfigOption&) = delete;
    ScopedConfigOption(ScopedConfigOption&&) = delete;
    ScopedConfigOption& operator=(ScopedConfigOption&&) = delete;

private:
    const char* key_;
};

// A new file with one empty layer of `layer`'s fields and geometry type.
struct LayerFile {
    detail::DatasetPtr dataset;
    OGRLayer* layer = nullptr;
    OGRwkbGeometryType geometry_type = wkbNone;
};

LayerFile create_layer(const OutputLayer& layer, VectorFormat format, const std::filesystem::path& file,
                       const ErrorContext& where, bool spatial_index) {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name(format));
    if (driver == nullptr) {
        throw detail::output_error(where, std::string("GDAL has no ") + driver_name(format) + " driver");
    }
    LayerFile created;
    CPLErrorReset();
    created.dataset.reset(driver->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!created.dataset) {
        throw detail::output_error(where, detail::last_gdal_error("cannot create the file"));
    }
    if (!layer.points.empty()) {
        created.geometry_type = wkbPoint;
    } else if (!layer.wkb_wgs84.empty()) {
        created.geometry_type = shape_type(layer.wkb_wgs84);
    }
    OGRSpatialReference wgs84 = detail::wgs84_lonlat();
    const char* const unindexed_options[] = {"SPATIAL_INDEX=NO", nullptr};
    const char* const* options = spatial_index ? nullptr : unindexed_options;
    created.layer =
        created.dataset->CreateLayer(layer.name.c_str(), created.geometry_type == wkbNone ? nullptr : &wgs84,
                                     created.geometry_type, const_cast<char**>(options));
    if (created.layer == nullptr) {
        throw detail::output_error(where, detail::last_gdal_error("cannot create the layer"));
    }
    for (const FieldDefinition& definition : layer.attributes.fields()) {
        OGRFieldDefn field(definition.name.c_str(), ogr_type(definition.type));
        if (created.layer->CreateField(&field) != OGRERR_NONE) {
            throw detail::output_error(where, "cannot create field '" + definition.name +
                                                  "': " + detail::last_gdal_error("unknown error"));
        }
    }
    return created;
}

// Every row of `layer` as an OGRFeature, in one transaction where the format
// has them (GeoPackage): otherwise SQLite commits, and journals, every feature.
void write_features(const OutputLayer& layer, LayerFile& created, const ErrorContext& where,
                    const ProgressCallback& progress) {
    const bool transaction = created.dataset->TestCapability(ODsCTransactions) != 0;
    if (transaction && created.dataset->StartTransaction() != OGRERR_NONE) {
        throw detail::output_error(where, detail::last_gdal_error("cannot start a transaction"));
    }
    const std::size_t rows = layer.attributes.row_count();
    const std::size_t field_count = layer.attributes.fields().size();
    for (std::size_t row = 0; row < rows; ++row) {
        report_progress_of(progress, row, rows, {});
        OGRFeature feature(created.layer->GetLayerDefn());
        for (std::size_t field = 0; field < field_count; ++field) {
            set_field(feature, static_cast<int>(field), layer.attributes.column(field), row);
        }
        if (created.geometry_type == wkbPoint) {
            feature.SetGeometryDirectly(new OGRPoint(layer.points[row].lon, layer.points[row].lat));
        } else if (created.geometry_type != wkbNone && !layer.wkb_wgs84[row].empty()) {
            OGRGeometry* geometry = nullptr;
            const auto& wkb = layer.wkb_wgs84[row];
            if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &geometry, wkb.size()) != OGRERR_NONE) {
                throw std::logic_error("write_layer: unparsable WKB");
            }
            feature.SetGeometryDirectly(OGRGeometryFactory::forceTo(geometry, created.geometry_type));
        }
        if (created.layer->CreateFeature(&feature) != OGRERR_NONE) {
            throw detail::output_error(where, "cannot write feature " + std::to_string(row) + ": " +
                                                  detail::last_gdal_error("unknown error"));
        }
    }
    if (transaction && created.dataset->CommitTransaction() != OGRERR_NONE) {
        throw detail::output_error(where, detail::last_gdal_error("cannot commit the layer"));
    }
}

void close(detail::DatasetPtr& dataset, const ErrorContext& where) {
    CPLErrorReset();
    dataset.reset();
    if (CPLGetLastErrorType() >= CE_Failure) {
        throw detail::output_error(where, detail::last_gdal_error("closing the file failed"));
    }
}

} // namespace

VectorFormat parse_vector_format(const std::string& name) {
    const std::string key = detail::ascii_lower_case(name);
    if (key == "geojson") {
        return VectorFormat::geojson;
    }
    if (key == "gpkg" || key == "geopackage") {
        return VectorFormat::gpkg;
    }
    if (key == "flatgeobuf" || key == "fgb") {
        return VectorFormat::flatgeobuf;
    }
    if (key == "csv") {
        return VectorFormat::csv;
    }
    throw Error(ExitCode::usage, {}, "unknown output format '" + name + "'; use GeoJSON, GPKG, FlatGeobuf or CSV");
}

std::string file_extension(VectorFormat format) {
    switch (format) {
    case VectorFormat::geojson:
        return ".geojson";
    case VectorFormat::gpkg:
        return ".gpkg";
    case VectorFormat::flatgeobuf:
        return ".fgb";
    case VectorFormat::csv:
        return ".csv";
    }
    return ".geojson";
}

void write_layer(const OutputLayer& layer, VectorFormat format, const std::filesystem::path& file,
                 const ProgressCallback& progress) {
    detail::ensure_gdal_registered();
    const ErrorContext where = ErrorContext::in_file(file.string()).with_layer(layer.name);
    if (format == VectorFormat::csv) {
        detail::write_csv(layer, file, where, progress);
        return;
    }
    if (format == VectorFormat::geojson) {
        detail::write_geojson(layer, shape_type(layer.wkb_wgs84), file, where, progress);
        return;
    }
    // GeoPackage stores a last-change timestamp; pin it so identical runs give identical files.
    const ScopedConfigOption pinned_timestamp("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
    // For the GeoPackage layers GDAL still indexes itself (polygons, lines):
    // with SQLite's default 2 MB page cache, its R*Tree of 500k points went to
    // disk for its pages (11.0 s of writing, 6.4 s with 128 MB). Pages are only
    // cached as they are used, so a small layer stays small.
    const ScopedConfigOption sqlite_cache_mb("OGR_SQLITE_CACHE", "128");
    // A GeoPackage point layer is made empty by GDAL, and its rows and
    // spatial index go in through SQLite in bulk (gpkg/point_layer.hpp).
    const bool bulk_points = format == VectorFormat::gpkg && !layer.points.empty();
    LayerFile created = create_layer(layer, format, file, where, !bulk_points);
    if (bulk_points) {
        const detail::GeoPackageTable table{created.layer->GetName(), created.layer->GetGeometryColumn(),
                                            created.layer->GetFIDColumn()};
        close(created.dataset, where);
        detail::fill_point_layer(file, table, layer, where, progress);
        return;
    }
    write_features(layer, created, where, progress);
    close(created.dataset, where);
}

void write_text_file(const std::filesystem::path& file, const std::string& text) {
    std::ofstream stream(file, std::ios::binary | std::ios::trunc);
    stream << text;
    stream.close();
    if (!stream) {
        throw detail::output_error(ErrorContext::in_file(file.string()), "cannot write the file");
    }
}

std::optional<std::string> read_text_file(const std::filesystem::path& file) {
    std::ifstream stream(file, std::ios::binary);
    if (!stream) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << stream.rdbuf();
    return text.str();
}

} // namespace lifecircle
