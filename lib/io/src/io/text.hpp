#pragma once
// Small text helpers the io sources share.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace lifecircle::detail {

// ASCII letters lowered, other bytes (UTF-8 included) kept: for extensions,
// format names and field names, which GDAL matches regardless of ASCII case.
inline std::string ascii_lower_case(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
    return text;
}

// Whether text is all ASCII: the same bytes in UTF-8, GBK and every code page.
inline bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// "167.0 MB", as messages give a size.
inline std::string megabytes_text(std::uintmax_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

} // namespace lifecircle::detail
