// Each boundary rule on its hand-made fixture (tests/data/boundaries/README.md),
// and the clean twin with none.

#include "lifecircle/boundary_check.hpp"

#include "test_support.hpp"

#include <ogr_geometry.h>

#include <map>
#include <set>

using namespace lifecircle;
using test::fixture;

namespace {

BoundaryCheckResult check(const std::string& townships, BoundaryTolerances tolerances = {}) {
    const UnitFields fields{"code", "name", "parent"};
    std::vector<BoundaryLevelSpec> levels{
        {"county", {fixture("boundaries/county.geojson"), {}, {}, false, {}, {}}, fields},
        {"township", {fixture("boundaries/" + townships + ".geojson"), {}, {}, false, {}, {}}, fields}};
    return check_boundaries(levels, tolerances);
}

std::map<std::string, int> counts(const BoundaryCheckResult& result) {
    std::map<std::string, int> by_rule;
    for (const BoundaryFinding& finding : result.findings) {
        ++by_rule[std::string(to_string(finding.rule))];
    }
    return by_rule;
}

const BoundaryFinding& only(const BoundaryCheckResult& result, const std::string& rule) {
    const BoundaryFinding* found = nullptr;
    for (const BoundaryFinding& finding : result.findings) {
        if (to_string(finding.rule) == rule) {
            REQUIRE(found == nullptr);
            found = &finding;
        }
    }
    REQUIRE(found != nullptr);
    return *found;
}

std::string geometry_type(const BoundaryFinding& finding) {
    OGRGeometry* geometry = nullptr;
    REQUIRE(OGRGeometryFactory::createFromWkb(finding.wkb_wgs84.data(), nullptr, &geometry, finding.wkb_wgs84.size()) ==
            OGRERR_NONE);
    const std::string name = OGRGeometryTypeToName(wkbFlatten(geometry->getGeometryType()));
    OGRGeometryFactory::destroyGeometry(geometry);
    return name;
}

// 0.001° of longitude by 0.01° of latitude at 30.5° N, in square metres, near enough for 2%.
constexpr double strip_m2 = 0.001 * 111'320.0 * 0.8616 * 0.01 * 110'850.0;

} // namespace

TEST_CASE("the clean grid has no finding at all") {
    const BoundaryCheckResult result = check("clean");
    CHECK(result.findings.empty());
    CHECK(result.working_crs == "EPSG:32650");
    REQUIRE(result.levels.size() == 2);
    CHECK(result.levels[1].report.features_used == 9);
}

TEST_CASE("geometry: empty, not a polygon, a ring too short, invalid with reason, place and repair") {
    const auto degenerate = check("degenerate");
    CHECK(counts(degenerate) ==
          std::map<std::string, int>{{"empty_geometry", 1}, {"not_polygon", 1}, {"ring_too_few_points", 1}});
    CHECK(only(degenerate, "empty_geometry").name == "十一街道");
    CHECK(only(degenerate, "empty_geometry").wkb_wgs84.empty()); // nowhere to draw it
    CHECK(only(degenerate, "not_polygon").message == "is a Line String, not a polygon");
    CHECK(only(degenerate, "ring_too_few_points").code == "420111009");

    const auto invalid = check("invalid");
    const BoundaryFinding& finding = only(invalid, "invalid_geometry");
    CHECK(finding.code == "420111001");
    CHECK(finding.message.find("Self-intersection") == 0);
    CHECK(geometry_type(finding) == "Point");
    // The ring crosses its south border (30.52 N) about 1 m east of the corner at 114.30 E.
    OGRGeometry* point = nullptr;
    OGRGeometryFactory::createFromWkb(finding.wkb_wgs84.data(), nullptr, &point, finding.wkb_wgs84.size());
    CHECK(point->toPoint()->getX() == doctest::Approx(114.30001).epsilon(1e-7));
    CHECK(point->toPoint()->getY() == doctest::Approx(30.52).epsilon(1e-7));
    OGRGeometryFactory::destroyGeometry(point);
    REQUIRE(invalid.levels[1].repairs.size() == 1);
    CHECK(invalid.levels[1].repairs[0].code == "420111001");
    CHECK(invalid.levels[1].repairs[0].reason.find("Self-intersection") == 0);
}

