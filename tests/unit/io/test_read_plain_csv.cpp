// The plain CSV reader against GDAL's CSV driver: every file it reads must
// give what GDAL gives, and every file it leaves to GDAL must be one GDAL
// reads differently or refuses.

#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include "io/read_plain_csv.hpp"
#include "io/vector_source.hpp"

#include "test_support.hpp"

#include <cstdio>
#include <random>

using namespace lifecircle;

namespace {

SourceSpec spec_of(const std::filesystem::path& path, const std::string& crs = {}) {
    SourceSpec spec;
    spec.path = path;
    spec.crs = crs;
    return spec;
}

// Through GDAL, feature by feature: a filter that every row passes keeps the
// plain reader out.
PointLayer read_through_gdal(SourceSpec spec) {
    spec.where = "1 = 1";
    return read_point_layer(spec);
}

std::optional<PointLayer> read_plainly(const SourceSpec& spec) {
    const detail::VectorSource source(spec);
    return detail::read_plain_csv_points(source);
}

void check_same(const PointLayer& plain, const PointLayer& gdal) {
    REQUIRE(plain.feature_ids.size() == gdal.feature_ids.size());
    CHECK(plain.feature_ids == gdal.feature_ids);
    CHECK(plain.positions == gdal.positions); // exactly: both parse and transform the same text
    CHECK(plain.report.features_read == gdal.report.features_read);
    CHECK(plain.report.features_used == gdal.report.features_used);
    CHECK(plain.report.crs == gdal.report.crs);
    REQUIRE(plain.attributes.fields().size() == gdal.attributes.fields().size());
    for (std::size_t field = 0; field < gdal.attributes.fields().size(); ++field) {
        CAPTURE(gdal.attributes.fields()[field].name);
        CHECK(plain.attributes.fields()[field].name == gdal.attributes.fields()[field].name);
        CHECK(plain.attributes.fields()[field].type == gdal.attributes.fields()[field].type);
        REQUIRE(plain.attributes.row_count() == gdal.attributes.row_count());
        for (std::size_t row = 0; row < gdal.attributes.row_count(); ++row) {
            CAPTURE(row);
            CHECK(plain.attributes.value(row, field) == gdal.attributes.value(row, field));
        }
    }
}

// Writes `text`, reads it both ways and checks the plain reader took it.
PointLayer check_read_as_gdal_reads(const test::ScratchDirectory& scratch, const std::string& name,
                                    const std::string& text, const std::string& crs = {}) {
    CAPTURE(name);
    test::write_text(scratch.path() / name, text);
    const SourceSpec spec = spec_of(scratch.path() / name, crs);
    const std::optional<PointLayer> plain = read_plainly(spec);
    REQUIRE(plain.has_value());
    const PointLayer gdal = read_through_gdal(spec);
    check_same(*plain, gdal);
    CHECK(read_point_layer(spec).positions == gdal.positions); // the public reader takes the plain path
    return *plain;
}

} // namespace

TEST_CASE("the plain CSV reader gives what GDAL gives: values, nulls, ids and positions") {
    test::ScratchDirectory scratch("plain-csv");
    const PointLayer typed = check_read_as_gdal_reads(scratch, "typed.csv",
                                                      "id,name,lon,lat,w,code\n"
                                                      "1,,114.1,30.5,2.5,007\n"
                                                      "2,东区,114.2,30.6,,8\n"
                                                      "3,c d ,114.3,30.7,1e3,-9\n"
                                                      "4,e,114.4,30.8,-0.25,10\n");
    CHECK(typed.attributes.value(0, 1) == FieldValue{std::string()});            // empty text stays text
    CHECK(std::holds_alternative<std::monostate>(typed.attributes.value(1, 2))); // an empty number is null
    CHECK(typed.attributes.value(0, 3) == FieldValue{std::int64_t{7}});

    // Windows line ends, a byte-order mark, blank lines (which take no id), 经度/纬度 in front.
    const PointLayer windows = check_read_as_gdal_reads(
        scratch, "windows.csv", "\xEF\xBB\xBF经度,纬度,名称,人数\r\n114.5,30.4,甲,12\r\n\r\n114.6,30.5,乙,3\r\n\r\n");
    CHECK(windows.feature_ids == std::vector<std::int64_t>{1, 2});
    check_read_as_gdal_reads(scratch, "only_position.csv", "lat,lon\n30.5,114.5\n30.6,114.6");

    // A declared CRS: metres of CGCS2000 / 3-degree Gauss-Kruger CM 114E, and GCJ-02.
    check_read_as_gdal_reads(scratch, "projected.csv", "x,y,name\n500000,3380000,a\n512345.5,3390000.25,b\n",
                             "EPSG:4547");
    check_read_as_gdal_reads(scratch, "gcj.csv", "lng,lat\n114.3055,30.5928\n", "GCJ-02");
}

