#pragma once
// The rules of the name check (docs/check-names.md): one id, severity and
// meaning per rule, read by the character and romanisation checks that make
// findings, by the tally and by the writers.

#include "lifecircle/severity.hpp"

#include <array>
#include <cstddef>
#include <string_view>

namespace lifecircle {

// In the order docs/check-names.md lists them.
enum class NameRule {
    undecodable,
    name_missing,
    invalid_utf8,
    not_nfc,
    char_not_standard,
    char_traditional,
    char_variant,
    char_level3,
    fullwidth_latin,
    stray_space,
    punctuation,
    mixed_script,
    duplicate_name,
    homophone,
    generic_code,
    generic_code_village,
    code_missing,
    code_format,
    code_duplicate,
    code_parent_prefix,
    gazetteer_unknown,
    gazetteer_renamed,
    gazetteer_missing,
    pinyin_format,
    pinyin_reading,
    pinyin_apostrophe,
    pinyin_split,
    pinyin_unverifiable,
};

// Indexed by NameRule.
inline constexpr std::array<RuleDescription, 28> name_rules{{
    {"undecodable", Severity::error, "bytes that are not in the file's encoding (GBK read as UTF-8?)"},
    {"name_missing", Severity::error, "a unit without a name"},
    {"invalid_utf8", Severity::error, "text that is not UTF-8"},
    {"not_nfc", Severity::warning, "not in Unicode NFC: compares unequal to the same name typed elsewhere"},
    {"char_not_standard", Severity::error, "a character outside 通用规范汉字表 (生僻字, 第九条(三))"},
    {"char_traditional", Severity::error, "a traditional form whose simplified form is standard"},
    {"char_variant", Severity::error, "a variant form of a standard character (异体字)"},
    {"char_level3", Severity::warning, "a level-3 character of 通用规范汉字表 (rare in print)"},
    {"fullwidth_latin", Severity::error, "full-width Latin letters or digits"},
    {"stray_space", Severity::error, "a space inside, before or after the name"},
    {"punctuation", Severity::error, "punctuation or symbols in the name"},
    {"mixed_script", Severity::warning, "Han characters and Latin letters together"},
    {"duplicate_name", Severity::error, "the same name twice where 第九条(七)(八) forbids it"},
    {"homophone", Severity::warning, "names that sound alike (toneless pinyin) in the same scope"},
    {"generic_code", Severity::error, "a township's generic (街道, 镇, 乡) disagrees with its code's range"},
    {"generic_code_village", Severity::warning, "a community's or village's generic (社区, 村) disagrees with the usual range of its code"},
    {"code_missing", Severity::error, "a unit without a code"},
    {"code_format", Severity::error, "not a 6-digit GB/T 2260 code or a 9- or 12-digit statistical code"},
    {"code_duplicate", Severity::error, "a code used twice"},
    {"code_parent_prefix", Severity::error, "a code that does not extend its parent's"},
    {"gazetteer_unknown", Severity::warning, "a code the gazetteer does not list, though it lists its siblings"},
    {"gazetteer_renamed", Severity::warning, "the gazetteer gives the code another name"},
    {"gazetteer_missing", Severity::warning, "a unit of the gazetteer that the input leaves out"},
    {"pinyin_format", Severity::error, "romanisation not in capitalised words of letters"},
    {"pinyin_reading", Severity::error, "a syllable that is no reading of its character"},
    {"pinyin_apostrophe", Severity::error, "apostrophe missing before a, o, e inside a word (Xi'an), or needless"},
    {"pinyin_split", Severity::warning, "specific part and generic not written apart"},
    {"pinyin_unverifiable", Severity::warning, "a character without a known reading: romanisation not checked"},
}};

constexpr const RuleDescription& describe(NameRule rule) noexcept {
    return name_rules[static_cast<std::size_t>(rule)];
}

constexpr std::string_view to_string(NameRule rule) noexcept { return describe(rule).id; }

} // namespace lifecircle
