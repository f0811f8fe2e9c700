#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include "test_support.hpp"

#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

using namespace lifecircle;

namespace {

// A square with its exterior ring clockwise: RFC 7946 wants it reversed.
std::vector<unsigned char> clockwise_square_wkb() {
    OGRPolygon polygon;
    OGRLinearRing ring;
    ring.addPoint(114.50, 30.48);
    ring.addPoint(114.51, 30.48);
    ring.addPoint(114.51, 30.47);
    ring.addPoint(114.50, 30.47);
    ring.closeRings();
    polygon.addRing(&ring);
    std::vector<unsigned char> wkb(polygon.WkbSize());
    polygon.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    return wkb;
}

double signed_area(const nlohmann::json& ring) {
    double twice_area = 0.0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        twice_area += ring[i][0].get<double>() * ring[i + 1][1].get<double>() -
                      ring[i + 1][0].get<double>() * ring[i][1].get<double>();
    }
    return twice_area / 2.0;
}

OutputLayer sample_points() {
    OutputLayer layer;
    layer.name = "sample";
    layer.points = {{114.5, 30.48}, {114.51, 30.49}};
    layer.attributes =
        AttributeTable({{"name", FieldType::string}, {"count", FieldType::integer}, {"share", FieldType::real}});
    layer.attributes.add_row({std::string("光谷"), std::int64_t{3}, 0.25});
    layer.attributes.add_row({std::string("关山"), FieldValue{}, std::numeric_limits<double>::infinity()});
    return layer;
}

} // namespace

TEST_CASE("GeoJSON output follows RFC 7946: counter-clockwise exteriors, lon/lat") {
    test::ScratchDirectory scratch("geojson");
    OutputLayer layer;
    layer.name = "units";
    layer.wkb_wgs84 = {clockwise_square_wkb()};
    layer.attributes = AttributeTable({{"code", FieldType::string}});
    layer.attributes.add_row({std::string("420111001")});
    write_layer(layer, VectorFormat::geojson, scratch.path() / "units.geojson");

    const auto document = nlohmann::json::parse(test::read_text(scratch.path() / "units.geojson"));
    CHECK_FALSE(document.contains("crs")); // RFC 7946 has no crs member
    const auto& geometry = document["features"][0]["geometry"];
    CHECK(geometry["type"] == "MultiPolygon");
    const auto& exterior = geometry["coordinates"][0][0];
    CHECK(signed_area(exterior) > 0.0);
    CHECK(exterior[0][0].get<double>() > 100.0); // longitude first
    CHECK(document["features"][0]["properties"]["code"] == "420111001");
}

