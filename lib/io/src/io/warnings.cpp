#include "io/warnings.hpp"

#include "lifecircle/io.hpp"

#include <cpl_error.h>

#include <mutex>
#include <string>
#include <utility>

namespace lifecircle {
namespace {

std::mutex handler_mutex;
WarningHandler warning_handler;

void CPL_STDCALL forward_gdal_message(CPLErr level, CPLErrorNum, const char* message) {
    if (level != CE_Warning) {
        return; // failures are raised as lifecircle::Error where they happen
    }
    detail::warn(std::string("GDAL: ") + message);
}

} // namespace

void set_warning_handler(WarningHandler handler) {
    const std::lock_guard lock(handler_mutex);
    warning_handler = std::move(handler);
    CPLSetErrorHandler(forward_gdal_message);
}

void detail::warn(std::string_view message) {
    const std::lock_guard lock(handler_mutex);
    if (warning_handler) {
        warning_handler(message);
    }
}

} // namespace lifecircle
