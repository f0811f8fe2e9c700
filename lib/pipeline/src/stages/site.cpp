#include "lifecircle/error.hpp"
#include "lifecircle/stages.hpp"

#include "stages/reach_within.hpp"
#include "stages/study_area.hpp"

#include <algorithm>
#include <numeric>

namespace lifecircle {
namespace {

// Leaves out the candidates outside the study area's units, and counts them;
// returns the kept ones' planar positions.
std::vector<PlanarPoint> keep_inside_study_area(PointLayer& candidates, const std::vector<PlanarPoint>& planar,
                                                const UnitLevel& area, const std::string& level,
                                                const ErrorContext& where) {
    const std::vector<bool> keep = detail::inside_study_area(planar, area);
    std::vector<PlanarPoint> kept;
    for (std::size_t i = 0; i < keep.size(); ++i) {
        if (keep[i]) {
            kept.push_back(planar[i]);
        }
    }
    if (kept.empty()) {
        throw Error(ExitCode::input_invalid, where, "no candidate lies inside the study area '" + level + "'");
    }
    const std::size_t outside = planar.size() - kept.size();
    keep_features(candidates, keep);
    detail::count_outside_study_area(candidates.report, outside,
                                     std::to_string(outside) + " candidates lie outside the study area '" + level +
                                         "' and are left out");
    return kept;
}

// Which units need a new site: those (of the listed codes) with no existing
// facility of the service's type inside whose capacity qualifies.
UnitRequirement unit_requirement(const OnePerUnit& rule, const Inputs& inputs, const ServiceResult& service,
                                 std::span<const PlanarPoint> candidates, UnitSitingStatus& status) {
    const UnitLevel& level = inputs.units.at(rule.level);
    const FacilityLayer& facilities = inputs.facilities.at(service.spec.facility);
    std::vector<std::uint32_t> listed;
    if (rule.codes.empty()) {
        listed.resize(level.layer.codes.size());
        std::iota(listed.begin(), listed.end(), 0U);
    } else {
        for (std::size_t i = 0; i < rule.codes.size(); ++i) {
            const auto at = std::find(level.layer.codes.begin(), level.layer.codes.end(), rule.codes[i]);
            if (at == level.layer.codes.end()) {
                throw Error(ExitCode::input_invalid,
                            level.spec.source.context()
                                .with_field(level.spec.fields.code)
                                .with_json_path("/siting/one_per_unit/codes/" + std::to_string(i)),
                            "no unit with the code '" + rule.codes[i] + "' in the level '" + rule.level + "'");
            }
            listed.push_back(static_cast<std::uint32_t>(at - level.layer.codes.begin()));
        }
    }
    const std::vector<std::uint32_t> unit_of_facility = units_containing(facilities.planar, level.planar);
    std::vector<bool> served(level.planar.size(), false);
    for (std::size_t facility = 0; facility < facilities.planar.size(); ++facility) {
        const std::uint32_t unit = unit_of_facility[facility];
        const double capacity = facilities.capacity.empty() ? 0.0 : facilities.capacity[facility];
        if (unit != no_index && capacity >= rule.min_capacity) {
            served[unit] = true;
        }
    }
    UnitRequirement requirement;
    requirement.unit_of_candidate = units_containing(candidates, level.planar);
    for (const std::uint32_t unit : listed) {
        (served[unit] ? status.served_by_existing : status.needing_site).push_back(level.layer.codes[unit]);
        if (!served[unit]) {
            requirement.units.push_back(unit);
            if (std::find(requirement.unit_of_candidate.begin(), requirement.unit_of_candidate.end(), unit) ==
                requirement.unit_of_candidate.end()) {
                status.without_candidate.push_back(level.layer.codes[unit]);
            }
        }
    }
    return requirement;
}

// The model the siting asks for, over the service's facilities, demand and
// threshold: candidates read, snapped (with roads), their reach sets built,
// existing facilities kept.
} // namespace

SitingResult site(const SitingSpec& spec, const Inputs& inputs, const Routing* routing,
                  std::span<const ServiceResult> services, const ProgressCallback& progress) {
    const ServiceResult& service = service_named(services, spec.service);
    const std::string& group_name = service.spec.demand;
    const DemandGroup& group = inputs.demand.at(group_name);
    const FacilityLayer& facilities = inputs.facilities.at(service.spec.facility);
    const std::vector<Snap> no_snaps;
    const WalkingProfile& profile = service.spec.profile;
    const std::vector<Snap>& facility_snaps =
        routing ? routing->facility_snapping(service.spec.facility, profile).snaps : no_snaps;
    const Metres threshold = service.spec.threshold;
    const std::string stage = std::string(to_string(spec.model)) + " for '" + spec.service + "'";
    report_progress(progress, 0.0, stage);
    SitingResult siting;
    siting.spec = spec;
    siting.candidates = read_point_layer(spec.candidates);
    check_optional_field(siting.candidates, spec.name_field, "name", spec.candidates);
    const ErrorContext where = spec.candidates.context();
    std::vector<PlanarPoint> planar = inputs.crs.project(siting.candidates.positions, spec.candidates.context());
    if (!inputs.study_area.empty()) {
        planar = keep_inside_study_area(siting.candidates, planar, inputs.units.at(inputs.study_area),
                                        inputs.study_area, where);
    }
    const std::size_t candidate_count = siting.candidates.positions.size();
    if (spec.model != SitingModel::set_covering && spec.add > candidate_count) {
        ErrorContext at = where;
        at.json_path = "/siting/add";
        throw Error(ExitCode::input_invalid, at,
                    "asks for " + std::to_string(spec.add) + " new sites but the layer has only " +
                        std::to_string(candidate_count) + " candidates");
    }
    if (spec.model == SitingModel::capacitated_coverage) {
        siting.candidate_capacity = spec.capacity ? std::vector<double>(candidate_count, *spec.capacity)
                                                  : read_non_negative_field(siting.candidates, spec.capacity_field,
                                                                            "capacity", spec.candidates, max_capacity);
    }
    if (routing) {
        siting.snaps = routing->index(profile).snap(planar, routing->network.spec().snap_limit, &siting.snapping);
    }
    siting.search_bound =
        spec.model == SitingModel::p_median ? spec.cost_cap.value_or(Metres{3.0 * threshold.value}) : threshold;
    ReachSets candidates =
        detail::reach_within(routing, profile, group_name, group, siting.snaps, planar, siting.search_bound);
    for (std::size_t candidate = 0; candidate < candidate_count; ++candidate) {
        siting.candidates_reaching_demand +=
            candidates.offsets[candidate + 1] > candidates.offsets[candidate] ? 1U : 0U;
    }
    if (siting.candidates_reaching_demand == 0) {
        throw Error(ExitCode::input_invalid, where,
                    "no candidate reaches any demand within " + to_string(siting.search_bound) +
                        (routing ? " (" + std::to_string(siting.snapping.beyond_limit) + " of " +
                                       std::to_string(candidate_count) + " lie beyond the snap limit)"
                                 : std::string()));
    }

    switch (spec.model) {
    case SitingModel::maximal_covering:
    case SitingModel::set_covering: {
        CoverageInstance instance;
        instance.weight = group.points.weights;
        for (const double cost : service.costs.cost_m) {
            instance.covered_by_existing.push_back(cost <= threshold.value);
        }
        instance.candidates = std::move(candidates);
        if (spec.model == SitingModel::set_covering) {
            siting.answer = set_covering(instance, *spec.target_share);
            break;
        }
        std::uint32_t add = spec.add;
        if (spec.one_per_unit) {
            siting.units.emplace();
            instance.one_per_unit = unit_requirement(*spec.one_per_unit, inputs, service, planar, *siting.units);
            const auto satisfiable =
                static_cast<std::uint32_t>(siting.units->needing_site.size() - siting.units->without_candidate.size());
            if (add == 0) {
                add = std::max(1U, satisfiable); // as many as the units need
            } else if (add < satisfiable) {
                ErrorContext at = where;
                at.json_path = "/siting/add";
                throw Error(ExitCode::input_invalid, at,
                            std::to_string(satisfiable) +
                                " units need a new site (and have a candidate) but \"add\" is " + std::to_string(add) +
                                "; raise it, or omit it to add one per such unit");
            }
        }
        siting.spec.add = add;
        siting.answer = maximal_covering(instance, add);
        break;
    }
    case SitingModel::p_median: {
        MedianInstance instance;
        instance.weight = group.points.weights;
        instance.cost_cap = siting.search_bound.value;
        instance.existing_cost =
            routing
                ? detail::nearest_by_network(*routing, profile, group_name, facility_snaps, siting.search_bound).cost_m
                : service.costs.cost_m; // straight-line costs are not bounded
        instance.candidates = std::move(candidates);
        siting.answer = p_median(instance, spec.add);
        break;
    }
    case SitingModel::capacitated_coverage: {
        CapacitatedInstance instance;
        instance.weight = group.points.weights;
        instance.existing =
            detail::reach_within(routing, profile, group_name, group, facility_snaps, facilities.planar, threshold);
        instance.existing_capacity = facilities.capacity;
        instance.candidates = std::move(candidates);
        instance.candidate_capacity = siting.candidate_capacity;
        siting.answer = capacitated_coverage(instance, spec.add);
        break;
    }
    }
    report_progress(progress, 1.0, stage);
    return siting;
}

} // namespace lifecircle
