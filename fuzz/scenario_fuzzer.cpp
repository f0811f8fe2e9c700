// libFuzzer target for the scenario parser: any input must either parse or
// throw lifecircle::Error; anything else (a crash, another exception, a
// sanitizer report) is a bug.

#include "lifecircle/error.hpp"
#include "lifecircle/scenario.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)lifecircle::parse_scenario(text, "fuzz.json", FUZZ_DATA_DIRECTORY);
    } catch (const lifecircle::Error&) {
        // Rejected with a message: the expected outcome for most inputs.
    }
    return 0;
}
