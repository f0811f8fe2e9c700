#include "io/vector_source.hpp"

#include "io/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <filesystem>
#include <optional>
#include <utility>

namespace lifecircle::detail {
namespace {

std::string lower_extension(const std::filesystem::path& path) {
    return ascii_lower_case(path.extension().string());
}

// The column names GDAL's CSV driver takes a point's position from.
constexpr std::array<std::string_view, 5> longitude_names{"lon", "lng", "longitude", "x", "经度"};
constexpr std::array<std::string_view, 4> latitude_names{"lat", "latitude", "y", "纬度"};

// A coordinate in a message: 114.5131 or 1e+308, never 309 digits.
std::string coordinate_text(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", value);
    return text;
}

// A CSV with two longitude (or latitude) columns is ambiguous, and GDAL 3.6
// crashes reading its rows when asked to take positions from them (found by
// fuzz_vector). Its header is read plainly first, without X_POSSIBLE_NAMES.
void refuse_repeated_position_columns(const std::filesystem::path& csv, const ErrorContext& where) {
    const DatasetPtr plain(
        GDALDataset::Open(csv.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!plain || plain->GetLayerCount() < 1) {
        return; // the real open reports why
    }
    OGRFeatureDefn* definition = plain->GetLayer(0)->GetLayerDefn();
    bool longitude_seen = false;
    bool latitude_seen = false;
    for (int i = 0; i < definition->GetFieldCount(); ++i) {
        const Axis axis = axis_named(definition->GetFieldDefn(i)->GetNameRef());
        bool& seen = axis == Axis::longitude ? longitude_seen : latitude_seen;
        if (axis != Axis::none && std::exchange(seen, true)) {
            ErrorContext at = where;
            at.field = definition->GetFieldDefn(i)->GetNameRef();
            throw Error(ExitCode::input_invalid, at,
                        "a second longitude or latitude column: which one holds the position? Rename or remove one");
        }
    }
}

// Two fields of one name (GDAL matches names regardless of case) make every
// later lookup ambiguous. Refused when the source is opened, not when written.
void refuse_repeated_fields(OGRLayer& layer, const ErrorContext& where) {
    OGRFeatureDefn* definition = layer.GetLayerDefn();
    std::vector<std::string> seen;
    for (int i = 0; i < definition->GetFieldCount(); ++i) {
        const std::string name = definition->GetFieldDefn(i)->GetNameRef();
        if (std::find(seen.begin(), seen.end(), ascii_lower_case(name)) != seen.end()) {
            ErrorContext at = where;
            at.field = name;
            throw Error(ExitCode::input_invalid, at, "two fields have this name; rename one");
        }
        seen.push_back(ascii_lower_case(name));
    }
}

// The encoding a Shapefile declares: its .cpg, else the code-page byte of its
// .dbf, as GDAL reads them; empty when it declares none.
std::string declared_shapefile_encoding(OGRLayer& layer) {
    for (const char* item : {"ENCODING_FROM_CPG", "ENCODING_FROM_LDID"}) {
        const char* encoding = layer.GetMetadataItem(item, "SHAPEFILE");
        if (encoding != nullptr && *encoding != '\0') {
            return encoding;
        }
    }
    return {};
}

constexpr const char* encoding_advice =
    "; name the file's encoding: \"encoding\": \"GBK\" on this source in the scenario, or the command's "
    "--<input>-encoding GBK (e.g. --facilities-encoding)";

std::string layer_names(GDALDataset& dataset) {
    std::string names;
    for (OGRLayer* layer : dataset.GetLayers()) {
        names += names.empty() ? "" : ", ";
        names += "'" + std::string(layer->GetName()) + "'";
    }
    return names;
}

// "114.3055,30.5928" (an Amap location: lon first) as a position; nothing
// unless it is exactly two numbers split by a comma.
std::optional<LonLat> parse_location(const char* text) {
    char* end = nullptr;
    const double lon = std::strtod(text, &end);
    if (end == text) {
        return std::nullopt;
    }
    const char* rest = end;
    while (*rest == ' ') {
        ++rest;
    }
    if (*rest != ',') {
        return std::nullopt;
    }
    ++rest;
    const double lat = std::strtod(rest, &end);
    if (end == rest) {
        return std::nullopt;
    }
    while (*end == ' ') {
        ++end;
    }
    if (*end != '\0') {
        return std::nullopt;
    }
    return LonLat{lon, lat};
}

FieldType field_type(OGRFieldType type) {
    switch (type) {
    case OFTInteger:
    case OFTInteger64:
        return FieldType::integer;
    case OFTReal:
        return FieldType::real;
    default:
        return FieldType::string;
    }
}

void check_finite_and_range(const OGRGeometry& geometry, bool& finite, bool& in_range);

} // namespace

Axis axis_named(const std::string& field) {
    const std::string name = ascii_lower_case(field);
    if (std::find(longitude_names.begin(), longitude_names.end(), name) != longitude_names.end()) {
        return Axis::longitude;
    }
    if (std::find(latitude_names.begin(), latitude_names.end(), name) != latitude_names.end()) {
        return Axis::latitude;
    }
    return Axis::none;
}

VectorSource::VectorSource(const SourceSpec& spec, SourceKind kind) : spec_(spec) {
    ensure_gdal_registered();
    const ErrorContext file_context = ErrorContext::in_file(spec.path.string());
    std::error_code ignored;
    if (!std::filesystem::exists(spec.path, ignored)) {
        throw Error(ExitCode::input_unreadable, file_context, "file does not exist");
    }
    const bool table = kind == SourceKind::table;
    const std::string extension = lower_extension(spec.path);
    const bool csv = extension == ".csv";
    // A CSV with lon/lat columns is a point layer; AUTODETECT_TYPE keeps numbers
    // numeric, except in a table, where codes keep their leading zeros.
    static_assert(longitude_names.size() == 5 && latitude_names.size() == 4, "the lists below name them");
    const char* const csv_options[] = {"X_POSSIBLE_NAMES=lon,lng,longitude,x,经度",
                                       "Y_POSSIBLE_NAMES=lat,latitude,y,纬度", "KEEP_GEOM_COLUMNS=NO",
                                       table ? nullptr : "AUTODETECT_TYPE=YES", nullptr};
    // A Shapefile's text comes as stored and is decoded here: without a .cpg or
    // code-page byte GDAL would pass GBK bytes on as if they were UTF-8.
    const char* const shapefile_options[] = {"ENCODING=", nullptr};
    const bool shapefile = extension == ".shp" || extension == ".dbf";
    const char* const* open_options = csv ? csv_options : (shapefile ? shapefile_options : nullptr);
    if (csv) {
        refuse_repeated_position_columns(spec.path, file_context);
    }
    CPLErrorReset();
    dataset_.reset(GDALDataset::Open(spec.path.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                     open_options, nullptr));
    if (!dataset_) {
        throw Error(ExitCode::input_unreadable, file_context,
                    "GDAL cannot open it as a vector source: " + last_gdal_error("unrecognised format"));
    }
    if (spec.layer.empty()) {
        if (dataset_->GetLayerCount() != 1) {
            throw Error(ExitCode::input_invalid, file_context,
                        "it has " + std::to_string(dataset_->GetLayerCount()) + " layers; name one of " +
                            layer_names(*dataset_) + " (write the source as path:layer)");
        }
        layer_ = dataset_->GetLayer(0);
    } else {
        layer_ = dataset_->GetLayerByName(spec.layer.c_str());
        if (layer_ == nullptr) {
            throw Error(ExitCode::input_invalid, file_context,
                        "no layer '" + spec.layer + "'; it has " + layer_names(*dataset_));
        }
    }
    layer_name_ = layer_->GetName();
    if (shapefile) {
        declared_encoding_ = declared_shapefile_encoding(*layer_);
    }
    const std::string& encoding =
        !spec.encoding.empty() ? spec.encoding : (!declared_encoding_.empty() ? declared_encoding_ : "UTF-8");
    decoder_ = std::make_unique<TextDecoder>(encoding, spec.path.string());
    if (!spec.where.empty()) {
        CPLErrorReset();
        if (layer_->SetAttributeFilter(spec.where.c_str()) != OGRERR_NONE) {
            throw Error(ExitCode::input_invalid, context(),
                        "the filter '" + spec.where + "' does not apply: " + last_gdal_error("invalid expression"));
        }
    }
    const bool lonlat_columns = csv && layer_->GetGeomType() != wkbNone;
    refuse_repeated_fields(*layer_, context());
    if (table && layer_->GetGeomType() == wkbNone) {
        conversion_.description = "none (a table)";
        return;
    }
    if (table && layer_->GetSpatialRef() == nullptr && spec.crs.empty()) {
        // A table's geometry only places its findings: without a CRS it is left aside, not guessed.
        conversion_.description = table_without_crs;
        return;
    }
    if (csv && !lonlat_columns) {
        location_field_ = layer_->GetLayerDefn()->GetFieldIndex("location");
        if (location_field_ < 0) {
            throw Error(ExitCode::input_invalid, context(),
                        "a CSV needs lon and lat columns (or lng/longitude/x/经度, lat/latitude/y/纬度), or one "
                        "'location' column holding \"lon,lat\" as Amap exports it");
        }
    }
    conversion_ = resolve_source_crs(layer_->GetSpatialRef(), spec.crs, csv, context());
}

AttributeTable VectorSource::empty_table() const {
    std::vector<FieldDefinition> fields;
    OGRFeatureDefn* definition = layer_->GetLayerDefn();
    for (int i = 0; i < definition->GetFieldCount(); ++i) {
        const OGRFieldDefn* field = definition->GetFieldDefn(i);
        std::string name = field->GetNameRef();
        if (!is_ascii(name)) {
            TextDecoder::Result decoded = decoder_->decode(name);
            if (decoded.error) {
                throw Error(ExitCode::input_invalid, context(),
                            "the name of field " + std::to_string(i + 1) + ": " + *decoded.error + encoding_advice);
            }
            name = std::move(decoded.text);
        }
        fields.push_back({std::move(name), field_type(field->GetType())});
    }
    return AttributeTable(std::move(fields));
}

std::string VectorSource::text(const OGRFeature& feature, int field) const {
    const char* stored = feature.GetFieldAsString(field);
    if (is_ascii(stored)) { // the same bytes in UTF-8, GBK and every code page a .cpg names
        return stored;
    }
    TextDecoder::Result decoded = decoder_->decode(stored);
    if (decoded.error) {
        throw Error(ExitCode::input_invalid,
                    context(feature.GetFID(), empty_table().fields()[static_cast<std::size_t>(field)].name),
                    *decoded.error + encoding_advice);
    }
    return std::move(decoded.text);
}

std::vector<FieldValue> VectorSource::values(const OGRFeature& feature) const {
    std::vector<FieldValue> row;
    const int count = feature.GetFieldCount();
    row.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        if (!feature.IsFieldSetAndNotNull(i)) {
            row.emplace_back(std::monostate{});
            continue;
        }
        switch (field_type(feature.GetFieldDefnRef(i)->GetType())) {
        case FieldType::integer:
            row.emplace_back(static_cast<std::int64_t>(feature.GetFieldAsInteger64(i)));
            break;
        case FieldType::real:
            row.emplace_back(feature.GetFieldAsDouble(i));
            break;
        case FieldType::string:
            row.emplace_back(text(feature, i));
            break;
        }
    }
    return row;
}

bool VectorSource::csv_with_position_columns() const {
    return lower_extension(spec_.path) == ".csv" && location_field_ < 0 && layer_->GetGeomType() != wkbNone;
}

std::optional<PlainCsvLayout> VectorSource::plain_csv_layout() const {
    std::error_code ignored;
    std::filesystem::path types = spec_.path;
    types.replace_extension(".csvt");
    if (!csv_with_position_columns() || !spec_.where.empty() || iconv_encoding_name(text_encoding()) != "UTF-8" ||
        std::filesystem::exists(types, ignored)) {
        return std::nullopt;
    }
    PlainCsvLayout layout;
    layout.fields = empty_table().fields();
    const OGRFeatureDefn* definition = layer_->GetLayerDefn();
    for (int i = 0; i < definition->GetFieldCount(); ++i) {
        const OGRFieldDefn* field = definition->GetFieldDefn(i);
        const OGRFieldType type = field->GetType();
        if ((type != OFTInteger && type != OFTInteger64 && type != OFTReal && type != OFTString) ||
            field->GetSubType() != OFSTNone) {
            return std::nullopt;
        }
        layout.narrow_integer.push_back(type == OFTInteger);
    }
    return layout;
}

std::string VectorSource::position_text(GIntBig feature_id) const {
    // GDAL hides the columns it took the position from: read the row again as text.
    const char* const options[] = {"AUTODETECT_TYPE=NO", nullptr};
    const DatasetPtr plain(
        GDALDataset::Open(spec_.path.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options, nullptr));
    OGRLayer* layer = plain ? plain->GetLayer(0) : nullptr;
    const OGRFeatureUniquePtr row(layer != nullptr ? layer->GetFeature(feature_id) : nullptr);
    std::string columns;
    for (int i = 0; row && i < row->GetFieldCount(); ++i) {
        const std::string name = row->GetFieldDefnRef(i)->GetNameRef();
        if (axis_named(name) != Axis::none) {
            columns += (columns.empty() ? "" : ", ") + name + " is '" + row->GetFieldAsString(i) + "'";
        }
    }
    return (columns.empty() ? std::string("its longitude and latitude") : columns) +
           "; a longitude and a latitude must both be numbers";
}

void VectorSource::reject(InputReport& report, GIntBig feature_id, const std::string& reason,
                          const std::string& message) const {
    if (!spec_.skip_invalid) {
        throw Error(ExitCode::input_invalid, context(feature_id), message);
    }
    ++report.skipped[reason];
    report.warnings.push_back("feature " + std::to_string(feature_id) + " skipped: " + message);
}

void VectorSource::for_each_feature(InputReport& report,
                                    const std::function<void(const OGRFeature&, const OGRGeometry&)>& visit,
                                    const ProgressCallback& progress) const {
    if (location_field_ >= 0 && spec_.crs.empty()) {
        report.warnings.push_back("positions come from the 'location' column as WGS 84; Amap exports are GCJ-02: "
                                  "if this one is, declare its CRS as GCJ-02");
    }
    OGRPoint located;
    for_each_feature_as_read(
        report,
        [&](const OGRFeature& feature) {
            const OGRGeometry* geometry = feature.GetGeometryRef();
            if (location_field_ >= 0) {
                const char* text =
                    feature.IsFieldSetAndNotNull(location_field_) != 0 ? feature.GetFieldAsString(location_field_) : "";
                if (const std::optional<LonLat> position = parse_location(text)) {
                    located.setX(position->lon);
                    located.setY(position->lat);
                    geometry = &located;
                } else {
                    reject(report, feature.GetFID(), "bad_location",
                           "field 'location' holds \"" + std::string(text) + "\", not \"lon,lat\"");
                    return;
                }
            }
            if (geometry == nullptr) {
                reject(report, feature.GetFID(), "no_geometry",
                       csv_with_position_columns() ? "has no position: " + position_text(feature.GetFID())
                                                   : std::string("has no geometry"));
            } else if (geometry->IsEmpty()) {
                reject(report, feature.GetFID(), "empty_geometry", "has an empty geometry");
            } else if (!has_only_finite_coordinates(*geometry)) {
                reject(report, feature.GetFID(), "non_finite_coordinates", "has a NaN or infinite coordinate");
            } else {
                visit(feature, *geometry);
            }
        },
        progress);
}

void VectorSource::for_each_feature_as_read(InputReport& report, const std::function<void(const OGRFeature&)>& visit,
                                            const ProgressCallback& progress) const {
    // Counting a CSV or GeoJSON means reading it twice: there, only start and end are reported.
    const bool counted = progress && layer_->TestCapability(OLCFastFeatureCount) != 0;
    const auto features = counted ? static_cast<std::size_t>(std::max<GIntBig>(layer_->GetFeatureCount(FALSE), 0)) : 0;
    report_progress(progress, 0.0, {});
    layer_->ResetReading();
    for (const auto& feature : *layer_) {
        ++report.features_read;
        visit(*feature);
        report_progress_of(progress, report.features_read, features, {});
    }
    report_progress(progress, 1.0, {});
    if (report.features_read == 0 && !empty_allowed_) {
        throw Error(ExitCode::input_invalid, context(),
                    spec_.where.empty() ? "the layer has no features"
                                        : "no feature of the layer passes the filter '" + spec_.where + "'");
    }
}

bool VectorSource::transform_to_wgs84(InputReport& report, GIntBig feature_id, OGRGeometry& geometry) const {
    if (geometry.transform(&to_wgs84()) != OGRERR_NONE || !has_only_finite_coordinates(geometry)) {
        reject(report, feature_id, "transform_failed",
               "cannot be transformed from " + crs_description() + " to WGS 84");
        return false;
    }
    if (!is_inside_lonlat_range(geometry)) {
        OGREnvelope envelope;
        geometry.getEnvelope(&envelope);
        reject(report, feature_id, "outside_lonlat_range",
               "lies at (" + coordinate_text(envelope.MinX) + ", " + coordinate_text(envelope.MinY) +
                   ") in WGS 84, outside longitude ±180 / latitude ±90: are the coordinates metres read as "
                   "degrees, or latitude and longitude swapped?");
        return false;
    }
    return true;
}

InputReport VectorSource::new_report() const {
    InputReport report;
    report.source = spec_.path.string() + (spec_.layer.empty() ? "" : ":" + spec_.layer);
    report.crs = conversion_.description;
    return report;
}

namespace {

void check_point(double x, double y, bool& finite, bool& in_range) {
    if (!std::isfinite(x) || !std::isfinite(y)) {
        finite = false;
    } else if (!is_lonlat(x, y)) {
        in_range = false;
    }
}

void check_finite_and_range(const OGRGeometry& geometry, bool& finite, bool& in_range) {
    switch (wkbFlatten(geometry.getGeometryType())) {
    case wkbPoint: {
        const auto& point = *geometry.toPoint();
        check_point(point.getX(), point.getY(), finite, in_range);
        break;
    }
    case wkbLineString:
    case wkbLinearRing:
        for (const OGRPoint& point : *geometry.toLineString()) {
            check_point(point.getX(), point.getY(), finite, in_range);
        }
        break;
    case wkbPolygon:
        for (const OGRLinearRing* ring : *geometry.toPolygon()) {
            check_finite_and_range(*ring, finite, in_range);
        }
        break;
    default:
        if (OGR_GT_IsSubClassOf(geometry.getGeometryType(), wkbGeometryCollection)) {
            for (const OGRGeometry* part : *geometry.toGeometryCollection()) {
                check_finite_and_range(*part, finite, in_range);
            }
        } else {
            OGREnvelope envelope;
            geometry.getEnvelope(&envelope);
            check_point(envelope.MinX, envelope.MinY, finite, in_range);
            check_point(envelope.MaxX, envelope.MaxY, finite, in_range);
        }
        break;
    }
}

} // namespace

bool has_only_finite_coordinates(const OGRGeometry& geometry) {
    bool finite = true;
    bool in_range = true;
    check_finite_and_range(geometry, finite, in_range);
    return finite;
}

bool is_inside_lonlat_range(const OGRGeometry& geometry) {
    bool finite = true;
    bool in_range = true;
    check_finite_and_range(geometry, finite, in_range);
    return finite && in_range;
}

// Codes are identifiers: an integer or integral real field prints without decimals.
std::string as_code(const FieldValue& value) {
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        return std::to_string(*integer);
    }
    if (const auto* real = std::get_if<double>(&value)) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, std::trunc(*real) == *real ? "%.0f" : "%.17g", *real);
        return buffer;
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        const auto first = text->find_first_not_of(" \t");
        const auto last = text->find_last_not_of(" \t");
        return first == std::string::npos ? std::string() : text->substr(first, last - first + 1);
    }
    return {};
}

std::optional<std::size_t> required_field(const AttributeTable& table, const std::string& field,
                                          const std::string& role, const ErrorContext& where) {
    if (field.empty()) {
        return std::nullopt;
    }
    const auto index = table.field_index(field);
    if (!index) {
        ErrorContext context = where;
        context.field = field;
        throw Error(ExitCode::input_invalid, context, "no such " + role + " field in the layer");
    }
    return index;
}

} // namespace lifecircle::detail