TEST_CASE("a layer of polygons and multipolygons has one type, MultiPolygon, in every format") {
    // A district layer as read: one-part polygons beside two-part ones, one
    // with a hole drawn the wrong way round.
    const auto wkb_of = [](const char* wkt) {
        OGRGeometry* geometry = nullptr;
        REQUIRE(OGRGeometryFactory::createFromWkt(wkt, nullptr, &geometry) == OGRERR_NONE);
        std::vector<unsigned char> wkb(static_cast<std::size_t>(geometry->WkbSize()));
        geometry->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        OGRGeometryFactory::destroyGeometry(geometry);
        return wkb;
    };
    OutputLayer layer;
    layer.name = "districts";
    layer.wkb_wgs84 = {
        wkb_of("POLYGON((114 30,114.1 30,114.1 30.1,114 30.1,114 30),"
               "(114.02 30.02,114.08 30.02,114.08 30.08,114.02 30.08,114.02 30.02))"),
        wkb_of("MULTIPOLYGON(((114.2 30,114.3 30,114.3 30.1,114.2 30)),((114.4 30,114.5 30,114.5 30.1,114.4 30)))"),
        wkb_of("MULTIPOLYGON(((114.6 30,114.7 30,114.7 30.1,114.6 30)))"),
        {}};
    layer.attributes = AttributeTable({{"name", FieldType::string}});
    for (const char* name : {"江岸区", "江汉区", "硚口区", "无界"}) {
        layer.attributes.add_row({std::string(name)});
    }
    test::ScratchDirectory scratch("multi");
    const auto geojson = scratch.path() / "districts.geojson";
    write_layer(layer, VectorFormat::geojson, geojson);
    const auto document = nlohmann::json::parse(test::read_text(geojson));
    REQUIRE(document["features"].size() == 4);
    for (std::size_t row = 0; row < 3; ++row) {
        CAPTURE(row);
        const auto& geometry = document["features"][row]["geometry"];
        CHECK(geometry["type"] == "MultiPolygon");
        for (const auto& polygon : geometry["coordinates"]) {
            CHECK(signed_area(polygon[0]) > 0.0);
            for (std::size_t hole = 1; hole < polygon.size(); ++hole) {
                CHECK(signed_area(polygon[hole]) < 0.0);
            }
        }
    }
    CHECK(document["features"][0]["geometry"]["coordinates"][0].size() == 2); // the hole is kept
    CHECK(document["features"][1]["geometry"]["coordinates"].size() == 2);
    CHECK(document["features"][3]["geometry"].is_null());

    for (const VectorFormat format : {VectorFormat::geojson, VectorFormat::gpkg, VectorFormat::flatgeobuf}) {
        const auto file = scratch.path() / ("read-back" + file_extension(format));
        write_layer(layer, format, file);
        GDALDataset* dataset = GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR);
        REQUIRE(dataset != nullptr);
        OGRLayer* read = dataset->GetLayer(0);
        CAPTURE(file_extension(format));
        std::size_t multipolygons = 0;
        for (const auto& feature : *read) {
            const OGRGeometry* geometry = feature->GetGeometryRef();
            multipolygons += geometry != nullptr && wkbFlatten(geometry->getGeometryType()) == wkbMultiPolygon;
        }
        CHECK(multipolygons == 3);
        if (format != VectorFormat::geojson) { // GeoJSON declares no layer type; GDAL guesses it
            CHECK(wkbFlatten(read->GetGeomType()) == wkbMultiPolygon);
        }
        GDALClose(dataset);
    }
}

TEST_CASE("points and attributes survive GeoJSON, GeoPackage, FlatGeobuf and CSV; non-finite values become null") {
    test::ScratchDirectory scratch("formats");
    const OutputLayer layer = sample_points();
    for (const VectorFormat format :
         {VectorFormat::geojson, VectorFormat::gpkg, VectorFormat::flatgeobuf, VectorFormat::csv}) {
        const auto file = scratch.path() / ("sample" + file_extension(format));
        write_layer(layer, format, file);
        SourceSpec spec;
        spec.path = file;
        const PointLayer read = read_point_layer(spec);
        CAPTURE(file.string());
        REQUIRE(read.positions.size() == 2);
        const auto name = read.attributes.field_index("name");
        const auto share = read.attributes.field_index("share");
        REQUIRE(name);
        REQUIRE(share);
        // FlatGeobuf's spatial index orders features along a Hilbert curve: find the row by its name.
        const std::size_t second = std::get<std::string>(read.attributes.value(0, *name)) == "关山" ? 0 : 1;
        CHECK(std::get<std::string>(read.attributes.value(second, *name)) == "关山");
        CHECK(read.positions[second].lon == doctest::Approx(114.51));
        CHECK(read.positions[second].lat == doctest::Approx(30.49));
        CHECK(std::holds_alternative<std::monostate>(read.attributes.value(second, *share)));
    }
    const std::string csv = test::read_text(scratch.path() / "sample.csv");
    CHECK(csv.rfind("\xEF\xBB\xBFlon,lat,name,count,share\n", 0) == 0); // BOM for Excel, then the header
}

TEST_CASE("output formats are named as GDAL users name them") {
    CHECK(parse_vector_format("GeoJSON") == VectorFormat::geojson);
    CHECK(parse_vector_format("gpkg") == VectorFormat::gpkg);
    CHECK(parse_vector_format("FlatGeobuf") == VectorFormat::flatgeobuf);
    CHECK(parse_vector_format("CSV") == VectorFormat::csv);
    CHECK(test::expect_error([] { (void)parse_vector_format("KML"); }).code() == ExitCode::usage);
}