TEST_CASE("the plain CSV reader joins its pieces as GDAL reads the whole file") {
    // About 2.8 MB: three pieces read in parallel, with the header's types
    // settled by the values GDAL samples at the start.
    test::ScratchDirectory scratch("plain-csv-pieces");
    std::mt19937 random(17);
    std::uniform_real_distribution<double> lon(113.7, 115.1);
    std::uniform_real_distribution<double> lat(29.9, 31.4);
    std::uniform_int_distribution<int> people(0, 400);
    std::string text = "id,lon,lat,weight,kind,note\n";
    const char* const kinds[] = {"住宅", "school", "", "养老院"};
    char row[160];
    for (int id = 1; id <= 60000; ++id) {
        const int count = people(random);
        std::snprintf(row, sizeof row, "%d,%.7f,%.7f,%s,%s,%s\n", id, lon(random), lat(random),
                      count % 11 == 0 ? "" : std::to_string(count * 0.37).c_str(), kinds[id % 4],
                      id % 1000 == 0 ? "" : "x");
        text += row;
        if (id % 20000 == 0) {
            text += "\n"; // a blank line inside a piece or at its edge
        }
    }
    REQUIRE(text.size() > 2u << 20);
    const PointLayer layer = check_read_as_gdal_reads(scratch, "city.csv", text);
    CHECK(layer.positions.size() == 60000);
    CHECK(layer.feature_ids.back() == 60000);
}

TEST_CASE("what the plain CSV reader leaves to GDAL, GDAL reads or refuses") {
    test::ScratchDirectory scratch("plain-csv-declined");
    const auto declined = [&](const std::string& name, const std::string& text, const std::string& crs = {}) {
        CAPTURE(name);
        test::write_text(scratch.path() / name, text);
        CHECK_FALSE(read_plainly(spec_of(scratch.path() / name, crs)).has_value());
    };
    // Quotes can hold commas and line breaks: GDAL splits them.
    declined("quoted.csv", "name,lon,lat\n\"a, b\",114.5,30.5\n");
    const PointLayer quoted = read_point_layer(spec_of(scratch.path() / "quoted.csv"));
    CHECK(quoted.attributes.value(0, 0) == FieldValue{std::string("a, b")});

    // A row of another length, a position that is no number, or out of range.
    declined("short_row.csv", "name,lon,lat\na,114.5,30.5\nb,114.6\n");
    declined("no_position.csv", "name,lon,lat\na,114.5,30.5\nb,,30.6\n");
    CHECK(test::expect_error([&] { (void)read_point_layer(spec_of(scratch.path() / "no_position.csv")); })
              .context()
              .feature == "2");
    declined("degrees_out_of_range.csv", "name,lon,lat\na,514.5,30.5\n");
    declined("spaced_number.csv", "name,lon,lat\na, 114.5,30.5\n");

    // A number GDAL's sampled type does not hold: an integer column with a
    // decimal past the sample of the first megabyte.
    std::string text = "id,lon,lat\n";
    for (int id = 1; id <= 80000; ++id) {
        text += std::to_string(id) + ",114.5,30.5\n";
    }
    text += "2.5,114.5,30.5\n";
    declined("late_decimal.csv", text);

    // Dates (which GDAL reformats) and another encoding: read through GDAL.
    declined("dated.csv", "day,lon,lat\n2024-01-02,114.5,30.5\n");
    test::write_text(scratch.path() / "gbk.csv", "name,lon,lat\na,114.5,30.5\n");
    SourceSpec gbk = spec_of(scratch.path() / "gbk.csv");
    gbk.encoding = "GBK";
    CHECK_FALSE(read_plainly(gbk).has_value());
}
