#include "geos/geos_context.hpp"

#include <stdexcept>

namespace lifecircle::detail {

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(
        handle_, [](const char* message, void* user) { *static_cast<std::string*>(user) = message; }, &last_error_);
}

GeosContext::~GeosContext() {
    GEOS_finish_r(handle_);
}

GeosContext::Geometry GeosContext::own(GEOSGeometry* geometry, const char* operation) const {
    if (geometry == nullptr) {
        throw std::runtime_error(std::string("GEOS ") + operation + " failed: " + last_error_);
    }
    return Geometry(geometry, Deleter{handle_});
}

std::vector<unsigned char> GeosContext::to_wkb(const GEOSGeometry* geometry) const {
    GEOSWKBWriter* writer = GEOSWKBWriter_create_r(handle_);
    std::size_t size = 0;
    unsigned char* bytes = GEOSWKBWriter_write_r(handle_, writer, geometry, &size);
    GEOSWKBWriter_destroy_r(handle_, writer);
    if (bytes == nullptr) {
        throw std::runtime_error("GEOS WKB writing failed: " + last_error_);
    }
    std::vector<unsigned char> wkb(bytes, bytes + size);
    GEOSFree_r(handle_, bytes);
    return wkb;
}

} // namespace lifecircle::detail
