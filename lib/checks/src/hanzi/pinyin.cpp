#include "lifecircle/pinyin.hpp"

#include "lifecircle/hanzi.hpp"
#include "lifecircle/place_name.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace lifecircle {
namespace {

// Toned vowels (UTF-8) and their plain forms.
constexpr std::array<std::pair<std::string_view, std::string_view>, 25> tone_marks{{
    {"ā", "a"}, {"á", "a"}, {"ǎ", "a"}, {"à", "a"}, {"ē", "e"}, {"é", "e"}, {"ě", "e"}, {"è", "e"},
    {"ī", "i"}, {"í", "i"}, {"ǐ", "i"}, {"ì", "i"}, {"ō", "o"}, {"ó", "o"}, {"ǒ", "o"}, {"ò", "o"},
    {"ū", "u"}, {"ú", "u"}, {"ǔ", "u"}, {"ù", "u"}, {"ǖ", "ü"}, {"ǘ", "ü"}, {"ǚ", "ü"}, {"ǜ", "ü"},
    {"ḿ", "m"}}};

std::string capitalised(std::string word) {
    if (!word.empty()) {
        word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    }
    return word;
}

// One word of a romanised name: its characters' first readings run together.
std::string romanise_word(std::string_view word, Romanisation& result) {
    std::string text;
    const std::optional<std::u32string> characters = hanzi::decode_utf8(word);
    if (!characters) {
        return std::string(word);
    }
    for (const char32_t character : *characters) {
        const std::vector<std::string_view> readings = hanzi::readings(character);
        if (readings.empty()) {
            result.unreadable.push_back(hanzi::encode_utf8(character));
            continue;
        }
        const std::string syllable = strip_tones(readings.front());
        const bool several = std::any_of(readings.begin() + 1, readings.end(), [&](std::string_view reading) {
            return strip_tones(reading) != syllable; // tones aside, a romanisation cannot tell them apart
        });
        if (several) {
            result.polyphonic.push_back(hanzi::encode_utf8(character));
        }
        if (!text.empty() && (syllable[0] == 'a' || syllable[0] == 'o' || syllable[0] == 'e')) {
            text += '\'';
        }
        text += syllable;
    }
    return text;
}

} // namespace

std::string strip_tones(std::string_view syllable) {
    std::string plain;
    for (std::size_t at = 0; at < syllable.size();) {
        bool replaced = false;
        for (const auto& [toned, bare] : tone_marks) {
            if (syllable.compare(at, toned.size(), toned) == 0) {
                plain += bare;
                at += toned.size();
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            plain += syllable[at++];
        }
    }
    return plain;
}

Romanisation romanise(std::string_view name) {
    Romanisation result;
    const NameParts parts = split_place_name(name);
    result.text = capitalised(romanise_word(parts.specific, result));
    if (!parts.generic.empty()) {
        result.text += ' ';
        result.text += capitalised(romanise_word(parts.generic, result));
    }
    return result;
}

std::vector<std::string> toneless_readings(std::string_view name, std::size_t limit) {
    std::vector<std::string> readings{""};
    const std::optional<std::u32string> characters = hanzi::decode_utf8(name);
    if (!characters) {
        return {};
    }
    for (const char32_t character : *characters) {
        std::vector<std::string> options;
        for (const std::string_view reading : hanzi::readings(character)) {
            const std::string plain = strip_tones(reading);
            if (std::find(options.begin(), options.end(), plain) == options.end()) {
                options.push_back(plain);
            }
        }
        if (options.empty()) {
            // No reading (a digit, a Latin letter): it sounds as itself, so 111街 and 120街 differ.
            options.push_back(hanzi::encode_utf8(character));
        }
        std::vector<std::string> extended;
        for (const std::string& prefix : readings) {
            for (const std::string& option : options) {
                if (extended.size() < limit) {
                    // Syllables apart, so that xi an (西安) and xian (先) differ.
                    extended.push_back(prefix.empty() ? option : prefix + ' ' + option);
                }
            }
        }
        readings = std::move(extended);
    }
    std::sort(readings.begin(), readings.end());
    readings.erase(std::unique(readings.begin(), readings.end()), readings.end());
    return readings;
}

} // namespace lifecircle
