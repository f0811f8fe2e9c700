#include "lifecircle/error.hpp"
#include "lifecircle/stages.hpp"

#include "stages/facility_changes.hpp"
#include "stages/study_area.hpp"
#include "tasks/run_beside.hpp"

#include <boost/geometry.hpp>

#include <tbb/task_group.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <set>

namespace lifecircle {
namespace {

ProgressCallback stage_progress(const ProgressCallback& progress, std::string stage) {
    if (!progress) {
        return {};
    }
    return [progress, stage = std::move(stage)](double fraction, std::string_view) { progress(fraction, stage); };
}

// A facility that cannot reach any demand extent within the service's threshold
// is almost always a CRS or axis-order mistake. One such facility among others
// is reported; a layer of nothing else fails the run.
void check_facilities_near_demand(const Scenario& scenario, const std::map<std::string, DemandGroup>& demand,
                                  FacilityLayer& facilities, const std::string& type) {
    PlanarBox demand_extent;
    boost::geometry::assign_inverse(demand_extent);
    double threshold = 0.0;
    for (const ServiceSpec& service : scenario.services) {
        if (service.facility != type) {
            continue;
        }
        threshold = std::max(threshold, service.threshold.value);
        for (const PlanarPoint& point : demand.at(service.demand).planar) {
            boost::geometry::expand(demand_extent, point);
        }
    }
    if (threshold == 0.0) {
        return; // the layer serves no service
    }
    for (std::size_t i = 0; i < facilities.planar.size(); ++i) {
        if (boost::geometry::distance(facilities.planar[i], demand_extent) > threshold) {
            facilities.facilities_far_from_demand.push_back(std::to_string(facilities.points.feature_ids[i]));
        }
    }
    // Siting for the type may start from facilities that serve nobody here: the
    // first of a kind are often planned where the only existing one is far away.
    if (!facilities.may_serve_nobody && !facilities.facilities_far_from_demand.empty() &&
        facilities.facilities_far_from_demand.size() == facilities.planar.size()) {
        const SourceSpec& source = facilities.spec.source;
        throw Error(ExitCode::input_invalid,
                    source.context().with_feature(facilities.facilities_far_from_demand.front()),
                    "every facility of '" + type + "' lies more than " + to_string(Metres{threshold}) +
                        " outside the extent of the demand it serves; check the layer's CRS (GCJ-02? "
                        "projected?) and its axis order");
    }
    for (const std::string& id : facilities.facilities_far_from_demand) {
        facilities.points.report.warnings.push_back("feature " + id + " lies more than " +
                                                    to_string(Metres{threshold}) +
                                                    " outside the demand extent and covers nobody");
    }
}

// Facilities at exactly the same place are most often one listed twice (two
// rows of a merged table), and would count twice with their capacities. Two
// services in one building are real too, so this is a warning.
void warn_about_repeated_facilities(FacilityLayer& layer) {
    const std::vector<LonLat>& positions = layer.points.positions;
    std::vector<std::size_t> order(positions.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto key = [&](std::size_t i) { return std::pair(positions[i].lon, positions[i].lat); };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
    std::uint64_t repeats = 0;
    std::string first_pair;
    for (std::size_t i = 1; i < order.size(); ++i) {
        if (key(order[i]) == key(order[i - 1])) {
            if (repeats++ == 0) {
                const std::vector<std::int64_t>& ids = layer.points.feature_ids;
                const auto id = [&](std::size_t at) {
                    return std::to_string(at < ids.size() ? ids[at] : static_cast<std::int64_t>(at));
                };
                first_pair = id(order[i - 1]) + " and " + id(order[i]);
            }
        }
    }
    if (repeats > 0) {
        layer.points.report.warnings.push_back(
            std::to_string(repeats) + " facilities lie at exactly the place of another (the first: features " +
            first_pair + "); each counts, with its capacity. If they are one facility listed twice, remove one");
    }
}

std::string whole_people(double people) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f", people);
    return text;
}

// Units no plan could mean are warned about, not refused: coverage by unit
// is still computed, and check-boundaries says what to mend.
void warn_about_implausible_units(UnitLevel& level) {
    UnitLayer& layer = level.layer;
    for (const ImplausibleUnit& unit : implausible_units(level.planar)) {
        const std::string& code = layer.codes[unit.unit];
        layer.report.warnings.push_back("unit " + (code.empty() ? "" : "'" + code + "' ") + "(feature " +
                                        std::to_string(layer.feature_ids[unit.unit]) + ") " + unit.reason +
                                        "; its coverage cannot be trusted. Run lifecircle check-boundaries on it");
    }
}

void warn_about_overlaps(UnitLevel& level, const UnitAssignment& assignment, const std::string& group) {
    if (assignment.points_in_several == 0) {
        return;
    }
    level.layer.report.warnings.push_back(
        std::to_string(assignment.points_in_several) + " points (" + whole_people(assignment.weight_in_several) +
        " people) of population '" + group +
        "' lie inside two or more units: the units overlap, and each point counts only in the first. Run "
        "lifecircle check-boundaries on them");
}

// Leaves out the demand outside the study area's units, and counts it.
void keep_inside(DemandGroup& group, const UnitLevel& area, const std::string& level, const std::string& name) {
    const std::vector<bool> keep = detail::inside_study_area(group.planar, area);
    DemandPoints& points = group.points;
    DemandPoints kept;
    kept.report = points.report;
    kept.grid = points.grid;
    kept.attributes = points.attributes.kept(keep);
    std::vector<PlanarPoint> planar;
    double weight_outside = 0.0;
    for (std::size_t point = 0; point < keep.size(); ++point) {
        if (!keep[point]) {
            weight_outside += points.weights[point];
            continue;
        }
        kept.positions.push_back(points.positions[point]);
        kept.weights.push_back(points.weights[point]);
        if (!points.feature_ids.empty()) {
            kept.feature_ids.push_back(points.feature_ids[point]);
        }
        if (!points.cells.empty()) {
            kept.cells.push_back(points.cells[point]);
        }
        planar.push_back(group.planar[point]);
    }
    const std::size_t outside = keep.size() - kept.positions.size();
    detail::count_outside_study_area(kept.report, outside,
                                     std::to_string(outside) + " points (" + whole_people(weight_outside) +
                                         " people) lie outside the study area '" + level + "' and are left out");
    if (kept.positions.empty()) {
        throw Error(ExitCode::input_invalid, ErrorContext::in_file(points.report.source),
                    "no demand of population '" + name + "' lies inside the study area '" + level + "'");
    }
    points = std::move(kept);
    group.planar = std::move(planar);
}

// The places routes start from: a layer, or a point inside each unit of a level.
RoutePlaces read_route_places(const Scenario& scenario) {
    const RouteSpec& spec = *scenario.outputs.routes;
    RoutePlaces places;
    SourceSpec source;
    if (spec.places) {
        source = *spec.places;
        places.name_field = spec.name_field;
    } else {
        const UnitSpec& units = scenario.units.at(spec.units);
        source = units.source;
        places.name_field = units.fields.name.empty() ? units.fields.code : units.fields.name;
    }
    places.points = read_point_layer(source);
    check_optional_field(places.points, places.name_field, "name", source);
    if (places.points.positions.size() > max_route_places) {
        throw Error(ExitCode::input_invalid, source.context(),
                    std::to_string(places.points.positions.size()) +
                        " places to route from: routes are drawn for up to " + std::to_string(max_route_places) +
                        " chosen places (homes, or each community), not for every cell; od_matrix gives costs for all");
    }
    return places;
}

// Everything load_inputs reads but the roads, which `road_reading` reads into `roads`.
Inputs load_inputs_beside_roads(const Scenario& scenario, tbb::task_group& road_reading,
                                std::optional<RoadSource>& roads, const ProgressCallback& progress) {
    std::map<std::string, DemandGroup> demand;
    for (const auto& [name, spec] : scenario.population) {
        DemandGroup group;
        group.spec = spec;
        group.points = read_population(spec, stage_progress(progress, "reading population '" + name + "'"));
        if (group.points.size() == 0) {
            throw Error(ExitCode::input_invalid, ErrorContext::in_file(group.points.report.source),
                        "population '" + name + "' has no populated cell or feature");
        }
        demand.emplace(name, std::move(group));
    }
    std::map<std::string, FacilityLayer> facilities;
    for (const auto& [name, spec] : scenario.facilities) {
        report_progress(progress, 0.0, "reading facilities '" + name + "'");
        FacilityLayer layer;
        layer.spec = spec;
        layer.may_serve_nobody = scenario.sites_facility(name);
        if (spec.exists()) {
            // Where new ones are sited, an empty layer is a type with none yet;
            // elsewhere it is a wrong layer or filter, and an error.
            layer.points =
                read_point_layer(spec.source, layer.may_serve_nobody ? EmptyLayer::allowed : EmptyLayer::refused);
        } else {
            layer.points.report.source = "none";
            layer.points.report.warnings.push_back("no layer: there are no facilities of this type yet");
        }
        if (!layer.points.positions.empty()) { // a layer of none has no fields to check
            if (!spec.capacity_field.empty()) {
                layer.capacity =
                    read_non_negative_field(layer.points, spec.capacity_field, "capacity", spec.source, max_capacity);
            }
            check_optional_field(layer.points, spec.name_field, "name", spec.source);
            check_optional_field(layer.points, spec.type_field, "type", spec.source);
        }
        facilities.emplace(name, std::move(layer));
        report_progress(progress, 1.0, "reading facilities '" + name + "'");
    }
    const std::string origin = scenario.file.empty() ? std::string("scenario") : scenario.file.string();
    std::vector<AppliedChange> changes;
    for (const FacilityChange& change : scenario.changes) {
        if (change.kind != FacilityChange::Kind::add_chosen_sites && !change.changes_roads()) {
            changes.push_back(detail::apply_change(change, facilities.at(change.facility), origin));
        }
    }
    std::map<std::string, UnitLevel> units;
    for (const auto& [name, spec] : scenario.units) {
        report_progress(progress, 0.0, "reading units '" + name + "'");
        UnitLevel level;
        level.spec = spec;
        level.layer = read_unit_layer(spec.source, spec.fields);
        units.emplace(name, std::move(level));
        report_progress(progress, 1.0, "reading units '" + name + "'");
    }
    std::optional<RoutePlaces> route_places;
    if (scenario.outputs.routes) {
        route_places = read_route_places(scenario);
    }
    LonLatExtent extent;
    for (const auto& [name, group] : demand) {
        extent.add(group.points.positions);
    }
    Inputs inputs(choose_working_crs(scenario.crs, extent));
    const WorkingCrs& crs = inputs.crs;
    report_progress(progress, 0.0, "projecting to " + crs.name());
    for (auto& [name, group] : demand) {
        group.planar = crs.project(group.points.positions);
    }
    for (auto& [name, layer] : facilities) {
        layer.planar = crs.project(layer.points.positions, layer.spec.source.context());
        check_facilities_near_demand(scenario, demand, layer, name);
        warn_about_repeated_facilities(layer);
    }
    for (auto& [name, level] : units) {
        level.planar = project_polygons(level.layer.wkb_wgs84, crs);
        warn_about_implausible_units(level);
    }
    if (route_places) {
        route_places->planar = crs.project(route_places->points.positions);
    }
    report_progress(progress, 1.0, "projecting to " + crs.name());
    if (scenario.roads) {
        // What is left of it after the layers above and their projection: the stage's time is the wait.
        report_progress(progress, 0.0, "reading roads");
        road_reading.wait();
        report_progress(progress, 1.0, "reading roads");
    }
    for (const FacilityChange& change : scenario.changes) {
        if (change.changes_roads()) {
            changes.push_back(detail::apply_road_change(change, *roads, *scenario.roads, crs, origin));
        }
    }

    if (!scenario.study_area.empty()) {
        const UnitLevel& area = units.at(scenario.study_area);
        report_progress(progress, 0.0, "keeping demand inside the study area");
        for (auto& [name, group] : demand) {
            keep_inside(group, area, scenario.study_area, name);
        }
        report_progress(progress, 1.0, "keeping demand inside the study area");
    }

    std::set<std::string> groups_served;
    for (const ServiceSpec& service : scenario.services) {
        groups_served.insert(service.demand);
    }
    for (const std::string& name : groups_served) {
        DemandGroup& group = demand.at(name);
        for (auto& [level_name, level] : units) {
            const std::string stage = "placing population '" + name + "' in units '" + level_name + "'";
            report_progress(progress, 0.0, stage);
            group.units[level_name] = assign_to_units(group.planar, group.points.weights, level.planar);
            warn_about_overlaps(level, group.units[level_name], name);
            report_progress(progress, 1.0, stage);
        }
    }
    inputs.demand = std::move(demand);
    inputs.facilities = std::move(facilities);
    inputs.units = std::move(units);
    inputs.roads = std::move(roads);
    inputs.changes = std::move(changes);
    inputs.study_area = scenario.study_area;
    inputs.route_places = std::move(route_places);
    return inputs;
}

} // namespace

WorkingCrs choose_working_crs(const std::string& definition, const LonLatExtent& extent) {
    return WorkingCrs::choose(definition, extent.centre());
}

Inputs load_inputs(const Scenario& scenario, const ProgressCallback& progress) {
    validate_scenario(scenario);
    // The roads are read on another thread while the other layers are read:
    // at city scale each takes most of a second, and they share nothing (the
    // OSM reader is libosmium's; GDAL keeps a dataset, its errors and PROJ's
    // context to the thread that uses them).
    std::optional<RoadSource> roads;
    return detail::run_beside(
        [&roads, &scenario] {
            if (scenario.roads) {
                roads = read_roads(scenario.roads->source);
            }
        },
        [&](tbb::task_group& road_reading) {
            return load_inputs_beside_roads(scenario, road_reading, roads, progress);
        });
}

} // namespace lifecircle
