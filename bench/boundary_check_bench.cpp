// Boundary checks on a layer of about 10,000 units: Liechtenstein cut into a
// grid of ~130 m cells (the cells whose centre lies in the country), grouped
// in blocks of 10 x 10 under "district" parents, with errors planted at known
// places. Prints the time and peak memory, and the findings per rule next to
// what was planted.
//
//   bench_boundary_check [SHARED_DATA_DIR]

#include "bench_support.hpp"

#include "lifecircle/boundary_check.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

using namespace lifecircle;
using bench::Clock;
using bench::peak_resident_mib;
using bench::seconds_since;
namespace fs = std::filesystem;

namespace {

constexpr int columns = 100;
constexpr int rows = 200;

std::unique_ptr<OGRGeometry> country_outline(const fs::path& pbf) {
    GDALAllRegister();
    std::unique_ptr<GDALDataset> dataset(
        GDALDataset::Open(pbf.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!dataset) {
        return nullptr;
    }
    OGRLayer* layer = dataset->GetLayerByName("multipolygons");
    layer->SetAttributeFilter("boundary = 'administrative' AND admin_level = '2'");
    for (const auto& feature : *layer) {
        return std::unique_ptr<OGRGeometry>(feature->GetGeometryRef()->clone());
    }
    return nullptr;
}

OGRPolygon rectangle(double west, double south, double east, double north) {
    OGRLinearRing ring;
    ring.addPoint(west, south);
    ring.addPoint(east, south);
    ring.addPoint(east, north);
    ring.addPoint(west, north);
    ring.addPoint(west, south);
    OGRPolygon polygon;
    polygon.addRing(&ring);
    return polygon;
}

} // namespace

int main(int argc, char** argv) {
    const fs::path shared = argc > 1 ? fs::path(argv[1]) : fs::path(LIFECIRCLE_SHARED_DATA);
    const std::unique_ptr<OGRGeometry> country = country_outline(shared / "osm" / "liechtenstein.osm.pbf");
    if (!country) {
        std::printf("skipped: %s not found (the benchmark cuts Liechtenstein into cells)\n",
                    (shared / "osm" / "liechtenstein.osm.pbf").string().c_str());
        return 0;
    }
    OGREnvelope box;
    country->getEnvelope(&box);
    const double width = (box.MaxX - box.MinX) / columns;
    const double height = (box.MaxY - box.MinY) / rows;

    const fs::path scratch = fs::temp_directory_path() / "lifecircle-bench-boundaries";
    fs::remove_all(scratch);
    fs::create_directories(scratch);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    std::unique_ptr<GDALDataset> out(driver->Create((scratch / "units.gpkg").string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* cells = out->CreateLayer("cells", &wgs84, wkbPolygon, nullptr);
    OGRLayer* districts = out->CreateLayer("districts", &wgs84, wkbMultiPolygon, nullptr);
    for (OGRLayer* layer : {cells, districts}) {
        for (const char* name : {"code", "name", "parent"}) {
            OGRFieldDefn field(name, OFTString);
            layer->CreateField(&field);
        }
    }
    std::map<std::string, int> planted;
    std::map<int, std::unique_ptr<OGRGeometry>> district_shapes;
    int kept = 0;
    std::string previous_code;
    out->StartTransaction();
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < columns; ++column) {
            // Neighbours share their corners bit for bit, as a tiled layer does.
            const double west = box.MinX + column * width;
            const double east = box.MinX + (column + 1) * width;
            const double south = box.MinY + row * height;
            const double north = box.MinY + (row + 1) * height;
            OGRPoint centre(west + width / 2, south + height / 2);
            if (!country->Contains(&centre)) {
                continue;
            }
            ++kept;
            const int district = (row / 10) * (columns / 10) + column / 10;
            char code[16];
            std::snprintf(code, sizeof code, "42%04d%03d", district, 1 + (row % 10) * 10 + column % 10);
            OGRPolygon cell = rectangle(west, south, east, north);
            OGRFeature feature(cells->GetLayerDefn());
            std::string cell_code = code;
            if (kept % 97 == 0) { // reaches a fifth of a cell into its eastern neighbour
                cell = rectangle(west, south, east + 0.2 * width, north);
                ++planted["overlap"];
            } else if (kept % 89 == 0) { // shrunk by 4% on every side: a thin ring-shaped gap
                cell = rectangle(west + 0.04 * width, south + 0.04 * height, west + 0.96 * width, south + 0.96 * height);
                ++planted["gap"];
            } else if (kept % 83 == 0) { // the ring dips below its south border and back: self-intersection
                OGRLinearRing ring;
                ring.addPoint(west, south);
                ring.addPoint(east, south);
                ring.addPoint(east, north);
                ring.addPoint(west, north);
                ring.addPoint(west + 0.01 * width, south - 0.01 * height);
                ring.addPoint(west, south);
                cell = OGRPolygon();
                cell.addRing(&ring);
                ++planted["invalid_geometry"];
            } else if (kept % 79 == 0 && !previous_code.empty()) {
                cell_code = previous_code;
                ++planted["code_duplicate"];
            }
            previous_code = code;
            feature.SetField("code", cell_code.c_str());
            feature.SetField("name", ("cell " + std::string(code)).c_str());
            char parent[16];
            std::snprintf(parent, sizeof parent, "42%04d", district);
            feature.SetField("parent", parent);
            feature.SetGeometry(&cell);
            if (cells->CreateFeature(&feature) != OGRERR_NONE) {
                std::printf("cannot write a cell\n");
                return 1;
            }
            // Districts follow the cells exactly (before any planted error).
            OGRPolygon exact = rectangle(west, south, east, north);
            auto& shape = district_shapes[district];
            shape = shape ? std::unique_ptr<OGRGeometry>(shape->Union(&exact)) : std::unique_ptr<OGRGeometry>(exact.clone());
        }
    }
    for (const auto& [district, shape] : district_shapes) {
        OGRFeature feature(districts->GetLayerDefn());
        char code[16];
        std::snprintf(code, sizeof code, "42%04d", district);
        feature.SetField("code", code);
        feature.SetField("name", ("district " + std::string(code)).c_str());
        feature.SetField("parent", "420000");
        feature.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(shape->clone()));
        if (districts->CreateFeature(&feature) != OGRERR_NONE) {
            std::printf("cannot write a district\n");
            return 1;
        }
    }
    out->CommitTransaction();
    out.reset();
    std::printf("boundary checks: Liechtenstein in %d cells of %.0f x %.0f m under %zu districts\n", kept,
                width * 111'320.0 * 0.68, height * 111'320.0, district_shapes.size());

