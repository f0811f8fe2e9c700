// A given romanisation checked against the name's characters and the rules
// for Chinese place names (GB/T 16159-2012, 地名标志 GB 17733).

#include "lifecircle/hanzi.hpp"
#include "lifecircle/pinyin.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace lifecircle {
namespace {

enum class Separator : unsigned char { none, apostrophe, space };

// The romanisation as lower-case letters (ü kept), each with what stands before it.
struct Letters {
    std::u32string letters;
    std::vector<Separator> before; // one per letter
};

// Adds an item to a list written "a, b, c".
void append_listed(std::string& list, std::string_view item, std::string_view separator) {
    if (!list.empty()) {
        list += separator;
    }
    list += item;
}

bool starts_with_vowel(std::u32string_view syllable) {
    return !syllable.empty() && (syllable[0] == U'a' || syllable[0] == U'o' || syllable[0] == U'e');
}

std::u32string to_u32(std::string_view text) {
    return hanzi::decode_utf8(text).value_or(std::u32string());
}

std::string to_utf8(std::u32string_view text) {
    std::string result;
    for (const char32_t character : text) {
        result += hanzi::encode_utf8(character);
    }
    return result;
}

// Splits the romanisation into words and letters; a format finding when it is not
// words of letters separated by single spaces, each word capitalised.
std::optional<Letters> read_letters(std::string_view pinyin, std::vector<CharacterFinding>& findings) {
    const std::optional<std::u32string> text = hanzi::decode_utf8(strip_tones(pinyin));
    if (!text || text->empty()) {
        findings.push_back({NameRule::pinyin_format, {}, "the romanisation is empty or not valid UTF-8"});
        return std::nullopt;
    }
    Letters result;
    Separator pending = Separator::none;
    bool word_start = true;
    std::string bad_words;
    std::u32string word;
    const auto end_word = [&] {
        // Capitalised: the first letter upper case, the rest lower case.
        const bool capitalised =
            !word.empty() && (word[0] == U'Ü' || (word[0] >= U'A' && word[0] <= U'Z')) &&
            std::all_of(word.begin() + 1, word.end(), [](char32_t c) { return c == U'\'' || c == U'ü' || (c >= U'a' && c <= U'z'); });
        if (!capitalised) {
            append_listed(bad_words, to_utf8(word), ", ");
        }
        word.clear();
    };
    for (std::size_t at = 0; at < text->size(); ++at) {
        char32_t character = (*text)[at];
        if (character == U'’') {
            character = U'\'';
        }
        if (character == U' ') {
            if (word_start || at + 1 == text->size()) {
                findings.push_back({NameRule::pinyin_format, {}, "spaces doubled or at the ends of '" + std::string(pinyin) + "'"});
                return std::nullopt;
            }
            end_word();
            pending = Separator::space;
            word_start = true;
            continue;
        }
        const bool letter = (character >= U'a' && character <= U'z') || (character >= U'A' && character <= U'Z') ||
                            character == U'ü' || character == U'Ü';
        if (!letter && character != U'\'') {
            findings.push_back({NameRule::pinyin_format, hanzi::encode_utf8(character),
                                std::string("'") + hanzi::encode_utf8(character) + "' has no place in a romanised name (letters, ü, the apostrophe and single spaces only)"});
            return std::nullopt;
        }
        word += character;
        if (character == U'\'') {
            if (word_start || pending != Separator::none) {
                findings.push_back({NameRule::pinyin_format, {}, "an apostrophe at the start of a word in '" + std::string(pinyin) + "'"});
                return std::nullopt;
            }
            pending = Separator::apostrophe;
            continue;
        }
        const char32_t lower = character == U'Ü' ? U'ü' : (character >= U'A' && character <= U'Z' ? character + 32 : character);
        result.letters += lower;
        result.before.push_back(pending);
        pending = Separator::none;
        word_start = false;
    }
    end_word();
    if (!bad_words.empty()) {
        findings.push_back({NameRule::pinyin_format, {}, "each word is written capitalised (Hongshan Qu), not " + bad_words});
    }
    return result;
}

// Finds syllables, one per character, that spell `letters` exactly and break
// at every separator; the first such reading, or nothing.
class Segmenter {
public:
    Segmenter(const std::vector<std::vector<std::u32string>>& readings, const Letters& letters)
        : readings_(readings), letters_(letters) {}

