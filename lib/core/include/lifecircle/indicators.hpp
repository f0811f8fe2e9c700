#pragma once
// Plan indicators and their targets: the numbers a civil-affairs plan is
// judged by (docs/indicators.md). A target names an indicator, its
// parameters and a minimum or maximum; evaluating it gives the value, whether
// it is met, the gap, and the units that fail.

#include "lifecircle/core_export.hpp"
#include "lifecircle/division_code.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lifecircle {

enum class IndicatorKind {
    population_coverage,  // share of a demand group within a service's threshold
    unit_coverage,        // share of units served (a qualifying facility inside, or enough demand covered)
    capacity_per_demand,  // capacity (beds) per `per` people of a demand group
    attribute_ratio,      // one facility field summed over another (nursing beds / beds)
    unit_attribute_range, // share of units whose field lies within a range (households)
};
LIFECIRCLE_CORE_EXPORT const char* to_string(IndicatorKind kind);

// A feature passes when its field is within [min, max] (numbers), or its
// value, as text, is one of `one_of`.
struct ValueFilter {
    std::string field;
    std::optional<double> min;
    std::optional<double> max;
    std::vector<std::string> one_of;
};

struct TargetSpec {
    std::string id;
    std::string label; // a display name in any script, e.g. 社区养老服务设施覆盖率; empty: the id
    IndicatorKind indicator = IndicatorKind::population_coverage;
    std::string json_path; // where the target is written, for messages
    std::string service;   // population_coverage; unit_coverage by demand share
    std::string facility;  // unit_coverage by facility inside; capacity_per_demand; attribute_ratio
    std::string demand;    // capacity_per_demand
    std::string units;     // the unit level; optional for population_coverage and capacity_per_demand
    enum class Rule { facility_inside, demand_share };
    Rule rule = Rule::facility_inside; // unit_coverage
    double share = 0.0;                // unit_coverage by demand share: covered share a unit needs
    double per = 1000.0;               // capacity_per_demand: per this many people
    std::vector<ValueFilter> facility_filter;
    std::vector<ValueFilter> unit_filter;
    std::optional<TownshipKind> township; // units of this kind only
    std::string numerator;                // attribute_ratio fields
    std::string denominator;
    ValueFilter range;         // unit_attribute_range: the field and its range
    std::optional<double> min; // the target
    std::optional<double> max;
};

struct UnitValue {
    std::string code;
    std::string name;
    std::optional<double> value; // the unit's own figure; null when undefined (no demand)
};

struct TargetResult {
    TargetSpec spec;
    std::optional<double> value; // null when undefined (no demand, no capacity)
    bool met = false;
    double gap = 0.0;                   // how far the value is from the target; 0 when met
    std::uint64_t units_considered = 0; // after the unit filters
    std::uint64_t units_passing = 0;
    std::vector<UnitValue> failing_units; // the list a planner takes to the meeting
};

// Met and gap for a value against [min, max].
LIFECIRCLE_CORE_EXPORT void judge(TargetResult& result);

} // namespace lifecircle
