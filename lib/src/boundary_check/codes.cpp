#include "boundary_check/checks.hpp"

#include "lifecircle/indicators.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace lifecircle::detail {
namespace {

bool all_digits(const std::string& code) {
    return !code.empty() &&
           std::all_of(code.begin(), code.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool well_formed(const std::string& code) {
    return all_digits(code) && (code.size() == 6 || code.size() == 9 || code.size() == 12);
}

// The digits a child's code must start with: GB/T 2260 pads a province
// (420000) and a prefecture (420100) with zeros; 9- and 12-digit codes count whole.
std::string significant_prefix(const std::string& code) {
    std::string prefix = code;
    if (prefix.size() == 6) {
        while (prefix.size() > 2 && prefix.ends_with("00")) {
            prefix.resize(prefix.size() - 2);
        }
    }
    return prefix;
}

// What a township-level name's generic (通名) says it is.
std::optional<TownshipKind> kind_by_name(const std::string& name) {
    if (name.ends_with("街道") || name.ends_with("街道办事处")) {
        return TownshipKind::sub_district;
    }
    if (name.ends_with("镇")) {
        return TownshipKind::town;
    }
    if (name.ends_with("乡")) {
        return TownshipKind::township;
    }
    return std::nullopt;
}

const char* generic_of(TownshipKind kind) {
    switch (kind) {
    case TownshipKind::sub_district:
        return "街道 (001-099)";
    case TownshipKind::town:
        return "镇 (100-199)";
    case TownshipKind::township:
        return "乡 (200-399)";
    }
    return "";
}

} // namespace

void check_codes(const GeosContext& geos, const std::vector<CheckedLevel>& levels,
                 const std::vector<std::vector<std::size_t>>& parent_of, const BoundaryTolerances& tolerances,
                 FindingLog& log) {
    const bool gb = tolerances.codes == CodeStandard::gb;
    std::map<std::string, std::pair<std::size_t, std::size_t>> first_use; // code -> level, unit
    for (std::size_t level_index = 0; level_index < levels.size(); ++level_index) {
        const CheckedLevel& level = levels[level_index];
        if (!level.has_codes) {
            continue;
        }
        for (std::size_t unit = 0; unit < level.units.size(); ++unit) {
            const CheckedUnit& checked = level.units[unit];
            if (checked.code.empty()) {
                log.add(level, checked, "code_missing", Severity::error, "has no code", marker(geos, checked));
                continue;
            }
            const auto [earlier, first] = first_use.emplace(checked.code, std::pair{level_index, unit});
            if (!first) {
                const CheckedUnit& other = levels[earlier->second.first].units[earlier->second.second];
                BoundaryFinding& finding =
                    log.add(level, checked, "code_duplicate", Severity::error,
                            "has the code of " + other.label() + " (level " + levels[earlier->second.first].name + ")",
                            marker(geos, checked));
                finding.other_code = other.code;
                finding.other_name = other.name;
            }
            if (!gb) {
                continue;
            }
            if (!well_formed(checked.code)) {
                log.add(level, checked, "code_format", Severity::error,
                        "code '" + checked.code +
                            "' is neither a 6-digit GB/T 2260 code nor a 9- or 12-digit statistical code",
                        marker(geos, checked));
                continue;
            }
            if (checked.code.size() == 9 && !checked.name.empty()) {
                const std::optional<TownshipKind> by_code = township_kind(checked.code);
                const std::optional<TownshipKind> by_name = kind_by_name(checked.name);
                if (by_code && by_name && *by_code != *by_name) {
                    log.add(level, checked, "code_township_generic", Severity::warning,
                            "code " + checked.code + " is in the range of a " + generic_of(*by_code) +
                                ", but the name says " + generic_of(*by_name),
                            marker(geos, checked));
                }
            }
            if (level_index == 0 || parent_of[level_index][unit] == no_parent) {
                continue;
            }
            const CheckedUnit& holder = levels[level_index - 1].units[parent_of[level_index][unit]];
            if (!well_formed(holder.code)) {
                continue; // reported against the parent
            }
            const std::string prefix = significant_prefix(holder.code);
            if (!checked.code.starts_with(prefix) || checked.code == holder.code) {
                BoundaryFinding& finding = log.add(level, checked, "code_parent_prefix", Severity::error,
                                                   "code " + checked.code + " does not start with its parent " +
                                                       holder.label() + "'s " + prefix,
                                                   marker(geos, checked));
                finding.other_code = holder.code;
                finding.other_name = holder.name;
            }
        }
    }
}

} // namespace lifecircle::detail
