#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include "test_support.hpp"

#include <boost/geometry.hpp>

#include <filesystem>

using namespace lifecircle;
using test::fixture;

TEST_CASE("units keep code, name, parent and polygons") {
    const UnitLayer units =
        read_unit_layer({fixture("grid/units.geojson"), {}, {}, false, {}, {}}, {"code", "name", "parent"});
    CHECK(units.codes == std::vector<std::string>{"420111001", "420111002"});
    CHECK(units.names == std::vector<std::string>{"甲街道", "乙街道"});
    CHECK(units.parent_codes == std::vector<std::string>{"420111", "420111"});
    const WorkingCrs crs = WorkingCrs::choose("EPSG:32650", {114.5, 30.5});
    const auto planar = project_polygons(units.wkb_wgs84, crs);
    REQUIRE(planar.size() == 2);
    // 200 m x 300 m and 300 m x 300 m, by construction (tests/data/grid/README.md).
    CHECK(boost::geometry::area(planar[0]) == doctest::Approx(60000.0).epsilon(1e-6));
    CHECK(boost::geometry::area(planar[1]) == doctest::Approx(90000.0).epsilon(1e-6));
}

TEST_CASE("a Shapefile whose .cpg declares GBK reads as UTF-8") {
    // The .dbf holds GBK bytes: 甲 is BC D7 in GBK (E7 94 B2 in UTF-8).
    const std::string dbf = test::read_text(fixture("gbk_units.dbf"));
    CHECK(dbf.find("\xBC\xD7") != std::string::npos);
    CHECK(dbf.find("\xE7\x94\xB2") == std::string::npos);
    const UnitLayer units = read_unit_layer({fixture("gbk_units.shp"), {}, {}, false, {}, {}}, {"code", "name", {}});
    CHECK(units.names == std::vector<std::string>{"甲街道", "乙街道"});
}

TEST_CASE("a GBK Shapefile that declares no encoding is refused, naming feature and field; named, it reads") {
    // The same .dbf without its .cpg: GDAL would pass the GBK bytes on as if UTF-8.
    test::ScratchDirectory scratch("gbk-no-cpg");
    for (const char* extension : {".shp", ".shx", ".dbf", ".prj"}) {
        std::filesystem::copy_file(fixture(std::string("gbk_units") + extension),
                                   scratch.path() / (std::string("units") + extension));
    }
    SourceSpec spec{scratch.path() / "units.shp", {}, {}, false, {}, {}};
    const Error undeclared = test::expect_error([&] { (void)read_unit_layer(spec, {"code", "name", {}}); });
    CHECK(undeclared.code() == ExitCode::input_invalid);
    CHECK(undeclared.context().file == spec.path.string());
    CHECK(undeclared.context().feature == "0");
    CHECK(undeclared.context().field == "name");
    CHECK(undeclared.message().find("bytes BC D7") != std::string::npos);
    CHECK(undeclared.message().find("not UTF-8") != std::string::npos);
    CHECK(undeclared.message().find("encoding") != std::string::npos);

    spec.encoding = "GBK";
    CHECK(read_unit_layer(spec, {"code", "name", {}}).names == std::vector<std::string>{"甲街道", "乙街道"});
    spec.encoding = "936"; // a Windows code page number, as a .cpg writes it
    CHECK(read_unit_layer(spec, {"code", "name", {}}).names == std::vector<std::string>{"甲街道", "乙街道"});
    CHECK(is_known_text_encoding("GB18030"));
    CHECK_FALSE(is_known_text_encoding("no-such-encoding"));
}

TEST_CASE("unit layers fail clearly") {
    const Error no_field = test::expect_error([] {
        (void)read_unit_layer({fixture("grid/units.geojson"), {}, {}, false, {}, {}}, {"adcode", {}, {}});
    });
    CHECK(no_field.context().field == "adcode");
    CHECK(no_field.code() == ExitCode::input_invalid);

    const Error points = test::expect_error([] {
        (void)read_unit_layer({fixture("grid/facility.geojson"), {}, {}, false, {}, {}}, {"name", {}, {}});
    });
    CHECK(points.message().find("not a polygon") != std::string::npos);
    CHECK(points.context().feature == "0");
}
