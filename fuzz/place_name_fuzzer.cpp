// Place names: splitting, canonical form, NFC, character checks, pinyin
// readings and the pinyin check take any text; the first half of the input
// is the name and the rest its pinyin.

#include "lifecircle/hanzi.hpp"
#include "lifecircle/pinyin.hpp"
#include "lifecircle/place_name.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::string_view name = input.substr(0, size / 2);
    const std::string_view pinyin = input.substr(size / 2);
    (void)lifecircle::split_place_name(name);
    const std::string canonical = lifecircle::canonical_name(name);
    const std::string nfc = lifecircle::to_nfc(name);
    if (lifecircle::hanzi::decode_utf8(name) && !lifecircle::hanzi::decode_utf8(nfc)) {
        std::abort(); // normalising valid UTF-8 must give valid UTF-8
    }
    (void)lifecircle::check_characters(name);
    (void)lifecircle::romanise(name);
    (void)lifecircle::toneless_readings(name, 16);
    (void)lifecircle::check_pinyin(name, pinyin);
    (void)lifecircle::strip_tones(pinyin);
    return 0;
}