TEST_CASE("an unwritable destination is an output error") {
    const Error error = test::expect_error(
        [] { write_layer(sample_points(), VectorFormat::geojson, "/proc/lifecircle-cannot-write-here.geojson"); });
    CHECK(error.code() == ExitCode::output_failed);
}

TEST_CASE("CSV is written as GDAL's CSV driver writes it, byte for byte, and reads back") {
    // Awkward text (separators, quotes, line breaks, Chinese), nulls, and reals
    // that need all 15 significant digits or an exponent.
    OutputLayer layer;
    layer.name = "awkward";
    layer.points = {{114.3052, 30.5928}, {-0.1, 1e-7}, {179.999999999, -89.5}};
    layer.attributes = AttributeTable({{"name", FieldType::string},
                                       {"count", FieldType::integer},
                                       {"share", FieldType::real},
                                       {"note, with comma", FieldType::string}});
    layer.attributes.add_row(
        {std::string("a,b"), std::int64_t{-9007199254740993}, 0.1 + 0.2, std::string("say \"hi\"")});
    layer.attributes.add_row({std::string("两行\n文本"), FieldValue{}, 1.0 / 3.0, std::string(" spaced ")});
    layer.attributes.add_row({std::string(""), std::int64_t{0}, 6.02214076e23, FieldValue{}});

    test::ScratchDirectory scratch("csv");
    const auto ours = scratch.path() / "ours.csv";
    write_layer(layer, VectorFormat::csv, ours);

    // The same rows through GDAL's CSV driver with the options lifecircle used before.
    const auto theirs = scratch.path() / "theirs.csv";
    {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("CSV");
        REQUIRE(driver != nullptr);
        GDALDataset* dataset = driver->Create(theirs.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr);
        REQUIRE(dataset != nullptr);
        const char* const options[] = {"WRITE_BOM=YES", "STRING_QUOTING=IF_NEEDED", nullptr};
        OGRLayer* output = dataset->CreateLayer("theirs", nullptr, wkbNone, const_cast<char**>(options));
        REQUIRE(output != nullptr);
        for (const char* name : {"lon", "lat"}) {
            OGRFieldDefn field(name, OFTReal);
            output->CreateField(&field);
        }
        const OGRFieldType types[] = {OFTString, OFTInteger64, OFTReal, OFTString};
        for (std::size_t i = 0; i < layer.attributes.fields().size(); ++i) {
            OGRFieldDefn field(layer.attributes.fields()[i].name.c_str(), types[i]);
            output->CreateField(&field);
        }
        for (std::size_t row = 0; row < layer.points.size(); ++row) {
            OGRFeature feature(output->GetLayerDefn());
            feature.SetField(0, layer.points[row].lon);
            feature.SetField(1, layer.points[row].lat);
            for (int field = 0; field < 4; ++field) {
                const FieldValue value = layer.attributes.value(row, static_cast<std::size_t>(field));
                if (const auto* text = std::get_if<std::string>(&value)) {
                    feature.SetField(field + 2, text->c_str());
                } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
                    feature.SetField(field + 2, static_cast<GIntBig>(*integer));
                } else if (const auto* real = std::get_if<double>(&value)) {
                    feature.SetField(field + 2, *real);
                }
            }
            REQUIRE(output->CreateFeature(&feature) == OGRERR_NONE);
        }
        GDALClose(dataset);
    }
    CHECK(test::read_text(ours) == test::read_text(theirs));

    SourceSpec spec;
    spec.path = ours;
    const PointLayer read = read_point_layer(spec);
    REQUIRE(read.positions.size() == 3);
    CHECK(std::get<std::string>(read.attributes.value(1, *read.attributes.field_index("name"))) == "两行\n文本");
    CHECK(std::get<std::string>(read.attributes.value(0, *read.attributes.field_index("note, with comma"))) ==
          "say \"hi\"");
}

