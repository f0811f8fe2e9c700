#include "lifecircle/error.hpp"
#include "lifecircle/report.hpp"
#include "lifecircle/run.hpp"
#include "lifecircle/version.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <type_traits>
#include <limits>

namespace lifecircle {
namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

// Where a layer's points joined the network: null in radius mode, and for
// layers no service uses.
const Snapping* snapping_in(const std::optional<Routing>& routing, bool demand, const std::string& name) {
    if (!routing) {
        return nullptr;
    }
    const std::map<std::string, Snapping>& snapped = demand ? routing->demand : routing->facilities;
    const auto found = snapped.find(name);
    return found == snapped.end() ? nullptr : &found->second;
}

// The source's fields first, so results join back; the computed fields after.
// A source field whose name a computed field takes is kept as "source_<name>".
AttributeTable with_results(const AttributeTable& source, const std::vector<FieldDefinition>& computed,
                            const std::function<std::vector<FieldValue>(std::size_t)>& computed_row) {
    std::vector<FieldDefinition> fields;
    for (FieldDefinition field : source.fields()) {
        for (const FieldDefinition& taken : computed) {
            if (taken.name == field.name) {
                field.name = "source_" + field.name;
            }
        }
        fields.push_back(std::move(field));
    }
    fields.insert(fields.end(), computed.begin(), computed.end());
    AttributeTable table(std::move(fields));
    for (std::size_t row = 0; row < source.row_count(); ++row) {
        std::vector<FieldValue> values;
        values.reserve(table.fields().size());
        for (std::size_t field = 0; field < source.fields().size(); ++field) {
            values.push_back(source.value(row, field));
        }
        for (FieldValue& value : computed_row(row)) {
            values.push_back(std::move(value));
        }
        table.add_row(std::move(values));
    }
    return table;
}

FieldValue finite_or_null(double value) {
    return std::isfinite(value) ? FieldValue{value} : FieldValue{};
}

// "0-5 min", "5-10 min" ... or "beyond 15 min" (or metres), for a cost.
std::string band_label(const ServiceSpec& service, double cost) {
    const std::string unit = service.minutes ? " min" : " m";
    char text[64];
    double lower = 0.0;
    for (const double upper : service.bands) {
        if (cost <= service.band_metres(upper).value) {
            std::snprintf(text, sizeof text, "%g-%g%s", lower, upper, unit.c_str());
            return text;
        }
        lower = upper;
    }
    std::snprintf(text, sizeof text, "beyond %g%s", lower, unit.c_str());
    return text;
}

// Population-weighted mean access per unit (null for a unit without demand).
std::vector<std::optional<double>> access_by_unit(const ServiceResult& service, const UnitAssignment& assignment,
                                                  std::size_t unit_count, std::span<const double> weights) {
    std::vector<double> held(unit_count, 0.0);
    std::vector<double> people(unit_count, 0.0);
    for (std::size_t point = 0; point < weights.size(); ++point) {
        const std::uint32_t unit = assignment.unit_of_point[point];
        if (unit != no_index) {
            held[unit] += weights[point] * service.access->access[point];
            people[unit] += weights[point];
        }
    }
    std::vector<std::optional<double>> mean(unit_count);
    for (std::size_t unit = 0; unit < unit_count; ++unit) {
        if (people[unit] > 0.0) {
            mean[unit] = held[unit] / people[unit];
        }
    }
    return mean;
}

OutputLayer demand_layer(const RunResult& result, const ServiceResult& service) {
    const DemandGroup& group = result.inputs.demand.at(service.spec.demand);
    const FacilityLayer& facilities = result.inputs.facilities.at(service.spec.facility);
    const Snapping* snapping = snapping_in(result.routing, true, service.spec.demand);
    // Raster cells join back by their row and col fields; features by FID.
    const bool from_raster = group.spec.layer == std::nullopt;
    std::vector<FieldDefinition> computed;
    if (!from_raster) {
        computed.push_back({"source_fid", FieldType::integer});
    }
    computed.insert(computed.end(), {{"weight", FieldType::real},
                                     {"cost_m", FieldType::real},
                                     {"covered", FieldType::integer},
                                     {"nearest_facility_fid", FieldType::integer}});
    if (snapping != nullptr) {
        computed.push_back({"connector_m", FieldType::real}); // straight walk to the road; null beyond the snap limit
    }
    computed.push_back({"band", FieldType::string});
    if (service.access) {
        computed.push_back({"access_per_1000", FieldType::real}); // capacity within reach per 1,000 people (2SFCA)
    }
    for (const auto& [level, assignment] : group.units) {
        computed.push_back({"unit_" + level, FieldType::string});
    }
    OutputLayer layer;
    layer.name = "demand_" + service.spec.id;
    layer.points = group.points.positions;
    layer.attributes = with_results(group.points.attributes, computed, [&](std::size_t row) {
        const double cost = service.costs.cost_m[row];
        const std::uint32_t nearest = service.costs.nearest_facility[row];
        std::vector<FieldValue> values;
        if (!from_raster) {
            values.emplace_back(std::int64_t{group.points.feature_ids[row]});
        }
        values.emplace_back(group.points.weights[row]);
        values.push_back(finite_or_null(cost));
        values.emplace_back(std::int64_t{cost <= service.spec.threshold.value ? 1 : 0});
        values.push_back(nearest == no_index ? FieldValue{}
                                             : FieldValue{std::int64_t{facilities.points.feature_ids[nearest]}});
        if (snapping != nullptr) {
            const Snap& snap = snapping->snaps[row];
            values.push_back(snap.snapped() ? FieldValue{snap.connector_m} : FieldValue{});
        }
        values.emplace_back(band_label(service.spec, cost));
        if (service.access) {
            values.emplace_back(1000.0 * service.access->access[row]);
        }
        for (const auto& [level, assignment] : group.units) {
            const std::uint32_t unit = assignment.unit_of_point[row];
            values.push_back(unit == no_index ? FieldValue{} : FieldValue{result.inputs.units.at(level).layer.codes[unit]});
        }
        return values;
    });
    return layer;
}

OutputLayer unit_layer(const RunResult& result, const ServiceResult& service, const std::string& level_name) {
    const UnitLevel& level = result.inputs.units.at(level_name);
    const std::vector<CoverageTotals>& totals = service.by_unit.at(level_name);
    const std::vector<FieldDefinition> computed{
        {"source_fid", FieldType::integer},     {"unit_code", FieldType::string},
        {"unit_name", FieldType::string},       {"parent_code", FieldType::string},
        {"demand_total", FieldType::real},      {"demand_covered", FieldType::real},
        {"covered_share", FieldType::real},     {"points_total", FieldType::integer},
        {"points_covered", FieldType::integer}, {"threshold_m", FieldType::real}};
    std::vector<FieldDefinition> fields = computed;
    std::vector<std::optional<double>> access;
    if (service.access) {
        const DemandGroup& group = result.inputs.demand.at(service.spec.demand);
        access = access_by_unit(service, group.units.at(level_name), totals.size(), group.points.weights);
        fields.push_back({"access_per_1000", FieldType::real});
    }
    OutputLayer layer;
    layer.name = "units_" + level_name + "_" + service.spec.id;
    layer.wkb_wgs84 = level.layer.wkb_wgs84;
    layer.attributes = with_results(level.layer.attributes, fields, [&](std::size_t row) {
        const CoverageTotals& unit = totals[row];
        std::vector<FieldValue> values{std::int64_t{level.layer.feature_ids[row]},
                                       level.layer.codes[row],
                                       level.layer.names[row],
                                       level.layer.parent_codes[row],
                                       unit.demand_total,
                                       unit.demand_covered,
                                       unit.demand_total > 0.0 ? FieldValue{unit.covered_share()}
                                                               : FieldValue{}, // no demand: no share
                                       static_cast<std::int64_t>(unit.points_total),
                                       static_cast<std::int64_t>(unit.points_covered),
                                       service.spec.threshold.value};
        if (service.access) {
            values.push_back(access[row] ? FieldValue{1000.0 * *access[row]} : FieldValue{});
        }
        return values;
    });
    return layer;
}

OutputLayer facility_layer(const std::string& type, const FacilityLayer& facilities) {
    OutputLayer layer;
    layer.name = "facilities_" + type;
    layer.points = facilities.points.positions;
    const bool changed = !facilities.plan_change.empty();
    std::vector<FieldDefinition> fields{{"source_fid", FieldType::integer}};
    if (changed) {
        fields.push_back({"plan_change", FieldType::string}); // "", added, capacity_set, chosen_site
        if (!facilities.capacity.empty()) {
            fields.push_back({"planned_capacity", FieldType::real});
        }
    }
    layer.attributes = with_results(facilities.points.attributes, fields, [&](std::size_t row) {
        std::vector<FieldValue> values{std::int64_t{facilities.points.feature_ids[row]}};
        if (changed) {
            values.emplace_back(facilities.plan_change[row]);
            if (!facilities.capacity.empty()) {
                values.emplace_back(facilities.capacity[row]);
            }
        }
        return values;
    });
    return layer;
}

ordered_json snapping_json(const SnapReport& report) {
    return {{"points", report.points},
            {"beyond_snap_limit", report.beyond_limit},
            {"on_minor_component", report.on_minor_component},
            {"largest_connector_m", report.largest_connector_m}};
}

// The demand covered before and after, for the models that count coverage.
const ChosenSites* coverage_of(const SitingResult& siting) {
    return std::visit(
        [](const auto& answer) -> const ChosenSites* {
            if constexpr (std::is_base_of_v<ChosenSites, std::decay_t<decltype(answer)>>) {
                return &answer;
            } else {
                return nullptr;
            }
        },
        siting.answer);
}

// The chosen sites, in order of marginal gain, with what each adds.
OutputLayer sites_layer(const SitingResult& siting) {
    const PointLayer& candidates = siting.candidates;
    OutputLayer layer;
    layer.name = "sites_" + siting.spec.service;
    AttributeTable source(candidates.attributes.fields());
    const RankedSites& chosen = siting.chosen();
    for (const std::uint32_t site : chosen.sites) {
        layer.points.push_back(candidates.positions[site]);
        std::vector<FieldValue> values;
        for (std::size_t field = 0; field < candidates.attributes.fields().size(); ++field) {
            values.push_back(candidates.attributes.value(site, field));
        }
        source.add_row(std::move(values));
    }
    std::vector<FieldDefinition> fields{{"source_fid", FieldType::integer}, {"rank", FieldType::integer}};
    const auto* median = std::get_if<MedianAnswer>(&siting.answer);
    const auto* capacitated = std::get_if<CapacitatedAnswer>(&siting.answer);
    if (median != nullptr) {
        fields.push_back({"saves_person_m", FieldType::real});
        fields.push_back({"mean_cost_after_m", FieldType::real});
    } else {
        fields.push_back({"adds_demand", FieldType::real});
        fields.push_back({"covered_after", FieldType::real});
    }
    if (capacitated != nullptr) {
        fields.push_back({"capacity", FieldType::real});
        fields.push_back({"serves", FieldType::real});
    }
    // Running totals: demand covered, or weighted cost left.
    double running = median != nullptr ? median->cost_before : coverage_of(siting)->covered_before;
    layer.attributes = with_results(source, fields, [&](std::size_t row) {
        const std::uint32_t site = chosen.sites[row];
        std::vector<FieldValue> values{std::int64_t{candidates.feature_ids[site]}, static_cast<std::int64_t>(row + 1),
                                       chosen.marginal_gain[row]};
        if (median != nullptr) {
            running -= chosen.marginal_gain[row];
            values.emplace_back(median->total_demand > 0.0 ? running / median->total_demand : 0.0);
        } else {
            running += chosen.marginal_gain[row];
            values.emplace_back(running);
        }
        if (capacitated != nullptr) {
            values.emplace_back(siting.candidate_capacity[site]);
            values.emplace_back(capacitated->site_load[row]);
        }
        return values;
    });
    return layer;
}

ordered_json siting_json(const SitingResult& siting, const FacilityLayer& existing) {
    const RankedSites& answer = siting.chosen();
    ordered_json json;
    json["service"] = siting.spec.service;
    json["model"] = to_string(siting.spec.model);
    json["candidates_read"] = siting.candidates.report.features_read;
    json["candidates_used"] = siting.candidates.report.features_used;
    if (!siting.snaps.empty()) {
        json["candidates_snapping"] = snapping_json(siting.snapping);
    }
    json["search_bound_m"] = siting.search_bound.value;
    json["candidates_reaching_demand"] = siting.candidates_reaching_demand;
    json["chosen"] = answer.sites.size();
    if (const ChosenSites* coverage = coverage_of(siting)) {
        json["demand_total"] = coverage->total_demand;
        json["covered_before"] = coverage->covered_before;
        json["covered_after"] = coverage->covered_after;
        json["share_before"] = coverage->total_demand > 0.0 ? coverage->covered_before / coverage->total_demand : 0.0;
        json["share_after"] = coverage->total_demand > 0.0 ? coverage->covered_after / coverage->total_demand : 0.0;
    }
    if (const auto* covering = std::get_if<SitingAnswer>(&siting.answer)) {
        json["add"] = siting.spec.add;
        json["upper_bound"] = covering->upper_bound; // no K sites cover more
        json["gap"] = covering->gap();
        json["swaps"] = covering->swaps;
        json["merged_columns"] = covering->merged_columns;
        if (siting.units) {
            json["one_per_unit"] = {{"units", siting.spec.one_per_unit->level},
                                    {"min_capacity", siting.spec.one_per_unit->min_capacity},
                                    {"served_by_existing", siting.units->served_by_existing},
                                    {"needing_site", siting.units->needing_site},
                                    {"without_candidate", siting.units->without_candidate}};
        }
    } else if (const auto* set = std::get_if<SetCoveringAnswer>(&siting.answer)) {
        json["target_share"] = *siting.spec.target_share;
        json["target_demand"] = set->target_demand;
        json["target_reached"] = set->target_reached;
        json["fewest_possible"] = set->fewest_possible; // no answer with fewer sites reaches the target
        json["gap"] = set->gap();
    } else if (const auto* median = std::get_if<MedianAnswer>(&siting.answer)) {
        const double demand = median->total_demand;
        json["add"] = siting.spec.add;
        json["demand_total"] = demand;
        json["cost_cap_m"] = siting.search_bound.value;
        json["cost_before_person_m"] = median->cost_before;
        json["cost_after_person_m"] = median->cost_after;
        json["mean_cost_before_m"] = demand > 0.0 ? median->cost_before / demand : 0.0;
        json["mean_cost_after_m"] = demand > 0.0 ? median->cost_after / demand : 0.0;
        json["demand_at_cap_before"] = median->demand_at_cap_before;
        json["demand_at_cap_after"] = median->demand_at_cap_after;
        json["lower_bound_person_m"] = median->lower_bound; // no K sites cost less
        json["gap"] = median->gap();
        json["swaps"] = median->swaps;
    } else {
        const auto& capacitated = std::get<CapacitatedAnswer>(siting.answer);
        json["add"] = siting.spec.add;
        json["upper_bound"] = capacitated.upper_bound;
        json["gap"] = capacitated.gap();
        json["swaps"] = capacitated.swaps;
        ordered_json loads = ordered_json::array();
        for (std::size_t facility = 0; facility < capacitated.existing_load.size(); ++facility) {
            loads.push_back({{"source_fid", existing.points.feature_ids[facility]},
                             {"capacity", existing.capacity[facility]},
                             {"serves", capacitated.existing_load[facility]}});
        }
        json["existing_facilities"] = std::move(loads);
    }
    const bool median = siting.spec.model == SitingModel::p_median;
    ordered_json sites = ordered_json::array();
    for (std::size_t rank = 0; rank < answer.sites.size(); ++rank) {
        ordered_json site{{"rank", rank + 1}, {"source_fid", siting.candidates.feature_ids[answer.sites[rank]]}};
        site[median ? "saves_person_m" : "adds_demand"] = answer.marginal_gain[rank];
        if (const auto* capacitated = std::get_if<CapacitatedAnswer>(&siting.answer)) {
            site["capacity"] = siting.candidate_capacity[answer.sites[rank]];
            site["serves"] = capacitated->site_load[rank];
        }
        sites.push_back(std::move(site));
    }
    json["sites"] = std::move(sites);
    return json;
}

std::string display_path(const std::string& path, const Scenario& scenario) {
    if (scenario.file.empty()) {
        return path;
    }
    const fs::path relative = fs::path(path).lexically_relative(scenario.file.parent_path());
    return relative.empty() ? path : relative.generic_string();
}

ordered_json report_json(const InputReport& report, const Scenario& scenario) {
    ordered_json json = to_json(report);
    std::string sources;
    // A summed raster source lists its files joined by " + ".
    std::string remaining = report.source;
    for (std::size_t split; (split = remaining.find(" + ")) != std::string::npos;
         remaining = remaining.substr(split + 3)) {
        sources += display_path(remaining.substr(0, split), scenario) + " + ";
    }
    sources += display_path(remaining, scenario);
    json["source"] = sources;
    return json;
}

ordered_json network_json(const Network& network, const Scenario& scenario) {
    const WalkingGraph& graph = network.graph();
    ordered_json json = report_json(network.report(), scenario);
    const ComponentSummary components = graph.components();
    json["nodes"] = graph.node_count();
    json["edges"] = graph.edge_count();
    json["total_length_m"] = graph.total_length();
    json["components"] = components.count;
    json["largest_components_nodes"] = components.largest_node_counts;
    json["adjustments"] = ordered_json::object();
    for (const auto& [reason, count] : graph.adjustments()) {
        json["adjustments"][reason] = count;
    }
    json["snap_limit_m"] = network.spec().snap_limit.value;
    json["endpoint_tolerance_m"] = network.spec().graph.endpoint_tolerance.value;
    return json;
}

} // namespace

