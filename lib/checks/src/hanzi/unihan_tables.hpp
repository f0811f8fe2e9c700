#pragma once
// The tables tools/make_unihan_tables generates from Unihan at build time.

#include <cstddef>
#include <cstdint>

namespace lifecircle::detail {

struct UnihanEntry {
    std::uint32_t code;
    std::uint8_t level;             // 1-3 in 通用规范汉字表 (kTGH); 0 outside it
    std::uint32_t first_reading;    // into unihan_reading_references
    std::uint8_t reading_count;
    std::uint32_t simplified;       // kSimplifiedVariant; 0 when the character is its own simplified form
    std::uint32_t standard_variant; // for a character outside the list, the listed one it is a variant of; else 0
};

extern const UnihanEntry unihan_entries[]; // sorted by code
extern const std::size_t unihan_entry_count;
extern const char* const unihan_readings[];
extern const std::uint16_t unihan_reading_references[];

} // namespace lifecircle::detail
