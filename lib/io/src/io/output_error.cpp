#include "io/output_error.hpp"

#include <cerrno>
#include <cstdio>
#include <filesystem>

namespace lifecircle::detail {

Error output_error(ErrorContext where, std::string message) {
    const bool no_space = errno == ENOSPC; // set by the failed write, if it was ours or GDAL's
    const std::filesystem::path folder = std::filesystem::path(where.file).parent_path();
    std::error_code unknown;
    const std::filesystem::space_info space = std::filesystem::space(folder, unknown);
    constexpr std::uintmax_t nearly_full = std::uintmax_t{16} << 20u;
    if (no_space || (!unknown && space.available < nearly_full)) {
        char free[32];
        std::snprintf(free, sizeof free, "%.1f MB", unknown ? 0.0 : static_cast<double>(space.available) / 1e6);
        message += "; the disk holding " + folder.string() + " is full (" + free + " free)";
    }
    return Error(ExitCode::output_failed, std::move(where), std::move(message));
}

} // namespace lifecircle::detail