ordered_json summarise(const RunResult& result) {
    const Scenario& scenario = result.scenario;
    ordered_json summary;
    summary["lifecircle_version"] = LIFECIRCLE_VERSION;
    summary["scenario"] = {{"name", scenario.name},
                           {"file", scenario.file.empty() ? "" : scenario.file.filename().string()}};
    summary["working_crs"] = result.inputs.crs.name();

    ordered_json inputs;
    inputs["population"] = ordered_json::object();
    for (const auto& [name, group] : result.inputs.demand) {
        ordered_json json = report_json(group.points.report, scenario);
        double total = 0.0;
        for (double weight : group.points.weights) {
            total += weight;
        }
        json["demand_points"] = group.points.size();
        json["demand_total"] = total;
        if (const Snapping* snapping = snapping_in(result.routing, true, name)) {
            json["snapping"] = snapping_json(snapping->report);
        }
        inputs["population"][name] = std::move(json);
    }
    inputs["facilities"] = ordered_json::object();
    for (const auto& [name, facilities] : result.inputs.facilities) {
        ordered_json json = report_json(facilities.points.report, scenario);
        json["far_from_demand"] = facilities.facilities_far_from_demand;
        if (const Snapping* snapping = snapping_in(result.routing, false, name)) {
            json["snapping"] = snapping_json(snapping->report);
        }
        if (!facilities.capacity.empty()) {
            double capacity = 0.0;
            for (double value : facilities.capacity) {
                capacity += value;
            }
            json["capacity_field"] = facilities.spec.capacity_field;
            json["capacity_total"] = capacity;
        }
        inputs["facilities"][name] = std::move(json);
    }
    inputs["units"] = ordered_json::object();
    for (const auto& [name, level] : result.inputs.units) {
        inputs["units"][name] = report_json(level.layer.report, scenario);
    }
    if (result.routing) {
        inputs["roads"] = network_json(result.routing->network, scenario);
    }
    summary["inputs"] = std::move(inputs);

    ordered_json services = ordered_json::array();
    for (const ServiceResult& service : result.services) {
        ordered_json json;
        json["id"] = service.spec.id;
        json["facility"] = service.spec.facility;
        json["demand"] = service.spec.demand;
        json["mode"] = to_string(service.mode);
        json["threshold_m"] = service.spec.threshold.value;
        json["minutes"] = service.spec.minutes ? ordered_json(*service.spec.minutes) : ordered_json(nullptr);
        json["walk_kmh"] = service.spec.walk_kmh ? ordered_json(*service.spec.walk_kmh) : ordered_json(nullptr);
        json["demand_total"] = service.totals.demand_total;
        json["demand_covered"] = service.totals.demand_covered;
        json["covered_share"] = service.totals.covered_share();
        json["points_total"] = service.totals.points_total;
        json["points_covered"] = service.totals.points_covered;
        // Unreachable: no way to any facility at all (radius: there is none;
        // network: the point is beyond the snap limit). Not the same as beyond the threshold.
        const DemandGroup& served = result.inputs.demand.at(service.spec.demand);
        const Snapping* served_snapping = snapping_in(result.routing, true, service.spec.demand);
        std::uint64_t unreachable = 0;
        double unreachable_demand = 0.0;
        for (std::size_t point = 0; point < served.points.size(); ++point) {
            const bool cut_off = served_snapping == nullptr ? service.costs.nearest_facility[point] == no_index
                                                            : !served_snapping->snaps[point].snapped();
            if (cut_off) {
                ++unreachable;
                unreachable_demand += served.points.weights[point];
            }
        }
        json["unreachable"] = unreachable;
        json["unreachable_demand"] = unreachable_demand;
        if (service.mode == RunMode::network) {
            json["nodes_settled"] = service.travel.nodes_settled;
            json["arcs_relaxed"] = service.travel.arcs_relaxed;
        }
        ordered_json bands = ordered_json::array();
        for (std::size_t band = 0; band < service.spec.bands.size(); ++band) {
            bands.push_back({{"upto", service.spec.bands[band]},
                             {"upto_m", service.spec.band_metres(service.spec.bands[band]).value},
                             {"demand", service.band_demand[band]},
                             {"share", service.totals.demand_total > 0.0
                                           ? service.band_demand[band] / service.totals.demand_total
                                           : 0.0}});
        }
        json["bands"] = std::move(bands); // cumulative: people within each bound
        if (!service.areas.empty()) {
            ordered_json areas = ordered_json::array();
            for (std::size_t band = 0; band < service.areas.size(); ++band) {
                areas.push_back({{"upto", service.spec.bands[band]},
                                 {"area_m2", service.areas[band].area_m2},
                                 {"holes", service.areas[band].holes}});
            }
            json["service_areas"] = std::move(areas);
        }
        const DemandGroup& group = result.inputs.demand.at(service.spec.demand);
        if (service.access) {
            const std::vector<double>& access = service.access->access;
            const auto& weights = group.points.weights;
            double held = 0.0;
            for (std::size_t point = 0; point < weights.size(); ++point) {
                held += weights[point] * access[point];
            }
            ordered_json equity;
            equity["method"] = service.spec.access->kind == DistanceDecay::Kind::none    ? "2sfca"
                               : service.spec.access->kind == DistanceDecay::Kind::steps ? "e2sfca_steps"
                                                                                        : "e2sfca_gaussian";
            equity["mean_per_1000"] =
                service.totals.demand_total > 0.0 ? 1000.0 * held / service.totals.demand_total : 0.0;
            equity["gini"] = gini(access, weights);
            const double palma_ratio = palma(access, weights);
            equity["palma"] = std::isfinite(palma_ratio) ? ordered_json(palma_ratio) : ordered_json(nullptr);
            equity["gini_by_unit"] = ordered_json::object();
            for (const auto& [level, totals] : service.by_unit) {
                const auto means = access_by_unit(service, group.units.at(level), totals.size(), weights);
                std::vector<double> unit_access;
                std::vector<double> unit_people;
                for (std::size_t unit = 0; unit < totals.size(); ++unit) {
                    if (means[unit]) {
                        unit_access.push_back(*means[unit]);
                        unit_people.push_back(totals[unit].demand_total);
                    }
                }
                equity["gini_by_unit"][level] = gini(unit_access, unit_people);
            }
            json["access"] = std::move(equity);
        }
        json["units"] = ordered_json::object();
        for (const auto& [level, totals] : service.by_unit) {
            const UnitAssignment& assignment = group.units.at(level);
            std::uint64_t without_demand = 0;
            std::uint64_t fully_covered = 0;
            for (const CoverageTotals& unit : totals) {
                without_demand += unit.points_total == 0 ? 1U : 0U;
                fully_covered += unit.points_total > 0 && unit.points_covered == unit.points_total ? 1U : 0U;
            }
            json["units"][level] = {{"unit_count", totals.size()},
                                    {"units_without_demand", without_demand},
                                    {"units_fully_covered", fully_covered},
                                    {"points_outside_units", assignment.points_outside},
                                    {"demand_outside_units", assignment.weight_outside}};
        }
        services.push_back(std::move(json));
    }
    summary["services"] = std::move(services);
    if (!result.targets.empty()) {
        ordered_json targets = ordered_json::array();
        for (const TargetResult& target : result.targets) {
            ordered_json json;
            json["id"] = target.spec.id;
            json["indicator"] = to_string(target.spec.indicator);
            json["value"] = target.value ? ordered_json(*target.value) : ordered_json(nullptr);
            json["min"] = target.spec.min ? ordered_json(*target.spec.min) : ordered_json(nullptr);
            json["max"] = target.spec.max ? ordered_json(*target.spec.max) : ordered_json(nullptr);
            json["met"] = target.met;
            json["gap"] = target.gap;
            if (!target.spec.units.empty()) {
                json["units"] = target.spec.units;
                json["units_considered"] = target.units_considered;
                json["units_passing"] = target.units_passing;
                ordered_json failing = ordered_json::array();
                for (const UnitValue& unit : target.failing_units) {
                    failing.push_back({{"code", unit.code},
                                       {"name", unit.name},
                                       {"value", unit.value ? ordered_json(*unit.value) : ordered_json(nullptr)}});
                }
                json["failing_units"] = std::move(failing);
            }
            targets.push_back(std::move(json));
        }
        summary["targets"] = std::move(targets);
    }
    if (!result.inputs.changes.empty()) {
        ordered_json changes = ordered_json::array();
        for (const AppliedChange& change : result.inputs.changes) {
            changes.push_back({{"kind", to_string(change.kind)},
                               {"facility", change.facility},
                               {"source", display_path(change.source, scenario)},
                               {"features", change.features}});
        }
        summary["changes"] = std::move(changes);
    }
    if (result.siting) {
        summary["inputs"]["candidates"] = report_json(result.siting->candidates.report, scenario);
        const std::string& type = service_named(result.services, result.siting->spec.service).spec.facility;
        summary["siting"] = siting_json(*result.siting, result.inputs.facilities.at(type));
    }
    return summary;
}

