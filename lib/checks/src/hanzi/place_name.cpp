#include "lifecircle/place_name.hpp"

#include "lifecircle/hanzi.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace lifecircle {
namespace {

// Generics of administrative units, their committees, and streets; a longer
// one that ends like a shorter one must come first.
constexpr std::string_view generics[] = {
    "社区居民委员会", "特别行政区", "社区居委会", "街道办事处", "居民委员会", "村民委员会", "民族乡", "自治区", "自治州",
    "自治县", "自治旗", "居委会", "村委会", "开发区", "地区", "林区", "特区", "街道", "社区", "苏木", "嘎查",
    "大道", "大街", "胡同", "省", "市", "盟", "州", "区", "县", "旗", "镇", "乡", "村", "路", "街", "巷",
    "里", "弄"};

std::string code_point(char32_t character) {
    char text[16];
    std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(character));
    return text;
}

bool is_han(char32_t character) {
    return (character >= 0x3400 && character <= 0x9FFF) || (character >= 0xF900 && character <= 0xFAFF) ||
           (character >= 0x20000 && character <= 0x3134F);
}

bool is_latin_letter(char32_t character) {
    return (character >= U'A' && character <= U'Z') || (character >= U'a' && character <= U'z') ||
           (character >= 0xC0 && character <= 0x24F && character != 0xD7 && character != 0xF7);
}

} // namespace

NameParts split_place_name(std::string_view name) {
    for (const std::string_view generic : generics) {
        if (name.size() > generic.size() && name.ends_with(generic)) {
            return {std::string(name.substr(0, name.size() - generic.size())), std::string(generic)};
        }
    }
    return {std::string(name), {}};
}

std::string canonical_name(std::string_view name) {
    // Committees name the unit they serve: 多福巷社区居委会 is 多福巷社区.
    static constexpr std::pair<std::string_view, std::string_view> committees[] = {
        {"社区居民委员会", "社区"}, {"社区居委会", "社区"}, {"居民委员会", "社区"}, {"居委会", "社区"},
        {"村民委员会", "村"},       {"村委会", "村"},       {"街道办事处", "街道"}};
    for (const auto& [committee, unit] : committees) {
        if (name.size() > committee.size() && name.ends_with(committee)) {
            std::string canonical(name.substr(0, name.size() - committee.size()));
            if (!canonical.ends_with(unit)) { // 东村村委会 is 东村, not 东村村
                canonical += unit;
            }
            return canonical;
        }
    }
    return std::string(name);
}

std::string to_nfc(std::string_view name) {
    const std::string text(name);
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> normalised(
        utf8proc_NFC(reinterpret_cast<const utf8proc_uint8_t*>(text.c_str())), &std::free);
    return normalised ? std::string(reinterpret_cast<const char*>(normalised.get())) : text;
}

std::vector<CharacterFinding> check_characters(std::string_view name) {
    std::vector<CharacterFinding> findings;
    const std::optional<std::u32string> decoded = hanzi::decode_utf8(name);
    if (!decoded) {
        findings.push_back({NameRule::invalid_utf8, {}, "is not valid UTF-8: read with the right encoding (GBK?)"});
        return findings;
    }
    if (to_nfc(name) != name) {
        findings.push_back({NameRule::not_nfc, {}, "is not in Unicode NFC: it compares unequal to the same name typed elsewhere"});
    }
    // One finding per rule, naming every character it concerns.
    const auto note = [&](NameRule rule, char32_t character, const std::string& message) {
        const auto found = std::find_if(findings.begin(), findings.end(),
                                        [&](const CharacterFinding& finding) { return finding.rule == rule; });
        if (found == findings.end()) {
            findings.push_back({rule, hanzi::encode_utf8(character), message});
        } else if (found->characters.find(hanzi::encode_utf8(character)) == std::string::npos) {
            found->characters += hanzi::encode_utf8(character);
            found->message += "; " + message;
        }
    };
    bool han = false;
    bool latin = false;
    const std::u32string& characters = *decoded;
    for (std::size_t index = 0; index < characters.size(); ++index) {
        const char32_t character = characters[index];
        const std::string shown = hanzi::encode_utf8(character) + " (" + code_point(character) + ")";
        if (is_han(character)) {
            han = true;
            const int level = hanzi::standard_level(character);
            const std::optional<char32_t> simplified = hanzi::simplified_form(character);
            const std::optional<char32_t> variant = hanzi::standard_variant(character);
            if (level == 0 && simplified && hanzi::standard_level(*simplified) > 0) {
                note(NameRule::char_traditional, character, shown + " is the traditional form of " + hanzi::encode_utf8(*simplified));
            } else if (level == 0 && variant) {
                note(NameRule::char_variant, character, shown + " is a variant of " + hanzi::encode_utf8(*variant));
            } else if (level == 0) {
                note(NameRule::char_not_standard, character, shown + " is not in 通用规范汉字表 (生僻字)");
            } else if (level == 3) {
                note(NameRule::char_level3, character, shown + " is a level-3 character of 通用规范汉字表");
            }
            continue;
        }
        latin = latin || is_latin_letter(character);
        // Full-width letters and digits; full-width punctuation（）is how Chinese
        // text writes it, and falls to the punctuation rule below.
        const bool fullwidth_alphanumeric = (character >= 0xFF10 && character <= 0xFF19) ||
                                            (character >= 0xFF21 && character <= 0xFF3A) ||
                                            (character >= 0xFF41 && character <= 0xFF5A);
        if (fullwidth_alphanumeric) {
            note(NameRule::fullwidth_latin, character,
                 shown + " is a full-width form of " + hanzi::encode_utf8(character - 0xFF01 + 0x21));
        } else if (character == U' ' || character == 0x3000 || character == U'\t' || character == 0xA0) {
            const bool edge = index == 0 || index + 1 == characters.size();
            note(NameRule::stray_space, character,
                 std::string(edge ? "a space at the start or end" : "a space inside the name") + " (" +
                     code_point(character) + ")");
        } else if (character != 0xB7) { // the middle dot of transliterated names is allowed
            const utf8proc_category_t category = utf8proc_category(static_cast<utf8proc_int32_t>(character));
            if ((category >= UTF8PROC_CATEGORY_PC && category <= UTF8PROC_CATEGORY_PO) ||
                (category >= UTF8PROC_CATEGORY_SM && category <= UTF8PROC_CATEGORY_SO)) {
                note(NameRule::punctuation, character, shown + " is punctuation or a symbol");
            }
        }
    }
    if (han && latin) {
        findings.push_back({NameRule::mixed_script, {}, "mixes Chinese characters and Latin letters"});
    }
    return findings;
}

} // namespace lifecircle
