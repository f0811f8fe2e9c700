#include "boundary_check/checks.hpp"

#include <cstdio>
#include <map>

namespace lifecircle::detail {
namespace {

std::string shape_text(const ShapeMeasure& shape) {
    char text[96];
    std::snprintf(text, sizeof text, "%.0f m², up to %.1f m wide", shape.area_m2, shape.width.value);
    return text;
}

} // namespace

std::vector<std::size_t> assign_parents(const GeosContext& geos, const CheckedLevel& parent, const CheckedLevel& child,
                                        FindingLog& log) {
    std::vector<std::size_t> parent_of(child.units.size(), no_parent);
    if (child.has_parent_codes && parent.has_codes) {
        std::map<std::string, std::size_t> by_code;
        for (std::size_t unit = 0; unit < parent.units.size(); ++unit) {
            by_code.emplace(parent.units[unit].code, unit); // a duplicate code is reported by the code checks
        }
        for (std::size_t unit = 0; unit < child.units.size(); ++unit) {
            const CheckedUnit& checked = child.units[unit];
            const auto found = by_code.find(checked.parent_code);
            if (found != by_code.end()) {
                parent_of[unit] = found->second;
            } else {
                log.add(child, checked, BoundaryRule::parent_missing,
                        checked.parent_code.empty()
                            ? "has no parent code"
                            : "its parent code " + checked.parent_code + " is no unit of level " + parent.name,
                        marker(geos, checked));
            }
        }
        return parent_of;
    }
    // No parent codes: the parent is the unit of the level above that holds a point inside the child.
    namespace bgi = boost::geometry::index;
    for (std::size_t unit = 0; unit < child.units.size(); ++unit) {
        const CheckedUnit& checked = child.units[unit];
        if (!checked.geometry) {
            continue;
        }
        Geometry inside = marker(geos, checked);
        std::vector<std::pair<Box, std::size_t>> near;
        parent.index.query(bgi::intersects(envelope(geos, inside.get())), std::back_inserter(near));
        std::sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
        for (const auto& [box, candidate] : near) {
            if (geos.holds(GEOSCovers_r(geos.handle(), parent.units[candidate].geometry.get(), inside.get()),
                           "covers")) {
                parent_of[unit] = candidate;
                break;
            }
        }
        if (parent_of[unit] == no_parent) {
            log.add(child, checked, BoundaryRule::parent_missing, "lies in no unit of level " + parent.name,
                    std::move(inside));
        }
    }
    return parent_of;
}

void check_nesting(const GeosContext& geos, const CheckedLevel& parent, const CheckedLevel& child,
                   const std::vector<std::size_t>& parent_of, const BoundaryTolerances& tolerances, FindingLog& log) {
    const GEOSContextHandle_t handle = geos.handle();
    std::vector<std::vector<const GEOSGeometry*>> children(parent.units.size());
    for (std::size_t unit = 0; unit < child.units.size(); ++unit) {
        const CheckedUnit& checked = child.units[unit];
        if (parent_of[unit] == no_parent || !checked.geometry) {
            continue;
        }
        const CheckedUnit& holder = parent.units[parent_of[unit]];
        if (!holder.geometry) {
            continue;
        }
        for (const GEOSGeometry* part : polygons_of(geos, checked.geometry.get())) {
            children[parent_of[unit]].push_back(part);
        }
        const auto subject = geos.about(child.about(checked));
        Geometry outside = polygonal_part(
            geos, geos.own(GEOSDifference_r(handle, checked.geometry.get(), holder.geometry.get()), "difference"));
        if (!outside || area(geos, outside.get()) <= tolerances.nesting_area_m2) {
            continue;
        }
        const ShapeMeasure shape = measure(geos, outside.get());
        if (shape.width <= tolerances.edge_distance) {
            continue; // along the parent's border, within the edge tolerance
        }
        BoundaryFinding& finding = log.add(child, checked, BoundaryRule::outside_parent,
                                           "sticks out of its parent " + holder.label() + " by " + shape_text(shape),
                                           std::move(outside));
        finding.other_code = holder.code;
        finding.other_name = holder.name;
        finding.area_m2 = shape.area_m2;
        finding.width_m = shape.width.value;
        finding.sliver = is_sliver(shape, tolerances);
    }
    for (std::size_t unit = 0; unit < parent.units.size(); ++unit) {
        const CheckedUnit& holder = parent.units[unit];
        if (!holder.geometry) {
            continue;
        }
        const auto subject = geos.about(parent.about(holder));
        if (children[unit].empty()) {
            BoundaryFinding& finding = log.add(parent, holder, BoundaryRule::parent_not_covered,
                                               "has no unit of level " + child.name + " inside it",
                                               clone(geos, holder.geometry.get()));
            finding.area_m2 = area(geos, holder.geometry.get());
            continue;
        }
        const Geometry parts = multipolygon(geos, children[unit]);
        const Geometry covered = geos.own(GEOSUnaryUnion_r(handle, parts.get()), "union");
        const Geometry uncovered = polygonal_part(
            geos, geos.own(GEOSDifference_r(handle, holder.geometry.get(), covered.get()), "difference"));
        if (!uncovered) {
            continue;
        }
        for (const GEOSGeometry* piece : polygons_of(geos, uncovered.get())) {
            if (area(geos, piece) <= tolerances.nesting_area_m2) {
                continue; // measured only when it counts: the inscribed circle is the costly part
            }
            const ShapeMeasure shape = measure(geos, piece);
            if (shape.width <= tolerances.edge_distance) {
                continue;
            }
            BoundaryFinding& finding =
                log.add(parent, holder, BoundaryRule::parent_not_covered,
                        shape_text(shape) + " of it lies in none of its " + child.name + " units",
                        clone(geos, piece));
            finding.area_m2 = shape.area_m2;
            finding.width_m = shape.width.value;
            finding.sliver = is_sliver(shape, tolerances);
        }
    }
}

} // namespace lifecircle::detail
