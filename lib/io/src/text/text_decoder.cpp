#include "text/text_decoder.hpp"

#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>

namespace lifecircle::detail {

std::string iconv_encoding_name(std::string_view declared) {
    std::string name;
    for (const char c : declared) {
        if (!std::isspace(static_cast<unsigned char>(c))) {
            name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    if (name.starts_with("ANSI")) {
        name.erase(0, 4);
    }
    if (name == "65001" || name == "UTF8" || name == "UTF-8") {
        return "UTF-8";
    }
    if (!name.empty() &&
        std::all_of(name.begin(), name.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        name.insert(0, "CP"); // a Windows code page number, as .cpg files write it
    }
    return name;
}

} // namespace lifecircle::detail

namespace lifecircle {

bool is_known_text_encoding(const std::string& encoding) {
    const iconv_t descriptor = iconv_open("UTF-8", detail::iconv_encoding_name(encoding).c_str());
    if (descriptor == reinterpret_cast<iconv_t>(-1)) {
        return false;
    }
    iconv_close(descriptor);
    return true;
}

} // namespace lifecircle

namespace lifecircle::detail {

TextDecoder::TextDecoder(const std::string& encoding, const std::string& where)
    : encoding_(iconv_encoding_name(encoding)), descriptor_(iconv_open("UTF-8", encoding_.c_str())) {
    if (descriptor_ == reinterpret_cast<iconv_t>(-1)) {
        throw Error(ExitCode::usage, ErrorContext::in_file(where),
                    "unknown text encoding '" + encoding + "' (try GBK, GB18030 or UTF-8)");
    }
}

TextDecoder::~TextDecoder() {
    iconv_close(descriptor_);
}

namespace {

// Where `text` stops being UTF-8 as RFC 3629 defines it (no overlong forms,
// no surrogates, nothing past U+10FFFF), or npos. glibc's iconv passes on
// sequences up to 0x7FFFFFFF, so its output is checked again.
std::size_t invalid_utf8_at(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
        const unsigned lead = byte(i);
        std::size_t length = 0;
        unsigned low = 0x80;
        unsigned high = 0xBF; // the range of the second byte
        if (lead < 0x80) {
            length = 1;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            low = lead == 0xE0 ? 0xA0 : 0x80;
            high = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            low = lead == 0xF0 ? 0x90 : 0x80;
            high = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        if (i + length > text.size()) {
            return i;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const unsigned next = byte(i + k);
            if (k == 1 ? (next < low || next > high) : (next < 0x80 || next > 0xBF)) {
                return i;
            }
        }
        i += length;
    }
    return std::string_view::npos;
}

} // namespace

TextDecoder::Result TextDecoder::decode(std::string_view bytes) {
    Result result;
    iconv(descriptor_, nullptr, nullptr, nullptr, nullptr); // a fresh start
    std::string input(bytes);
    char* in = input.data();
    std::size_t in_left = input.size();
    std::string output(input.size() * 4 + 4, '\0'); // UTF-8 takes at most 4 bytes a character
    char* out = output.data();
    std::size_t out_left = output.size();
    if (iconv(descriptor_, &in, &in_left, &out, &out_left) == static_cast<std::size_t>(-1)) {
        const int failure = errno;
        const std::size_t at = input.size() - in_left;
        std::string shown;
        for (std::size_t i = at; i < input.size() && i < at + 4; ++i) {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%02X", static_cast<unsigned>(static_cast<unsigned char>(input[i])));
            shown += shown.empty() ? "" : " ";
            shown += hex;
        }
        std::string message = failure == EINVAL ? "a truncated character, bytes " : "bytes ";
        message += shown + " at byte " + std::to_string(at + 1) + " are not " + encoding_;
        result.error = std::move(message);
        return result;
    }
    output.resize(output.size() - out_left);
    if (const std::size_t at = invalid_utf8_at(output); at != std::string_view::npos) {
        // Only a UTF-8 "decoding" gets here, and its output is its input.
        char hex[4];
        std::snprintf(hex, sizeof hex, "%02X", static_cast<unsigned>(static_cast<unsigned char>(output[at])));
        result.error = "byte " + std::string(hex) + " at byte " + std::to_string(at + 1) + " is not " + encoding_;
        return result;
    }
    result.text = std::move(output);
    return result;
}

} // namespace lifecircle::detail
