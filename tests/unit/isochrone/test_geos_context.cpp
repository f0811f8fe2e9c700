// GEOS failures end as Error (exit 5) naming the input the caller was working
// on, and a predicate GEOS cannot answer is an error, not a "false".

#include "geos/geos_context.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace lifecircle;

namespace {

detail::GeosContext::Geometry square(const detail::GeosContext& geos) {
    return geos.own(GEOSGeomFromWKT_r(geos.handle(), "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"), "WKT reading");
}

} // namespace

TEST_CASE("a GEOS failure names the subject it happened on, and the one before returns after") {
    const detail::GeosContext geos;
    const ErrorContext township = ErrorContext::in_file("units.gpkg").with_layer("township");
    const auto level = geos.about(township);
    {
        const auto unit = geos.about(township.with_feature("7"));
        try {
            (void)geos.own(GEOSGeomFromWKT_r(geos.handle(), "POLYGON ((0 0, 1"), "WKT reading");
            FAIL("GEOS read a truncated WKT");
        } catch (const Error& error) {
            CHECK(error.code() == ExitCode::input_invalid);
            CHECK(error.context().file == "units.gpkg");
            CHECK(error.context().feature == "7");
            CHECK(error.message().find("GEOS WKT reading failed: ") == 0);
            CHECK(error.message().size() > std::string("GEOS WKT reading failed: ").size()); // GEOS's reason
        }
    }
    const auto a = square(geos);
    try {
        // GEOS rejects a pattern that is not nine DE-9IM characters: the answer is 2, "could not decide".
        (void)geos.holds(GEOSRelatePattern_r(geos.handle(), a.get(), a.get(), "T*"), "relate");
        FAIL("an undecided predicate read as an answer");
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::input_invalid);
        CHECK(error.context().layer == "township");
        CHECK(error.context().feature.empty()); // the unit's subject ended with its scope
        CHECK(error.message().find("GEOS relate failed") == 0);
    }
    CHECK(geos.holds(GEOSRelatePattern_r(geos.handle(), a.get(), a.get(), "T********"), "relate"));
    CHECK_FALSE(geos.holds(GEOSDisjoint_r(geos.handle(), a.get(), a.get()), "disjoint"));
}
