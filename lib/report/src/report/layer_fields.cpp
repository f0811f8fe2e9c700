#include "report/layer_fields.hpp"

#include <algorithm>

namespace lifecircle::report {

const OutputLayer* find_layer(std::span<const OutputLayer> layers, const std::string& name) {
    const auto found =
        std::find_if(layers.begin(), layers.end(), [&](const OutputLayer& layer) { return layer.name == name; });
    return found == layers.end() ? nullptr : &*found;
}

std::vector<std::optional<double>> numbers_of(const OutputLayer& layer, const std::string& field) {
    std::vector<std::optional<double>> values;
    const std::optional<std::size_t> index = layer.attributes.field_index(field);
    if (!index) {
        return values;
    }
    values.reserve(layer.attributes.row_count());
    for (std::size_t row = 0; row < layer.attributes.row_count(); ++row) {
        const FieldValue& value = layer.attributes.value(row, *index);
        if (const auto* integer = std::get_if<std::int64_t>(&value)) {
            values.emplace_back(static_cast<double>(*integer));
        } else if (const auto* real = std::get_if<double>(&value)) {
            values.emplace_back(*real);
        } else {
            values.emplace_back();
        }
    }
    return values;
}

std::string feature_name(const OutputLayer& layer, std::size_t row) {
    for (const std::string& field : {layer.label_field, std::string("name"), std::string("名称")}) {
        const std::string text = field.empty() ? std::string() : text_of(layer, field.c_str(), row);
        if (!text.empty()) {
            return text;
        }
    }
    return {};
}

std::string feature_label(const Words& words, const OutputLayer& layer, std::size_t row) {
    if (std::string name = feature_name(layer, row); !name.empty()) {
        return name;
    }
    const std::string fid = text_of(layer, "source_fid", row);
    return fid.empty() ? words(Msg::feature_n, {std::to_string(row + 1)}) : "fid " + fid;
}

std::string route_destination(const OutputLayer& routes, std::size_t row) {
    if (std::string name = text_of(routes, "facility_name", row); !name.empty()) {
        return name;
    }
    const std::string fid = text_of(routes, "facility_fid", row);
    return fid.empty() ? fid : "fid " + fid;
}

std::string text_of(const OutputLayer& layer, const char* field, std::size_t row) {
    const std::optional<std::size_t> index = layer.attributes.field_index(field);
    return index ? value_text(layer.attributes.value(row, *index)) : std::string();
}

} // namespace lifecircle::report
