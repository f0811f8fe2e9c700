#include "lifecircle/features.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace lifecircle {

// ---- AttributeColumn -------------------------------------------------------

AttributeColumn AttributeColumn::of_integers(std::vector<std::int64_t> values) {
    AttributeColumn column(FieldType::integer);
    column.null_.assign(values.size(), 0);
    column.integers_ = std::move(values);
    return column;
}

AttributeColumn AttributeColumn::of_reals(std::vector<double> values) {
    AttributeColumn column(FieldType::real);
    column.null_.resize(values.size());
    std::transform(values.begin(), values.end(), column.null_.begin(),
                   [](double value) { return static_cast<std::uint8_t>(std::isfinite(value) ? 0 : 1); });
    column.reals_ = std::move(values);
    return column;
}

AttributeColumn AttributeColumn::of_texts(std::vector<std::string> values) {
    AttributeColumn column(FieldType::string);
    column.null_.assign(values.size(), 0);
    column.texts_ = std::move(values);
    return column;
}

FieldValue AttributeColumn::value(std::size_t row) const {
    return visit(row, [](const auto& value) { return FieldValue{value}; });
}

void AttributeColumn::reserve(std::size_t rows) {
    null_.reserve(rows);
    switch (type_) {
    case FieldType::integer:
        integers_.reserve(rows);
        break;
    case FieldType::real:
        reals_.reserve(rows);
        break;
    case FieldType::string:
        texts_.reserve(rows);
        break;
    }
}

void AttributeColumn::push_integer(std::int64_t value) {
    if (type_ == FieldType::integer) {
        integers_.push_back(value);
        null_.push_back(0);
    } else {
        push_back(FieldValue{value});
    }
}

void AttributeColumn::push_real(double value) {
    if (type_ != FieldType::real) {
        push_back(FieldValue{value});
        return;
    }
    reals_.push_back(value);
    null_.push_back(std::isfinite(value) ? 0 : 1);
}

void AttributeColumn::push_text(std::string value) {
    if (type_ != FieldType::string) {
        throw std::logic_error("AttributeColumn: text in a numeric column");
    }
    texts_.push_back(std::move(value));
    null_.push_back(0);
}

void AttributeColumn::push_null() {
    switch (type_) {
    case FieldType::integer:
        integers_.push_back(0);
        break;
    case FieldType::real:
        reals_.push_back(0.0);
        break;
    case FieldType::string:
        texts_.emplace_back();
        break;
    }
    null_.push_back(1);
}

void AttributeColumn::push_back(const FieldValue& value) {
    const FieldValue widened = widen_value(value, type_);
    if (std::holds_alternative<std::monostate>(widened)) {
        push_null();
    } else if (const auto* integer = std::get_if<std::int64_t>(&widened); integer && type_ == FieldType::integer) {
        push_integer(*integer);
    } else if (const auto* real = std::get_if<double>(&widened); real && type_ == FieldType::real) {
        push_real(*real);
    } else if (const auto* text = std::get_if<std::string>(&widened); text && type_ == FieldType::string) {
        push_text(*text);
    } else {
        throw std::logic_error("AttributeColumn: a value its type cannot hold");
    }
}

void AttributeColumn::append(const AttributeColumn& rows) {
    if (rows.type_ != type_) {
        throw std::logic_error("AttributeColumn::append of a column of another type");
    }
    integers_.insert(integers_.end(), rows.integers_.begin(), rows.integers_.end());
    reals_.insert(reals_.end(), rows.reals_.begin(), rows.reals_.end());
    texts_.insert(texts_.end(), rows.texts_.begin(), rows.texts_.end());
    null_.insert(null_.end(), rows.null_.begin(), rows.null_.end());
}

namespace {

template <class Value>
std::vector<Value> gathered_values(const std::vector<Value>& values, const std::vector<std::uint32_t>& rows) {
    std::vector<Value> gathered;
    if (values.empty()) {
        return gathered;
    }
    gathered.reserve(rows.size());
    for (const std::uint32_t row : rows) {
        gathered.push_back(values[row]);
    }
    return gathered;
}

} // namespace

AttributeColumn AttributeColumn::gathered(const std::vector<std::uint32_t>& rows) const {
    AttributeColumn column(type_);
    column.integers_ = gathered_values(integers_, rows);
    column.reals_ = gathered_values(reals_, rows);
    column.texts_ = gathered_values(texts_, rows);
    column.null_ = gathered_values(null_, rows);
    return column;
}

// ---- AttributeTable --------------------------------------------------------

AttributeTable::AttributeTable(std::vector<FieldDefinition> fields) : fields_(std::move(fields)) {
    for (const FieldDefinition& field : fields_) {
        columns_.emplace_back(field.type);
    }
}

AttributeTable::AttributeTable(std::vector<FieldDefinition> fields, std::vector<AttributeColumn> columns,
                               std::size_t rows)
    : fields_(std::move(fields)), columns_(std::move(columns)), rows_(rows) {
    if (columns_.size() != fields_.size()) {
        throw std::logic_error("AttributeTable: " + std::to_string(columns_.size()) + " columns for " +
                               std::to_string(fields_.size()) + " fields");
    }
    for (std::size_t field = 0; field < fields_.size(); ++field) {
        if (columns_[field].size() != rows_ || columns_[field].type() != fields_[field].type) {
            throw std::logic_error("AttributeTable: column '" + fields_[field].name +
                                   "' is not of its field's type and the table's rows");
        }
    }
}

