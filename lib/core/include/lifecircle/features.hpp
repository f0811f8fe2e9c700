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

// One lambda per case, as a single visitor: Overloaded{[](std::int64_t) {...},
// [](double) {...}, [](const std::string&) {...}, [](std::monostate) {...}}.
template <class... Cases>
struct Overloaded : Cases... {
    using Cases::operator()...;
};
template <class... Cases>
Overloaded(Cases...) -> Overloaded<Cases...>; // Clang before 17 deduces no aggregate's arguments

// One field's values, one per row, in typed storage with a null flag per row:
// a writer reads a column in one pass and no value is boxed in a variant.
class LIFECIRCLE_CORE_EXPORT AttributeColumn {
public:
    explicit AttributeColumn(FieldType type = FieldType::string) : type_(type) {}
    static AttributeColumn of_integers(std::vector<std::int64_t> values);
    static AttributeColumn of_reals(std::vector<double> values); // non-finite values are null
    static AttributeColumn of_texts(std::vector<std::string> values);

    [[nodiscard]] FieldType type() const noexcept { return type_; }
    [[nodiscard]] std::size_t size() const noexcept { return null_.size(); }
    [[nodiscard]] bool is_null(std::size_t row) const { return null_[row] != 0; }
    // The value of a row that is not null, of the column's type.
    [[nodiscard]] std::int64_t integer(std::size_t row) const { return integers_[row]; }
    [[nodiscard]] double real(std::size_t row) const { return reals_[row]; }
    [[nodiscard]] const std::string& text(std::size_t row) const { return texts_[row]; }
    [[nodiscard]] FieldValue value(std::size_t row) const;
    // Calls visitor(std::monostate{}) for a null, else visitor(value) with the
    // row's std::int64_t, double or const std::string&, without boxing it. A
    // visitor is usually an Overloaded set of one lambda per case.
    template <class Visitor>
    decltype(auto) visit(std::size_t row, Visitor&& visitor) const {
        if (is_null(row)) {
            return visitor(std::monostate{});
        }
        switch (type_) {
        case FieldType::integer:
            return visitor(integers_[row]);
        case FieldType::real:
            return visitor(reals_[row]);
        case FieldType::string:
            break;
        }
        return visitor(texts_[row]);
    }

    void reserve(std::size_t rows);
    void push_integer(std::int64_t value);
    void push_real(double value); // a non-finite value is null
    void push_text(std::string value);
    void push_null();
    // Widened to the column's type (integers to reals, numbers to text); a
    // value the type cannot hold is a logic error.
    void push_back(const FieldValue& value);
    // The rows of a column of the same type after this one's (a reader that
    // fills columns in parallel pieces joins them so).
    void append(const AttributeColumn& rows);
    // The rows listed, in the order listed.
    [[nodiscard]] AttributeColumn gathered(const std::vector<std::uint32_t>& rows) const;

private:
    FieldType type_;
    std::vector<std::int64_t> integers_; // integer columns only
    std::vector<double> reals_;          // real columns only
    std::vector<std::string> texts_;     // string columns only
    std::vector<std::uint8_t> null_;     // one per row, 1 for null
};

// The fields of a layer, kept so results join back to their source features.
// Stored by column; rows can be added one at a time where a reader meets them so.
class LIFECIRCLE_CORE_EXPORT AttributeTable {
public:
    AttributeTable() = default;
    explicit AttributeTable(std::vector<FieldDefinition> fields);
    // Whole columns, one per field and each of `rows` rows and the field's type.
    AttributeTable(std::vector<FieldDefinition> fields, std::vector<AttributeColumn> columns, std::size_t rows);

    [[nodiscard]] const std::vector<FieldDefinition>& fields() const noexcept { return fields_; }
    [[nodiscard]] std::size_t row_count() const noexcept { return rows_; }
    [[nodiscard]] const AttributeColumn& column(std::size_t field) const { return columns_[field]; }
    [[nodiscard]] FieldValue value(std::size_t row, std::size_t field) const { return columns_[field].value(row); }
    [[nodiscard]] std::optional<std::size_t> field_index(const std::string& name) const;

    std::size_t add_field(FieldDefinition field); // only before the first row
    // A whole column: as many rows as the table has, or the first column of a table without rows.
    std::size_t add_column(std::string name, AttributeColumn column);
    void add_row(std::vector<FieldValue> row);
    void reserve(std::size_t rows);
    // The rows for which keep[row] is true, in order.
    [[nodiscard]] AttributeTable kept(const std::vector<bool>& keep) const;
    // The rows listed, in the order listed.
    [[nodiscard]] AttributeTable gathered(const std::vector<std::uint32_t>& rows) const;

private:
    std::vector<FieldDefinition> fields_;
    std::vector<AttributeColumn> columns_; // one per field
    std::size_t rows_ = 0;
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
