#pragma once
// Checks of administrative boundary polygons before publication: geometry
// validity, overlaps, gaps, borders that do not match vertex for vertex,
// nesting in the parent level, detached parts and enclaves, and division
// codes. Every finding carries a stable rule id, the unit, a message and an
// error geometry to open over the data in QGIS. The input is never changed;
// suggested repairs are written beside it.

#include "lifecircle/check_summary.hpp"
#include "lifecircle/checks_export.hpp"
#include "lifecircle/geo.hpp"
#include "lifecircle/io.hpp"
#include "lifecircle/messages.hpp"
#include "lifecircle/progress.hpp"
#include "lifecircle/severity.hpp"

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifecircle {

// One level of units (counties, townships, communities), listed from the top
// down: each level nests in the one before it.
struct BoundaryLevelSpec {
    std::string name;
    SourceSpec source; // source.where selects the level's features (e.g. admin_level = '8')
    UnitFields fields; // code (optional: units are then named by feature id), name, parent code
};

// How codes are checked: GB/T 2260 and the statistical 9- and 12-digit codes,
// or as opaque identifiers (duplicates only), for data that carries other codes.
enum class CodeStandard { gb, any };

struct BoundaryTolerances {
    Metres edge_distance{1.0};     // borders closer than this must match vertex for vertex
    Metres sliver_width{10.0};     // a gap or overlap narrower than this is a sliver ...
    double sliver_thinness = 0.05; // ... and so is one less compact than this (4πA/P², 1 for a circle)
    Metres gap_width{100.0};       // a hole wider than this may be intended (a lake): a warning, not an error
    double nesting_area_m2 = 10.0; // a unit may stick out of its parent, or leave it uncovered, by this much
    double enclave_share = 0.99;   // a unit sharing this much of its border with one other lies inside it
    CodeStandard codes = CodeStandard::gb;
};

// Every rule of the boundary check, in the order docs/check-boundaries.md lists them.
enum class BoundaryRule {
    empty_geometry,
    not_polygon,
    ring_too_few_points,
    invalid_geometry,
    duplicate_geometry,
    overlap_contained,
    overlap,
    gap,
    edge_mismatch,
    parent_missing,
    outside_parent,
    parent_not_covered,
    detached_part,
    enclave,
    code_missing,
    code_format,
    code_duplicate,
    code_parent_prefix,
    code_township_generic,
};

// The rules' ids, severities and meanings, indexed by BoundaryRule. A gap
// wider than the gap width is a warning (a lake?), any other an error.
inline constexpr std::array<RuleDescription, 19> boundary_rules{
    {{"empty_geometry", Severity::error, "a unit without geometry"},
     {"not_polygon", Severity::error, "a unit that is not a polygon"},
     {"ring_too_few_points", Severity::error, "a ring of fewer than 4 points; checked without it"},
     {"invalid_geometry", Severity::error, "invalid polygon (GEOS reason and place); a repair is suggested"},
     {"duplicate_geometry", Severity::error, "two units with the same geometry"},
     {"overlap_contained", Severity::error, "a unit inside another of the same level"},
     {"overlap", Severity::error, "two units of one level claim the same land"},
     {"gap", Severity::error, "land between units that no unit covers"},
     {"edge_mismatch", Severity::error, "a shared border that does not match vertex for vertex"},
     {"parent_missing", Severity::error, "no parent: unknown parent code, or inside no unit of the level above"},
     {"outside_parent", Severity::error, "part of a unit lies outside its parent"},
     {"parent_not_covered", Severity::error, "part of a parent lies in none of its children"},
     {"detached_part", Severity::warning, "a part apart from the unit's main part (飞地/插花地)"},
     {"enclave", Severity::warning, "a unit wholly inside another unit"},
     {"code_missing", Severity::error, "a unit without a code"},
     {"code_format", Severity::error, "not a 6-digit GB/T 2260 code or a 9- or 12-digit statistical code"},
     {"code_duplicate", Severity::error, "a code used twice"},
     {"code_parent_prefix", Severity::error, "a code that does not start with its parent's"},
     {"code_township_generic", Severity::warning,
      "township code range (街道 001-099, 镇 100-199, 乡 200-399) against the name"}}};

constexpr const RuleDescription& describe(BoundaryRule rule) noexcept {
    return boundary_rules[static_cast<std::size_t>(rule)];
}

constexpr std::string_view to_string(BoundaryRule rule) noexcept {
    return describe(rule).id;
}

struct BoundaryFinding {
    BoundaryRule rule = BoundaryRule::empty_geometry;
    Severity severity = Severity::error;
    std::string level;
    std::optional<std::int64_t> feature_id;
    std::string code;
    std::string name;
    std::string other_code; // the other unit of an overlap, a mismatched border, a parent ...
    std::string other_name;
    std::string message;
    std::optional<double> area_m2;
    std::optional<double> width_m;
    bool sliver = false;
    std::vector<unsigned char> wkb_wgs84; // the error geometry; empty when there is none
};

// A unit's suggested repair (GEOSMakeValid), for a person to review.
struct BoundaryRepair {
    std::int64_t feature_id = 0;
    std::string code;
    std::string name;
    std::string reason; // why the original is invalid
    std::vector<unsigned char> wkb_wgs84;
};

struct BoundaryLevelResult {
    BoundaryLevelSpec spec;
    InputReport report;
    std::vector<std::vector<unsigned char>> outlines_wgs84; // the units as read, for maps
    std::vector<BoundaryRepair> repairs;
};

struct BoundaryCheckResult {
    std::string working_crs;
    BoundaryTolerances tolerances;
    std::vector<BoundaryLevelResult> levels;
    std::vector<BoundaryFinding> findings;
};

LIFECIRCLE_CHECKS_EXPORT BoundaryCheckResult check_boundaries(const std::vector<BoundaryLevelSpec>& levels,
                                                              const BoundaryTolerances& tolerances,
                                                              const std::string& crs = "auto",
                                                              const ProgressCallback& progress = {});

// summary.json of a check (docs/check-boundaries.md).
LIFECIRCLE_CHECKS_EXPORT BoundaryCheckSummary summarise(const BoundaryCheckResult& result);

// Writes the findings (areas, lines, points in `format`; all of them as CSV),
// the repairs, summary.json and report.html (in `language`), all or nothing,
// never over an input.
LIFECIRCLE_CHECKS_EXPORT BoundaryCheckSummary write_boundary_check(const BoundaryCheckResult& result,
                                                                   const std::filesystem::path& directory,
                                                                   VectorFormat format,
                                                                   Language language = Language::zh);

} // namespace lifecircle
