// Each name rule on its hand-made fixture (tests/data/names/README.md), the
// gazetteer comparison, encodings, and duplicates and homophones checked
// against a brute-force pairwise comparison.

#include "lifecircle/boundary_check.hpp"
#include "lifecircle/division_code.hpp"
#include "lifecircle/messages.hpp"
#include "lifecircle/name_check.hpp"
#include "lifecircle/name_rule.hpp"
#include "lifecircle/pinyin.hpp"

#include "test_support.hpp"

#include <gdal_priv.h>
#include <iconv.h>
#include <ogrsf_frmts.h>

#include <map>
#include <random>
#include <set>

using namespace lifecircle;
using test::fixture;

namespace {

NameSourceSpec source(const std::filesystem::path& path, NameFields fields, std::string encoding = {}) {
    NameSourceSpec spec;
    spec.source.path = path;
    spec.fields = std::move(fields);
    spec.encoding = std::move(encoding);
    return spec;
}

const NameFields all_fields{"name", "code", "parent", "pinyin"};

// Rule → the names it was found on, in input order.
std::map<std::string, std::vector<std::string>> by_rule(const NameCheckResult& result) {
    std::map<std::string, std::vector<std::string>> rules;
    for (const NameFinding& finding : result.findings) {
        rules[std::string(to_string(finding.rule))].push_back(finding.code + " " + finding.name);
    }
    return rules;
}

std::set<std::string> pinyin_rules(std::string_view name, std::string_view pinyin) {
    std::set<std::string> rules;
    for (const CharacterFinding& finding : check_pinyin(name, pinyin)) {
        rules.insert(std::string(to_string(finding.rule)));
    }
    return rules;
}

} // namespace

TEST_CASE("division codes: prefixes, parents and kinds") {
    CHECK(is_division_code("420111"));
    CHECK(is_division_code("420111001201"));
    CHECK_FALSE(is_division_code("4201110012"));
    CHECK_FALSE(is_division_code("42011100120X"));
    CHECK(code_prefix("420000") == "42");
    CHECK(code_prefix("420100") == "4201");
    CHECK(code_prefix("420111001") == "420111001");
    CHECK(parent_prefix("420111001201") == "420111001");
    CHECK(parent_prefix("420111001") == "420111");
    CHECK(parent_prefix("420111") == "4201");
    CHECK(parent_prefix("420100") == "42");
    CHECK(parent_prefix("420000").empty());
    CHECK(township_kind("420111001") == TownshipKind::sub_district);
    CHECK(township_kind("420111101") == TownshipKind::town);
    CHECK(township_kind("420111201") == TownshipKind::township);
    CHECK_FALSE(township_kind("420111400").has_value());
    CHECK(township_kind_of_name("关山街道") == TownshipKind::sub_district);
    CHECK(township_kind_of_name("新安镇") == TownshipKind::town);
    CHECK(township_kind_of_name("哈达图苏木") == TownshipKind::township);
    CHECK_FALSE(township_kind_of_name("东湖风景区").has_value());
    CHECK(village_kind("420111001012") == VillageKind::community);
    CHECK(village_kind("420111001212") == VillageKind::village);
    CHECK(village_kind_of_name("关东社区居委会") == VillageKind::community);
    CHECK(village_kind_of_name("张家湾村委会") == VillageKind::village);
}

TEST_CASE("committees name their unit") {
    CHECK(canonical_name("多福巷社区居委会") == "多福巷社区");
    CHECK(canonical_name("多福巷居委会") == "多福巷社区");
    CHECK(canonical_name("王家村委会") == "王家村");
    CHECK(canonical_name("王家村村委会") == "王家村");
    CHECK(canonical_name("关山街道办事处") == "关山街道");
    CHECK(canonical_name("关山街道") == "关山街道");
}