TEST_CASE("a CSV column that would repeat a name is refused, as GDAL's driver refused it") {
    OutputLayer layer = sample_points();
    layer.attributes = AttributeTable({{"LON", FieldType::real}});
    layer.attributes.add_row({1.0});
    layer.attributes.add_row({2.0});
    test::ScratchDirectory scratch("csv-duplicate");
    const Error error = test::expect_error([&] { write_layer(layer, VectorFormat::csv, scratch.path() / "x.csv"); });
    CHECK(error.code() == ExitCode::output_failed);
    CHECK(std::string(error.what()).find("'LON'") != std::string::npos);

    // The driver's own refusal, which this keeps.
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("CSV");
    REQUIRE(driver != nullptr);
    GDALDataset* dataset =
        driver->Create((scratch.path() / "gdal.csv").string().c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    REQUIRE(dataset != nullptr);
    OGRLayer* output = dataset->CreateLayer("gdal", nullptr, wkbNone, nullptr);
    OGRFieldDefn lon("lon", OFTReal);
    OGRFieldDefn upper("LON", OFTReal);
    CHECK(output->CreateField(&lon) == OGRERR_NONE);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CHECK(output->CreateField(&upper) != OGRERR_NONE);
    CPLPopErrorHandler();
    GDALClose(dataset);
}

TEST_CASE("GeoJSON points are written straight from the columns: strict JSON, the types GDAL reads, exact reals") {
    // Awkward text (quotes, backslashes, control characters, Chinese), nulls,
    // reals GDAL's own writer would round (0.1 + 0.2), whole reals, and 2^53 + 1.
    OutputLayer layer;
    layer.name = "demand \"光谷\"";
    layer.points = {{114.30524999, 30.59280001}, {-0.00000001, 1e-9}, {179.999999999, -89.5}, {-180.0, 0.0}};
    layer.attributes = AttributeTable({{"name", FieldType::string},
                                       {"count", FieldType::integer},
                                       {"share", FieldType::real},
                                       {"note/slash", FieldType::string}});
    layer.attributes.add_row(
        {std::string("a\"b\\c\t\n\x01 两行"), std::int64_t{9007199254740993}, 0.1 + 0.2, std::string("x/y")});
    layer.attributes.add_row({FieldValue{}, std::int64_t{-7}, 100.0, std::string("")});
    layer.attributes.add_row({std::string("é"), FieldValue{}, 6.02214076e23, FieldValue{}});
    layer.attributes.add_row({std::string("z"), std::int64_t{0}, -0.0, std::string("q")});

    test::ScratchDirectory scratch("geojson-points");
    const auto ours = scratch.path() / "ours.geojson";
    write_layer(layer, VectorFormat::geojson, ours);

    // A strict JSON parser accepts it, and it is RFC 7946: no crs member.
    const auto document = nlohmann::json::parse(test::read_text(ours));
    CHECK(document["type"] == "FeatureCollection");
    CHECK(document["name"] == "demand \"光谷\"");
    CHECK_FALSE(document.contains("crs"));
    REQUIRE(document["features"].size() == 4);
    CHECK(document["features"][0]["geometry"]["coordinates"][0].get<double>() == 114.30525);
    CHECK(document["features"][0]["geometry"]["coordinates"][1].get<double>() == 30.5928);

    // GDAL's reader, independent of the writer, sees every value and type as written.
    GDALDataset* dataset = GDALDataset::Open(ours.string().c_str(), GDAL_OF_VECTOR);
    REQUIRE(dataset != nullptr);
    OGRLayer* read = dataset->GetLayer(0);
    OGRFeatureDefn* definition = read->GetLayerDefn();
    REQUIRE(definition->GetFieldCount() == 4);
    CHECK(definition->GetFieldDefn(0)->GetType() == OFTString);
    CHECK(definition->GetFieldDefn(1)->GetType() == OFTInteger64);
    CHECK(definition->GetFieldDefn(2)->GetType() == OFTReal);
    CHECK(std::string(definition->GetFieldDefn(3)->GetNameRef()) == "note/slash");
    std::size_t row = 0;
    for (const auto& feature : *read) {
        CAPTURE(row);
        for (int field = 0; field < 4; ++field) {
            const FieldValue value = layer.attributes.value(row, static_cast<std::size_t>(field));
            if (std::holds_alternative<std::monostate>(value)) {
                CHECK(feature->IsFieldNull(field));
            } else if (const auto* text = std::get_if<std::string>(&value)) {
                CHECK(std::string(feature->GetFieldAsString(field)) == *text);
            } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
                CHECK(feature->GetFieldAsInteger64(field) == *integer);
            } else {
                CHECK(feature->GetFieldAsDouble(field) == std::get<double>(value)); // exactly
            }
        }
        const auto* point = feature->GetGeometryRef()->toPoint();
        CHECK(std::abs(point->getX() - layer.points[row].lon) <= 5e-8);
        CHECK(std::abs(point->getY() - layer.points[row].lat) <= 5e-8);
        ++row;
    }
    CHECK(row == 4);
    GDALClose(dataset);
}

