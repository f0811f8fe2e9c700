#pragma once
// report.html, the page a planner prints for a meeting, and the QGIS styles
// (.qml) written beside the layers. The report is one self-contained file:
// inline CSS and SVG, and for a run an interactive map whose script (Leaflet
// and explore.js) and data are inline too; no font, tile or image is fetched.

#include "lifecircle/check_summary.hpp"
#include "lifecircle/comparison_summary.hpp"
#include "lifecircle/io.hpp"
#include "lifecircle/messages.hpp"
#include "lifecircle/report_export.hpp"
#include "lifecircle/run_summary.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lifecircle {

// A provenance note quoted in the report: where the inputs come from and under which licence.
struct ProvenanceNote {
    std::string name; // as the report names it (the path relative to the scenario)
    std::string text;
};

// The notes in the folder of each input, once per folder: every text file whose
// name holds PROVENANCE, README, LICENSE (or LICENCE) or COPYING, such as
// SOURCE-README.md or LICENSE.txt. Each is cut at 64 KiB.
LIFECIRCLE_REPORT_EXPORT std::vector<ProvenanceNote>
read_provenance_notes(std::span<const std::filesystem::path> inputs, const std::filesystem::path& relative_to);

struct RunReportSources {
    std::string scenario_text; // the scenario file as written: the run's parameters
    std::vector<ProvenanceNote> provenance;
    std::vector<std::string> files_written; // beside the report, before summary.json
    // The walking network's edges as WGS 84 polylines, drawn under the maps as
    // light streets; empty without roads (or on networks too large to draw).
    std::vector<std::vector<LonLat>> streets;
};

// A row that is not there: a point with no facility in reach, or outside every unit.
inline constexpr std::uint32_t no_row = 0xFFFFFFFFU;

// A service's demand as the report's maps draw it: each point's people, its
// cost to the nearest facility and, when the run has units, the unit it lies
// in. It views the run's arrays, which outlive it.
struct ServiceDemand {
    std::string service; // the service's id
    std::span<const LonLat> positions;
    std::span<const double> people;         // at each position
    std::span<const double> cost_m;         // to the nearest facility; +infinity: none within reach
    std::span<const std::uint32_t> nearest; // row of facilities_<type>, or no_row; may be empty
    std::string unit_level;                 // the level `unit` indexes (units_<level>_<service>); empty: none
    std::span<const std::uint32_t> unit;    // row of that layer, or no_row
};

// A service's threshold as a planner reads it: "步行15分钟（按4.0千米/小时计为1000米）", or with
// a walking profile "按老年人步行方式15分钟（平地3.0千米/小时；每段台阶加30秒…）".
LIFECIRCLE_REPORT_EXPORT std::string threshold_text(const Words& words, const ServiceSummary& service);

// The report's interactive map of every demand point, packed, compressed and
// encoded: the costly part of the page. A run makes it while its layers are
// being written; it reads neither the layers' files nor sources.files_written.
// Empty when no service has demand to draw.
struct RunReportMap {
    std::string html;
};
LIFECIRCLE_REPORT_EXPORT RunReportMap render_run_report_map(const RunSummary& summary,
                                                            std::span<const OutputLayer> layers,
                                                            std::span<const ServiceDemand> demand,
                                                            const RunReportSources& sources, Language language);

// From a run's summary, the layers written with it, each service's demand and
// its map (render_run_report_map on the same arguments).
LIFECIRCLE_REPORT_EXPORT std::string render_run_report(const RunSummary& summary, std::span<const OutputLayer> layers,
                                                       std::span<const ServiceDemand> demand,
                                                       const RunReportSources& sources, Language language,
                                                       const RunReportMap& map);
// The same, its map rendered in the call.
LIFECIRCLE_REPORT_EXPORT std::string render_run_report(const RunSummary& summary, std::span<const OutputLayer> layers,
                                                       std::span<const ServiceDemand> demand,
                                                       const RunReportSources& sources, Language language);

// From an isochrones run's summary, its layers ("service_areas") and the facilities as placed.
LIFECIRCLE_REPORT_EXPORT std::string render_isochrone_report(const IsochroneSummary& summary,
                                                             std::span<const OutputLayer> layers,
                                                             std::span<const LonLat> facilities, Language language);

// What a comparison's map of one service draws beside the people: each run's
// facilities, the second run's chosen sites, and the units of the level the
// runs lead with (from the second run).
struct ComparisonMapLayers {
    std::string service; // the service's id
    std::vector<LonLat> facilities_a;
    std::vector<LonLat> facilities_b;
    std::vector<LonLat> sites_b;
    std::vector<std::vector<unsigned char>> units; // WKB in WGS 84
    std::vector<std::string> unit_names;
};

// From a comparison's summary, its difference layers and what its maps draw beside them.
LIFECIRCLE_REPORT_EXPORT std::string render_comparison_report(const ComparisonSummary& summary,
                                                              std::span<const OutputLayer> layers,
                                                              std::span<const ComparisonMapLayers> context,
                                                              Language language);

// From a boundary check's summary, its finding layers, the findings
// table ("findings") and the units as read ("units_<level>").
LIFECIRCLE_REPORT_EXPORT std::string render_boundary_report(const BoundaryCheckSummary& summary,
                                                            std::span<const OutputLayer> layers, Language language);

// From a name check's summary and its findings table ("findings").
LIFECIRCLE_REPORT_EXPORT std::string render_name_report(const NameCheckSummary& summary, const OutputLayer& findings,
                                                        Language language);

// A QGIS style for an output layer, chosen by the layer's name (units_*,
// demand_*, facilities_*, sites_*, service_areas*, difference_*); nothing for others.
LIFECIRCLE_REPORT_EXPORT std::optional<std::string> qgis_style(const OutputLayer& layer);

// Stages `<layer>.qml` beside every styled layer written in `format` (none for CSV).
LIFECIRCLE_REPORT_EXPORT void write_styles(OutputDirectory& output, std::span<const OutputLayer> layers,
                                           VectorFormat format);

// A QGIS style for a result raster: its "band" band, by the classes' labels; nothing for others.
LIFECIRCLE_REPORT_EXPORT std::optional<std::string> qgis_style(const OutputRaster& raster);
// Stages `<raster>.qml` beside every styled raster.
LIFECIRCLE_REPORT_EXPORT void write_styles(OutputDirectory& output, std::span<const OutputRaster> rasters);

} // namespace lifecircle
