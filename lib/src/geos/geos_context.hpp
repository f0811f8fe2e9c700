#pragma once
// RAII for the GEOS reentrant C API: one context per use (GEOS contexts are
// not thread-safe), geometries owned by unique_ptrs that know their context,
// and GEOS errors turned into exceptions.

#include <geos_c.h>

#include <memory>
#include <string>
#include <vector>

namespace lifecircle::detail {

class GeosContext {
public:
    GeosContext();
    ~GeosContext();
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
    [[nodiscard]] Geometry own(GEOSGeometry* geometry, const char* operation) const;
    [[nodiscard]] std::vector<unsigned char> to_wkb(const GEOSGeometry* geometry) const;

private:
    GEOSContextHandle_t handle_;
    std::string last_error_;
};

} // namespace lifecircle::detail