    bool solve() { return step(0, 0); }
    [[nodiscard]] const std::vector<std::u32string>& syllables() const { return chosen_; }
    [[nodiscard]] std::size_t deepest() const { return deepest_; }

private:
    bool step(std::size_t character, std::size_t at) {
        deepest_ = std::max(deepest_, character);
        if (character == readings_.size()) {
            return at == letters_.letters.size();
        }
        if (failed_.count({character, at}) > 0) {
            return false;
        }
        for (const std::u32string& syllable : readings_[character]) {
            const std::size_t end = at + syllable.size();
            if (end > letters_.letters.size() || letters_.letters.compare(at, syllable.size(), syllable) != 0) {
                continue;
            }
            // A syllable never spans a space or an apostrophe.
            const auto inside = letters_.before.begin() + static_cast<std::ptrdiff_t>(at);
            if (std::any_of(inside + 1, inside + static_cast<std::ptrdiff_t>(syllable.size()),
                            [](Separator separator) { return separator != Separator::none; })) {
                continue;
            }
            chosen_.push_back(syllable);
            if (step(character + 1, end)) {
                return true;
            }
            chosen_.pop_back();
        }
        failed_.insert({character, at});
        return false;
    }

    const std::vector<std::vector<std::u32string>>& readings_;
    const Letters& letters_;
    std::vector<std::u32string> chosen_;
    std::set<std::pair<std::size_t, std::size_t>> failed_;
    std::size_t deepest_ = 0;
};

} // namespace

std::vector<CharacterFinding> check_pinyin(std::string_view name, std::string_view pinyin) {
    std::vector<CharacterFinding> findings;
    const std::u32string characters = to_u32(name);
    std::vector<std::vector<std::u32string>> readings;
    std::string unreadable;
    for (const char32_t character : characters) {
        std::vector<std::u32string>& options = readings.emplace_back();
        for (const std::string_view reading : hanzi::readings(character)) {
            const std::u32string plain = to_u32(strip_tones(reading));
            if (std::find(options.begin(), options.end(), plain) == options.end()) {
                options.push_back(plain);
            }
        }
        if (options.empty()) {
            unreadable += hanzi::encode_utf8(character);
        }
    }
    const std::optional<Letters> letters = read_letters(pinyin, findings);
    if (characters.empty() || !unreadable.empty()) {
        findings.push_back({NameRule::pinyin_unverifiable, unreadable,
                            "no reading known for " + (unreadable.empty() ? std::string("an empty name") : unreadable) +
                                ": the romanisation is not checked against the characters"});
        return findings;
    }
    if (!letters) {
        return findings;
    }
    Segmenter segmenter(readings, *letters);
    if (!segmenter.solve()) {
        const std::size_t stuck = std::min(segmenter.deepest(), characters.size() - 1);
        std::string known;
        for (const std::u32string& option : readings[stuck]) {
            append_listed(known, to_utf8(option), "/");
        }
        const std::string character = hanzi::encode_utf8(characters[stuck]);
        findings.push_back({NameRule::pinyin_reading, character,
                            std::string("'") + std::string(pinyin) + "' does not spell " + std::string(name) + ": " + character +
                                " reads " + known});
        return findings;
    }
    // The specific part is one word and the generic another (Hongshan Qu).
    const std::size_t generic_at = to_u32(split_place_name(name).specific).size();
    std::size_t at = 0;
    std::string missing_apostrophe;
    std::string needless_apostrophe;
    std::string split;
    for (std::size_t character = 0; character < characters.size(); ++character) {
        const std::u32string& syllable = segmenter.syllables()[character];
        if (character > 0) {
            const Separator given = letters->before[at];
            const bool word_break = character == generic_at;
            if ((given == Separator::space) != word_break) {
                append_listed(split, std::string(word_break ? "written apart before " : "written together at ") +
                         hanzi::encode_utf8(characters[character]), "; ");
            } else if (given != Separator::space) {
                const bool needed = starts_with_vowel(syllable);
                if (needed && given == Separator::none) {
                    append_listed(missing_apostrophe, to_utf8(syllable), ", ");
                } else if (!needed && given == Separator::apostrophe) {
                    append_listed(needless_apostrophe, to_utf8(syllable), ", ");
                }
            }
        }
        at += syllable.size();
    }
    // The romanisation these syllables should have been written as.
    std::string expected;
    for (std::size_t character = 0; character < characters.size(); ++character) {
        std::string syllable = to_utf8(segmenter.syllables()[character]);
        if (character == 0 || character == generic_at) {
            expected += character == 0 ? "" : " ";
            if (syllable.starts_with("ü")) {
                syllable.replace(0, 2, "Ü");
            } else {
                syllable[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(syllable[0])));
            }
        } else if (starts_with_vowel(segmenter.syllables()[character])) {
            expected += '\'';
        }
        expected += syllable;
    }
    if (!missing_apostrophe.empty()) {
        findings.push_back({NameRule::pinyin_apostrophe, {},
                            "an apostrophe goes before " + missing_apostrophe + " inside a word: " + expected});
    }
    if (!needless_apostrophe.empty()) {
        findings.push_back({NameRule::pinyin_apostrophe, {},
                            "no apostrophe is needed before " + needless_apostrophe + ": " + expected});
    }
    if (!split.empty()) {
        findings.push_back({NameRule::pinyin_split, {},
                            "specific part and generic are written apart, each as one word: " + expected + " (" + split + ")"});
    }
    return findings;
}

} // namespace lifecircle
