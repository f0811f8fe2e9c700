#pragma once
// Opening one layer of a vector source and walking its features, shared by the
// point and unit readers.

#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"
#include "lifecircle/io_export.hpp"

#include "gdal/gdal_handles.hpp"
#include "io/source_crs.hpp"
#include "text/text_decoder.hpp"

#include <functional>
#include <memory>
#include <string>

namespace lifecircle::detail {

// How a source is opened: as features with geometry (the readers of points,
// units and roads), or as a table whose geometry is optional and whose text
// comes as stored (the name checks decode it themselves).
enum class SourceKind { features, table };

// The CRS description of a table whose geometry has no CRS (and is not used).
inline constexpr const char* table_without_crs = "none declared: geometry not used";

// How a point CSV lays out its rows where they can be read without GDAL's
// per-feature path (read_plain_csv_points): GDAL's own fields in order; the
// position columns are not among them, as GDAL hides them.
struct PlainCsvLayout {
    std::vector<FieldDefinition> fields; // as empty_table() gives them
    std::vector<bool> narrow_integer;    // per field: a 32-bit integer to GDAL
};

// Which coordinate a column's name says it holds, as GDAL's CSV driver
// matches the names (any ASCII case): lon, lng, longitude, x, 经度 or lat, latitude, y, 纬度.
enum class Axis { none, longitude, latitude };
Axis axis_named(const std::string& field);

// Exported from a shared io for lifecircle::checks, the one library that reads
// through io's internals (lifecircle_io_internals); not part of the API.
class LIFECIRCLE_IO_EXPORT VectorSource {
public:
    explicit VectorSource(const SourceSpec& spec, SourceKind kind = SourceKind::features);

    // Whether the layer has geometry (always, for SourceKind::features).
    [[nodiscard]] bool has_geometry() const noexcept { return conversion_.transformation != nullptr; }
    // The encoding a Shapefile declares (its .cpg, else its code-page byte); empty otherwise.
    [[nodiscard]] const std::string& declared_encoding() const noexcept { return declared_encoding_; }
    // The encoding text is read in: the spec's, else the declared one, else UTF-8.
    [[nodiscard]] const std::string& text_encoding() const noexcept { return decoder_->encoding(); }

    [[nodiscard]] const std::string& layer_name() const noexcept { return layer_name_; }
    [[nodiscard]] OGRCoordinateTransformation& to_wgs84() const noexcept { return *conversion_.transformation; }
    [[nodiscard]] const std::string& crs_description() const noexcept { return conversion_.description; }

    [[nodiscard]] ErrorContext context() const {
        return ErrorContext::in_file(spec_.path.string()).with_layer(layer_name_);
    }
    [[nodiscard]] ErrorContext context(GIntBig feature_id, const std::string& field = {}) const {
        return {spec_.path.string(), layer_name_, std::to_string(feature_id), field, {}};
    }

    // The attribute schema and one feature's values, text as UTF-8: text that
    // is not of text_encoding() is an Error naming the feature and field.
    [[nodiscard]] AttributeTable empty_table() const;
    [[nodiscard]] std::vector<FieldValue> values(const OGRFeature& feature) const;
    [[nodiscard]] std::string text(const OGRFeature& feature, int field) const;

    // The layout of a CSV with lon/lat columns, read as it stands: nothing
    // where GDAL reads it some other way (a filter, text not in UTF-8,
    // positions in a 'location' column, a .csvt beside it, a field GDAL types
    // as a date, which it reformats).
    [[nodiscard]] std::optional<PlainCsvLayout> plain_csv_layout() const;
    [[nodiscard]] const SourceSpec& spec() const noexcept { return spec_; }

    // Either throws (naming the feature) or, with skip_invalid, counts the
    // feature as skipped for `reason`.
    void reject(InputReport& report, GIntBig feature_id, const std::string& reason, const std::string& message) const;

    // Calls visit(feature, geometry) for every feature whose geometry is
    // present, non-empty and finite, rejecting the others; counts features_read
    // and throws if the layer has no features at all. `progress` gets the share
    // read where the driver counts features cheaply, and 0 and 1 otherwise.
    void for_each_feature(InputReport& report, const std::function<void(const OGRFeature&, const OGRGeometry&)>& visit,
                          const ProgressCallback& progress = {}) const;

    // Calls visit(feature) for every feature, whatever its geometry (the
    // boundary checks report what the readers reject); counts features_read.
    void for_each_feature_as_read(InputReport& report, const std::function<void(const OGRFeature&)>& visit,
                                  const ProgressCallback& progress = {}) const;

    // Transforms `geometry` (in the source CRS) to WGS 84 lon/lat in place and
    // checks that it lies within ±180/±90; otherwise rejects the feature and returns false.
    [[nodiscard]] bool transform_to_wgs84(InputReport& report, GIntBig feature_id, OGRGeometry& geometry) const;

    // A layer without features is then read as such instead of failing.
    void allow_empty_layer() noexcept { empty_allowed_ = true; }

    // An InputReport with the source and CRS filled in.
    [[nodiscard]] InputReport new_report() const;

private:
    SourceSpec spec_;
    DatasetPtr dataset_;
    OGRLayer* layer_ = nullptr;
    std::string layer_name_;
    LonLatConversion conversion_;
    std::string declared_encoding_;
    std::unique_ptr<TextDecoder> decoder_; // iconv keeps state: one per source, used by one thread
    bool empty_allowed_ = false;
    [[nodiscard]] bool csv_with_position_columns() const;
    // What a CSV row that GDAL could not place holds in its lon/lat columns.
    [[nodiscard]] std::string position_text(GIntBig feature_id) const;

    int location_field_ = -1; // a CSV's "lon,lat" column, when it has no separate ones
};

// A code or name as text: an integral number prints without decimals, text is trimmed.
LIFECIRCLE_IO_EXPORT std::string as_code(const FieldValue& value);

// The index of `field` (empty: none); an error naming the layer when it is missing.
LIFECIRCLE_IO_EXPORT std::optional<std::size_t> required_field(const AttributeTable& table, const std::string& field,
                                                               const std::string& role, const ErrorContext& where);

// Whether every coordinate of a geometry is finite (NaN or infinity break PROJ and the engines).
LIFECIRCLE_IO_EXPORT bool has_only_finite_coordinates(const OGRGeometry& geometry);

// Whether a position is a WGS 84 lon/lat: lon in [-180, 180], lat in [-90, 90] (NaN is not).
inline bool is_lonlat(double lon, double lat) {
    return lon >= -180.0 && lon <= 180.0 && lat >= -90.0 && lat <= 90.0;
}

// Whether a WGS 84 geometry stays inside lon [-180, 180], lat [-90, 90].
LIFECIRCLE_IO_EXPORT bool is_inside_lonlat_range(const OGRGeometry& geometry);

} // namespace lifecircle::detail