TEST_CASE("a GeoJSON property that would repeat a name is refused") {
    OutputLayer layer = sample_points();
    layer.attributes = AttributeTable({{"share", FieldType::real}, {"Share", FieldType::real}});
    layer.attributes.add_row({1.0, 2.0});
    layer.attributes.add_row({3.0, 4.0});
    test::ScratchDirectory scratch("geojson-duplicate");
    const Error error =
        test::expect_error([&] { write_layer(layer, VectorFormat::geojson, scratch.path() / "x.geojson"); });
    CHECK(error.code() == ExitCode::output_failed);
    CHECK(std::string(error.what()).find("'Share'") != std::string::npos);
}

TEST_CASE("a layer of many rows is written in pieces on every core, in row order; the first bad row is named") {
    // Eleven thousand rows, two pieces and a part, each row telling its own
    // index. The first piece's long notes make it the last to be formatted, so
    // a writer that wrote pieces as they came would put it last.
    OutputLayer layer;
    layer.name = "many";
    layer.attributes =
        AttributeTable({{"row", FieldType::integer}, {"tenth", FieldType::real}, {"note", FieldType::string}});
    constexpr std::size_t rows = 11000;
    for (std::size_t row = 0; row < rows; ++row) {
        layer.points.push_back({114.0 + static_cast<double>(row) * 1e-5, 30.5});
        layer.attributes.add_row({static_cast<std::int64_t>(row), static_cast<double>(row) / 10.0,
                                  std::string(row < 4096 ? 2000 : 0, '"')});
    }
    test::ScratchDirectory scratch("many-rows");
    for (const VectorFormat format : {VectorFormat::geojson, VectorFormat::csv}) {
        const auto file = scratch.path() / ("many" + file_extension(format));
        write_layer(layer, format, file);
        // GDAL's reader, not ours, reads every row back in order.
        GDALDataset* dataset = GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR);
        REQUIRE(dataset != nullptr);
        OGRLayer* read = dataset->GetLayer(0);
        const int row_field = read->GetLayerDefn()->GetFieldIndex("row");
        const int tenth_field = read->GetLayerDefn()->GetFieldIndex("tenth");
        std::size_t row = 0;
        bool in_order = true;
        for (const auto& feature : *read) {
            in_order = in_order && feature->GetFieldAsInteger64(row_field) == static_cast<GIntBig>(row) &&
                       feature->GetFieldAsDouble(tenth_field) == static_cast<double>(row) / 10.0;
            ++row;
        }
        CHECK(in_order);
        CHECK(row == rows);
        GDALClose(dataset);
    }
    // Two rows GeoJSON cannot hold, in different pieces: the earlier one is named
    // whichever piece a core finishes first.
    layer.points[9500] = {std::numeric_limits<double>::quiet_NaN(), 30.5};
    layer.points[5000] = {114.0, std::numeric_limits<double>::infinity()};
    const Error error =
        test::expect_error([&] { write_layer(layer, VectorFormat::geojson, scratch.path() / "bad.geojson"); });
    CHECK(error.code() == ExitCode::output_failed);
    CHECK(std::string(error.what()).find("feature 5000") != std::string::npos);
    CHECK(std::string(error.what()).find("finite") != std::string::npos);
}
