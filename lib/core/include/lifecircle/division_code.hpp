#pragma once
// Chinese division codes as the checks and indicators read them: GB/T 2260
// six-digit codes (province 420000, prefecture 420100, county 420111) and the
// statistical nine-digit (township, GB/T 10114) and twelve-digit (community
// or village) codes that extend them.

#include "lifecircle/core_export.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace lifecircle {

// A code of 6, 9 or 12 digits.
LIFECIRCLE_CORE_EXPORT bool is_division_code(std::string_view code) noexcept;

// The digits every child's code starts with: a GB/T 2260 province or
// prefecture without its trailing "00" pairs (420000 → 42, 420100 → 4201);
// other codes whole.
LIFECIRCLE_CORE_EXPORT std::string code_prefix(std::string_view code);

// The prefix that the codes of a unit's siblings share, naming its parent:
// a village's 9 digits, a township's 6, a county's 4 (its prefecture), a
// prefecture's 2 (its province), a province's none.
LIFECIRCLE_CORE_EXPORT std::string parent_prefix(std::string_view code);

// GB/T 10114 township kinds by the three digits after the county's six:
// 001-099 街道 (sub-district), 100-199 镇 (town), 200-399 乡 (township).
enum class TownshipKind { sub_district, town, township };
LIFECIRCLE_CORE_EXPORT const char* to_string(TownshipKind kind);
// What "街道 (001-099)" a kind is, as messages name it.
LIFECIRCLE_CORE_EXPORT const char* generic_and_range(TownshipKind kind);

// The kind a 9- or 12-digit code gives; nullopt for other codes and ranges
// (400-599: farms, development zones and other township-level units).
LIFECIRCLE_CORE_EXPORT std::optional<TownshipKind> township_kind(std::string_view code);

// The kind a township's name says it is by its generic (通名): 街道 or
// 街道办事处, 镇, 乡 (民族乡 too) or 苏木 (Inner Mongolia's 乡); nullopt otherwise.
LIFECIRCLE_CORE_EXPORT std::optional<TownshipKind> township_kind_of_name(std::string_view name);

// Community or village (村级): in a 12-digit code the last three digits say
// which, 001-199 usually a 居委会 (community), 200-399 a 村委会 (village).
enum class VillageKind { community, village };
LIFECIRCLE_CORE_EXPORT std::optional<VillageKind> village_kind(std::string_view code);
LIFECIRCLE_CORE_EXPORT std::optional<VillageKind> village_kind_of_name(std::string_view name);

} // namespace lifecircle