TEST_CASE("romanisations checked against the rules and the readings") {
    CHECK(check_pinyin("洪山区", "Hongshan Qu").empty());
    CHECK(check_pinyin("西安市", "Xi'an Shi").empty());
    CHECK(check_pinyin("西安市", "Xi’an Shi").empty());    // the typographic apostrophe
    CHECK(check_pinyin("长沙市", "Chángshā Shì").empty()); // tone marks allowed
    CHECK(check_pinyin("绿岛村", "Lüdao Cun").empty());
    CHECK(pinyin_rules("西安市", "Xian Shi") == std::set<std::string>{"pinyin_apostrophe"});
    CHECK(pinyin_rules("洪山区", "Hong'shan Qu") == std::set<std::string>{"pinyin_apostrophe"});
    CHECK(pinyin_rules("洪山区", "hongshan qu") == std::set<std::string>{"pinyin_format"});
    CHECK(pinyin_rules("洪山区", "HongShan Qu") == std::set<std::string>{"pinyin_format"});
    CHECK(pinyin_rules("洪山区", "Hongshan  Qu") == std::set<std::string>{"pinyin_format"});
    CHECK(pinyin_rules("洪山区", "Hongshan-Qu") == std::set<std::string>{"pinyin_format"});
    CHECK(pinyin_rules("洪山区", "Hongshanqu") == std::set<std::string>{"pinyin_split"});
    CHECK(pinyin_rules("洪山区", "Hong Shan Qu") == std::set<std::string>{"pinyin_split"});
    CHECK(pinyin_rules("洪山区", "Hongsan Qu") == std::set<std::string>{"pinyin_reading"});
    CHECK(pinyin_rules("洪山区", "Hongshan") == std::set<std::string>{"pinyin_reading"}); // a syllable short
    CHECK(pinyin_rules("光谷K区", "Guanggu K Qu") == std::set<std::string>{"pinyin_unverifiable"});
    const std::vector<CharacterFinding> missing = check_pinyin("西安市", "Xian Shi");
    REQUIRE(missing.size() == 1);
    CHECK(missing[0].message.find("Xi'an Shi") != std::string::npos); // the correction is shown
    const std::vector<CharacterFinding> wrong = check_pinyin("北湖村", "Beihe Cun");
    REQUIRE(wrong.size() == 1);
    CHECK(wrong[0].characters == "湖");
}

TEST_CASE("each rule on its fixture row, and silence on the clean rows") {
    const NameCheckResult result = check_names({source(fixture("names/rules.csv"), all_fields)}, {});
    REQUIRE(result.records.size() == 22);
    const auto rules = by_rule(result);
    using Names = std::vector<std::string>;
    CHECK(rules.at("generic_code") == Names{"420111101 花山街道"});
    CHECK(rules.at("generic_code_village") == Names{"420111001012 光谷村", "420111001213 光谷社区"});
    CHECK(rules.at("duplicate_name") == Names{"420111001001 关东社区居委会", "420111001002 关东社区"});
    CHECK(rules.at("homophone") == Names{"420111001201 张家湾村", "420111001202 章家湾村"});
    CHECK(rules.at("name_missing") == Names{"420111001203 "});
    CHECK(rules.at("code_missing") == Names{" 洪山村"});
    CHECK(rules.at("code_format") == Names{"42011100120X 石门村"});
    CHECK(rules.at("code_duplicate") == Names{"420111001201 李桥村"});
    CHECK(rules.at("code_parent_prefix") == Names{"420111002205 桥头村"});
    CHECK(rules.at("char_traditional") == Names{"420111001206 洪山區村"});
    CHECK(rules.at("char_level3") == Names{"420111001207 硚口村"});
    CHECK(rules.at("char_variant") == Names{"420111001215 黄砦村"});
    CHECK(rules.at("pinyin_apostrophe") == Names{"420111001208 西安村"});
    CHECK(rules.at("pinyin_format") == Names{"420111001209 东湖村"});
    CHECK(rules.at("pinyin_split") == Names{"420111001210 南湖村"});
    CHECK(rules.at("pinyin_reading") == Names{"420111001211 北湖村"});
    CHECK(rules.size() == 16); // nothing else: 关山街道, 420112's 张家湾村 and 长江村 are clean
    CHECK(result.pinyin_checked == 7);

    // 关东社区居委会 and 关东社区 are one name; each finding lists the other.
    const auto duplicate = std::find_if(result.findings.begin(), result.findings.end(), [](const NameFinding& finding) {
        return finding.rule == NameRule::duplicate_name;
    });
    CHECK(duplicate->group == std::vector<std::string>{"420111001002 关东社区"});
    CHECK(duplicate->severity == Severity::error);
    const auto homophone = std::find_if(result.findings.begin(), result.findings.end(),
                                        [](const NameFinding& finding) { return finding.rule == NameRule::homophone; });
    CHECK(homophone->severity == Severity::warning);
    CHECK(homophone->message.find("zhang jia wan cun") != std::string::npos);
    CHECK(result.records[0].romanised == "Guanshan Jiedao");
    CHECK(result.records[2].romanised == "Guandong Shequ"); // the committee's unit, romanised
}

