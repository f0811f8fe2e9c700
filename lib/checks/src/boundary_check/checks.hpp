#pragma once
// What the boundary checks share: the units of a level as GEOS geometries in
// the working CRS, an envelope index over them, shape measures, and the log
// the findings go to (with planar geometries, unprojected once at the end).

#include "lifecircle/boundary_check.hpp"

#include "geos/geos_context.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lifecircle::detail {

using Geometry = GeosContext::Geometry;
using Box = boost::geometry::model::box<boost::geometry::model::d2::point_xy<double>>;
using BoxIndex = boost::geometry::index::rtree<std::pair<Box, std::size_t>, boost::geometry::index::quadratic<16>>;

struct CheckedUnit {
    std::int64_t feature_id = 0;
    std::string code;
    std::string name;
    std::string parent_code;
    Geometry geometry{nullptr, {nullptr}}; // planar, valid (repaired if need be); null when unusable

    // How a message names the unit: "420111001 洪山街道", or "fid 7".
    [[nodiscard]] std::string label() const;
};

struct CheckedLevel {
    std::string name;
    ErrorContext source; // the file and layer it was read from, named when GEOS fails on it
    bool has_codes = false;
    bool has_parent_codes = false;
    std::vector<CheckedUnit> units;
    BoxIndex index; // over the units with a geometry

    CheckedLevel() = default;
    // Boost's R-tree does not declare its move noexcept, though it only moves
    // pointers; declared here so vectors of levels move rather than copy.
    CheckedLevel(CheckedLevel&&) noexcept = default;
    CheckedLevel& operator=(CheckedLevel&&) noexcept = default;
    CheckedLevel(const CheckedLevel&) = delete;
    CheckedLevel& operator=(const CheckedLevel&) = delete;
    ~CheckedLevel() = default;

    void build_index(const GeosContext& geos);
    // The source and one of its units (or two, "12 and 15"), as a GEOS failure names them.
    [[nodiscard]] ErrorContext about(const CheckedUnit& unit) const;
    [[nodiscard]] ErrorContext about(const CheckedUnit& unit, const CheckedUnit& other) const;
};

// The findings, each with its geometry in the working CRS (null: none).
class FindingLog {
public:
    // A finding about `unit` of `level`, with its rule's severity.
    BoundaryFinding& add(const CheckedLevel& level, const CheckedUnit& unit, BoundaryRule rule, std::string message,
                         Geometry geometry);
    [[nodiscard]] std::vector<BoundaryFinding>& findings() noexcept { return findings_; }
    [[nodiscard]] std::vector<Geometry>& geometries() noexcept { return geometries_; }

private:
    std::vector<BoundaryFinding> findings_;
    std::vector<Geometry> geometries_;
};

// ---- Geometry helpers ------------------------------------------------------

Geometry read_wkb(const GeosContext& geos, const std::vector<unsigned char>& wkb);
Geometry clone(const GeosContext& geos, const GEOSGeometry* geometry);
Box envelope(const GeosContext& geos, const GEOSGeometry* geometry);
// The polygons of a (multi)polygon or collection, not copied.
std::vector<const GEOSGeometry*> polygons_of(const GeosContext& geos, const GEOSGeometry* geometry);
// The polygonal part of a result (an intersection may hold lines and points too); null when none.
Geometry polygonal_part(const GeosContext& geos, Geometry geometry);
// Polygons gathered into one multipolygon (copies).
Geometry multipolygon(const GeosContext& geos, const std::vector<const GEOSGeometry*>& polygons);
double area(const GeosContext& geos, const GEOSGeometry* geometry);
// A point inside the unit, where a finding about it without a shape of its own is drawn; null without geometry.
Geometry marker(const GeosContext& geos, const CheckedUnit& unit);

// Area, width and compactness (Polsby-Popper 4πA/P², 1 for a circle) of a
// polygonal geometry. The width is the largest inscribed circle's diameter for
// a compact shape, the mean width 2A/P for a thin one (exact for a strip).
struct ShapeMeasure {
    double area_m2 = 0.0;
    Metres width;
    double thinness = 0.0;
};
ShapeMeasure measure(const GeosContext& geos, const GEOSGeometry* geometry);
bool is_sliver(const ShapeMeasure& shape, const BoundaryTolerances& tolerances);

// ---- The checks ------------------------------------------------------------

// Overlaps (interiors that meet, a unit inside another, duplicates) within a level.
void check_overlaps(const GeosContext& geos, const CheckedLevel& level, const BoundaryTolerances& tolerances,
                    FindingLog& log);
// Holes in the union of a level's units.
void check_gaps(const GeosContext& geos, const CheckedLevel& level, const BoundaryTolerances& tolerances,
                FindingLog& log);
// Borders between units that do not match vertex for vertex, and what the
// matched borders say: detached parts and the unit around them, enclaves.
void check_borders(const GeosContext& geos, const CheckedLevel& level, const BoundaryTolerances& tolerances,
                   FindingLog& log);
// Each unit of `child` inside its parent in `parent`; each parent covered by its children.
void check_nesting(const GeosContext& geos, const CheckedLevel& parent, const CheckedLevel& child,
                   const std::vector<std::size_t>& parent_of, const BoundaryTolerances& tolerances, FindingLog& log);
// Code format, duplicates, the parent's prefix, and the township range against the name.
void check_codes(const GeosContext& geos, const std::vector<CheckedLevel>& levels, const std::vector<std::vector<std::size_t>>& parent_of,
                 const BoundaryTolerances& tolerances, FindingLog& log);

// For each unit of `child`, its parent's index in `parent` (by parent code, else
// by location); no_parent when it has none. Reports units without a parent.
inline constexpr std::size_t no_parent = static_cast<std::size_t>(-1);
std::vector<std::size_t> assign_parents(const GeosContext& geos, const CheckedLevel& parent, const CheckedLevel& child,
                                        FindingLog& log);

} // namespace lifecircle::detail
