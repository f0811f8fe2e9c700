#pragma once
// Hanyu Pinyin for place names: syllables without tones (for homophones), and
// the standard romanisation of a name (GB/T 16159 and the rules for Chinese
// place names): specific part and generic written apart, each capitalised,
// an apostrophe before a syllable starting with a, o or e inside a word (Xi'an).

#include "lifecircle/checks_export.hpp"
#include "lifecircle/place_name.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lifecircle {

// "zhǎng" → "zhang", "lǚ" → "lü"; other text unchanged.
LIFECIRCLE_CHECKS_EXPORT std::string strip_tones(std::string_view syllable);

struct Romanisation {
    std::string text;                    // "Hongshan Qu"
    std::vector<std::string> polyphonic; // characters read one of several ways: a person must confirm
    std::vector<std::string> unreadable; // characters with no reading (not Chinese, or none known)
};

// Each character's most customary reading; characters with other readings
// are listed for a person to confirm (长沙 comes out Zhangsha until someone does).
LIFECIRCLE_CHECKS_EXPORT Romanisation romanise(std::string_view name);

// Every toneless reading of the whole name, syllables apart ("chang jiang",
// "zhang jiang" ...), at most `limit` of them; names sound alike when two share one.
LIFECIRCLE_CHECKS_EXPORT std::vector<std::string> toneless_readings(std::string_view name, std::size_t limit = 64);

// What is wrong with a name's given romanisation (tone marks allowed):
//   pinyin_format (letters other than a-z, ü and the apostrophe; spaces
//     doubled or at the ends; a word not capitalised),
//   pinyin_reading (a syllable that is no reading of its character),
//   pinyin_apostrophe (missing before a, o or e inside a word, as in Xi'an, or
//     where no syllable needs it),
//   pinyin_split (warning: specific part and generic not written apart, or a
//     word broken elsewhere; the split is the one split_place_name makes),
//   pinyin_unverifiable (warning: a character with no known reading).
// Empty when the romanisation follows the rules.
LIFECIRCLE_CHECKS_EXPORT std::vector<CharacterFinding> check_pinyin(std::string_view name, std::string_view pinyin);

} // namespace lifecircle