TEST_CASE("county-level names are unique in all of China") {
    const NameCheckResult result = check_names({source(fixture("names/counties.csv"), {"name", "code", {}, {}})}, {});
    CHECK(by_rule(result) ==
          std::map<std::string, std::vector<std::string>>{{"duplicate_name", {"420107 青山区", "150204 青山区"}}});
}

TEST_CASE("a gazetteer with an unclosed quote, or a code listed twice under two names, is refused") {
    test::ScratchDirectory scratch("gazetteer-ambiguous");
    NameCheckOptions options;
    options.gazetteer = scratch.path();
    const auto refused = [&](const std::string& streets) {
        test::write_text(scratch.path() / "streets.csv", "code,name,areaCode\n" + streets);
        return test::expect_error([&] {
            (void)check_names({source(fixture("names/against_gazetteer.csv"), {"name", "code", {}, {}})}, options);
        });
    };
    // Was: the quote swallowed the two rows after it, and 420111003 went missing.
    const Error quote =
        refused("420111001,\"关山街道,420111\n420111002,\"珞南街道\",420111\n420111003,卓刀泉街道,420111\n");
    CHECK(quote.code() == ExitCode::input_invalid);
    CHECK(quote.context().field == "name");
    CHECK(quote.message().find("a quote opened in this row is not closed") == 0);
    // Was: the second name was dropped without a word.
    const Error twice = refused("420111001,关山街道,420111\n420111001,卓刀泉街道,420111\n");
    CHECK(twice.code() == ExitCode::input_invalid);
    CHECK(twice.message() == "code 420111001 is listed twice: as '关山街道' and as '卓刀泉街道'; which is right?");
    // The same unit twice, same name, is harmless.
    test::write_text(scratch.path() / "streets.csv",
                     "code,name,areaCode\n420111001,关山街道,420111\n420111001,关山街道,420111\n");
    CHECK_NOTHROW(
        (void)check_names({source(fixture("names/against_gazetteer.csv"), {"name", "code", {}, {}})}, options));
}

TEST_CASE("codes against the gazetteer: renamed, unknown, missing, outside its coverage") {
    NameCheckOptions options;
    options.gazetteer = fixture("names/gazetteer");
    const NameCheckResult result =
        check_names({source(fixture("names/against_gazetteer.csv"), {"name", "code", {}, {}})}, options);
    using Names = std::vector<std::string>;
    const auto rules = by_rule(result);
    CHECK(rules.at("gazetteer_renamed") == Names{"420111002 珞喻街道"});
    CHECK(rules.at("gazetteer_unknown") == Names{"420111009 新竹街道"});
    CHECK(rules.at("gazetteer_missing") == Names{"420111003 卓刀泉街道"});
    CHECK(rules.size() == 3); // 关东社区 is 关东社区居委会; 南头街道 lies outside the gazetteer
    REQUIRE(result.gazetteer);
    CHECK(result.gazetteer->units == 8); // 2 areas, 武汉市 (市辖区 left out), 3 streets, 2 villages
    CHECK(result.gazetteer->outside_coverage == 1);
    // A gazetteer unit of the same scope takes part in the duplicate check.
    CHECK(result.findings.size() == 3);
}

