#pragma once
// summary.json of a comparison of two runs as typed values (docs/compare.md).

#include "lifecircle/json_schema.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lifecircle {

// One service both runs computed, point by point.
struct ServiceComparison {
    std::string id;
    double demand_total = 0.0;
    double covered_a = 0.0;
    double covered_b = 0.0;
    double share_a = 0.0;
    double share_b = 0.0;
    double newly_covered = 0.0; // covered in B, not in A
    double newly_lost = 0.0;    // covered in A, not in B
    std::uint64_t points = 0;
    std::uint64_t points_newly_covered = 0;
    std::uint64_t points_newly_lost = 0;
};
void describe(Of<ServiceComparison> auto& self, auto& field) {
    field("id", self.id);
    field("demand_total", self.demand_total);
    field("covered_a", self.covered_a);
    field("covered_b", self.covered_b);
    field("share_a", self.share_a);
    field("share_b", self.share_b);
    field("newly_covered", self.newly_covered);
    field("newly_lost", self.newly_lost);
    field("points", self.points);
    field("points_newly_covered", self.points_newly_covered);
    field("points_newly_lost", self.points_newly_lost);
}

// Failing units of a target over units, in each run that has it.
struct FailingUnitsComparison {
    static constexpr const char* marker = "failing_units_a";
    std::optional<std::uint64_t> a;
    std::optional<std::uint64_t> b;
};
void describe(Of<FailingUnitsComparison> auto& self, auto& field) {
    field("failing_units_a", self.a);
    field("failing_units_b", self.b);
}

// One target as each run reported it (null: the run lacks it, or its value was undefined).
struct TargetComparison {
    std::string id;
    std::string indicator;
    std::optional<double> min;
    std::optional<double> max;
    std::optional<double> value_a;
    std::optional<double> value_b;
    std::optional<double> change; // B − A, where both are defined
    std::optional<bool> met_a;
    std::optional<bool> met_b;
    std::optional<FailingUnitsComparison> failing_units; // targets over units
};
void describe(Of<TargetComparison> auto& self, auto& field) {
    field("id", self.id);
    field("indicator", self.indicator);
    field("min", self.min);
    field("max", self.max);
    field("value_a", self.value_a);
    field("value_b", self.value_b);
    field("change", self.change);
    field("met_a", self.met_a);
    field("met_b", self.met_b);
    field.flatten(self.failing_units);
}

struct ComparisonSummary {
    std::string run_a; // the runs' directory names
    std::string run_b;
    std::string scenario_a; // the runs' scenario names
    std::string scenario_b;
    std::vector<ServiceComparison> services; // those both runs computed
    std::vector<std::string> only_in_a;      // service ids one run has and the other not
    std::vector<std::string> only_in_b;
    std::vector<TargetComparison> targets; // every target either run evaluated, A's order first
    std::vector<std::string> outputs;      // every file written, summary.json last
};
void describe(Of<ComparisonSummary> auto& self, auto& field) {
    field("run_a", self.run_a);
    field("run_b", self.run_b);
    field("scenario_a", self.scenario_a, omit_empty);
    field("scenario_b", self.scenario_b, omit_empty);
    field("services", self.services);
    field("only_in_a", self.only_in_a);
    field("only_in_b", self.only_in_b);
    field("targets", self.targets, omit_empty);
    field("outputs", self.outputs);
}

} // namespace lifecircle
