#pragma once
// Result layers are their source's fields followed by the computed ones, so
// that every layer a run writes joins back to what was read.

#include "lifecircle/features.hpp"
#include "lifecircle/io.hpp"

#include <string>
#include <vector>

namespace lifecircle::detail {

// A computed field: its name and its values, one per row.
struct NamedColumn {
    std::string name;
    AttributeColumn column;
};

// Gives `layer` the source's fields first, then the computed fields. A source
// field whose name a computed field takes is kept as "source_<name>".
// `label_field`, a source field that names each feature, labels the layer.
void set_attributes(OutputLayer& layer, const AttributeTable& source, std::vector<NamedColumn> computed,
                    const std::string& label_field = {});

} // namespace lifecircle::detail
