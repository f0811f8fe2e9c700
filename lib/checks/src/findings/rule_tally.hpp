#pragma once
// The counts every check's summary.json gives: findings, errors and warnings,
// each rule with its severity, count and meaning in the documented order,
// and the rules counted per group (a level of units, a level of names).

#include "lifecircle/check_summary.hpp"
#include "lifecircle/severity.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace lifecircle::detail {

class RuleTally {
public:
    // `rules` indexed by the check's rule enum, in the order its documentation lists them.
    explicit RuleTally(std::span<const RuleDescription> rules)
        : rules_(rules), by_rule_(rules.size()) {}

    template <class Rule>
    void count(Rule rule, Severity severity, const std::string& group) {
        count_index(static_cast<std::size_t>(rule), severity, group);
    }

    // Every group of `groups`, in that order, each with its rules in documented order.
    [[nodiscard]] FindingCounts counts(const std::vector<std::string>& groups) const;

private:
    struct Count {
        std::uint64_t count = 0;
        std::uint64_t errors = 0;
    };
    void count_index(std::size_t rule, Severity severity, const std::string& group);

    std::span<const RuleDescription> rules_;
    std::vector<Count> by_rule_;
    std::map<std::string, std::vector<std::uint64_t>> by_group_;
    std::uint64_t findings_ = 0;
    std::uint64_t errors_ = 0;
};

} // namespace lifecircle::detail
