#pragma once
// Long steps report progress through a callback; the library never prints.
// fraction runs from 0 to 1 within the named stage.

#include <cstddef>
#include <functional>
#include <string_view>

namespace lifecircle {

using ProgressCallback = std::function<void(double fraction, std::string_view stage)>;

inline void report_progress(const ProgressCallback& progress, double fraction, std::string_view stage) {
    if (progress) {
        progress(fraction, stage);
    }
}

// In a loop over `total` items: reports done/total every few thousand items,
// often enough to watch and rarely enough to cost nothing.
inline void report_progress_of(const ProgressCallback& progress, std::size_t done, std::size_t total,
                               std::string_view stage) {
    constexpr std::size_t items_per_report = 16384;
    if (progress && done % items_per_report == 0 && total > 0) {
        progress(static_cast<double>(done < total ? done : total) / static_cast<double>(total), stage);
    }
}

} // namespace lifecircle
