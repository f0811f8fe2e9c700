#include "lifecircle/error.hpp"
#include "lifecircle/targets.hpp"

#include <cmath>
#include <cstdlib>
#include <numeric>

namespace lifecircle {
namespace {

// A field's number, or nullopt for nulls and text that is not a number.
std::optional<double> number_of(const FieldValue& value) {
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        return static_cast<double>(*integer);
    }
    if (const auto* real = std::get_if<double>(&value)) {
        return *real;
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        char* end = nullptr;
        const double parsed = std::strtod(text->c_str(), &end);
        if (!text->empty() && end != nullptr && *end == '\0' && std::isfinite(parsed)) {
            return parsed;
        }
    }
    return std::nullopt;
}

// Which rows of a layer pass every filter. A filter on a field the layer
// lacks is an error naming the target.
std::vector<bool> passing(const AttributeTable& table, std::size_t rows, const std::vector<ValueFilter>& filters,
                          const TargetSpec& target, const SourceSpec& source, const std::string& filter_key) {
    std::vector<bool> pass(rows, true);
    for (std::size_t i = 0; i < filters.size(); ++i) {
        const ValueFilter& filter = filters[i];
        const auto field = table.field_index(filter.field);
        if (!field) {
            throw Error(ExitCode::input_invalid,
                        source.context()
                            .with_field(filter.field)
                            .with_json_path(target.json_path + "/" + filter_key + "/" + std::to_string(i)),
                        "target '" + target.id + "' filters on a field the layer does not have");
        }
        for (std::size_t row = 0; row < rows; ++row) {
            const FieldValue& value = table.value(row, *field);
            bool ok = true;
            if (!filter.one_of.empty()) {
                ok = std::find(filter.one_of.begin(), filter.one_of.end(), value_text(value)) != filter.one_of.end();
            }
            if (filter.min || filter.max) {
                const auto number = number_of(value);
                ok = ok && number && (!filter.min || *number >= *filter.min) && (!filter.max || *number <= *filter.max);
            }
            pass[row] = pass[row] && ok;
        }
    }
    return pass;
}

// A numeric field of facilities, 0 where null; a missing field is an error.
std::vector<double> facility_numbers(const FacilityLayer& facilities, const std::string& field,
                                     const TargetSpec& target, const std::string& key) {
    const auto index = facilities.points.attributes.field_index(field);
    if (!index) {
        const SourceSpec& source = facilities.spec.source;
        throw Error(ExitCode::input_invalid,
                    source.context().with_field(field).with_json_path(target.json_path + "/" + key),
                    "target '" + target.id + "' needs a field the facilities do not have");
    }
    std::vector<double> numbers;
    for (std::size_t row = 0; row < facilities.points.positions.size(); ++row) {
        numbers.push_back(number_of(facilities.points.attributes.value(row, *index)).value_or(0.0));
    }
    return numbers;
}

class TargetEvaluator {
public:
    TargetEvaluator(const TargetInputs& given, const TargetSpec& spec) : given_(given) { target_.spec = spec; }

    TargetResult evaluate() {
        const TargetSpec& spec = target_.spec;
        if (!spec.units.empty()) {
            select_units();
        }
        switch (spec.indicator) {
        case IndicatorKind::population_coverage:
            population_coverage();
            break;
        case IndicatorKind::unit_coverage:
            unit_coverage();
            break;
        case IndicatorKind::capacity_per_demand:
        case IndicatorKind::attribute_ratio:
            facility_ratio();
            break;
        case IndicatorKind::unit_attribute_range:
            unit_attribute_range();
            break;
        }
        judge(target_);
        return std::move(target_);
    }

private:
    const UnitLevel& level() const { return given_.inputs.units.at(target_.spec.units); }

    // The units the target considers: the level's, through its filters.
    void select_units() {
        const TargetSpec& spec = target_.spec;
        const UnitLayer& layer = level().layer;
        considered_ =
            passing(layer.attributes, layer.codes.size(), spec.unit_filter, spec, level().spec.source, "unit_filter");
        for (std::size_t unit = 0; unit < considered_.size(); ++unit) {
            if (spec.township && township_kind(layer.codes[unit]) != spec.township) {
                considered_[unit] = false;
            }
        }
        if (std::find(considered_.begin(), considered_.end(), true) == considered_.end()) {
            throw Error(ExitCode::input_invalid, level().spec.source.context().with_json_path(spec.json_path),
                        "no unit of '" + spec.units + "' passes the filters of target '" + spec.id + "'");
        }
    }

