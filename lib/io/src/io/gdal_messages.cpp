#include "lifecircle/io.hpp"

#include <cpl_error.h>

#include <mutex>
#include <utility>

namespace lifecircle {
namespace {

std::mutex handler_mutex;
GdalWarningHandler warning_handler;

void CPL_STDCALL forward_gdal_message(CPLErr level, CPLErrorNum, const char* message) {
    if (level != CE_Warning) {
        return; // failures are raised as lifecircle::Error where they happen
    }
    const std::lock_guard lock(handler_mutex);
    if (warning_handler) {
        warning_handler(message);
    }
}

} // namespace

void set_gdal_warning_handler(GdalWarningHandler handler) {
    const std::lock_guard lock(handler_mutex);
    warning_handler = std::move(handler);
    CPLSetErrorHandler(forward_gdal_message);
}

} // namespace lifecircle
