#pragma once
// Bytes as a file stores them (GBK, GB18030, UTF-8 ...) to UTF-8, with the
// place of the first byte that is not of that encoding. Decoding from UTF-8
// validates.

#include "lifecircle/io_export.hpp"

#include <iconv.h>

#include <optional>
#include <string>
#include <string_view>

namespace lifecircle::detail {

// "936", "CP936", "ANSI 936" → "CP936"; "65001", "UTF8" → "UTF-8"; others as written.
LIFECIRCLE_IO_EXPORT std::string iconv_encoding_name(std::string_view declared);

class LIFECIRCLE_IO_EXPORT TextDecoder {
public:
    // Throws (naming `where`) when iconv knows no such encoding.
    TextDecoder(const std::string& encoding, const std::string& where);
    ~TextDecoder();
    TextDecoder(const TextDecoder&) = delete;
    TextDecoder& operator=(const TextDecoder&) = delete;

    [[nodiscard]] const std::string& encoding() const noexcept { return encoding_; }

    struct Result {
        std::string text;                 // UTF-8; empty when undecodable
        std::optional<std::string> error; // "bytes C4 FF at byte 3 are not GBK"
    };
    Result decode(std::string_view bytes);

private:
    std::string encoding_;
    iconv_t descriptor_;
};

} // namespace lifecircle::detail
