#include "lifecircle/error.hpp"

namespace lifecircle {

std::string_view describe(ExitCode code) noexcept {
    switch (code) {
    case ExitCode::success:
        return "success";
    case ExitCode::internal_error:
        return "internal error (a bug in lifecircle)";
    case ExitCode::usage:
        return "invalid command-line usage";
    case ExitCode::scenario_invalid:
        return "invalid scenario file";
    case ExitCode::input_unreadable:
        return "input file missing or unreadable";
    case ExitCode::input_invalid:
        return "input data invalid";
    case ExitCode::crs_invalid:
        return "coordinate reference system missing or unusable";
    case ExitCode::output_failed:
        return "results could not be written";
    case ExitCode::findings:
        return "the check found problems (see its results)";
    }
    return "unknown exit code";
}

std::string describe(const ErrorContext& context) {
    std::string text;
    const auto append = [&text](std::string_view part) {
        if (!text.empty()) {
            text += ", ";
        }
        text += part;
    };
    if (!context.file.empty()) {
        append("file '" + context.file + "'");
    }
    if (!context.layer.empty()) {
        append("layer '" + context.layer + "'");
    }
    if (!context.feature.empty()) {
        append("feature " + context.feature);
    }
    if (!context.field.empty()) {
        append("field '" + context.field + "'");
    }
    if (!context.json_path.empty()) {
        append("at " + context.json_path);
    }
    return text;
}

namespace {
std::string compose(const ErrorContext& context, const std::string& message) {
    const std::string where = describe(context);
    return where.empty() ? message : where + ": " + message;
}
} // namespace

Error::Error(ExitCode code, ErrorContext context, const std::string& message)
    : std::runtime_error(compose(context, message)), code_(code), context_(std::move(context)), message_(message) {}

} // namespace lifecircle
