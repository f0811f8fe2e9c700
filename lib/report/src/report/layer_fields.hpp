#pragma once
// Reading the written layers back for the report: a layer by name, a field's
// values as numbers or text, and a label for a feature.

#include "lifecircle/io.hpp"
#include "lifecircle/messages.hpp"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lifecircle::report {

const OutputLayer* find_layer(std::span<const OutputLayer> layers, const std::string& name);

// The field's values as numbers (null or non-numeric: nullopt); empty without the field.
std::vector<std::optional<double>> numbers_of(const OutputLayer& layer, const std::string& field);

// A field's value as text; empty without the field.
std::string text_of(const OutputLayer& layer, const char* field, std::size_t row);

// A feature's label: its layer's label field, else a "name" or "名称" field, else "fid N".
std::string feature_label(const Words& words, const OutputLayer& layer, std::size_t row);
// Where a route (a routes_<id> row) walks to: the facility's name, else its
// fid; empty when the place has no facility to walk to.
std::string route_destination(const OutputLayer& routes, std::size_t row);
// Its name only (label field, "name", "名称"); empty when it has none.
std::string feature_name(const OutputLayer& layer, std::size_t row);

} // namespace lifecircle::report
