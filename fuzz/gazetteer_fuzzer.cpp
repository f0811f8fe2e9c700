// The gazetteer reader: any streets.csv is read or refused with an Error.

#include "lifecircle/error.hpp"

#include "fuzz_support.hpp"
#include "name_check/gazetteer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)lifecircle::fuzz::as_file(data, size, "streets.csv");
    try {
        (void)lifecircle::detail::Gazetteer::read(lifecircle::fuzz::scratch(), "", {});
    } catch (const lifecircle::Error&) {
    }
    return 0;
}
