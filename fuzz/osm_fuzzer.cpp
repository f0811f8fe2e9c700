// The OSM road reader (libosmium): any XML or PBF (the first byte picks) is
// read into a road network or refused with an Error.

#include "lifecircle/error.hpp"
#include "lifecircle/roads.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    lifecircle::SourceSpec spec;
    spec.path = lifecircle::fuzz::as_file(data + 1, size - 1, data[0] % 2 == 0 ? "roads.osm" : "roads.osm.pbf");
    try {
        (void)lifecircle::read_roads(spec);
    } catch (const lifecircle::Error&) {
    }
    return 0;
}
