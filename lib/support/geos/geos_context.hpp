#pragma once
// RAII for the GEOS reentrant C API: one context per use (GEOS contexts are
// not thread-safe), geometries owned by unique_ptrs that know their context,
// and GEOS errors raised as lifecircle::Error (exit 5 for geometry GEOS
// cannot process) naming the input the caller says it is working on.
// Header-only: core (service areas) and checks (boundaries) both use it, and
// neither exports it.

#include "lifecircle/error.hpp"

#include <geos_c.h>

#include <memory>
#include <string>
#include <utility>
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

    // Names the input a failure concerns (file, layer, feature) for as long
    // as it lives; the one before it again afterwards.
    class [[nodiscard]] Subject {
    public:
        Subject(const GeosContext& geos, ErrorContext subject)
            : geos_(geos), previous_(std::exchange(geos.subject_, std::move(subject))) {}
        ~Subject() { geos_.subject_ = std::move(previous_); }
        Subject(const Subject&) = delete;
        Subject& operator=(const Subject&) = delete;
        Subject(Subject&&) = delete;
        Subject& operator=(Subject&&) = delete;

    private:
        const GeosContext& geos_;
        ErrorContext previous_;
    };
    [[nodiscard]] Subject about(ErrorContext subject) const { return {*this, std::move(subject)}; }

    struct Deleter {
        GEOSContextHandle_t handle;
        void operator()(GEOSGeometry* geometry) const noexcept { GEOSGeom_destroy_r(handle, geometry); }
    };
    using Geometry = std::unique_ptr<GEOSGeometry, Deleter>;

    // Takes ownership of what a GEOS call returned; throws with GEOS's message on null.
    [[nodiscard]] Geometry own(GEOSGeometry* geometry, const char* operation) const {
        if (geometry == nullptr) {
            // GEOS fails on geometry it cannot handle: bad input, not a bug of ours.
            throw Error(ExitCode::input_invalid, subject_,
                        std::string("GEOS ") + operation + " failed: " + last_error_);
        }
        return Geometry(geometry, Deleter{handle_});
    }

    // The answer of a GEOS predicate (1 true, 0 false); throws as own() does
    // when GEOS could not decide (2), which a test for 1 would read as false.
    [[nodiscard]] bool holds(char answer, const char* predicate) const {
        if (answer != 0 && answer != 1) {
            throw Error(ExitCode::input_invalid, subject_,
                        std::string("GEOS ") + predicate + " failed: " + last_error_);
        }
        return answer == 1;
    }

    [[nodiscard]] std::vector<unsigned char> to_wkb(const GEOSGeometry* geometry) const {
        GEOSWKBWriter* writer = GEOSWKBWriter_create_r(handle_);
        std::size_t size = 0;
        unsigned char* bytes = GEOSWKBWriter_write_r(handle_, writer, geometry, &size);
        GEOSWKBWriter_destroy_r(handle_, writer);
        if (bytes == nullptr) {
            throw Error(ExitCode::internal_error, subject_, "GEOS WKB writing failed: " + last_error_);
        }
        std::vector<unsigned char> wkb(bytes, bytes + size);
        GEOSFree_r(handle_, bytes);
        return wkb;
    }

private:
    GEOSContextHandle_t handle_;
    std::string last_error_;
    mutable ErrorContext subject_; // what the calls are about: set by about(), read when one fails
};

} // namespace lifecircle::detail