std::optional<std::size_t> AttributeTable::field_index(const std::string& name) const {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        if (fields_[i].name == name) {
            return i;
        }
    }
    return std::nullopt;
}

std::size_t AttributeTable::add_field(FieldDefinition field) {
    if (row_count() != 0) {
        throw std::logic_error("AttributeTable::add_field after rows were added");
    }
    columns_.emplace_back(field.type);
    fields_.push_back(std::move(field));
    return fields_.size() - 1;
}

std::size_t AttributeTable::add_column(std::string name, AttributeColumn column) {
    if (column.size() != rows_ && !(fields_.empty() && rows_ == 0)) {
        throw std::logic_error("AttributeTable::add_column with the wrong number of rows");
    }
    rows_ = column.size();
    fields_.push_back({std::move(name), column.type()});
    columns_.push_back(std::move(column));
    return fields_.size() - 1;
}

void AttributeTable::add_row(std::vector<FieldValue> row) {
    if (row.size() != fields_.size()) {
        throw std::logic_error("AttributeTable::add_row with the wrong number of values");
    }
    for (std::size_t field = 0; field < row.size(); ++field) {
        columns_[field].push_back(row[field]);
    }
    ++rows_;
}

void AttributeTable::reserve(std::size_t rows) {
    for (AttributeColumn& column : columns_) {
        column.reserve(rows);
    }
}

AttributeTable AttributeTable::kept(const std::vector<bool>& keep) const {
    std::vector<std::uint32_t> rows;
    for (std::size_t row = 0; row < keep.size(); ++row) {
        if (keep[row]) {
            rows.push_back(static_cast<std::uint32_t>(row));
        }
    }
    return gathered(rows);
}

AttributeTable AttributeTable::gathered(const std::vector<std::uint32_t>& rows) const {
    AttributeTable table;
    table.fields_ = fields_;
    for (const AttributeColumn& column : columns_) {
        table.columns_.push_back(column.gathered(rows));
    }
    table.rows_ = rows.size();
    return table;
}

FieldType wider_type(FieldType a, FieldType b) noexcept {
    if (a == b) {
        return a;
    }
    return a == FieldType::string || b == FieldType::string ? FieldType::string : FieldType::real;
}

std::string value_text(const FieldValue& value) {
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        return std::to_string(*integer);
    }
    if (const auto* real = std::get_if<double>(&value)) {
        std::ostringstream stream;
        stream << *real;
        return stream.str();
    }
    return {};
}

FieldValue widen_value(const FieldValue& value, FieldType type) {
    if (std::holds_alternative<std::monostate>(value)) {
        return value;
    }
    if (type == FieldType::string) {
        return value_text(value);
    }
    if (type == FieldType::real) {
        if (const auto* integer = std::get_if<std::int64_t>(&value)) {
            return static_cast<double>(*integer);
        }
    }
    return value;
}

namespace {

// The rows of `table` laid out in `fields` (matched by name, nulls where absent).
void copy_rows(const AttributeTable& table, const std::vector<FieldDefinition>& fields, AttributeTable& into) {
    std::vector<std::optional<std::size_t>> source_field;
    for (const FieldDefinition& field : fields) {
        source_field.push_back(table.field_index(field.name));
    }
    for (std::size_t row = 0; row < table.row_count(); ++row) {
        std::vector<FieldValue> values;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            values.push_back(source_field[i] ? widen_value(table.value(row, *source_field[i]), fields[i].type)
                                             : FieldValue{});
        }
        into.add_row(std::move(values));
    }
}

} // namespace

void append_features(PointLayer& base, const PointLayer& added) {
    std::vector<FieldDefinition> fields = base.attributes.fields();
    for (const FieldDefinition& field : added.attributes.fields()) {
        const auto known = std::find_if(fields.begin(), fields.end(),
                                        [&](const FieldDefinition& existing) { return existing.name == field.name; });
        if (known == fields.end()) {
            fields.push_back(field);
        } else {
            known->type = wider_type(known->type, field.type);
        }
    }
    AttributeTable merged(fields);
    copy_rows(base.attributes, fields, merged);
    copy_rows(added.attributes, fields, merged);
    base.attributes = std::move(merged);
    base.positions.insert(base.positions.end(), added.positions.begin(), added.positions.end());
    base.feature_ids.insert(base.feature_ids.end(), added.feature_ids.begin(), added.feature_ids.end());
}

void keep_features(PointLayer& layer, const std::vector<bool>& keep) {
    std::vector<LonLat> positions;
    std::vector<std::int64_t> feature_ids;
    for (std::size_t row = 0; row < layer.positions.size(); ++row) {
        if (keep[row]) {
            positions.push_back(layer.positions[row]);
            feature_ids.push_back(layer.feature_ids[row]);
        }
    }
    layer.attributes = layer.attributes.kept(keep);
    layer.positions = std::move(positions);
    layer.feature_ids = std::move(feature_ids);
}

} // namespace lifecircle
