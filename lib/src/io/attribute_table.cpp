#include "lifecircle/io.hpp"

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

} // namespace lifecircle
