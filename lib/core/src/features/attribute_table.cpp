#include "lifecircle/features.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace lifecircle {

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
    fields_.push_back(std::move(field));
    return fields_.size() - 1;
}

void AttributeTable::add_row(std::vector<FieldValue> row) {
    if (row.size() != fields_.size()) {
        throw std::logic_error("AttributeTable::add_row with the wrong number of values");
    }
    if (fields_.empty()) {
        ++rows_;
        return;
    }
    values_.insert(values_.end(), std::make_move_iterator(row.begin()), std::make_move_iterator(row.end()));
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
    AttributeTable kept(layer.attributes.fields());
    std::vector<LonLat> positions;
    std::vector<std::int64_t> feature_ids;
    for (std::size_t row = 0; row < layer.positions.size(); ++row) {
        if (!keep[row]) {
            continue;
        }
        std::vector<FieldValue> values;
        for (std::size_t field = 0; field < kept.fields().size(); ++field) {
            values.push_back(layer.attributes.value(row, field));
        }
        kept.add_row(std::move(values));
        positions.push_back(layer.positions[row]);
        feature_ids.push_back(layer.feature_ids[row]);
    }
    layer.attributes = std::move(kept);
    layer.positions = std::move(positions);
    layer.feature_ids = std::move(feature_ids);
}

} // namespace lifecircle
