#include "stages/facility_changes.hpp"

#include "lifecircle/error.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

namespace lifecircle::detail {
namespace {

// Appends `added` to the layer, with the capacities it brings.
void append(FacilityLayer& facilities, const PointLayer& added, std::vector<double> capacity,
            const std::string& change) {
    append_features(facilities.points, added);
    if (facilities.has_capacity()) {
        facilities.capacity.insert(facilities.capacity.end(), capacity.begin(), capacity.end());
    }
    facilities.plan_change.resize(facilities.points.positions.size() - added.positions.size());
    facilities.plan_change.resize(facilities.points.positions.size(), change);
}

// Which facilities a remove or set_capacity names; every value must name one.
std::vector<bool> matching(const FacilityChange& change, const FacilityLayer& facilities) {
    const SourceSpec& source = facilities.spec.source;
    const auto field = facilities.points.attributes.field_index(change.match_field);
    if (!field) {
        throw Error(ExitCode::input_invalid,
                    source.context().with_field(change.match_field).with_json_path(change.json_path),
                    "the change names a field the facilities of '" + change.facility + "' do not have");
    }
    std::vector<bool> matched(facilities.points.positions.size(), false);
    for (std::size_t i = 0; i < change.match_values.size(); ++i) {
        bool found = false;
        for (std::size_t row = 0; row < matched.size(); ++row) {
            if (value_text(facilities.points.attributes.value(row, *field)) == change.match_values[i]) {
                matched[row] = true;
                found = true;
            }
        }
        if (!found) {
            const std::string kind = change.kind == FacilityChange::Kind::remove ? "/remove" : "/where";
            throw Error(ExitCode::input_invalid,
                        source.context()
                            .with_field(change.match_field)
                            .with_json_path(change.json_path + kind + "/values/" + std::to_string(i)),
                        "no facility of '" + change.facility + "' has " + change.match_field + " = '" +
                            change.match_values[i] + "'");
        }
    }
    return matched;
}

std::uint64_t count_of(const std::vector<bool>& flags) {
    return static_cast<std::uint64_t>(std::count(flags.begin(), flags.end(), true));
}

} // namespace

AppliedChange apply_change(const FacilityChange& change, FacilityLayer& facilities, const std::string& origin) {
    using Kind = FacilityChange::Kind;
    AppliedChange applied{change.kind, change.facility, origin + " at " + change.json_path, 0};
    facilities.plan_change.resize(facilities.points.positions.size());
    switch (change.kind) {
    case Kind::add: {
        const PointLayer added = change.layer ? read_point_layer(*change.layer) : *change.points;
        const SourceSpec source =
            change.layer ? *change.layer : SourceSpec{origin, change.json_path + "/add", {}, false, {}, {}};
        if (change.layer) {
            applied.source = change.layer->path.string();
        }
        std::vector<double> capacity;
        if (facilities.has_capacity()) {
            capacity = change.capacity ? std::vector<double>(added.positions.size(), *change.capacity)
                                       : read_non_negative_field(added, facilities.spec.capacity_field, "capacity",
                                                                 source, max_capacity);
        } else if (change.capacity) {
            throw Error(ExitCode::scenario_invalid,
                        ErrorContext::in_file(origin).with_json_path(change.json_path + "/capacity"),
                        "the facilities of '" + change.facility +
                            "' have no capacity field, so added ones cannot have a capacity");
        }
        append(facilities, added, std::move(capacity), "added");
        applied.features = added.positions.size();
        break;
    }
    case Kind::remove: {
        std::vector<bool> keep = matching(change, facilities);
        applied.features = count_of(keep);
        keep.flip();
        keep_features(facilities.points, keep);
        std::vector<double> capacity;
        std::vector<std::string> plan_change;
        for (std::size_t row = 0; row < keep.size(); ++row) {
            if (keep[row]) {
                if (facilities.has_capacity()) {
                    capacity.push_back(facilities.capacity[row]);
                }
                plan_change.push_back(facilities.plan_change[row]);
            }
        }
        facilities.capacity = std::move(capacity);
        facilities.plan_change = std::move(plan_change);
        if (facilities.points.positions.empty()) {
            throw Error(ExitCode::input_invalid, ErrorContext::in_file(origin).with_json_path(change.json_path),
                        "the change removes every facility of '" + change.facility + "'");
        }
        break;
    }
    case Kind::set_capacity: {
        if (!facilities.has_capacity()) {
            throw Error(ExitCode::scenario_invalid, ErrorContext::in_file(origin).with_json_path(change.json_path),
                        "the facilities of '" + change.facility +
                            "' have no capacity field: give \"capacity\" under /facilities/" + change.facility);
        }
        const std::vector<bool> matched = matching(change, facilities);
        for (std::size_t row = 0; row < matched.size(); ++row) {
            if (matched[row]) {
                facilities.capacity[row] = *change.capacity;
                if (facilities.plan_change[row].empty()) {
                    facilities.plan_change[row] = "capacity_set"; // added ones stay "added"
                }
            }
        }
        applied.features = count_of(matched);
        break;
    }
    case Kind::add_chosen_sites:
        throw std::logic_error("apply_change: chosen sites join after siting (add_chosen_sites)");
    case Kind::close_ways:
    case Kind::barrier:
    case Kind::add_ways:
    case Kind::crossings:
        throw std::logic_error("apply_change: changes to the streets go to apply_road_change");
    }
    return applied;
}

namespace {

// Refuses a way id the roads do not hold, at its place in the change.
void check_way_ids(const FacilityChange& change, const RoadSource& roads, const std::string& key,
                   const std::string& origin) {
    std::set<std::int64_t> known;
    for (const WayAttributes& way : roads.ways) {
        known.insert(way.id);
    }
    for (std::size_t i = 0; i < change.way_ids.size(); ++i) {
        if (known.count(change.way_ids[i]) == 0) {
            throw Error(
                ExitCode::scenario_invalid,
                ErrorContext::in_file(origin).with_json_path(change.json_path + "/" + key + "/" + std::to_string(i)),
                "no walkable way " + std::to_string(change.way_ids[i]) + " in " + roads.report.source);
        }
    }
}

// The junctions with major roads a crossings change names: those on its ways,
// or the nearest within `join` of each of its points. What it could not place is warned about.
std::vector<std::uint32_t> planned_junctions(const FacilityChange& change, RoadSource& roads, const WorkingCrs& crs,
                                             const std::string& origin) {
    const std::vector<std::uint32_t> junctions = major_road_junctions(roads);
    std::set<std::uint32_t> chosen;
    if (!change.layer) {
        check_way_ids(change, roads, "crossings", origin);
        const std::set<std::int64_t> ids(change.way_ids.begin(), change.way_ids.end());
        std::set<std::int64_t> placed;
        for (std::size_t polyline = 0; polyline < roads.polyline_count(); ++polyline) {
            if (ids.count(roads.ways[polyline].id) == 0) {
                continue;
            }
            for (std::uint32_t i = roads.polyline_offsets[polyline]; i < roads.polyline_offsets[polyline + 1]; ++i) {
                const std::uint32_t vertex = roads.polyline_vertices[i];
                if (std::binary_search(junctions.begin(), junctions.end(), vertex)) {
                    chosen.insert(vertex);
                    placed.insert(roads.ways[polyline].id);
                }
            }
        }
        for (const std::int64_t id : ids) {
            if (placed.count(id) == 0) {
                roads.report.warnings.push_back("way " + std::to_string(id) + " (" + change.json_path +
                                                ") meets no major road: no crossing planned on it");
            }
        }
        return {chosen.begin(), chosen.end()};
    }
    const PointLayer points = read_point_layer(*change.layer);
    const std::vector<PlanarPoint> planar = crs.project(points.positions, change.layer->context());
    const std::vector<PlanarPoint> vertices = crs.project(roads.vertices);
    std::uint64_t unplaced = 0;
    for (const PlanarPoint& point : planar) { // a plan's few points against the junctions: a scan will do
        std::uint32_t nearest = no_index;
        double nearest_m = change.join.value;
        for (const std::uint32_t junction : junctions) {
            const double distance = std::hypot(vertices[junction].x - point.x, vertices[junction].y - point.y);
            if (distance <= nearest_m) {
                nearest = junction;
                nearest_m = distance;
            }
        }
        if (nearest == no_index) {
            ++unplaced;
        } else {
            chosen.insert(nearest);
        }
    }
    if (unplaced > 0) {
        roads.report.warnings.push_back(
            std::to_string(unplaced) + " crossings of " + change.layer->path.filename().string() + " lie more than " +
            to_string(change.join) +
            " from any place where a way meets a major road, so none is planned there (add the crossing's path "
            "with add_ways)");
    }
    return {chosen.begin(), chosen.end()};
}

} // namespace

AppliedChange apply_road_change(const FacilityChange& change, RoadSource& roads, const RoadSpec& spec,
                                const WorkingCrs& crs, const std::string& origin) {
    AppliedChange applied{change.kind, {}, change.json_path, 0};
    if (change.kind == FacilityChange::Kind::close_ways && !change.match_field.empty()) {
        std::vector<std::uint64_t> matched;
        const std::vector<std::int64_t> ids =
            line_ids_where(spec.source, change.match_field, change.match_values, matched);
        for (std::size_t value = 0; value < matched.size(); ++value) {
            if (matched[value] == 0) { // a plan closing a bridge that is not there is a mistake to fix
                throw Error(ExitCode::scenario_invalid,
                            ErrorContext::in_file(origin).with_json_path(change.json_path + "/close_ways/values/" +
                                                                         std::to_string(value)),
                            "no way of " + spec.source.path.filename().string() + " has " + change.match_field +
                                " = '" + change.match_values[value] + "'");
            }
        }
        roads = without_ways(roads, ids, applied.features);
        return applied;
    }
    if (change.kind == FacilityChange::Kind::close_ways) {
        check_way_ids(change, roads, "close_ways", origin);
        roads = without_ways(roads, change.way_ids, applied.features);
        return applied;
    }
    if (change.kind == FacilityChange::Kind::crossings) {
        if (change.layer) {
            applied.source = change.layer->path.string();
        }
        for (const std::uint32_t vertex : planned_junctions(change, roads, crs, origin)) {
            roads.planned_crossings.push_back({vertex, change.wait_s});
            ++applied.features;
        }
        return applied;
    }
    // A barrier may be an area (a construction site): its rings are lines no walk crosses.
    const RoadSource lines =
        change.lines ? *change.lines
                     : read_line_roads(*change.layer,
                                       change.kind == FacilityChange::Kind::barrier ? Rings::as_lines : Rings::refused);
    const ErrorContext where =
        change.lines ? ErrorContext::in_file(origin).with_json_path(change.json_path) : change.layer->context();
    const std::vector<PlanarPoint> line_vertices = crs.project(lines.vertices, where);
    applied.source = change.lines ? change.json_path + "/add_ways" : change.layer->path.string();
    if (change.kind == FacilityChange::Kind::add_ways) {
        AddedWays added;
        roads = with_ways_added(roads, crs.project(roads.vertices), lines, line_vertices, change.join, added);
        applied.features = added.ways;
        if (added.ends_unjoined > 0) {
            roads.report.warnings.push_back(std::to_string(added.ends_unjoined) + " ends of the ways added by " +
                                            (change.lines ? change.json_path : change.layer->path.filename().string()) +
                                            " lie more than " + to_string(change.join) +
                                            " from any street and stay dead ends");
        }
        return applied;
    }
    std::vector<std::vector<PlanarPoint>> barriers;
    for (std::size_t polyline = 0; polyline < lines.polyline_count(); ++polyline) {
        std::vector<PlanarPoint>& barrier = barriers.emplace_back();
        for (std::uint32_t i = lines.polyline_offsets[polyline]; i < lines.polyline_offsets[polyline + 1]; ++i) {
            barrier.push_back(line_vertices[lines.polyline_vertices[i]]);
        }
    }
    // Each side ends more than twice the end-point tolerance away, so the build cannot join them again.
    const Metres gap{std::max(1.0, 2.0 * spec.graph.endpoint_tolerance.value + 0.5)};
    roads = cut_at_barriers(roads, crs.project(roads.vertices), barriers, gap, applied.features);
    if (applied.features == 0) {
        roads.report.warnings.push_back("the barrier " + change.layer->path.filename().string() + " (" +
                                        change.json_path + ") crosses no street");
    }
    return applied;
}

} // namespace lifecircle::detail

