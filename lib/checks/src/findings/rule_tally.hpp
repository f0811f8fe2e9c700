#pragma once
// The counts every check's summary.json gives: findings, errors and warnings,
// each rule with its severity, count and meaning in the documented order,
// and the rules counted per group (a level of units, a level of names).

#include "lifecircle/check_summary.hpp"
#include "lifecircle/severity.hpp"

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace lifecircle::detail {

class RuleTally {
public:
    // `rules` in the order the check's documentation lists them.
    explicit RuleTally(std::span<const RuleDescription> rules) : rules_(rules) {}

    void count(const std::string& rule, Severity severity, const std::string& group);

    // Every group of `groups`, in that order, each with its rules in documented order.
    [[nodiscard]] FindingCounts counts(const std::vector<std::string>& groups) const;

private:
    struct Count {
        Severity severity = Severity::error;
        std::uint64_t count = 0;
    };
    [[nodiscard]] std::vector<std::string> ordered(const std::map<std::string, std::uint64_t>& counted) const;

    std::span<const RuleDescription> rules_;
    std::map<std::string, Count> by_rule_;
    std::map<std::string, std::map<std::string, std::uint64_t>> by_group_;
    std::uint64_t findings_ = 0;
    std::uint64_t errors_ = 0;
};

} // namespace lifecircle::detail
