#pragma once
// One exception type for every failure lifecircle reports to a user. It carries
// where the problem is (file, layer, feature, field, JSON path) so the message
// can point at it, and a kind that the program maps to a stable exit code.

#include "lifecircle/core_export.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace lifecircle {

// Stable exit codes. Append only: scripts depend on these numbers.
enum class ExitCode : int {
    success = 0,
    internal_error = 1,   // a bug: please report it
    usage = 2,            // bad command-line options
    scenario_invalid = 3, // scenario JSON: syntax, unknown key, wrong type, bad value
    input_unreadable = 4, // an input file is missing or GDAL cannot open it
    input_invalid = 5,    // an input opened but its content is unusable
    crs_invalid = 6,      // a CRS is missing, unknown, or unsuitable
    output_failed = 7,    // results could not be written
    findings = 8,         // a check ran and found problems (results written)
};

LIFECIRCLE_CORE_EXPORT std::string_view describe(ExitCode code) noexcept;

// Where in the inputs a problem lies. Empty members are omitted from messages.
// Built by name: ErrorContext::in_file(path).with_layer("homes").with_field("beds").
struct ErrorContext {
    std::string file;
    std::string layer;
    std::string feature; // feature id (FID) or raster cell "row R, column C"
    std::string field;
    std::string json_path; // RFC 6901 pointer into the scenario, e.g. /services/0/minutes

    [[nodiscard]] static ErrorContext in_file(std::string name) { return ErrorContext{}.with_file(std::move(name)); }
    [[nodiscard]] static ErrorContext at_json_path(std::string pointer) {
        return ErrorContext{}.with_json_path(std::move(pointer));
    }
    [[nodiscard]] ErrorContext with_file(std::string value) const {
        return with(&ErrorContext::file, std::move(value));
    }
    [[nodiscard]] ErrorContext with_layer(std::string value) const {
        return with(&ErrorContext::layer, std::move(value));
    }
    [[nodiscard]] ErrorContext with_feature(std::string value) const {
        return with(&ErrorContext::feature, std::move(value));
    }
    [[nodiscard]] ErrorContext with_field(std::string value) const {
        return with(&ErrorContext::field, std::move(value));
    }
    [[nodiscard]] ErrorContext with_json_path(std::string value) const {
        return with(&ErrorContext::json_path, std::move(value));
    }

private:
    [[nodiscard]] ErrorContext with(std::string ErrorContext::*member, std::string value) const {
        ErrorContext changed = *this;
        changed.*member = std::move(value);
        return changed;
    }
};

class LIFECIRCLE_CORE_EXPORT Error : public std::runtime_error {
public:
    Error(ExitCode code, ErrorContext context, const std::string& message);

    [[nodiscard]] ExitCode code() const noexcept { return code_; }
    [[nodiscard]] const ErrorContext& context() const noexcept { return context_; }
    // The message without its location prefix.
    [[nodiscard]] const std::string& message() const noexcept { return message_; }

private:
    ExitCode code_;
    ErrorContext context_;
    std::string message_;
};

// "file 'a.gpkg', layer 'homes', feature 12, field 'beds'" (empty parts left out).
LIFECIRCLE_CORE_EXPORT std::string describe(const ErrorContext& context);

} // namespace lifecircle
