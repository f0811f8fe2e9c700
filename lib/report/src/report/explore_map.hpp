#pragma once
// The interactive map of a run's report: the run's own layers as the JSON
// explore.js draws, and the page's inline scripts (Leaflet and explore.js).

#include "lifecircle/messages.hpp"
#include "lifecircle/report.hpp"
#include "lifecircle/report_export.hpp"

#include <cstdint>
#include <span>
#include <string>

namespace lifecircle::report {

// Exported from a shared report for its unit tests only; not part of the API.

// A column as explore.js unpacks it: little-endian values, deflated (zlib), in base64.
LIFECIRCLE_REPORT_EXPORT std::string packed_column(std::span<const std::int32_t> values);
LIFECIRCLE_REPORT_EXPORT std::string packed_column(std::span<const std::uint32_t> values);
LIFECIRCLE_REPORT_EXPORT std::string packed_column(std::span<const std::uint16_t> values);

// The "explore" section: service chooser, layer toggles, the map's frame, its
// legend, and the data; empty when no service has demand to draw.
LIFECIRCLE_REPORT_EXPORT std::string explore_section(const Words& words, const RunSummary& summary,
                                                     std::span<const OutputLayer> layers,
                                                     std::span<const ServiceDemand> demand,
                                                     const RunReportSources& sources, const std::string& credits);

// Leaflet's stylesheet and script, then explore.js: the end of a page with an explore section.
LIFECIRCLE_REPORT_EXPORT std::string explore_scripts();

} // namespace lifecircle::report