// The service areas of a service: one polygon per band, for maps.
OutputLayer areas_layer(const RunResult& result, const ServiceResult& service) {
    OutputLayer layer;
    layer.name = "service_areas_" + service.spec.id;
    layer.attributes = AttributeTable({{"upto", FieldType::real},
                                       {"unit", FieldType::string},
                                       {"threshold_m", FieldType::real},
                                       {"area_m2", FieldType::real},
                                       {"holes", FieldType::integer}});
    for (std::size_t band = 0; band < service.areas.size(); ++band) {
        const ServiceArea& area = service.areas[band];
        if (area.wkb.empty()) {
            continue; // nothing reached: no polygon to draw
        }
        layer.wkb_wgs84.push_back(unproject_wkb(area.wkb, result.inputs.crs));
        layer.attributes.add_row({service.spec.bands[band], std::string(service.spec.minutes ? "min" : "m"),
                                  area.threshold.value, area.area_m2, std::int64_t{area.holes}});
    }
    return layer;
}

ordered_json write_results(const RunResult& result, const OutputOptions& options,
                           const ProgressCallback& progress) {
    OutputDirectory output(options.directory, result.scenario.input_files());
    std::vector<OutputLayer> layers;
    for (const ServiceResult& service : result.services) {
        layers.push_back(demand_layer(result, service));
        for (const auto& [level, totals] : service.by_unit) {
            layers.push_back(unit_layer(result, service, level));
        }
        if (!service.areas.empty()) {
            layers.push_back(areas_layer(result, service));
        }
    }
    for (const auto& [type, facilities] : result.inputs.facilities) {
        layers.push_back(facility_layer(type, facilities));
    }
    if (result.siting) {
        layers.push_back(sites_layer(*result.siting));
    }

    write_layers(output, layers, options.format, progress);
    write_styles(output, layers, options.format);
    ordered_json summary = summarise(result);
    const Scenario& scenario = result.scenario;
    RunReportSources sources;
    if (!scenario.file.empty()) {
        sources.scenario_text = read_text_file(scenario.file).value_or("");
    }
    const std::vector<fs::path> inputs = scenario.input_files();
    sources.provenance = read_provenance_notes(inputs, scenario.file.parent_path());
    write_text_file(output.stage("report.html"), render_run_report(summary, layers, sources));
    commit_with_summary(output, summary);
    return summary;
}

} // namespace lifecircle
