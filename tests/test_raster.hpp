#pragma once
// A one-band Float32 GeoTIFF written by hand for the tests that read rasters
// (elevation models): GDAL is needed, so this is apart from test_support.hpp,
// which core's tests include without it.

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <doctest/doctest.h>

#include <array>
#include <filesystem>
#include <optional>
#include <vector>

namespace lifecircle::test {

// `columns` x `rows` cells placed by `geotransform` in EPSG:`epsg`; cell
// (column, row) holds value(column, row), and `nodata` is declared when given.
template <typename ValueOf>
void write_float_tiff(const std::filesystem::path& file, int columns, int rows, std::array<double, 6> geotransform,
                      int epsg, const ValueOf& value, std::optional<double> nodata = std::nullopt) {
    GDALAllRegister();
    GDALDataset* dataset = GetGDALDriverManager()->GetDriverByName("GTiff")->Create(file.string().c_str(), columns,
                                                                                    rows, 1, GDT_Float32, nullptr);
    REQUIRE(dataset != nullptr);
    dataset->SetGeoTransform(geotransform.data());
    OGRSpatialReference crs;
    crs.importFromEPSG(epsg);
    dataset->SetSpatialRef(&crs);
    if (nodata) {
        dataset->GetRasterBand(1)->SetNoDataValue(*nodata);
    }
    std::vector<float> cells;
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < columns; ++column) {
            cells.push_back(static_cast<float>(value(column, row)));
        }
    }
    REQUIRE(dataset->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, columns, rows, cells.data(), columns, rows, GDT_Float32,
                                                0, 0, nullptr) == CE_None);
    GDALClose(dataset);
}

} // namespace lifecircle::test
