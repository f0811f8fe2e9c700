// The population raster reader through GDAL: any ASCII grid or GeoTIFF (the
// first byte picks) is read or refused with an Error.

#include "lifecircle/error.hpp"
#include "lifecircle/population.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    lifecircle::PopulationSpec spec;
    lifecircle::SourceSpec raster;
    raster.path = lifecircle::fuzz::as_file(data + 1, size - 1, data[0] % 2 == 0 ? "people.asc" : "people.tif");
    raster.crs = "EPSG:32650"; // so that a grid without a .prj reaches the cells
    spec.rasters = {raster};
    try {
        (void)lifecircle::read_population(spec);
    } catch (const lifecircle::Error&) {
    }
    return 0;
}