    const ServiceResult& service() const { return service_named(given_.services, target_.spec.service); }

    // A unit's own figure, judged against the target like the whole.
    void unit_figure(std::size_t unit, std::optional<double> value) {
        TargetResult one;
        one.spec = target_.spec;
        one.value = value;
        judge(one);
        ++target_.units_considered;
        if (one.met) {
            ++target_.units_passing;
        } else {
            add_failing(unit, value);
        }
    }

    // A unit that passes or fails a yes/no rule (unit coverage and ranges).
    void unit_verdict(std::size_t unit, bool passes, std::optional<double> value) {
        ++target_.units_considered;
        if (passes) {
            ++target_.units_passing;
        } else {
            add_failing(unit, value);
        }
    }

    void add_failing(std::size_t unit, std::optional<double> value) {
        const UnitLayer& layer = level().layer;
        target_.failing_units.push_back({layer.codes[unit], layer.names.empty() ? "" : layer.names[unit], value});
    }

    void population_coverage() {
        const ServiceResult& covered = service();
        if (target_.spec.units.empty()) {
            target_.value =
                covered.totals.demand_total > 0.0 ? std::optional(covered.totals.covered_share()) : std::nullopt;
            return;
        }
        const std::vector<CoverageTotals>& by_unit = covered.by_unit.at(target_.spec.units);
        CoverageTotals sum;
        for (std::size_t unit = 0; unit < by_unit.size(); ++unit) {
            if (!considered_[unit]) {
                continue;
            }
            sum.demand_total += by_unit[unit].demand_total;
            sum.demand_covered += by_unit[unit].demand_covered;
            unit_figure(unit,
                        by_unit[unit].demand_total > 0.0 ? std::optional(by_unit[unit].covered_share()) : std::nullopt);
        }
        target_.value = sum.demand_total > 0.0 ? std::optional(sum.covered_share()) : std::nullopt;
    }

    // Facilities of the target's type that pass its filters, and the unit each lies in.
    std::vector<bool> qualifying_facilities() const {
        const FacilityLayer& facilities = given_.inputs.facilities.at(target_.spec.facility);
        return passing(facilities.points.attributes, facilities.points.positions.size(), target_.spec.facility_filter,
                       target_.spec, facilities.spec.source, "facility_filter");
    }

    std::vector<std::uint32_t> facility_units() const {
        return units_containing(given_.inputs.facilities.at(target_.spec.facility).planar, level().planar);
    }

    void unit_coverage() {
        const TargetSpec& spec = target_.spec;
        const std::size_t unit_count = level().layer.codes.size();
        if (spec.rule == TargetSpec::Rule::demand_share) {
            const std::vector<CoverageTotals>& by_unit = service().by_unit.at(spec.units);
            for (std::size_t unit = 0; unit < unit_count; ++unit) {
                if (considered_[unit] && by_unit[unit].demand_total > 0.0) { // a unit without demand needs no service
                    const double share = by_unit[unit].covered_share();
                    unit_verdict(unit, share >= spec.share, share);
                }
            }
        } else {
            const std::vector<bool> qualifying = qualifying_facilities();
            const std::vector<std::uint32_t> unit_of = facility_units();
            std::vector<double> inside(unit_count, 0.0);
            for (std::size_t facility = 0; facility < unit_of.size(); ++facility) {
                if (qualifying[facility] && unit_of[facility] != no_index) {
                    inside[unit_of[facility]] += 1.0;
                }
            }
            for (std::size_t unit = 0; unit < unit_count; ++unit) {
                if (considered_[unit]) {
                    unit_verdict(unit, inside[unit] > 0.0, inside[unit]);
                }
            }
        }
        target_.value = target_.units_considered > 0 ? std::optional(static_cast<double>(target_.units_passing) /
                                                                     static_cast<double>(target_.units_considered))
                                                     : std::nullopt;
    }

