#pragma once
// RAII for the GEOS reentrant C API: one context per use (GEOS contexts are
// not thread-safe), geometries owned by unique_ptrs that know their context,
// and GEOS errors raised as lifecircle::Error (exit 5 for geometry GEOS
// cannot process). Header-only: core (service areas)
// and checks (boundaries) both use it, and neither exports it.

#include "lifecircle/error.hpp"

#include <geos_c.h>

#include <memory>
#include <string>
#include <vector>

namespace lifecircle::detail {

class GeosContext {
public:
    GeosContext() : handle_(GEOS_init_r()) {
        GEOSContext_setErrorMessageHandler_r(
            handle_, [](const char* message, void* user) { *static_cast<std::string*>(user) = message; },
            &last_error_);
    }
    ~GeosContext() { GEOS_finish_r(handle_); }
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;
    GeosContext(GeosContext&&) = delete;
    GeosContext& operator=(GeosContext&&) = delete;

    [[nodiscard]] GEOSContextHandle_t handle() const noexcept { return handle_; }

    struct Deleter {
        GEOSContextHandle_t handle;
        void operator()(GEOSGeometry* geometry) const noexcept { GEOSGeom_destroy_r(handle, geometry); }
    };
    using Geometry = std::unique_ptr<GEOSGeometry, Deleter>;

    // Takes ownership of what a GEOS call returned; throws with GEOS's message on null.
    [[nodiscard]] Geometry own(GEOSGeometry* geometry, const char* operation) const {
        if (geometry == nullptr) {
            // GEOS fails on geometry it cannot handle: bad input, not a bug of ours.
            throw Error(ExitCode::input_invalid, {}, std::string("GEOS ") + operation + " failed: " + last_error_);
        }
        return Geometry(geometry, Deleter{handle_});
    }

    [[nodiscard]] std::vector<unsigned char> to_wkb(const GEOSGeometry* geometry) const {
        GEOSWKBWriter* writer = GEOSWKBWriter_create_r(handle_);
        std::size_t size = 0;
        unsigned char* bytes = GEOSWKBWriter_write_r(handle_, writer, geometry, &size);
        GEOSWKBWriter_destroy_r(handle_, writer);
        if (bytes == nullptr) {
            throw Error(ExitCode::internal_error, {}, "GEOS WKB writing failed: " + last_error_);
        }
        std::vector<unsigned char> wkb(bytes, bytes + size);
        GEOSFree_r(handle_, bytes);
        return wkb;
    }

private:
    GEOSContextHandle_t handle_;
    std::string last_error_;
};

} // namespace lifecircle::detail
