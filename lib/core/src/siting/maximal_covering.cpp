#include "lifecircle/siting.hpp"

#include "siting/covering_columns.hpp"
#include "siting/greedy.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <tuple>

namespace lifecircle {
namespace {

using detail::Columns;

// "At least one per unit" as the local search sees it: which unit each
// candidate lies in, which units need a site, and how many chosen sites each has.
class UnitConstraint {
public:
    UnitConstraint() = default;
    explicit UnitConstraint(const UnitRequirement& requirement) : unit_of_candidate_(requirement.unit_of_candidate) {
        std::uint32_t unit_count = 0;
        for (const std::uint32_t unit : requirement.unit_of_candidate) {
            unit_count = unit == no_index ? unit_count : std::max(unit_count, unit + 1);
        }
        std::vector<bool> has_candidate(unit_count, false);
        for (const std::uint32_t unit : requirement.unit_of_candidate) {
            if (unit != no_index) {
                has_candidate[unit] = true;
            }
        }
        required_.assign(unit_count, false);
        chosen_.assign(unit_count, 0);
        for (const std::uint32_t unit : requirement.units) {
            // A unit no candidate lies in cannot be required; the answer lists it.
            if (unit < unit_count && has_candidate[unit]) {
                required_[unit] = true;
            }
        }
    }

    [[nodiscard]] bool active() const noexcept { return !required_.empty(); }
    [[nodiscard]] std::uint32_t unit_of(std::uint32_t candidate) const {
        return candidate < unit_of_candidate_.size() ? unit_of_candidate_[candidate] : no_index;
    }
    [[nodiscard]] bool required(std::uint32_t unit) const { return unit < required_.size() && required_[unit]; }
    [[nodiscard]] bool unmet(std::uint32_t unit) const { return required(unit) && chosen_[unit] == 0; }
    // Can `site` leave the answer when `incoming` joins it?
    [[nodiscard]] bool removable(std::uint32_t site, std::uint32_t incoming) const {
        const std::uint32_t unit = unit_of(site);
        return !required(unit) || chosen_[unit] >= 2 || unit_of(incoming) == unit;
    }
    void added(std::uint32_t candidate) {
        if (const std::uint32_t unit = unit_of(candidate); unit != no_index) {
            ++chosen_[unit];
        }
    }
    void removed(std::uint32_t candidate) {
        if (const std::uint32_t unit = unit_of(candidate); unit != no_index) {
            --chosen_[unit];
        }
    }
    [[nodiscard]] std::uint32_t required_count() const {
        return static_cast<std::uint32_t>(std::count(required_.begin(), required_.end(), true));
    }

private:
    std::vector<std::uint32_t> unit_of_candidate_;
    std::vector<bool> required_;
    std::vector<std::uint32_t> chosen_;
};

class Solution {
public:
    Solution(const Columns& columns, const UnitConstraint& units)
        : columns_(&columns), units_(units), count_(columns.weight.size(), 0), sole_(columns.weight.size(), 0) {}

    [[nodiscard]] double value() const noexcept { return value_; }
    [[nodiscard]] const std::vector<std::uint32_t>& sites() const noexcept { return sites_; }
    [[nodiscard]] const UnitConstraint& units() const noexcept { return units_; }
    [[nodiscard]] bool chosen(std::uint32_t candidate) const {
        return std::find(sites_.begin(), sites_.end(), candidate) != sites_.end();
    }

    // Demand `candidate` would add now.
    [[nodiscard]] double gain(std::uint32_t candidate) const {
        double gain = 0.0;
        for (const std::uint32_t column : columns_->covered_by(candidate)) {
            gain += count_[column] == 0 ? columns_->weight[column] : 0.0;
        }
        return gain;
    }

    // Demand lost if `candidate` (chosen) were removed.
    [[nodiscard]] double loss(std::uint32_t candidate) const {
        double loss = 0.0;
        for (const std::uint32_t column : columns_->covered_by(candidate)) {
            loss += count_[column] == 1 ? columns_->weight[column] : 0.0;
        }
        return loss;
    }

    void add(std::uint32_t candidate) {
        for (const std::uint32_t column : columns_->covered_by(candidate)) {
            if (count_[column]++ == 0) {
                value_ += columns_->weight[column];
                sole_[column] = candidate;
            } else if (count_[column] == 2) {
                sole_[column] = 0;
            }
        }
        sites_.push_back(candidate);
        units_.added(candidate);
    }

    void remove(std::uint32_t candidate) {
        for (const std::uint32_t column : columns_->covered_by(candidate)) {
            if (--count_[column] == 0) {
                value_ -= columns_->weight[column];
            }
        }
        sites_.erase(std::find(sites_.begin(), sites_.end(), candidate));
        units_.removed(candidate);
        // Columns left with one covering site need to know which it is.
        for (const std::uint32_t site : sites_) {
            for (const std::uint32_t column : columns_->covered_by(site)) {
                if (count_[column] == 1) {
                    sole_[column] = site;
                }
            }
        }
    }

