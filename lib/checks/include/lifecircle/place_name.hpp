#pragma once
// Chinese place names as the place-name office checks them: the split into
// specific part (专名) and generic (通名), Unicode normalisation, and what
// is wrong with a name's characters (地名管理条例 第九条).

#include "lifecircle/checks_export.hpp"
#include "lifecircle/name_rule.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lifecircle {

struct NameParts {
    std::string specific; // 专名: 洪山
    std::string generic;  // 通名: 区; empty when the name ends in none
};

// The longest generic the name ends with (街道办事处 before 街道, 社区居民委员会
// before 社区); the whole name is the specific part when none fits or nothing would be left.
LIFECIRCLE_CHECKS_EXPORT NameParts split_place_name(std::string_view name);

// The name of the unit a committee serves, as names are compared: 社区居委会,
// 居委会 and their long forms become 社区, 村委会 and 村民委员会 become 村,
// 街道办事处 becomes 街道; any other name unchanged.
LIFECIRCLE_CHECKS_EXPORT std::string canonical_name(std::string_view name);

// The name in Unicode NFC (compatibility ideographs become the unified ones);
// the input unchanged when it is not valid UTF-8.
LIFECIRCLE_CHECKS_EXPORT std::string to_nfc(std::string_view name);

struct CharacterFinding {
    NameRule rule = NameRule::invalid_utf8; // its severity is the rule's
    std::string characters; // the characters concerned, in the order they occur
    std::string message;
};

// What is wrong with a name's characters:
//   invalid_utf8, not_nfc, char_not_standard (生僻字: outside 通用规范汉字表),
//   char_traditional (a traditional form whose simplified form is standard),
//   char_variant (a variant form of a standard character: 砦 for 寨),
//   char_level3 (warning: a level-3 character), fullwidth_latin, stray_space,
//   punctuation, mixed_script (warning: Han and Latin letters together).
LIFECIRCLE_CHECKS_EXPORT std::vector<CharacterFinding> check_characters(std::string_view name);

} // namespace lifecircle
