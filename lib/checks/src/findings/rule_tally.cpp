#include "findings/rule_tally.hpp"

#include <algorithm>

namespace lifecircle::detail {

void RuleTally::count(const std::string& rule, Severity severity, const std::string& group) {
    Count& counted = by_rule_[rule];
    counted.severity = severity;
    ++counted.count;
    ++by_group_[group][rule];
    ++findings_;
    errors_ += severity == Severity::error ? 1U : 0U;
}

std::vector<std::string> RuleTally::ordered(const std::map<std::string, std::uint64_t>& counted) const {
    std::vector<std::string> order;
    for (const RuleDescription& rule : rules_) {
        if (counted.count(std::string(rule.id)) > 0) {
            order.emplace_back(rule.id);
        }
    }
    // A rule the table does not list still counts, after the listed ones.
    for (const auto& [rule, count] : counted) {
        if (std::find(order.begin(), order.end(), rule) == order.end()) {
            order.push_back(rule);
        }
    }
    return order;
}

FindingCounts RuleTally::counts(const std::vector<std::string>& groups) const {
    FindingCounts counts;
    counts.findings = findings_;
    counts.errors = errors_;
    counts.warnings = findings_ - errors_;
    std::map<std::string, std::uint64_t> totals;
    for (const auto& [rule, counted] : by_rule_) {
        totals[rule] = counted.count;
    }
    for (const std::string& rule : ordered(totals)) {
        const Count& counted = by_rule_.at(rule);
        const auto described = std::find_if(rules_.begin(), rules_.end(),
                                             [&](const RuleDescription& entry) { return rule == entry.id; });
        counts.by_rule.emplace_back(rule, RuleCount{std::string(to_string(counted.severity)), counted.count,
                                                    described != rules_.end() ? std::string(described->meaning)
                                                                              : std::string()});
    }
    for (const std::string& group : groups) {
        schema::Keyed<std::uint64_t>& in_group = counts.by_level.emplace_back(group, schema::Keyed<std::uint64_t>{}).second;
        const auto found = by_group_.find(group);
        if (found != by_group_.end()) {
            for (const std::string& rule : ordered(found->second)) {
                in_group.emplace_back(rule, found->second.at(rule));
            }
        }
    }
    return counts;
}

} // namespace lifecircle::detail
