// Lengths keep their unit through arithmetic; a plain number leaves only by .value.

#include "lifecircle/geo.hpp"

#include <doctest/doctest.h>

#include <type_traits>

using namespace lifecircle;

TEST_CASE("metres add, subtract, scale and divide as lengths do") {
    constexpr Metres along{120.0};
    constexpr Metres connector{30.0};
    static_assert(std::is_same_v<decltype(along + connector), Metres>);
    static_assert(std::is_same_v<decltype(along / connector), double>); // a ratio has no unit
    static_assert(!std::is_convertible_v<double, Metres>);              // 1000 is not 1,000 m by accident
    CHECK((along + connector).value == 150.0);
    CHECK((along - connector).value == 90.0);
    CHECK((-connector).value == -30.0);
    CHECK((along * 2.0).value == 240.0);
    CHECK((0.5 * along).value == 60.0);
    CHECK((along / 4.0).value == 30.0);
    CHECK(along / connector == 4.0);
    Metres walked = along;
    walked += connector;
    walked -= Metres{50.0};
    CHECK(walked.value == 100.0);
    CHECK(connector < along);
    CHECK(walking_distance(Minutes{15.0}, default_walking_speed) == Metres{1000.0});
}
