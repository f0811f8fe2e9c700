#include "findings/rule_tally.hpp"

namespace lifecircle::detail {

void RuleTally::count_index(std::size_t rule, Severity severity, const std::string& group) {
    const std::uint64_t error = severity == Severity::error ? 1U : 0U;
    Count& counted = by_rule_.at(rule);
    ++counted.count;
    counted.errors += error;
    ++by_group_.try_emplace(group, rules_.size()).first->second[rule];
    ++findings_;
    errors_ += error;
}

FindingCounts RuleTally::counts(const std::vector<std::string>& groups) const {
    FindingCounts counts;
    counts.findings = findings_;
    counts.errors = errors_;
    counts.warnings = findings_ - errors_;
    for (std::size_t rule = 0; rule < rules_.size(); ++rule) {
        const Count& counted = by_rule_[rule];
        if (counted.count > 0) {
            // A rule whose findings differ in severity (a gap) shows the graver one.
            const Severity shown = counted.errors > 0 ? Severity::error : Severity::warning;
            counts.by_rule.emplace_back(std::string(rules_[rule].id),
                                        RuleCount{std::string(to_string(shown)), counted.count,
                                                  std::string(rules_[rule].meaning)});
        }
    }
    for (const std::string& group : groups) {
        schema::Keyed<std::uint64_t>& in_group = counts.by_level.emplace_back(group, schema::Keyed<std::uint64_t>{}).second;
        const auto found = by_group_.find(group);
        if (found == by_group_.end()) {
            continue;
        }
        for (std::size_t rule = 0; rule < rules_.size(); ++rule) {
            if (found->second[rule] > 0) {
                in_group.emplace_back(std::string(rules_[rule].id), found->second[rule]);
            }
        }
    }
    return counts;
}

} // namespace lifecircle::detail
