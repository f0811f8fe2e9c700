#pragma once
// Names of the layers, fields and bands a run writes, spelt once for the
// writers and for the report that finds them again.

#include <initializer_list>
#include <string>
#include <string_view>

namespace lifecircle {

// Whether `id` only repeats `kind`: it is the kind itself, or its singular or
// plural in English ("unit" and "units", "facility" and "facilities"). The
// command line names its facility type "facilities" and its unit level "units".
inline bool repeats_kind(std::string_view kind, std::string_view id) {
    const auto plural_of = [](std::string_view plural, std::string_view singular) {
        if (plural.ends_with("ies") && singular.ends_with('y')) {
            return plural.substr(0, plural.size() - 3) == singular.substr(0, singular.size() - 1);
        }
        return plural.size() == singular.size() + 1 && plural.back() == 's' && plural.starts_with(singular);
    };
    return id == kind || plural_of(id, kind) || plural_of(kind, id);
}

// `kind` qualified by `ids`, joined with '_': output_name("units",
// {"community", "elderly_care"}) is "units_community_elderly_care". An id that
// repeats the kind is left out, so the layer is "facilities", not
// "facilities_facilities", and the field "unit", not "unit_units".
inline std::string output_name(std::string_view kind, std::initializer_list<std::string_view> ids) {
    std::string name(kind);
    for (const std::string_view id : ids) {
        if (!repeats_kind(kind, id)) {
            name += '_';
            name += id;
        }
    }
    return name;
}

// Whether `name` is a layer of `kind`: the kind alone or qualified.
inline bool is_output_of(std::string_view kind, std::string_view name) {
    return name == kind || (name.size() > kind.size() && name.starts_with(kind) && name[kind.size()] == '_');
}

} // namespace lifecircle
