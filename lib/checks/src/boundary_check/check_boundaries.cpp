#include "boundary_check/checks.hpp"

#include "io/vector_source.hpp"

#include <ogr_geometry.h>

#include <limits>
#include <memory>

namespace lifecircle {
namespace {
using namespace detail;

// What reading found before any geometry could be projected: reported once
// the unit has a place on the map.
struct ReadProblem {
    std::size_t unit;
    BoundaryRule rule = BoundaryRule::empty_geometry;
    std::string message;
};

struct ReadLevel {
    CheckedLevel level;
    InputReport report;
    std::vector<std::vector<unsigned char>> wkb_wgs84; // per unit, cleaned; empty when unusable
    std::vector<ReadProblem> problems;
};

// The polygons of `geometry` without rings too short to be rings (fewer than
// four points, or fewer than three distinct ones); counts what it drops.
std::unique_ptr<OGRMultiPolygon> without_short_rings(const OGRGeometry& geometry, int& dropped) {
    auto result = std::make_unique<OGRMultiPolygon>();
    const auto usable = [](const OGRLinearRing* ring) {
        if (ring == nullptr || ring->getNumPoints() < 4) {
            return false;
        }
        int distinct = 1;
        for (int i = 1; i < ring->getNumPoints() - 1 && distinct < 3; ++i) {
            if (ring->getX(i) != ring->getX(0) || ring->getY(i) != ring->getY(0)) {
                ++distinct; // enough to know the ring spans an area's worth of points
            }
        }
        return distinct >= 3;
    };
    const auto add = [&](const OGRPolygon& polygon) {
        if (!usable(polygon.getExteriorRing())) {
            dropped += 1 + polygon.getNumInteriorRings();
            return;
        }
        OGRPolygon kept;
        kept.addRingDirectly(polygon.getExteriorRing()->clone());
        for (int hole = 0; hole < polygon.getNumInteriorRings(); ++hole) {
            if (usable(polygon.getInteriorRing(hole))) {
                kept.addRingDirectly(polygon.getInteriorRing(hole)->clone());
            } else {
                ++dropped;
            }
        }
        result->addGeometry(&kept);
    };
    if (wkbFlatten(geometry.getGeometryType()) == wkbPolygon) {
        add(*geometry.toPolygon());
    } else {
        for (const OGRPolygon* polygon : *geometry.toMultiPolygon()) {
            add(*polygon);
        }
    }
    return result;
}

ReadLevel read_level(const BoundaryLevelSpec& spec) {
    const VectorSource source(spec.source);
    ReadLevel read;
    read.level.name = spec.name;
    read.level.source = source.context();
    read.report = source.new_report();
    const AttributeTable table = source.empty_table();
    const auto code_index = required_field(table, spec.fields.code, "code", source.context());
    const auto name_index = required_field(table, spec.fields.name, "name", source.context());
    const auto parent_index = required_field(table, spec.fields.parent, "parent code", source.context());
    read.level.has_codes = code_index.has_value();
    read.level.has_parent_codes = parent_index.has_value();
    source.for_each_feature_as_read(read.report, [&](const OGRFeature& feature) {
        const std::vector<FieldValue> row = source.values(feature);
        CheckedUnit& unit = read.level.units.emplace_back();
        unit.feature_id = feature.GetFID();
        unit.code = code_index ? as_code(row[*code_index]) : std::string();
        unit.name = name_index ? as_code(row[*name_index]) : std::string();
        unit.parent_code = parent_index ? as_code(row[*parent_index]) : std::string();
        std::vector<unsigned char>& wkb = read.wkb_wgs84.emplace_back();
        const std::size_t index = read.level.units.size() - 1;
        const OGRGeometry* geometry = feature.GetGeometryRef();
        const auto problem = [&](BoundaryRule rule, std::string message) {
            read.problems.push_back({index, rule, std::move(message)});
        };
        if (geometry == nullptr || geometry->IsEmpty()) {
            problem(BoundaryRule::empty_geometry, geometry == nullptr ? "has no geometry" : "has an empty geometry");
            return;
        }
        const OGRwkbGeometryType type = wkbFlatten(geometry->getGeometryType());
        if (type != wkbPolygon && type != wkbMultiPolygon) {
            problem(BoundaryRule::not_polygon, std::string("is a ") + OGRGeometryTypeToName(type) + ", not a polygon");
            return;
        }
        if (!has_only_finite_coordinates(*geometry)) {
            problem(BoundaryRule::invalid_geometry, "has a NaN or infinite coordinate");
            return;
        }
        int dropped = 0;
        std::unique_ptr<OGRGeometry> cleaned = without_short_rings(*geometry, dropped);
        if (dropped > 0) {
            problem(BoundaryRule::ring_too_few_points, std::to_string(dropped) +
                                               " ring(s) with fewer than 4 points or 3 distinct ones; checked without them");
        }
        if (cleaned->IsEmpty() || !source.transform_to_wgs84(read.report, unit.feature_id, *cleaned)) {
            return;
        }
        wkb.resize(static_cast<std::size_t>(cleaned->WkbSize()));
        cleaned->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    });
    return read;
}

LonLat centre_of(const std::vector<ReadLevel>& levels) {
    OGREnvelope all;
    for (const ReadLevel& level : levels) {
        for (const std::vector<unsigned char>& wkb : level.wkb_wgs84) {
            if (wkb.empty()) {
                continue;
            }
            OGRGeometry* geometry = nullptr;
            OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &geometry, wkb.size());
            OGREnvelope envelope;
            geometry->getEnvelope(&envelope);
            all.Merge(envelope);
            OGRGeometryFactory::destroyGeometry(geometry);
        }
    }
    if (!all.IsInit()) {
        throw Error(ExitCode::input_invalid, {}, "no unit of any level has a usable polygon");
    }
    return {0.5 * (all.MinX + all.MaxX), 0.5 * (all.MinY + all.MaxY)};
}

// GEOS's validity test, with the reason and place; the unit continues as its repair.
void check_validity(const GeosContext& geos, CheckedLevel& level, CheckedUnit& unit, FindingLog& log,
                    std::vector<std::pair<BoundaryRepair, Geometry>>& repairs) {
    const GEOSContextHandle_t handle = geos.handle();
    const auto subject = geos.about(level.about(unit));
    char* reason = nullptr;
    GEOSGeometry* location = nullptr;
    const char valid = GEOSisValidDetail_r(handle, unit.geometry.get(), 0, &reason, &location);
    if (valid == 1) {
        return;
    }
    const std::string why = reason != nullptr ? reason : "GEOS could not test it";
    GEOSFree_r(handle, reason);
    Geometry place = location != nullptr ? geos.own(location, "validity location") : marker(geos, unit);
    GEOSMakeValidParams* parameters = GEOSMakeValidParams_create_r(handle);
    GEOSMakeValidParams_setMethod_r(handle, parameters, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(handle, parameters, 0);
    Geometry repaired =
        polygonal_part(geos, geos.own(GEOSMakeValidWithParams_r(handle, unit.geometry.get(), parameters), "make valid"));
    GEOSMakeValidParams_destroy_r(handle, parameters);
    log.add(level, unit, BoundaryRule::invalid_geometry,
            why + (repaired ? "; a suggested repair is in repaired_" + level.name : "; nothing polygonal is left to repair"),
            std::move(place));
    if (repaired) {
        repairs.emplace_back(BoundaryRepair{unit.feature_id, unit.code, unit.name, why, {}},
                             clone(geos, repaired.get()));
    }
    unit.geometry = std::move(repaired);
}

} // namespace

BoundaryCheckResult check_boundaries(const std::vector<BoundaryLevelSpec>& specs, const BoundaryTolerances& tolerances,
                                     const std::string& crs, const ProgressCallback& progress) {
    if (specs.empty()) {
        throw Error(ExitCode::usage, {}, "give at least one level of units to check");
    }
    report_progress(progress, 0.0, "reading units");
    std::vector<ReadLevel> read;
    for (const BoundaryLevelSpec& spec : specs) {
        read.push_back(read_level(spec));
    }
    report_progress(progress, 1.0, "reading units");
    const WorkingCrs working = WorkingCrs::choose(crs, centre_of(read));

    BoundaryCheckResult result;
    result.working_crs = working.name();
    result.tolerances = tolerances;
    const GeosContext geos;
    FindingLog log;
    std::vector<CheckedLevel> levels;
    std::vector<std::vector<std::pair<BoundaryRepair, Geometry>>> repairs(read.size());
    for (std::size_t level_index = 0; level_index < read.size(); ++level_index) {
        ReadLevel& level = read[level_index];
        const auto subject = geos.about(level.level.source);
        std::vector<std::vector<unsigned char>> usable;
        for (const auto& wkb : level.wkb_wgs84) {
            if (!wkb.empty()) {
                usable.push_back(wkb);
            }
        }
        std::vector<std::vector<unsigned char>> planar = project_wkb(usable, working, level.level.source);
        std::size_t next = 0;
        for (std::size_t unit = 0; unit < level.level.units.size(); ++unit) {
            if (!level.wkb_wgs84[unit].empty()) {
                level.level.units[unit].geometry = read_wkb(geos, planar[next++]);
            }
        }
        for (const ReadProblem& problem : level.problems) {
            const CheckedUnit& unit = level.level.units[problem.unit];
            log.add(level.level, unit, problem.rule, problem.message, marker(geos, unit));
        }
        std::uint64_t used = 0;
        for (CheckedUnit& unit : level.level.units) {
            if (unit.geometry) {
                check_validity(geos, level.level, unit, log, repairs[level_index]);
            }
            used += unit.geometry ? 1U : 0U;
        }
        level.report.features_used = used;
        level.level.build_index(geos);
        levels.push_back(std::move(level.level));
    }

    std::vector<std::vector<std::size_t>> parent_of(levels.size());
    for (std::size_t level_index = 0; level_index < levels.size(); ++level_index) {
        const CheckedLevel& level = levels[level_index];
        const auto subject = geos.about(level.source);
        const std::string step = "checking " + level.name;
        report_progress(progress, 0.0, step);
        check_overlaps(geos, level, tolerances, log);
        report_progress(progress, 0.3, step);
        check_gaps(geos, level, tolerances, log);
        report_progress(progress, 0.5, step);
        check_borders(geos, level, tolerances, log);
        report_progress(progress, 0.8, step);
        if (level_index > 0) {
            parent_of[level_index] = assign_parents(geos, levels[level_index - 1], level, log);
            check_nesting(geos, levels[level_index - 1], level, parent_of[level_index], tolerances, log);
        }
        report_progress(progress, 1.0, step);
    }
    check_codes(geos, levels, parent_of, tolerances, log);

    // Back to WGS 84, all in one batch per kind.
    std::vector<std::vector<unsigned char>> planar;
    for (const Geometry& geometry : log.geometries()) {
        if (geometry) {
            planar.push_back(geos.to_wkb(geometry.get()));
        }
    }
    std::vector<std::vector<unsigned char>> wgs84 = unproject_wkb(planar, working);
    std::size_t next = 0;
    result.findings = std::move(log.findings());
    for (std::size_t finding = 0; finding < result.findings.size(); ++finding) {
        if (log.geometries()[finding]) {
            result.findings[finding].wkb_wgs84 = std::move(wgs84[next++]);
        }
    }
    for (std::size_t level_index = 0; level_index < read.size(); ++level_index) {
        BoundaryLevelResult& level = result.levels.emplace_back();
        level.spec = specs[level_index];
        level.report = std::move(read[level_index].report);
        level.outlines_wgs84 = std::move(read[level_index].wkb_wgs84);
        std::vector<std::vector<unsigned char>> repaired;
        for (const auto& [repair, geometry] : repairs[level_index]) {
            repaired.push_back(geos.to_wkb(geometry.get()));
        }
        std::vector<std::vector<unsigned char>> repaired_wgs84 = unproject_wkb(repaired, working);
        for (std::size_t repair = 0; repair < repairs[level_index].size(); ++repair) {
            level.repairs.push_back(repairs[level_index][repair].first);
            level.repairs.back().wkb_wgs84 = std::move(repaired_wgs84[repair]);
        }
    }
    return result;
}

} // namespace lifecircle
