// Township kinds from codes (GB/T 10114), and judging a value against a target.

#include "lifecircle/indicators.hpp"

#include <doctest/doctest.h>

using namespace lifecircle;

TEST_CASE("township kind from the digits after the county's six") {
    CHECK(township_kind("420111001") == TownshipKind::sub_district);
    CHECK(township_kind("420111099") == TownshipKind::sub_district);
    CHECK(township_kind("420111100") == TownshipKind::town);
    CHECK(township_kind("420111199") == TownshipKind::town);
    CHECK(township_kind("420111200") == TownshipKind::township);
    CHECK(township_kind("420111399") == TownshipKind::township);
    CHECK(township_kind("420111001005") == TownshipKind::sub_district); // a community: its township's kind
    CHECK_FALSE(township_kind("420111400").has_value()); // 400-599: farms, development zones
    CHECK_FALSE(township_kind("420111000").has_value());
    CHECK_FALSE(township_kind("420111").has_value());
    CHECK_FALSE(township_kind("42011100A").has_value());
}

TEST_CASE("judging: met within the range, the gap to the nearer bound otherwise, undefined never met") {
    TargetResult result;
    result.spec.min = 0.9;
    result.value = 0.75;
    judge(result);
    CHECK_FALSE(result.met);
    CHECK(result.gap == doctest::Approx(0.15));
    result.value = 0.9;
    judge(result);
    CHECK(result.met);
    CHECK(result.gap == 0.0);
    result.spec.max = 0.95;
    result.value = 0.97;
    judge(result);
    CHECK_FALSE(result.met);
    CHECK(result.gap == doctest::Approx(0.02));
    result.value.reset();
    judge(result);
    CHECK_FALSE(result.met);
}
