#pragma once
// How much a check's finding matters: an error must be fixed before
// publication, a warning is for a person to look at.

#include <string_view>

namespace lifecircle {

enum class Severity { error, warning };

constexpr std::string_view to_string(Severity severity) noexcept {
    return severity == Severity::error ? "error" : "warning";
}

// A rule of a check: its stable id (summary.json, the finding layers, the
// docs), the severity of its findings, and what it means, in one line as
// report.html shows it.
struct RuleDescription {
    std::string_view id;
    Severity severity = Severity::error;
    std::string_view meaning;
};

} // namespace lifecircle
