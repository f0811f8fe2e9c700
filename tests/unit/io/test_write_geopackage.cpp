// GeoPackage point layers are written through SQLite directly, with a packed
// R*Tree. These tests hold them to what GDAL itself writes, and to SQLite's
// own check of an R*Tree.

#include "lifecircle/io.hpp"

#include "test_support.hpp"

#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <cmath>
#include <memory>
#include <random>
#include <set>

using namespace lifecircle;

namespace {

OutputLayer random_points(std::size_t count, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> lon(114.2, 114.6);
    std::uniform_real_distribution<double> lat(30.4, 30.7);
    OutputLayer layer;
    layer.name = "demand_coverage";
    layer.attributes =
        AttributeTable({{"name", FieldType::string}, {"people", FieldType::integer}, {"cost_m", FieldType::real}});
    for (std::size_t i = 0; i < count; ++i) {
        layer.points.push_back({lon(random), lat(random)});
        const bool unreached = i % 7 == 3;
        layer.attributes.add_row({i % 5 == 0 ? FieldValue{} : FieldValue{std::string(i % 2 ? "关山 \"东\"" : "光谷")},
                                  std::int64_t(i * 3),
                                  unreached ? FieldValue{} : FieldValue{static_cast<double>(i) * 0.1 + 0.05}});
    }
    return layer;
}

// The same layer written feature by feature through GDAL's GPKG driver.
void write_through_gdal(const OutputLayer& layer, const std::filesystem::path& file) {
    GDALAllRegister();
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    std::unique_ptr<GDALDataset> dataset(driver->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    REQUIRE(dataset);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* output = dataset->CreateLayer(layer.name.c_str(), &wgs84, wkbPoint, nullptr);
    REQUIRE(output != nullptr);
    for (const FieldDefinition& field : layer.attributes.fields()) {
        OGRFieldDefn definition(field.name.c_str(), field.type == FieldType::string    ? OFTString
                                                    : field.type == FieldType::integer ? OFTInteger64
                                                                                       : OFTReal);
        REQUIRE(output->CreateField(&definition) == OGRERR_NONE);
    }
    REQUIRE(dataset->StartTransaction() == OGRERR_NONE);
    for (std::size_t row = 0; row < layer.points.size(); ++row) {
        OGRFeature feature(output->GetLayerDefn());
        for (std::size_t field = 0; field < layer.attributes.fields().size(); ++field) {
            layer.attributes.column(field).visit(row, [&](const auto& value) {
                using Value = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<Value, std::string>) {
                    feature.SetField(static_cast<int>(field), value.c_str());
                } else if constexpr (std::is_same_v<Value, std::int64_t>) {
                    feature.SetField(static_cast<int>(field), static_cast<GIntBig>(value));
                } else if constexpr (std::is_same_v<Value, double>) {
                    feature.SetField(static_cast<int>(field), value);
                } else {
                    feature.SetFieldNull(static_cast<int>(field));
                }
            });
        }
        feature.SetGeometryDirectly(new OGRPoint(layer.points[row].lon, layer.points[row].lat));
        REQUIRE(output->CreateFeature(&feature) == OGRERR_NONE);
    }
    REQUIRE(dataset->CommitTransaction() == OGRERR_NONE);
    dataset.reset();
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
}

class Sqlite {
public:
    explicit Sqlite(const std::filesystem::path& file) {
        REQUIRE(sqlite3_open_v2(file.string().c_str(), &database_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    }
    ~Sqlite() { sqlite3_close(database_); }
    Sqlite(const Sqlite&) = delete;
    Sqlite& operator=(const Sqlite&) = delete;

    // Every row of `sql`, its columns as text joined by '|'.
    std::vector<std::string> rows(const std::string& sql) {
        sqlite3_stmt* statement = nullptr;
        REQUIRE(sqlite3_prepare_v2(database_, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
        std::vector<std::string> out;
        while (sqlite3_step(statement) == SQLITE_ROW) {
            std::string row;
            for (int column = 0; column < sqlite3_column_count(statement); ++column) {
                const unsigned char* text = sqlite3_column_text(statement, column);
                row += (column ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
            }
            out.push_back(row);
        }
        sqlite3_finalize(statement);
        return out;
    }
    std::string one(const std::string& sql) {
        const auto all = rows(sql);
        REQUIRE(all.size() == 1);
        return all.front();
    }

private:
    sqlite3* database_ = nullptr;
};

// The fids GDAL finds in a window, through the layer's spatial filter.
std::set<GIntBig> fids_in(const std::filesystem::path& file, double x0, double y0, double x1, double y1) {
    std::unique_ptr<GDALDataset> dataset(GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR));
    REQUIRE(dataset);
    OGRLayer* layer = dataset->GetLayer(0);
    layer->SetSpatialFilterRect(x0, y0, x1, y1);
    std::set<GIntBig> fids;
    for (const auto& feature : *layer) {
        fids.insert(feature->GetFID());
    }
    return fids;
}

const std::string table_rows = "SELECT fid, hex(geom), name, people, cost_m, typeof(people), typeof(cost_m) "
                               "FROM demand_coverage ORDER BY fid";

} // namespace

TEST_CASE("a GeoPackage point layer holds what GDAL's driver would write: rows, types, count and extent") {
    test::ScratchDirectory scratch("gpkg_rows");
    const OutputLayer layer = random_points(3000, 7);
    write_layer(layer, VectorFormat::gpkg, scratch.path() / "ours.gpkg");
    write_through_gdal(layer, scratch.path() / "gdal.gpkg");

    Sqlite ours(scratch.path() / "ours.gpkg");
    Sqlite gdal(scratch.path() / "gdal.gpkg");
    const std::vector<std::string> our_rows = ours.rows(table_rows);
    REQUIRE(our_rows.size() == 3000);
    CHECK(our_rows == gdal.rows(table_rows));
    for (const char* metadata :
         {"SELECT * FROM gpkg_contents", "SELECT * FROM gpkg_ogr_contents", "SELECT * FROM gpkg_geometry_columns",
          "SELECT * FROM gpkg_extensions", "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
          "PRAGMA application_id", "PRAGMA user_version"}) {
        CAPTURE(metadata);
        CHECK(ours.rows(metadata) == gdal.rows(metadata));
    }
}

TEST_CASE("the packed spatial index passes SQLite's R*Tree check and finds exactly the points a scan finds") {
    test::ScratchDirectory scratch("gpkg_rtree");
    // One point, a full leaf, one more than a leaf, a full second level plus one, and three levels.
    for (const std::size_t count :
         {std::size_t{1}, std::size_t{51}, std::size_t{52}, std::size_t{51 * 51 + 1}, std::size_t{20000}}) {
        CAPTURE(count);
        const OutputLayer layer = random_points(count, static_cast<unsigned>(count) + 1);
        const auto file = scratch.path() / ("points_" + std::to_string(count) + ".gpkg");
        write_layer(layer, VectorFormat::gpkg, file);
        {
            Sqlite database(file);
            CHECK(database.one("SELECT rtreecheck('rtree_demand_coverage_geom')") == "ok");
            CHECK(database.one("SELECT count(*) FROM rtree_demand_coverage_geom") == std::to_string(count));
            CHECK(database.one("SELECT feature_count FROM gpkg_ogr_contents") == std::to_string(count));
        }
        std::mt19937 random(99);
        std::uniform_real_distribution<double> corner_lon(114.15, 114.6);
        std::uniform_real_distribution<double> corner_lat(30.35, 30.7);
        std::uniform_real_distribution<double> size(0.0005, 0.2);
        for (int window = 0; window < 25; ++window) {
            const double x0 = corner_lon(random);
            const double y0 = corner_lat(random);
            const double x1 = x0 + size(random);
            const double y1 = y0 + size(random);
            std::set<GIntBig> scanned;
            for (std::size_t row = 0; row < layer.points.size(); ++row) {
                const LonLat p = layer.points[row];
                if (p.lon >= x0 && p.lon <= x1 && p.lat >= y0 && p.lat <= y1) {
                    scanned.insert(static_cast<GIntBig>(row) + 1);
                }
            }
            CHECK(fids_in(file, x0, y0, x1, y1) == scanned);
        }
    }
}

TEST_CASE("a GeoPackage point layer stays consistent when edited later: the index triggers are in place") {
    test::ScratchDirectory scratch("gpkg_edit");
    const auto file = scratch.path() / "edited.gpkg";
    write_layer(random_points(500, 3), VectorFormat::gpkg, file);
    {
        std::unique_ptr<GDALDataset> dataset(GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        REQUIRE(dataset);
        OGRLayer* layer = dataset->GetLayer(0);
        OGRFeature added(layer->GetLayerDefn());
        added.SetGeometryDirectly(new OGRPoint(115.0, 31.0)); // outside every point written
        REQUIRE(layer->CreateFeature(&added) == OGRERR_NONE);
        REQUIRE(layer->DeleteFeature(1) == OGRERR_NONE);
    }
    Sqlite database(file);
    CHECK(database.one("SELECT rtreecheck('rtree_demand_coverage_geom')") == "ok");
    CHECK(database.one("SELECT count(*) FROM rtree_demand_coverage_geom") == "500");
    CHECK(database.one("SELECT feature_count FROM gpkg_ogr_contents") == "500");
    CHECK(database.rows("SELECT id FROM rtree_demand_coverage_geom WHERE id = 1").empty());
    CHECK(fids_in(file, 114.99, 30.99, 115.01, 31.01) == std::set<GIntBig>{501});
}

TEST_CASE("a GeoPackage written twice is the same file, byte for byte") {
    test::ScratchDirectory scratch("gpkg_twice");
    const OutputLayer layer = random_points(5000, 11);
    write_layer(layer, VectorFormat::gpkg, scratch.path() / "first.gpkg");
    write_layer(layer, VectorFormat::gpkg, scratch.path() / "second.gpkg");
    CHECK(test::read_text(scratch.path() / "first.gpkg") == test::read_text(scratch.path() / "second.gpkg"));
}
