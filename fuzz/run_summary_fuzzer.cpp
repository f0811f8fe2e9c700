// compare's reader of a run's summary.json: any document is read into a
// RunSummary or refused with an Error naming its JSON path.

#include "lifecircle/error.hpp"
#include "lifecircle/run_summary.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const nlohmann::ordered_json document = nlohmann::ordered_json::parse(data, data + size, nullptr, false);
    if (document.is_discarded()) {
        return 0;
    }
    try {
        (void)lifecircle::from_document<lifecircle::RunSummary>(document, "summary.json");
    } catch (const lifecircle::Error&) {
    }
    return 0;
}
