#include "lifecircle/hanzi.hpp"

#include "hanzi/unihan_tables.hpp"

#include <algorithm>
#include <array>

namespace lifecircle::hanzi {
namespace {

const detail::UnihanEntry* find(char32_t character) noexcept {
    const detail::UnihanEntry* begin = detail::unihan_entries;
    const detail::UnihanEntry* end = begin + detail::unihan_entry_count;
    const auto* found = std::lower_bound(begin, end, static_cast<std::uint32_t>(character),
                                         [](const detail::UnihanEntry& entry, std::uint32_t code) {
                                             return entry.code < code;
                                         });
    return found != end && found->code == static_cast<std::uint32_t>(character) ? found : nullptr;
}

} // namespace

int standard_level(char32_t character) noexcept {
    const detail::UnihanEntry* entry = find(character);
    return entry != nullptr ? entry->level : 0;
}

std::vector<std::string_view> readings(char32_t character) {
    std::vector<std::string_view> result;
    if (const detail::UnihanEntry* entry = find(character)) {
        for (std::uint32_t index = 0; index < entry->reading_count; ++index) {
            result.emplace_back(detail::unihan_readings[detail::unihan_reading_references[entry->first_reading + index]]);
        }
    }
    return result;
}

std::optional<char32_t> simplified_form(char32_t character) noexcept {
    const detail::UnihanEntry* entry = find(character);
    if (entry == nullptr || entry->simplified == 0) {
        return std::nullopt;
    }
    return static_cast<char32_t>(entry->simplified);
}

std::optional<char32_t> standard_variant(char32_t character) noexcept {
    const detail::UnihanEntry* entry = find(character);
    if (entry == nullptr || entry->standard_variant == 0) {
        return std::nullopt;
    }
    return static_cast<char32_t>(entry->standard_variant);
}

std::size_t standard_level_size(int level) noexcept {
    static const std::array<std::size_t, 4> sizes = [] {
        std::array<std::size_t, 4> counted{};
        for (std::size_t index = 0; index < detail::unihan_entry_count; ++index) {
            ++counted[detail::unihan_entries[index].level];
        }
        return counted;
    }();
    return level >= 1 && level <= 3 ? sizes[static_cast<std::size_t>(level)] : 0;
}

std::optional<std::u32string> decode_utf8(std::string_view text) {
    std::u32string result;
    for (std::size_t at = 0; at < text.size();) {
        const auto lead = static_cast<unsigned char>(text[at]);
        const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || at + length > text.size()) {
            return std::nullopt;
        }
        char32_t code = length == 1 ? char32_t{lead} : char32_t{lead} & (char32_t{0x7F} >> length);
        for (std::size_t next = 1; next < length; ++next) {
            const auto byte = static_cast<unsigned char>(text[at + next]);
            if ((byte >> 6) != 0x2) {
                return std::nullopt;
            }
            code = (code << 6) | (char32_t{byte} & char32_t{0x3F});
        }
        // Overlong forms, surrogates and values beyond Unicode are not UTF-8.
        constexpr std::array<char32_t, 5> smallest{0, 0, 0x80, 0x800, 0x10000};
        if (code < smallest[length] || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
            return std::nullopt;
        }
        result.push_back(code);
        at += length;
    }
    return result;
}

std::string encode_utf8(char32_t character) {
    std::string bytes;
    if (character < 0x80) {
        bytes += static_cast<char>(character);
    } else if (character < 0x800) {
        bytes += static_cast<char>(0xC0 | (character >> 6));
        bytes += static_cast<char>(0x80 | (character & 0x3F));
    } else if (character < 0x10000) {
        bytes += static_cast<char>(0xE0 | (character >> 12));
        bytes += static_cast<char>(0x80 | ((character >> 6) & 0x3F));
        bytes += static_cast<char>(0x80 | (character & 0x3F));
    } else {
        bytes += static_cast<char>(0xF0 | (character >> 18));
        bytes += static_cast<char>(0x80 | ((character >> 12) & 0x3F));
        bytes += static_cast<char>(0x80 | ((character >> 6) & 0x3F));
        bytes += static_cast<char>(0x80 | (character & 0x3F));
    }
    return bytes;
}

} // namespace lifecircle::hanzi
