// The vector readers through GDAL: any GeoJSON or CSV (the first byte picks)
// is read as points and as units, or refused with an Error.

#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const char* name = data[0] % 2 == 0 ? "layer.geojson" : "layer.csv";
    lifecircle::SourceSpec spec;
    spec.path = lifecircle::fuzz::as_file(data + 1, size - 1, name);
    try {
        (void)lifecircle::read_point_layer(spec);
    } catch (const lifecircle::Error&) {
    }
    spec.skip_invalid = true;
    try {
        (void)lifecircle::read_unit_layer(spec, {});
    } catch (const lifecircle::Error&) {
    }
    return 0;
}