    // capacity_per_demand: capacity / demand x per; attribute_ratio:
    // numerator / denominator; over qualifying facilities (inside the
    // considered units, when the target names a level) and per unit.
    void facility_ratio() {
        const TargetSpec& spec = target_.spec;
        const FacilityLayer& facilities = given_.inputs.facilities.at(spec.facility);
        const bool per_demand = spec.indicator == IndicatorKind::capacity_per_demand;
        const std::vector<bool> qualifying = qualifying_facilities();
        std::vector<double> top;
        std::vector<double> bottom;
        if (per_demand) {
            top = facilities.capacity;
        } else {
            top = facility_numbers(facilities, spec.numerator, spec, "numerator");
            bottom = facility_numbers(facilities, spec.denominator, spec, "denominator");
        }
        const double scale = per_demand ? spec.per : 1.0;
        const auto ratio = [&](double numerator, double denominator) {
            return denominator > 0.0 ? std::optional(numerator / denominator * scale) : std::nullopt;
        };
        if (spec.units.empty()) {
            double numerator = 0.0;
            double denominator = 0.0;
            for (std::size_t facility = 0; facility < qualifying.size(); ++facility) {
                numerator += qualifying[facility] ? top[facility] : 0.0;
                denominator += qualifying[facility] && !per_demand ? bottom[facility] : 0.0;
            }
            if (per_demand) {
                const std::vector<double>& weights = given_.inputs.demand.at(spec.demand).points.weights;
                denominator = std::accumulate(weights.begin(), weights.end(), 0.0);
            }
            target_.value = ratio(numerator, denominator);
            return;
        }
        const std::size_t unit_count = level().layer.codes.size();
        std::vector<double> numerator(unit_count, 0.0);
        std::vector<double> denominator(unit_count, 0.0);
        const std::vector<std::uint32_t> unit_of = facility_units();
        for (std::size_t facility = 0; facility < qualifying.size(); ++facility) {
            if (qualifying[facility] && unit_of[facility] != no_index) {
                numerator[unit_of[facility]] += top[facility];
                denominator[unit_of[facility]] += per_demand ? 0.0 : bottom[facility];
            }
        }
        if (per_demand) {
            const DemandGroup& group = given_.inputs.demand.at(spec.demand);
            const UnitAssignment& assignment = group.units.at(spec.units);
            for (std::size_t point = 0; point < assignment.unit_of_point.size(); ++point) {
                if (assignment.unit_of_point[point] != no_index) {
                    denominator[assignment.unit_of_point[point]] += group.points.weights[point];
                }
            }
        }
        double numerator_sum = 0.0;
        double denominator_sum = 0.0;
        for (std::size_t unit = 0; unit < unit_count; ++unit) {
            if (considered_[unit]) {
                numerator_sum += numerator[unit];
                denominator_sum += denominator[unit];
                unit_figure(unit, ratio(numerator[unit], denominator[unit]));
            }
        }
        target_.value = ratio(numerator_sum, denominator_sum);
    }

    void unit_attribute_range() {
        const TargetSpec& spec = target_.spec;
        const UnitLayer& layer = level().layer;
        const std::vector<bool> within =
            passing(layer.attributes, layer.codes.size(), {spec.range}, spec, level().spec.source, "range");
        const std::size_t field = *layer.attributes.field_index(spec.range.field);
        for (std::size_t unit = 0; unit < within.size(); ++unit) {
            if (considered_[unit]) {
                unit_verdict(unit, within[unit], number_of(layer.attributes.value(unit, field)));
            }
        }
        target_.value = static_cast<double>(target_.units_passing) / static_cast<double>(target_.units_considered);
    }

    const TargetInputs& given_;
    TargetResult target_;
    std::vector<bool> considered_;
};

} // namespace

std::vector<TargetResult> evaluate_targets(const TargetInputs& given) {
    std::vector<TargetResult> targets;
    for (const TargetSpec& spec : given.targets) {
        targets.push_back(TargetEvaluator(given, spec).evaluate());
    }
    return targets;
}

} // namespace lifecircle