TEST_CASE("a GBK gazetteer stops with its file and row until its encoding is named; named, it finds what UTF-8 finds") {
    // The fixture's gazetteer saved as GBK, as a bureau's export might be.
    const test::ScratchDirectory scratch("gazetteer-gbk");
    const std::filesystem::path gbk = scratch.path() / "gazetteer";
    std::filesystem::create_directory(gbk);
    for (const char* file : {"areas.csv", "cities.csv", "streets.csv", "villages.csv"}) {
        const std::string utf8 = test::read_text(fixture("names/gazetteer") / file);
        iconv_t to_gbk = iconv_open("GBK", "UTF-8");
        REQUIRE(to_gbk != reinterpret_cast<iconv_t>(-1));
        std::string in = utf8;
        std::string out(in.size() * 2, '\0');
        char* in_at = in.data();
        char* out_at = out.data();
        std::size_t in_left = in.size();
        std::size_t out_left = out.size();
        REQUIRE(iconv(to_gbk, &in_at, &in_left, &out_at, &out_left) != static_cast<std::size_t>(-1));
        iconv_close(to_gbk);
        out.resize(out.size() - out_left);
        test::write_text(gbk / file, out);
    }
    const auto check = [&](const std::string& encoding) {
        NameCheckOptions options;
        options.gazetteer = gbk;
        options.gazetteer_encoding = encoding;
        return check_names({source(fixture("names/against_gazetteer.csv"), {"name", "code", {}, {}})}, options);
    };
    const Error undeclared = test::expect_error([&] { (void)check(""); });
    CHECK(undeclared.code() == ExitCode::input_invalid);
    CHECK(undeclared.context().file.find("cities.csv") != std::string::npos);
    CHECK(undeclared.context().feature == "1");
    CHECK(undeclared.context().field == "name");
    CHECK(undeclared.message().find("not UTF-8") != std::string::npos);

    const auto rules = by_rule(check("GBK"));
    CHECK(rules.at("gazetteer_renamed") == std::vector<std::string>{"420111002 珞喻街道"});
    CHECK(rules.at("gazetteer_unknown") == std::vector<std::string>{"420111009 新竹街道"});
    CHECK(rules.at("gazetteer_missing") == std::vector<std::string>{"420111003 卓刀泉街道"});
    CHECK(rules.size() == 3);
}

TEST_CASE("GBK text: decoded when declared, every undecodable field reported with its row") {
    const NameCheckResult gbk = check_names({source(fixture("names/gbk.csv"), {"name", "code", {}, {}}, "GBK")}, {});
    REQUIRE(gbk.records.size() == 3);
    CHECK(gbk.records[0].name == "汉口街道");
    CHECK(gbk.records[1].name == "江岸街道");
    const auto rules = by_rule(gbk);
    REQUIRE(rules.count("undecodable") == 1);
    CHECK(rules.at("undecodable") == std::vector<std::string>{"420102003 "});
    const auto bad = std::find_if(gbk.findings.begin(), gbk.findings.end(),
                                  [](const NameFinding& finding) { return finding.rule == NameRule::undecodable; });
    CHECK(bad->message.find("feature 3") != std::string::npos);
    CHECK(bad->message.find("FF FE") != std::string::npos);
    CHECK(gbk.sources[0].undecodable == 1);
    CHECK(rules.count("name_missing") == 0); // undecodable is not missing

    // Read as UTF-8, no GBK name decodes, and none is lost.
    const NameCheckResult as_utf8 = check_names({source(fixture("names/gbk.csv"), {"name", "code", {}, {}})}, {});
    CHECK(as_utf8.records.size() == 3);
    CHECK(by_rule(as_utf8).at("undecodable").size() == 3);

    const Error unknown = test::expect_error([] {
        (void)check_names({source(fixture("names/gbk.csv"), {"name", "code", {}, {}}, "KLINGON")}, {});
    });
    CHECK(unknown.message().find("unknown text encoding 'KLINGON'") != std::string::npos);
}

