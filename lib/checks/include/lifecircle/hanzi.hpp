#pragma once
// Chinese characters as the name checks need them, from Unihan 15.0 (Debian's
// unicode-data, read at build time): the level in 通用规范汉字表 (2013), the
// Mandarin readings, and the simplified form of a traditional character.

#include "lifecircle/checks_export.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifecircle::hanzi {

// 1, 2 or 3 in 通用规范汉字表 (3,500 / 3,000 / 1,605 characters); 0 outside it.
LIFECIRCLE_CHECKS_EXPORT int standard_level(char32_t character) noexcept;

// Mandarin readings with tone marks: the most customary first (kMandarin's
// mainland value), then the others of 通用规范汉字表 (kTGHZ2013). Empty for a
// character Unihan gives none.
LIFECIRCLE_CHECKS_EXPORT std::vector<std::string_view> readings(char32_t character);

// The simplified form of a traditional character (們 → 们); nothing when the
// character is already simplified or has no simplified form.
LIFECIRCLE_CHECKS_EXPORT std::optional<char32_t> simplified_form(char32_t character) noexcept;

// For a character outside 通用规范汉字表, the listed character it is a
// variant of (砦 → 寨: Unihan's kZVariant or kSemanticVariant); nothing
// otherwise, and nothing where Unihan records no such variant (塚, 恵).
LIFECIRCLE_CHECKS_EXPORT std::optional<char32_t> standard_variant(char32_t character) noexcept;

// How many characters each level holds (index 1-3), as read from Unihan.
LIFECIRCLE_CHECKS_EXPORT std::size_t standard_level_size(int level) noexcept;

// UTF-8 to code points; nothing when the text is not valid UTF-8.
LIFECIRCLE_CHECKS_EXPORT std::optional<std::u32string> decode_utf8(std::string_view text);
// One code point as UTF-8.
LIFECIRCLE_CHECKS_EXPORT std::string encode_utf8(char32_t character);

} // namespace lifecircle::hanzi
