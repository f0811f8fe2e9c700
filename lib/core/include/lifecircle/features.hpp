#pragma once
// Features as read: what reading a source did, attribute tables and point and
// unit layers in WGS 84. Plain values (lifecircle::core): io fills them, the
// engines and writers read them, and a library user can build them by hand.

#include "lifecircle/core_export.hpp"
#include "lifecircle/geo.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lifecircle {

// What reading a source did: how many features it read and used, what it
// skipped and why. Nothing is dropped without being counted here.
struct InputReport {
    std::string source; // "file" or "file:layer"
    std::string crs;    // the CRS the data was read in, as a user would name it
    std::uint64_t features_read = 0;
    std::uint64_t features_used = 0;
    std::map<std::string, std::uint64_t> skipped; // reason -> count
    std::vector<std::string> warnings;
};

// ---- Attributes ------------------------------------------------------------

enum class FieldType { integer, real, string };

struct FieldDefinition {
    std::string name;
    FieldType type = FieldType::string;
};

using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;

// The fields of a layer, kept so results join back to their source features.
class LIFECIRCLE_CORE_EXPORT AttributeTable {
public:
    AttributeTable() = default;
    explicit AttributeTable(std::vector<FieldDefinition> fields) : fields_(std::move(fields)) {}

    [[nodiscard]] const std::vector<FieldDefinition>& fields() const noexcept { return fields_; }
    [[nodiscard]] std::size_t row_count() const noexcept {
        return fields_.empty() ? rows_ : values_.size() / fields_.size();
    }
    [[nodiscard]] const FieldValue& value(std::size_t row, std::size_t field) const {
        return values_[row * fields_.size() + field];
    }
    [[nodiscard]] std::optional<std::size_t> field_index(const std::string& name) const;

    std::size_t add_field(FieldDefinition field); // only before the first row
    void add_row(std::vector<FieldValue> row);

private:
    std::vector<FieldDefinition> fields_;
    std::vector<FieldValue> values_;
    std::size_t rows_ = 0; // counts rows when there are no fields
};

// The type that holds values of both: integers widen to reals, numbers to text.
LIFECIRCLE_CORE_EXPORT FieldType wider_type(FieldType a, FieldType b) noexcept;
// The value as a field of `type` holds it (nulls stay null).
LIFECIRCLE_CORE_EXPORT FieldValue widen_value(const FieldValue& value, FieldType type);
// The value as text, as a user would write it in a filter ("" for null).
LIFECIRCLE_CORE_EXPORT std::string value_text(const FieldValue& value);

// ---- Layers ----------------------------------------------------------------

// Point features: facilities, candidates, population points. Polygons are read
// at a point guaranteed inside them (OGR PointOnSurface).
struct PointLayer {
    InputReport report;
    std::vector<std::int64_t> feature_ids;
    std::vector<LonLat> positions;
    AttributeTable attributes;
};

// Appends the features of `added` to `base`. Fields are matched by name; a
// field only one layer has is null in the other's rows; types widen to hold both.
LIFECIRCLE_CORE_EXPORT void append_features(PointLayer& base, const PointLayer& added);

// Keeps the features for which keep[i] is true, in order.
LIFECIRCLE_CORE_EXPORT void keep_features(PointLayer& layer, const std::vector<bool>& keep);

// Administrative or statistical units (communities, sub-districts, ...).
struct UnitLayer {
    InputReport report;
    std::vector<std::int64_t> feature_ids;
    std::vector<std::string> codes;
    std::vector<std::string> names;
    std::vector<std::string> parent_codes;
    std::vector<std::vector<unsigned char>> wkb_wgs84; // (multi)polygons in WGS 84, for output
    AttributeTable attributes;
};

} // namespace lifecircle