namespace lifecircle {

FacilitiesWithSites add_chosen_sites(const FacilityChange& change, const SitingResult& siting, const Inputs& inputs,
                                     const std::string& type, const Snapping* snapping) {
    FacilitiesWithSites joined{inputs.facilities.at(type), std::nullopt, {}};
    FacilityLayer& facilities = joined.facilities;
    const RankedSites& chosen = siting.chosen();
    PointLayer sites;
    sites.attributes = siting.candidates.attributes.gathered(chosen.sites);
    for (const std::uint32_t site : chosen.sites) {
        sites.positions.push_back(siting.candidates.positions[site]);
        sites.feature_ids.push_back(siting.candidates.feature_ids[site]);
    }
    std::vector<double> capacity;
    if (facilities.has_capacity()) {
        if (change.capacity) {
            capacity.assign(chosen.sites.size(), *change.capacity);
        } else if (!siting.candidate_capacity.empty()) {
            for (const std::uint32_t site : chosen.sites) {
                capacity.push_back(siting.candidate_capacity[site]);
            }
        } else {
            const std::string& field = facilities.spec.capacity_field;
            if (!sites.attributes.field_index(field)) {
                throw Error(ExitCode::input_invalid, siting.spec.candidates.context().with_field(field),
                            "the chosen sites join facilities that have capacities, but the candidates have no '" +
                                field + "' field: give the change a \"capacity\" (or `site` --site-capacity)");
            }
            capacity = read_non_negative_field(sites, field, "capacity", siting.spec.candidates, max_capacity);
        }
    }
    detail::append(facilities, sites, std::move(capacity), "chosen_site");
    const std::vector<PlanarPoint> planar = inputs.crs.project(sites.positions);
    facilities.planar.insert(facilities.planar.end(), planar.begin(), planar.end());
    if (snapping != nullptr) {
        joined.snapping = *snapping;
        for (const std::uint32_t site : chosen.sites) {
            joined.snapping->snaps.push_back(siting.snaps[site]);
        }
    }
    joined.change = {FacilityChange::Kind::add_chosen_sites, type, siting.spec.candidates.path.string(),
                     chosen.sites.size()};
    return joined;
}

} // namespace lifecircle
