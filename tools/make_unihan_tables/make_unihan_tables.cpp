// Build-time generator: reads Unihan 15.0 lines ("U+785A<TAB>kTGH<TAB>2013:7148")
// on stdin, from Debian's unicode-data files, and writes the C++ tables of
// lib/src/hanzi: each character's level in 通用规范汉字表 (kTGH), its Mandarin
// readings (kMandarin's first, the most customary in mainland use, then those of
// kTGHZ2013, then kMandarin's second), its simplified form (kSimplifiedVariant)
// and, for a character outside the list, the listed character it is a variant
// of (kZVariant, else kSemanticVariant; kSpecializedSemanticVariant is too
// loose: it makes 塚 a variant of 中).
// Never edit the output; change this program.

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Character {
    int level = 0; // 1-3 in 通用规范汉字表, 0 outside it
    std::vector<std::string> readings;
    std::uint32_t simplified = 0;
    std::vector<std::uint32_t> variants; // in order of preference
    std::uint32_t standard_variant = 0;
};

std::uint32_t code_point(const std::string& text) { // "U+785A"
    return static_cast<std::uint32_t>(std::stoul(text.substr(2), nullptr, 16));
}

void add_reading(Character& character, const std::string& reading) {
    if (!reading.empty() &&
        std::find(character.readings.begin(), character.readings.end(), reading) == character.readings.end()) {
        character.readings.push_back(reading);
    }
}

} // namespace

int main() {
    std::map<std::uint32_t, Character> characters;
    std::map<std::uint32_t, std::vector<std::string>> mandarin; // added after the 2013 readings
    std::map<std::string, std::vector<std::pair<std::uint32_t, std::string>>> variant_lines; // property → lines
    std::string line;
    std::size_t lines = 0;
    while (std::getline(std::cin, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream fields(line);
        std::string code;
        std::string property;
        std::string value;
        std::getline(fields, code, '\t');
        std::getline(fields, property, '\t');
        std::getline(fields, value);
        ++lines;
        if (property == "kTGH") { // "2013:7148": 1-3500 level 1, 3501-6500 level 2, 6501-8105 level 3
            const int number = std::stoi(value.substr(value.find(':') + 1));
            characters[code_point(code)].level = number <= 3500 ? 1 : number <= 6500 ? 2 : 3;
        } else if (property == "kTGHZ2013") { // "038.110:cháng 466.110:zhǎng"
            std::istringstream entries(value);
            std::string entry;
            while (entries >> entry) {
                add_reading(characters[code_point(code)], entry.substr(entry.find(':') + 1));
            }
        } else if (property == "kMandarin") { // "zhǎng", or two readings
            std::istringstream entries(value);
            std::string entry;
            while (entries >> entry) {
                mandarin[code_point(code)].push_back(entry);
            }
        } else if (property == "kZVariant" || property == "kSemanticVariant") { // "U+5189<kMatthews U+..."
            variant_lines[property].emplace_back(code_point(code), value);
        } else if (property == "kSimplifiedVariant") { // "U+4EEC", possibly several: the first
            const std::uint32_t simplified = code_point(value.substr(0, value.find(' ')));
            if (simplified != code_point(code)) {
                characters[code_point(code)].simplified = simplified;
            }
        }
    }
    for (const auto& [code, readings] : mandarin) {
        Character& character = characters[code];
        std::vector<std::string> ordered{readings.front()};
        for (const std::string& reading : character.readings) {
            ordered.push_back(reading);
        }
        ordered.insert(ordered.end(), readings.begin() + 1, readings.end());
        character.readings.clear();
        for (const std::string& reading : ordered) {
            add_reading(character, reading);
        }
    }
    // A variant counts only once the whole list is known: the first listed one.
    for (const char* property : {"kZVariant", "kSemanticVariant"}) {
        for (const auto& [code, value] : variant_lines[property]) {
            std::istringstream entries(value);
            std::string entry;
            while (entries >> entry) {
                const std::uint32_t variant = code_point(entry.substr(0, entry.find('<')));
                const auto listed = characters.find(variant);
                Character& character = characters[code];
                if (character.level == 0 && character.standard_variant == 0 && listed != characters.end() &&
                    listed->second.level > 0) {
                    character.standard_variant = variant;
                }
            }
        }
    }
    if (lines == 0) {
        std::cerr << "make_unihan_tables: no Unihan lines on stdin\n";
        return 1;
    }

    std::map<std::string, std::size_t> reading_index;
    std::vector<std::string> reading_texts;
    std::vector<std::size_t> references;
    std::cout << "// Generated at build time by tools/make_unihan_tables from Debian's unicode-data\n"
                 "// (Unihan 15.0: kTGH, kTGHZ2013, kMandarin, kSimplifiedVariant, kZVariant,\n"
                 "// kSemanticVariant). Do not edit.\n\n"
                 "#include \"hanzi/unihan_tables.hpp\"\n\nnamespace lifecircle::detail {\n\n"
                 "const UnihanEntry unihan_entries[] = {\n";
    for (const auto& [code, character] : characters) {
        const std::size_t first = references.size();
        for (const std::string& reading : character.readings) {
            const auto [found, added] = reading_index.emplace(reading, reading_texts.size());
            if (added) {
                reading_texts.push_back(reading);
            }
            references.push_back(found->second);
        }
        std::cout << "    {0x" << std::hex << code << std::dec << ", " << character.level << ", " << first << ", "
                  << character.readings.size() << ", 0x" << std::hex << character.simplified << ", 0x"
                  << character.standard_variant << std::dec << "},\n";
    }
    std::cout << "};\nconst std::size_t unihan_entry_count = " << characters.size() << ";\n\n"
              << "const char* const unihan_readings[] = {\n";
    for (const std::string& reading : reading_texts) {
        std::cout << "    \"" << reading << "\",\n";
    }
    std::cout << "};\n\nconst std::uint16_t unihan_reading_references[] = {\n";
    for (std::size_t index = 0; index < references.size(); ++index) {
        std::cout << (index % 16 == 0 ? "    " : " ") << references[index] << ","
                  << (index % 16 == 15 ? "\n" : "");
    }
    std::cout << "\n};\n\n} // namespace lifecircle::detail\n";
    return 0;
}
