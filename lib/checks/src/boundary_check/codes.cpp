#include "boundary_check/checks.hpp"

#include "lifecircle/division_code.hpp"

#include <map>

namespace lifecircle::detail {

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
                log.add(level, checked, BoundaryRule::code_missing, "has no code", marker(geos, checked));
                continue;
            }
            const auto [earlier, first] = first_use.emplace(checked.code, std::pair{level_index, unit});
            if (!first) {
                const CheckedUnit& other = levels[earlier->second.first].units[earlier->second.second];
                BoundaryFinding& finding =
                    log.add(level, checked, BoundaryRule::code_duplicate,
                            "has the code of " + other.label() + " (level " + levels[earlier->second.first].name + ")",
                            marker(geos, checked));
                finding.other_code = other.code;
                finding.other_name = other.name;
            }
            if (!gb) {
                continue;
            }
            if (!is_division_code(checked.code)) {
                log.add(level, checked, BoundaryRule::code_format,
                        "code '" + checked.code +
                            "' is neither a 6-digit GB/T 2260 code nor a 9- or 12-digit statistical code",
                        marker(geos, checked));
                continue;
            }
            if (checked.code.size() == 9 && !checked.name.empty()) {
                const std::optional<TownshipKind> by_code = township_kind(checked.code);
                const std::optional<TownshipKind> by_name = township_kind_of_name(checked.name);
                if (by_code && by_name && *by_code != *by_name) {
                    log.add(level, checked, BoundaryRule::code_township_generic,
                            "code " + checked.code + " is in the range of a " + generic_and_range(*by_code) +
                                ", but the name says " + generic_and_range(*by_name),
                            marker(geos, checked));
                }
            }
            if (level_index == 0 || parent_of[level_index][unit] == no_parent) {
                continue;
            }
            const CheckedUnit& holder = levels[level_index - 1].units[parent_of[level_index][unit]];
            if (!is_division_code(holder.code)) {
                continue; // reported against the parent
            }
            const std::string prefix = code_prefix(holder.code);
            if (!checked.code.starts_with(prefix) || checked.code == holder.code) {
                BoundaryFinding& finding = log.add(level, checked, BoundaryRule::code_parent_prefix,
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