    // The best exchange of a chosen site for `incoming`: the change in value
    // and the site to drop; -infinity when no site may leave for it.
    [[nodiscard]] std::pair<double, std::uint32_t> best_swap_for(std::uint32_t incoming,
                                                                 const std::vector<double>& losses) const {
        double added = 0.0;
        std::vector<double> kept(sites_.size(), 0.0); // demand the drop would lose but `incoming` keeps
        for (const std::uint32_t column : columns_->covered_by(incoming)) {
            if (count_[column] == 0) {
                added += columns_->weight[column];
            } else if (count_[column] == 1) {
                const auto at = std::find(sites_.begin(), sites_.end(), sole_[column]) - sites_.begin();
                kept[static_cast<std::size_t>(at)] += columns_->weight[column];
            }
        }
        double best = -std::numeric_limits<double>::infinity();
        std::uint32_t outgoing = 0;
        for (std::size_t i = 0; i < sites_.size(); ++i) {
            if (!units_.removable(sites_[i], incoming)) {
                continue;
            }
            const double change = added + kept[i] - losses[i];
            if (change > best || (change == best && sites_[i] < outgoing)) {
                best = change;
                outgoing = sites_[i];
            }
        }
        return {best, outgoing};
    }

private:
    const Columns* columns_;
    UnitConstraint units_;
    std::vector<std::uint32_t> count_; // chosen sites covering each column
    std::vector<std::uint32_t> sole_;  // the one chosen site, where count_ is 1
    std::vector<std::uint32_t> sites_;
    double value_ = 0.0;
};

// Every required unit first gets the candidate inside it that adds the most,
// the unit whose best candidate adds most going first.
void satisfy_units(Solution& solution, std::uint32_t candidate_count) {
    const UnitConstraint& units = solution.units();
    while (true) {
        double best_gain = -1.0;
        std::uint32_t best = no_index;
        for (std::uint32_t candidate = 0; candidate < candidate_count; ++candidate) {
            if (units.unmet(units.unit_of(candidate))) {
                const double gain = solution.gain(candidate);
                if (gain > best_gain) {
                    best_gain = gain;
                    best = candidate;
                }
            }
        }
        if (best == no_index) {
            return;
        }
        solution.add(best);
    }
}

// Best-improvement exchanges until none improves (the bookkeeping of Resende
// and Werneck's fast interchange: per-site losses once per pass, per-candidate
// gains from the columns it covers).
std::uint32_t swap_search(Solution& solution, std::uint32_t candidate_count, double tolerance) {
    std::uint32_t swaps = 0;
    while (!solution.sites().empty()) {
        std::vector<double> losses;
        for (const std::uint32_t site : solution.sites()) {
            losses.push_back(solution.loss(site));
        }
        double best_change = tolerance;
        std::uint32_t best_in = 0;
        std::uint32_t best_out = 0;
        for (std::uint32_t candidate = 0; candidate < candidate_count; ++candidate) {
            if (solution.chosen(candidate)) {
                continue;
            }
            const auto [change, outgoing] = solution.best_swap_for(candidate, losses);
            if (change > best_change) {
                best_change = change;
                best_in = candidate;
                best_out = outgoing;
            }
        }
        if (best_change <= tolerance) {
            break;
        }
        solution.remove(best_out);
        solution.add(best_in);
        ++swaps;
    }
    return swaps;
}

std::pair<double, double> total_and_existing(const CoverageInstance& instance) {
    double total = 0.0;
    double existing = 0.0;
    for (std::size_t point = 0; point < instance.weight.size(); ++point) {
        total += instance.weight[point];
        existing += instance.covered_by_existing[point] ? instance.weight[point] : 0.0;
    }
    return {total, existing};
}

// Demand points not yet covered, merged by the candidates that reach them.
Columns uncovered_columns(const CoverageInstance& instance) {
    const ReachSets* sources[] = {&instance.candidates};
    return detail::merge_columns(instance.weight, sources, [&](std::uint32_t point) {
        return !instance.covered_by_existing[point] && instance.weight[point] > 0.0;
    });
}

} // namespace

SitingAnswer maximal_covering(const CoverageInstance& instance, std::uint32_t k, const SitingOptions& options) {
    SitingAnswer answer;
    std::tie(answer.total_demand, answer.covered_before) = total_and_existing(instance);
    const auto candidate_count = static_cast<std::uint32_t>(instance.candidates.offsets.size() - 1);
    const Columns columns = uncovered_columns(instance);
    answer.merged_columns = static_cast<std::uint32_t>(columns.weight.size());
    const double coverable = std::accumulate(columns.weight.begin(), columns.weight.end(), 0.0);
    const double tolerance = 1e-12 * std::max(1.0, coverable);

    UnitConstraint units;
    if (instance.one_per_unit) {
        units = UnitConstraint(*instance.one_per_unit);
        for (const std::uint32_t unit : instance.one_per_unit->units) {
            if (!units.required(unit)) {
                answer.units_without_candidate.push_back(unit);
            }
        }
        if (units.required_count() > k) {
            throw std::invalid_argument("maximal_covering: " + std::to_string(units.required_count()) +
                                        " units need a site but K is " + std::to_string(k));
        }
    }
    Solution solution(columns, units);
    satisfy_units(solution, candidate_count);
    detail::lazy_greedy(solution, detail::current_gains(solution, candidate_count), std::min(k, candidate_count));
    answer.swaps = swap_search(solution, candidate_count, tolerance);

    // When greedy stopped short, every coverable column is covered: optimal.
    const bool everything_covered = solution.sites().size() < std::min(k, candidate_count);
    double bound = solution.value();
    if (!everything_covered) {
        // Without the unit constraint: relaxing a constraint only raises the optimum.
        const detail::LagrangianResult relaxation =
            detail::maximal_covering_bound(columns, k, solution.value(), options.bound_iterations);
        bound = relaxation.bound;
        // A second local search from the relaxation's best choice, kept if it
        // does better; its choice may break the unit constraint, so not then.
        if (!units.active() && relaxation.best_sites_value > solution.value() - tolerance &&
            relaxation.best_sites != solution.sites()) {
            Solution restart(columns, units);
            for (const std::uint32_t site : relaxation.best_sites) {
                restart.add(site);
            }
            const std::uint32_t restart_swaps = swap_search(restart, candidate_count, tolerance);
            if (restart.value() > solution.value() + tolerance) {
                solution = std::move(restart);
                answer.swaps = restart_swaps;
            }
        }
    }

    detail::rank_sites(Solution(columns, UnitConstraint{}), solution.sites(), answer);
    answer.covered_after = answer.covered_before + solution.value();
    // The relaxation's own value, not raised to the answer, so a wrong bound cannot hide.
    answer.upper_bound = answer.covered_before + bound;
    return answer;
}

SetCoveringAnswer set_covering(const CoverageInstance& instance, double target_share, const SitingOptions& options) {
    SetCoveringAnswer answer;
    std::tie(answer.total_demand, answer.covered_before) = total_and_existing(instance);
    answer.target_demand = target_share * answer.total_demand;
    const auto candidate_count = static_cast<std::uint32_t>(instance.candidates.offsets.size() - 1);
    const Columns columns = uncovered_columns(instance);
    const double coverable = std::accumulate(columns.weight.begin(), columns.weight.end(), 0.0);
    const double tolerance = 1e-12 * std::max(1.0, answer.total_demand);
    const double needed = answer.target_demand - answer.covered_before; // from new sites
    Solution solution(columns, UnitConstraint{});
    if (needed <= tolerance) {
        answer.target_reached = true; // the existing facilities already reach it
    } else if (coverable < needed - tolerance) {
        // The best reachable: every site that adds.
        detail::lazy_greedy(solution, detail::current_gains(solution, candidate_count), candidate_count);
    } else {
        answer.target_reached = true;
        detail::lazy_greedy(solution, detail::current_gains(solution, candidate_count), candidate_count,
                            [&] { return solution.value() < needed - tolerance; });
        // Sites that later ones made unnecessary are dropped, least useful first.
        for (bool dropped = true; dropped;) {
            dropped = false;
            std::uint32_t weakest = 0;
            double weakest_loss = std::numeric_limits<double>::infinity();
            for (const std::uint32_t site : solution.sites()) {
                const double loss = solution.loss(site);
                if (solution.value() - loss >= needed - tolerance && loss < weakest_loss) {
                    weakest = site;
                    weakest_loss = loss;
                }
            }
            if (weakest_loss < std::numeric_limits<double>::infinity()) {
                solution.remove(weakest);
                dropped = true;
            }
        }
        // K sites cannot suffice when the maximal-covering bound for K stays
        // below what is needed; then neither can fewer. Find the largest such K.
        std::uint32_t proven_short = 0; // zero sites add nothing
        auto upper = static_cast<std::uint32_t>(solution.sites().size());
        while (proven_short + 1 < upper) {
            const std::uint32_t k = proven_short + (upper - proven_short) / 2;
            const double bound = detail::maximal_covering_bound(columns, k, needed, options.bound_iterations).bound;
            if (bound < needed - tolerance) {
                proven_short = k;
            } else {
                upper = k;
            }
        }
        answer.fewest_possible = proven_short + 1;
    }
    detail::rank_sites(Solution(columns, UnitConstraint{}), solution.sites(), answer);
    answer.covered_after = answer.covered_before + solution.value();
    return answer;
}

} // namespace lifecircle