    const UnitFields fields{"code", "name", "parent"};
    const std::vector<BoundaryLevelSpec> levels{
        {"district", {scratch / "units.gpkg", "districts", {}, false, {}}, fields},
        {"cell", {scratch / "units.gpkg", "cells", {}, false, {}}, fields}};
    const auto start = Clock::now();
    const BoundaryCheckResult result = check_boundaries(levels, {});
    const double checking = seconds_since(start);
    std::map<std::string, int> found;
    for (const BoundaryFinding& finding : result.findings) {
        ++found[std::string(to_string(finding.rule))];
    }
    std::printf("check_boundaries                %8.3f s   peak RSS %7.1f MiB   %zu findings\n", checking,
                peak_resident_mib(), result.findings.size());
    const auto write_start = Clock::now();
    (void)write_boundary_check(result, scratch / "out", VectorFormat::gpkg);
    std::printf("write_boundary_check (GPKG)     %8.3f s   peak RSS %7.1f MiB\n", seconds_since(write_start),
                peak_resident_mib());
    std::printf("\n%-22s %8s %8s\n", "rule", "planted", "found");
    for (const auto& [rule, count] : found) {
        std::printf("%-22s %8d %8d\n", rule.c_str(), planted.count(rule) ? planted.at(rule) : 0, count);
    }
    if (std::getenv("LIFECIRCLE_BENCH_KEEP") == nullptr) {
        fs::remove_all(scratch);
    } else {
        std::printf("kept %s\n", scratch.string().c_str());
    }
    return 0;
}
