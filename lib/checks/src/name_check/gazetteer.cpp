#include "name_check/gazetteer.hpp"

#include "lifecircle/division_code.hpp"
#include "lifecircle/error.hpp"
#include "lifecircle/place_name.hpp"

#include "io/vector_source.hpp"

namespace lifecircle::detail {
namespace {

std::string children_key(std::size_t length, const std::string& parent) {
    std::string key = std::to_string(length);
    key += ':';
    key += parent;
    return key;
}

} // namespace

Gazetteer Gazetteer::read(const std::filesystem::path& directory, const std::string& encoding,
                          const ProgressCallback& progress) {
    // File, and the zeros that make its codes six digits long.
    const std::pair<const char*, const char*> files[] = {
        {"provinces.csv", "0000"}, {"cities.csv", "00"}, {"areas.csv", ""}, {"streets.csv", ""}, {"villages.csv", ""}};
    Gazetteer gazetteer;
    std::size_t found = 0;
    for (const auto& [file, zeros] : files) {
        const std::string padding = zeros; // captured below: Clang before 16 cannot capture a binding
        const std::filesystem::path path = directory / file;
        std::error_code ignored;
        if (!std::filesystem::exists(path, ignored)) {
            continue;
        }
        ++found;
        report_progress(progress, 0.0, std::string("reading the gazetteer's ") + file);
        SourceSpec spec;
        spec.path = path;
        spec.encoding = encoding;
        const VectorSource source(spec, SourceKind::table);
        const AttributeTable table = source.empty_table();
        const std::size_t code = *required_field(table, "code", "code", source.context());
        const std::size_t name = *required_field(table, "name", "name", source.context());
        InputReport report = source.new_report();
        source.for_each_feature_as_read(report, [&](const OGRFeature& feature) {
            // Decoded, so that a GBK list stops with its row instead of renaming every unit.
            std::string text = to_nfc(source.text(feature, static_cast<int>(name)));
            if (text.find('\n') != std::string::npos) {
                throw Error(ExitCode::input_invalid, source.context(feature.GetFID(), "name"),
                            "a quote opened in this row is not closed, so the rows after it were read into this "
                            "name; close or remove the quote");
            }
            if (text == "市辖区" || text == "县") {
                return; // statistical groupings of a municipality's districts and counties, not units
            }
            std::string unit_code = feature.GetFieldAsString(static_cast<int>(code));
            unit_code += padding;
            if (!is_division_code(unit_code)) {
                throw Error(ExitCode::input_invalid, source.context(feature.GetFID(), "code"),
                            "'" + unit_code + "' is not a division code");
            }
            if (const std::string* listed = gazetteer.add(unit_code, text)) {
                throw Error(ExitCode::input_invalid, source.context(feature.GetFID(), "code"),
                            "code " + unit_code + " is listed twice: as '" + *listed + "' and as '" + text +
                                "'; which is right?");
            }
        });
    }
    if (found == 0) {
        throw Error(ExitCode::input_unreadable, ErrorContext::in_file(directory.string()),
                    "no gazetteer here: expected provinces.csv, cities.csv, areas.csv, streets.csv or villages.csv");
    }
    report_progress(progress, 1.0, "reading the gazetteer");
    return gazetteer;
}

const std::string* Gazetteer::add(std::string code, std::string name) {
    if (const auto listed = names_.find(code); listed != names_.end()) {
        return listed->second == name ? nullptr : &listed->second;
    }
    children_[children_key(code.size(), parent_prefix(code))].push_back(code);
    names_.emplace(std::move(code), std::move(name));
    return nullptr;
}

const std::string* Gazetteer::name_of(const std::string& code) const {
    const auto found = names_.find(code);
    return found == names_.end() ? nullptr : &found->second;
}

const std::vector<std::string>* Gazetteer::children(std::size_t length, const std::string& parent) const {
    const auto found = children_.find(children_key(length, parent));
    return found == children_.end() ? nullptr : &found->second;
}

} // namespace lifecircle::detail
