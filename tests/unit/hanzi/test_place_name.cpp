// Place names: the specific part and the generic, NFC, and each character rule
// with a name that breaks it and one that does not.

#include "lifecircle/place_name.hpp"

#include "test_support.hpp"

#include <map>

using namespace lifecircle;

namespace {

std::map<std::string, std::string> rules(std::string_view name) {
    std::map<std::string, std::string> found;
    for (const CharacterFinding& finding : check_characters(name)) {
        found[std::string(to_string(finding.rule))] = finding.characters;
    }
    return found;
}

} // namespace

TEST_CASE("names split into the specific part and the longest generic they end with") {
    const auto split = [](std::string_view name) {
        const NameParts parts = split_place_name(name);
        return parts.specific + "|" + parts.generic;
    };
    CHECK(split("洪山区") == "洪山|区");
    CHECK(split("武汉市") == "武汉|市");
    CHECK(split("珞南街道") == "珞南|街道");
    CHECK(split("珞南街道办事处") == "珞南|街道办事处");
    CHECK(split("中南路社区") == "中南路|社区"); // not 中南路社 + 区
    CHECK(split("中南路社区居民委员会") == "中南路|社区居民委员会");
    CHECK(split("长阳土家族自治县") == "长阳土家族|自治县");
    CHECK(split("沙市区") == "沙市|区");
    CHECK(split("黄陂") == "黄陂|"); // no generic
    CHECK(split("区") == "区|");     // nothing would be left
}

TEST_CASE("NFC: a compatibility ideograph becomes the unified one") {
    CHECK(to_nfc("\xEF\xA4\x80") == "豈"); // U+F900 → U+8C48
    CHECK(to_nfc("洪山区") == "洪山区");
    CHECK(rules("\xEF\xA4\x80山").count("not_nfc") == 1);
}

TEST_CASE("each character rule fires on its example and stays silent on a clean name") {
    CHECK(rules("硚口区") == std::map<std::string, std::string>{{"char_level3", "硚"}});
    CHECK(rules("江岸区").empty());
    CHECK(rules("洪山區") == std::map<std::string, std::string>{{"char_traditional", "區"}});
    CHECK(rules("㘵坪村").at("char_not_standard") == "㘵"); // U+3635, Extension A, in no table
    CHECK(rules("黄砦村") == std::map<std::string, std::string>{{"char_variant", "砦"}});
    CHECK(rules("东湖风景区街道（武昌）") == std::map<std::string, std::string>{{"punctuation", "（）"}});
    CHECK(rules("光谷Ａ区").at("fullwidth_latin") == "Ａ");
    CHECK(rules(" 洪山区").at("stray_space") == " ");
    CHECK(rules("洪山\u3000区").at("stray_space") == "\u3000");
    CHECK(rules("关山(一)村").at("punctuation") == "()");
    CHECK(rules("阿依古丽·买买提村").empty()); // the middle dot of transliterated names
    CHECK(rules("光谷K区").count("mixed_script") == 1);
    CHECK(rules("\xBA\xBA\xBF\xDA").count("invalid_utf8") == 1); // 汉口 in GBK
    const auto findings = check_characters("硚口區");
    REQUIRE(findings.size() == 2);
    CHECK(describe(findings[0].rule).severity == Severity::warning); // level 3
    CHECK(findings[1].message == "區 (U+5340) is the traditional form of 区");
}
