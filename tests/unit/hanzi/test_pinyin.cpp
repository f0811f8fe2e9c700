// Pinyin without tones, and the standard romanisation of place names.

#include "lifecircle/pinyin.hpp"

#include "test_support.hpp"

#include <algorithm>

using namespace lifecircle;

namespace {

bool contains(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

} // namespace

TEST_CASE("tones come off, ü stays") {
    CHECK(strip_tones("zhǎng") == "zhang");
    CHECK(strip_tones("lǚ") == "lü");
    CHECK(strip_tones("qiáo") == "qiao");
    CHECK(strip_tones("Wuhan") == "Wuhan");
}

TEST_CASE("romanisation: parts apart and capitalised, the apostrophe, polyphonic characters listed") {
    CHECK(romanise("洪山区").text == "Hongshan Qu");
    CHECK(romanise("珞南街道").text == "Luonan Jiedao");
    CHECK(romanise("西安市").text == "Xi'an Shi"); // an apostrophe before a syllable starting with a
    CHECK(romanise("天峨县").text == "Tian'e Xian");
    CHECK(romanise("硚口区").text == "Qiaokou Qu");
    const Romanisation changsha = romanise("长沙市");
    // 长's most customary reading is zhǎng, not the cháng of 长沙: that is why
    // polyphonic characters are listed for a person to confirm.
    CHECK(changsha.text == "Zhangsha Shi");
    CHECK(contains(changsha.polyphonic, "长"));
    CHECK_FALSE(contains(romanise("武汉市").polyphonic, "武"));
    const Romanisation latin = romanise("光谷K区");
    CHECK(contains(latin.unreadable, "K"));
}

TEST_CASE("toneless readings over every reading: homophones share one") {
    const auto changjiang = toneless_readings("长江");
    CHECK(contains(changjiang, "chang jiang"));
    CHECK(contains(changjiang, "zhang jiang"));
    const auto hongshan = toneless_readings("洪山");
    const auto red_hill = toneless_readings("红山");
    CHECK(contains(hongshan, "hong shan"));
    CHECK(contains(red_hill, "hong shan")); // 洪山 and 红山 sound alike
    CHECK_FALSE(contains(toneless_readings("江岸"), "hong shan"));
    CHECK(toneless_readings("行行行行行行行", 10).size() <= 10); // capped
    CHECK(contains(toneless_readings("西安"), "xi an"));
    CHECK_FALSE(contains(toneless_readings("先"), "xi an")); // xian is one syllable, xi'an two
    // A digit sounds as itself: 111街 and 120街 are not homophones.
    CHECK(toneless_readings("111街") == std::vector<std::string>{"1 1 1 jie"});
    CHECK(toneless_readings("120街") != toneless_readings("111街"));
}
