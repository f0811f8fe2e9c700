// Character data from Unihan, as generated at build time: known facts, and
// every kTGH and kTGHZ2013 entry of the installed files read again here.

#include "lifecircle/hanzi.hpp"

#include "test_support.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>

using namespace lifecircle;

namespace {

char32_t single(const char* utf8) {
    const auto decoded = hanzi::decode_utf8(utf8);
    REQUIRE(decoded);
    REQUIRE(decoded->size() == 1);
    return decoded->front();
}

bool has(const std::vector<std::string_view>& readings, std::string_view reading) {
    return std::find(readings.begin(), readings.end(), reading) != readings.end();
}

} // namespace

TEST_CASE("known facts: levels, several readings, simplified forms") {
    CHECK(hanzi::standard_level(single("硚")) == 3); // 硚口区: a level-3 character
    CHECK(hanzi::standard_level(single("武")) == 1);
    CHECK(hanzi::standard_level(single("汉")) == 1);
    CHECK(hanzi::standard_level(single("們")) == 0); // traditional: not in the table
    CHECK(hanzi::standard_level(U'A') == 0);
    const auto chang = hanzi::readings(single("长"));
    CHECK(has(chang, "cháng"));
    CHECK(has(chang, "zhǎng"));
    CHECK(has(hanzi::readings(single("行")), "háng"));
    CHECK(has(hanzi::readings(single("行")), "xíng"));
    CHECK(hanzi::readings(single("硚")) == std::vector<std::string_view>{"qiáo"});
    CHECK(hanzi::simplified_form(single("們")) == single("们"));
    CHECK(hanzi::simplified_form(single("長")) == single("长"));
    CHECK_FALSE(hanzi::simplified_form(single("长")));
    CHECK(hanzi::standard_variant(single("砦")) == single("寨")); // kSemanticVariant
    CHECK_FALSE(hanzi::standard_variant(single("寨")));          // listed itself
    CHECK_FALSE(hanzi::standard_variant(single("塚")));          // only a specialized variant (中), not taken
    CHECK(hanzi::standard_level_size(1) == 3500);
    CHECK(hanzi::standard_level_size(2) == 3000);
    CHECK(hanzi::standard_level_size(3) == 1605);
}

TEST_CASE("UTF-8 decoding accepts Unicode and refuses what is not UTF-8") {
    CHECK(hanzi::decode_utf8("洪山区 A") == std::u32string{U'洪', U'山', U'区', U' ', U'A'});
    CHECK(hanzi::decode_utf8("𠀀") == std::u32string{U'\U00020000'}); // four bytes (CJK Extension B)
    CHECK_FALSE(hanzi::decode_utf8("\xBA\xBA")); // 汉 in GBK
    CHECK_FALSE(hanzi::decode_utf8("\xC0\xAF")); // overlong '/'
    CHECK_FALSE(hanzi::decode_utf8("\xED\xA0\x80")); // a surrogate
    CHECK_FALSE(hanzi::decode_utf8("\xE6\xB1")); // cut short
}

TEST_CASE("every kTGH level and kTGHZ2013 reading of the installed Unihan files") {
    const std::filesystem::path directory = "/usr/share/unicode";
    if (!std::filesystem::exists(directory / "Unihan_OtherMappings.txt.bz2")) {
        MESSAGE("skipped: Debian's unicode-data is not installed");
        return;
    }
    const std::string command = "bzcat " + (directory / "Unihan_OtherMappings.txt.bz2").string() + " " +
                                (directory / "Unihan_Readings.txt.bz2").string();
    const std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    REQUIRE(pipe);
    char buffer[4096];
    std::size_t levels = 0;
    std::size_t readings = 0;
    std::size_t wrong = 0;
    while (std::fgets(buffer, sizeof buffer, pipe.get()) != nullptr) {
        if (std::string_view(buffer).substr(0, 2) != "U+") {
            continue; // comments and blank lines
        }
        std::istringstream line(buffer);
        std::string code;
        std::string property;
        std::string value;
        line >> code >> property;
        std::getline(line >> std::ws, value);
        if (property != "kTGH" && property != "kTGHZ2013") {
            continue;
        }
        const auto character = static_cast<char32_t>(std::stoul(code.substr(2), nullptr, 16));
        if (property == "kTGH") {
            const int number = std::stoi(value.substr(value.find(':') + 1));
            const int expected = number <= 3500 ? 1 : number <= 6500 ? 2 : 3;
            wrong += hanzi::standard_level(character) == expected ? 0U : 1U;
            ++levels;
        } else {
            std::istringstream entries(value);
            std::string entry;
            while (entries >> entry) {
                wrong += has(hanzi::readings(character), entry.substr(entry.find(':') + 1)) ? 0U : 1U;
                ++readings;
            }
        }
    }
    CHECK(levels == 8105);
    CHECK(readings > 8105); // some characters have several
    CHECK(wrong == 0);
}
