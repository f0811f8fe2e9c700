#include "io/output_error.hpp"

#include "io/text.hpp"

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
        message += "; the disk holding " + folder.string() + " is full (" +
                   megabytes_text(unknown ? 0 : space.available) + " free)";
    }
    return Error(ExitCode::output_failed, std::move(where), std::move(message));
}

} // namespace lifecircle::detail
