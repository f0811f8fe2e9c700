// Text decoding: any bytes, in each encoding a layer may declare, either
// decode to valid UTF-8 or are reported as not valid in that encoding.

#include "lifecircle/hanzi.hpp"

#include "text/text_decoder.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using lifecircle::detail::TextDecoder;
    static TextDecoder decoders[] = {{"UTF-8", "fuzz"}, {"GBK", "fuzz"}, {"GB18030", "fuzz"}, {"CP936", "fuzz"}};
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    for (TextDecoder& decoder : decoders) {
        const TextDecoder::Result result = decoder.decode(bytes);
        if (!result.error && !lifecircle::hanzi::decode_utf8(result.text)) {
            std::abort(); // accepted, yet what it gives on is not UTF-8
        }
    }
    return 0;
}
