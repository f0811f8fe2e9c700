// Division codes and the kinds of township and village read from codes and
// names: any text gives an answer, and a code's parent prefix is a prefix of it.

#include "lifecircle/division_code.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (lifecircle::is_division_code(text)) {
        const std::string parent = lifecircle::parent_prefix(text);
        const std::string prefix = lifecircle::code_prefix(text);
        if (text.substr(0, parent.size()) != parent || text.substr(0, prefix.size()) != prefix) {
            std::abort();
        }
        (void)lifecircle::township_kind(text);
        (void)lifecircle::village_kind(text);
    }
    (void)lifecircle::township_kind_of_name(text);
    (void)lifecircle::village_kind_of_name(text);
    return 0;
}