TEST_CASE("a Shapefile's .cpg says how its text is encoded") {
    const test::ScratchDirectory scratch("names-shapefile");
    const std::filesystem::path shapefile = scratch.path() / "streets.shp";
    {
        GDALAllRegister();
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
        std::unique_ptr<GDALDataset> dataset(driver->Create(shapefile.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        const char* no_recoding[] = {"ENCODING=", nullptr};
        OGRSpatialReference wgs84;
        wgs84.SetWellKnownGeogCS("WGS84");
        OGRLayer* layer = dataset->CreateLayer("streets", &wgs84, wkbPoint, const_cast<char**>(no_recoding));
        OGRFieldDefn name("name", OFTString);
        layer->CreateField(&name);
        OGRFeature feature(layer->GetLayerDefn());
        feature.SetField("name", "\xBA\xBA\xBF\xDA\xBD\xD6\xB5\xC0"); // 汉口街道 in GBK
        OGRPoint point(114.29, 30.58);
        feature.SetGeometry(&point);
        REQUIRE(layer->CreateFeature(&feature) == OGRERR_NONE);
        OGRFeature traditional(layer->GetLayerDefn());
        traditional.SetField("name", "\xBA\xBA\xBF\xDA\x85\x5E"); // 汉口區 in GBK: a finding, placed
        OGRPoint place(114.30, 30.59);
        traditional.SetGeometry(&place);
        REQUIRE(layer->CreateFeature(&traditional) == OGRERR_NONE);
    }
    test::write_text(scratch.path() / "streets.cpg", "936\n");
    const NameCheckResult result = check_names({source(shapefile, {"name", {}, {}, {}})}, {});
    REQUIRE(result.records.size() == 2);
    CHECK(result.records[0].name == "汉口街道");
    CHECK(result.records[1].name == "汉口區");
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings[0].rule == NameRule::char_traditional);
    // The finding lies where its row does, in a layer QGIS opens.
    (void)write_name_check(result, scratch.path() / "out", VectorFormat::geojson);
    const auto layer = nlohmann::json::parse(test::read_text(scratch.path() / "out" / "findings_names.geojson"));
    REQUIRE(layer["features"].size() == 1);
    CHECK(layer["features"][0]["geometry"]["type"] == "MultiPoint"); // one geometry type per layer
    CHECK(layer["features"][0]["geometry"]["coordinates"][0][0].get<double>() == doctest::Approx(114.30));
    CHECK(layer["features"][0]["properties"]["rule"] == "char_traditional");

    // Without its .prj the names are still checked; the geometry is left aside, and the report says so.
    std::filesystem::remove(scratch.path() / "streets.prj");
    const NameCheckResult unplaced = check_names({source(shapefile, {"name", {}, {}, {}})}, {});
    REQUIRE(unplaced.records.size() == 2);
    CHECK(unplaced.records[1].wkb_wgs84.empty());
    CHECK(unplaced.findings.size() == 1);
    const auto& warnings = unplaced.sources[0].report.warnings;
    CHECK(std::find(warnings.begin(), warnings.end(),
                    "the layer declares no CRS: its geometry is not used, findings are not mapped") != warnings.end());
}

TEST_CASE("duplicates and homophones agree with a brute-force pairwise comparison") {
    // Village names from a few characters that share readings (张章 zhang, 湾弯 wan,
    // 长 chang/zhang), in two counties, some written as their committee.
    const test::ScratchDirectory scratch("names-brute-force");
    const std::vector<std::string> first{"张", "章", "长", "江", "姜"};
    const std::vector<std::string> second{"家", "湾", "弯", "岗"};
    const std::vector<std::string> generic{"村", "村委会"};
    std::mt19937 random(20261123);
    std::string csv = "code,name\n";
    struct Row {
        std::string code, name;
    };
    std::vector<Row> rows;
    for (int i = 0; i < 120; ++i) {
        const std::string county = i % 2 == 0 ? "420111" : "420112";
        const std::string name = first[random() % first.size()] + second[random() % second.size()] +
                                 second[random() % second.size()] + generic[random() % generic.size()];
        char code[16];
        std::snprintf(code, sizeof code, "001%03d", 200 + i);
        rows.push_back({county + code, name});
        csv += rows.back().code + "," + name + "\n";
    }
    test::write_text(scratch.path() / "villages.csv", csv);
    const NameCheckResult result = check_names({source(scratch.path() / "villages.csv", {"name", "code", {}, {}})}, {});

    std::set<std::string> duplicates_expected;
    std::set<std::string> homophones_expected;
    for (std::size_t a = 0; a < rows.size(); ++a) {
        for (std::size_t b = 0; b < rows.size(); ++b) {
            if (a == b || rows[a].code.substr(0, 6) != rows[b].code.substr(0, 6)) {
                continue;
            }
            const std::string name_a = canonical_name(rows[a].name);
            const std::string name_b = canonical_name(rows[b].name);
            if (name_a == name_b) {
                duplicates_expected.insert(rows[a].code);
                continue;
            }
            const std::vector<std::string> readings_a = toneless_readings(name_a);
            const std::vector<std::string> readings_b = toneless_readings(name_b);
            for (const std::string& reading : readings_a) {
                if (std::find(readings_b.begin(), readings_b.end(), reading) != readings_b.end()) {
                    homophones_expected.insert(rows[a].code);
                }
            }
        }
    }
    std::set<std::string> duplicates_found;
    std::set<std::string> homophones_found;
    for (const NameFinding& finding : result.findings) {
        (finding.rule == NameRule::duplicate_name ? duplicates_found : homophones_found).insert(finding.code);
        CHECK((finding.rule == NameRule::duplicate_name || finding.rule == NameRule::homophone));
    }
    CHECK(duplicates_found == duplicates_expected);
    CHECK(homophones_found == homophones_expected);
    CHECK(duplicates_expected.size() > 10); // the comparison is not vacuous
    CHECK(homophones_expected.size() > 10);
}

TEST_CASE("the outputs: findings.csv with groups, names.csv with romanisations, summary, report") {
    const test::ScratchDirectory scratch("names-output");
    const NameCheckResult result = check_names({source(fixture("names/rules.csv"), all_fields)}, {});
    const NameCheckSummary summary = write_name_check(result, scratch.path() / "out", VectorFormat::geojson);
    CHECK(summary.names == 22);
    const auto duplicates = std::find_if(summary.counts.by_rule.begin(), summary.counts.by_rule.end(),
                                         [](const auto& rule) { return rule.first == "duplicate_name"; });
    REQUIRE(duplicates != summary.counts.by_rule.end());
    CHECK(duplicates->second.count == 2);
    CHECK(summary.counts.errors + summary.counts.warnings == result.findings.size());
    // What was written reads back to the same figures.
    const auto written = nlohmann::ordered_json::parse(test::read_text(scratch.path() / "out" / "summary.json"));
    CHECK(to_document(from_document<NameCheckSummary>(written, "summary.json")) == written);
    const std::string findings = test::read_text(scratch.path() / "out" / "findings.csv");
    CHECK(findings.find("420111001002 关东社区") != std::string::npos);
    const std::string names = test::read_text(scratch.path() / "out" / "names.csv");
    CHECK(names.find("Guanshan Jiedao") != std::string::npos);
    CHECK(names.find("长") != std::string::npos); // 长江村: 长 to confirm
    const std::string report = test::read_text(scratch.path() / "out" / "report.html");
    CHECK(report.find("duplicate_name") != std::string::npos);
    CHECK(test::external_references(report).empty());
    CHECK_FALSE(std::filesystem::exists(scratch.path() / "out" / "findings_names.geojson")); // a table: no map layer
}

TEST_CASE("a homophone shows the shared reading nearest the customary one") {
    const test::ScratchDirectory scratch("names-homophone-reading");
    test::write_text(scratch.path() / "names.csv",
                     "code,name\n420111008004,盛世花园社区居民委员会\n420111004014,城市花园社区居民委员会\n");
    const NameCheckResult result = check_names({source(scratch.path() / "names.csv", {"name", "code", {}, {}})}, {});
    REQUIRE(result.findings.size() == 2);
    // 盛 reads shèng and chéng, 区 qū and ōu: "she ou" is shared too, but further from how it is said.
    CHECK(result.findings[0].message.find("(toneless: cheng shi hua yuan she qu)") != std::string::npos);
}

TEST_CASE("the rule table: one entry per rule, each id once, documented in docs/check-names.md with its severity") {
    const std::string documentation = test::read_text(test::source_dir() / "docs" / "check-names.md");
    std::set<std::string_view> ids;
    for (const RuleDescription& rule : name_rules) {
        INFO(rule.id);
        CHECK(ids.insert(rule.id).second);
        CHECK_FALSE(rule.meaning.empty());
        const std::string row = "| `" + std::string(rule.id) + "` | " + std::string(to_string(rule.severity)) + " |";
        CHECK(documentation.find(row) != std::string::npos);
    }
    CHECK(to_string(NameRule::undecodable) == "undecodable");
    CHECK(to_string(NameRule::pinyin_unverifiable) == "pinyin_unverifiable");
    CHECK(describe(NameRule::homophone).severity == Severity::warning);
}

TEST_CASE("every rule of both checks has a Chinese meaning for the reports") {
    std::size_t rules = 0;
    for (const auto& table :
         {std::span<const RuleDescription>(boundary_rules), std::span<const RuleDescription>(name_rules)}) {
        for (const RuleDescription& rule : table) {
            INFO(rule.id);
            const std::optional<std::string_view> chinese = rule_meaning(Language::zh, rule.id);
            REQUIRE(chinese.has_value());
            CHECK_FALSE(chinese->empty());
            CHECK_FALSE(rule_meaning(Language::en, rule.id).has_value()); // English is the check's own
            ++rules;
        }
    }
    CHECK(rules == boundary_rules.size() + name_rules.size());
    CHECK_FALSE(rule_meaning(Language::zh, "no_such_rule").has_value());
}
