#pragma once
// Long steps report progress through a callback; the library never prints.
// fraction runs from 0 to 1 within the named stage.

#include <functional>
#include <string_view>

namespace lifecircle {

using ProgressCallback = std::function<void(double fraction, std::string_view stage)>;

inline void report_progress(const ProgressCallback& progress, double fraction, std::string_view stage) {
    if (progress) {
        progress(fraction, stage);
    }
}

} // namespace lifecircle
