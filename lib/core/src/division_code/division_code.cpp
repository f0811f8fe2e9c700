#include "lifecircle/division_code.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace lifecircle {
namespace {

bool all_digits(std::string_view code) noexcept {
    return !code.empty() &&
           std::all_of(code.begin(), code.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// The three digits at `at`, as a number.
int three_digits(std::string_view code, std::size_t at) {
    return (code[at] - '0') * 100 + (code[at + 1] - '0') * 10 + (code[at + 2] - '0');
}

bool ends_with_any(std::string_view name, std::initializer_list<std::string_view> endings) {
    return std::any_of(endings.begin(), endings.end(), [&](std::string_view ending) { return name.ends_with(ending); });
}

} // namespace

bool is_division_code(std::string_view code) noexcept {
    return all_digits(code) && (code.size() == 6 || code.size() == 9 || code.size() == 12);
}

std::string code_prefix(std::string_view code) {
    std::string prefix(code);
    if (prefix.size() == 6) {
        while (prefix.size() > 2 && prefix.ends_with("00")) {
            prefix.resize(prefix.size() - 2);
        }
    }
    return prefix;
}

std::string parent_prefix(std::string_view code) {
    if (code.size() == 12) {
        return std::string(code.substr(0, 9));
    }
    if (code.size() == 9) {
        return std::string(code.substr(0, 6));
    }
    const std::string own = code_prefix(code);
    return own.size() >= 2 ? own.substr(0, own.size() - 2) : std::string();
}

const char* to_string(TownshipKind kind) {
    switch (kind) {
    case TownshipKind::sub_district:
        return "sub_district";
    case TownshipKind::town:
        return "town";
    case TownshipKind::township:
        return "township";
    }
    return "unknown";
}

const char* generic_and_range(TownshipKind kind) {
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

std::optional<TownshipKind> township_kind(std::string_view code) {
    if ((code.size() != 9 && code.size() != 12) || !all_digits(code)) {
        return std::nullopt;
    }
    const int township = three_digits(code, 6);
    if (township >= 1 && township <= 99) {
        return TownshipKind::sub_district;
    }
    if (township >= 100 && township <= 199) {
        return TownshipKind::town;
    }
    if (township >= 200 && township <= 399) {
        return TownshipKind::township;
    }
    return std::nullopt;
}

std::optional<TownshipKind> township_kind_of_name(std::string_view name) {
    if (ends_with_any(name, {"街道", "街道办事处"})) {
        return TownshipKind::sub_district;
    }
    if (name.ends_with("镇")) {
        return TownshipKind::town;
    }
    if (ends_with_any(name, {"乡", "苏木"})) {
        return TownshipKind::township;
    }
    return std::nullopt;
}

std::optional<VillageKind> village_kind(std::string_view code) {
    if (code.size() != 12 || !all_digits(code)) {
        return std::nullopt;
    }
    const int village = three_digits(code, 9);
    if (village >= 1 && village <= 199) {
        return VillageKind::community;
    }
    if (village >= 200 && village <= 399) {
        return VillageKind::village;
    }
    return std::nullopt;
}

std::optional<VillageKind> village_kind_of_name(std::string_view name) {
    if (ends_with_any(name, {"社区", "居委会", "居民委员会"})) {
        return VillageKind::community;
    }
    if (ends_with_any(name, {"村", "村委会", "村民委员会", "嘎查"})) {
        return VillageKind::village;
    }
    return std::nullopt;
}

} // namespace lifecircle