TEST_CASE("overlaps: a strip shared by two units, a unit inside another, a duplicate") {
    const auto overlap = check("overlap");
    const BoundaryFinding& strip = only(overlap, "overlap");
    CHECK(strip.code == "420111001");
    CHECK(strip.other_code == "420111002");
    CHECK(*strip.area_m2 == doctest::Approx(strip_m2).epsilon(0.02));
    CHECK(*strip.width_m == doctest::Approx(0.001 * 111'320.0 * 0.8616).epsilon(0.02));
    CHECK_FALSE(strip.sliver); // 96 m wide
    CHECK(geometry_type(strip) == "Polygon");

    const auto contained = check("contained");
    CHECK(counts(contained) == std::map<std::string, int>{{"overlap_contained", 1}});
    CHECK(only(contained, "overlap_contained").code == "420111010");
    CHECK(only(contained, "overlap_contained").other_code == "420111001");

    const auto duplicate = check("duplicate");
    CHECK(counts(duplicate) == std::map<std::string, int>{{"duplicate_geometry", 1}});
    CHECK(only(duplicate, "duplicate_geometry").other_code == "420111005");
}

TEST_CASE("gaps: the thin ring around the shrunk centre is a sliver gap") {
    const auto gap = check("gap");
    const BoundaryFinding& ring = only(gap, "gap");
    CHECK(ring.severity == Severity::error);
    CHECK(ring.sliver);
    // A thin ring: its width is the mean of its sides, 2.9 m east-west and 3.3 m north-south.
    CHECK(*ring.width_m > 2.9);
    CHECK(*ring.width_m < 3.3);
    // The ring is about 4 × 1 km long and ~3 m wide.
    CHECK(*ring.area_m2 > 8'000.0);
    CHECK(*ring.area_m2 < 14'000.0);
    // The county sees the same land as not covered by its townships.
    CHECK(only(gap, "parent_not_covered").code == "420111");
    // Wider than the gap width, it is a warning (a lake?).
    BoundaryTolerances wide;
    wide.gap_width = Metres{1.0};
    CHECK(only(check("gap", wide), "gap").severity == Severity::warning);
}

TEST_CASE("borders: a vertex the neighbour lacks, and a border pushed across another") {
    const auto mismatch = check("mismatch");
    CHECK(counts(mismatch) == std::map<std::string, int>{{"edge_mismatch", 1}});
    const BoundaryFinding& border = only(mismatch, "edge_mismatch");
    CHECK(border.code == "420111004");
    CHECK(border.other_code == "420111005");
    CHECK(border.message.find("does not match vertex for vertex") != std::string::npos);
    CHECK(geometry_type(border) == "Multi Line String");
    // A tolerance of 0 asks for exact matches only where borders touch or cross.
    BoundaryTolerances exact;
    exact.edge_distance = Metres{0.0};
    CHECK(counts(check("clean", exact)).empty());
}

TEST_CASE("nesting: a unit out of its parent, a parent not covered, a parent code that is no unit") {
    const auto outside = check("outside");
    const BoundaryFinding& out = only(outside, "outside_parent");
    CHECK(out.code == "420111003");
    CHECK(out.other_code == "420111");
    CHECK(*out.area_m2 == doctest::Approx(strip_m2).epsilon(0.02));

    const auto uncovered = check("uncovered");
    CHECK(counts(uncovered) == std::map<std::string, int>{{"parent_not_covered", 1}});
    CHECK(*only(uncovered, "parent_not_covered").area_m2 == doctest::Approx(10 * strip_m2).epsilon(0.02));
}

TEST_CASE("detached parts and enclaves, with the unit around them") {
    const auto detached = check("detached");
    CHECK(counts(detached) == std::map<std::string, int>{{"detached_part", 1}});
    const BoundaryFinding& part = only(detached, "detached_part");
    CHECK(part.code == "420111005");
    CHECK(part.other_code == "420111001");
    CHECK(part.severity == Severity::warning);
    CHECK(part.message.find("surrounded by 420111001 一街道 (100% of its border)") != std::string::npos);

    const auto enclave = check("enclave");
    CHECK(counts(enclave) == std::map<std::string, int>{{"enclave", 1}});
    CHECK(only(enclave, "enclave").code == "420111010");
    CHECK(only(enclave, "enclave").other_code == "420111001");
}

TEST_CASE("codes: format, duplicate, parent prefix, township range against the name, missing, unknown parent") {
    const auto codes = check("codes");
    CHECK(only(codes, "code_format").code == "42011100A");
    CHECK(only(codes, "code_duplicate").name == "三街道"); // the second to use 420111003
    CHECK(only(codes, "code_duplicate").other_name == "二街道");
    CHECK(only(codes, "code_parent_prefix").code == "420112004");
    const BoundaryFinding& generic = only(codes, "code_township_generic");
    CHECK(generic.code == "420111105");
    CHECK(generic.message.find("镇 (100-199)") != std::string::npos);
    CHECK(only(codes, "code_missing").name == "七街道");
    CHECK(only(codes, "parent_missing").message == "its parent code 420199 is no unit of level county");
    // As opaque identifiers, only the duplicate and the missing code remain (and the unknown parent).
    BoundaryTolerances any;
    any.codes = CodeStandard::any;
    const auto opaque = counts(check("codes", any));
    CHECK(opaque.count("code_format") == 0);
    CHECK(opaque.count("code_parent_prefix") == 0);
    CHECK(opaque.at("code_duplicate") == 1);
}

TEST_CASE(
    "the rule table: one entry per rule, each id once, documented in docs/check-boundaries.md with its severity") {
    const std::string documentation = test::read_text(test::source_dir() / "docs" / "check-boundaries.md");
    std::set<std::string_view> ids;
    for (const RuleDescription& rule : boundary_rules) {
        INFO(rule.id);
        CHECK(ids.insert(rule.id).second);
        CHECK_FALSE(rule.meaning.empty());
        const std::string row = "| `" + std::string(rule.id) + "` | " + std::string(to_string(rule.severity));
        CHECK(documentation.find(row) != std::string::npos);
    }
    CHECK(to_string(BoundaryRule::empty_geometry) == "empty_geometry");
    CHECK(to_string(BoundaryRule::code_township_generic) == "code_township_generic");
}
