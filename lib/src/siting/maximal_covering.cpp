#include "lifecircle/siting.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <queue>
#include <tuple>

namespace lifecircle {
namespace {

// Demand points that the same candidates cover are one column with their
// weights summed; points already covered, or coverable by no candidate, drop out.
struct Columns {
    std::vector<double> weight;
    std::vector<std::uint64_t> offsets{0}; // candidate c covers columns[offsets[c], offsets[c+1])
    std::vector<std::uint32_t> columns;
};

Columns merge_columns(const CoverageInstance& instance) {
    const ReachSets& reach = instance.candidates;
    const std::size_t candidate_count = reach.offsets.size() - 1;
    std::vector<std::vector<std::uint32_t>> covering(instance.weight.size());
    for (std::uint32_t candidate = 0; candidate < candidate_count; ++candidate) {
        for (std::uint64_t i = reach.offsets[candidate]; i < reach.offsets[candidate + 1]; ++i) {
            const std::uint32_t point = reach.demand[i];
            if (!instance.covered_by_existing[point] && instance.weight[point] > 0.0) {
                covering[point].push_back(candidate); // ascending, since candidates are visited in order
            }
        }
    }
    Columns result;
    std::map<std::vector<std::uint32_t>, std::uint32_t> column_of;
    std::vector<std::vector<std::uint32_t>> by_candidate(candidate_count);
    for (std::size_t point = 0; point < covering.size(); ++point) {
        if (covering[point].empty()) {
            continue;
        }
        const auto [at, inserted] =
            column_of.try_emplace(covering[point], static_cast<std::uint32_t>(result.weight.size()));
        if (inserted) {
            result.weight.push_back(0.0);
            for (const std::uint32_t candidate : covering[point]) {
                by_candidate[candidate].push_back(at->second);
            }
        }
        result.weight[at->second] += instance.weight[point];
    }
    for (const auto& columns : by_candidate) {
        result.columns.insert(result.columns.end(), columns.begin(), columns.end());
        result.offsets.push_back(result.columns.size());
    }
    return result;
}

class Solution {
public:
    explicit Solution(const Columns& columns)
        : columns_(&columns), count_(columns.weight.size(), 0), sole_(columns.weight.size(), 0) {}

    [[nodiscard]] double value() const noexcept { return value_; }
    [[nodiscard]] const std::vector<std::uint32_t>& sites() const noexcept { return sites_; }
    [[nodiscard]] bool chosen(std::uint32_t candidate) const {
        return std::find(sites_.begin(), sites_.end(), candidate) != sites_.end();
    }

    // Demand `candidate` would add now.
    [[nodiscard]] double gain(std::uint32_t candidate) const {
        double gain = 0.0;
        for (const std::uint32_t column : covered_by(candidate)) {
            gain += count_[column] == 0 ? columns_->weight[column] : 0.0;
        }
        return gain;
    }

    // Demand lost if `candidate` (chosen) were removed.
    [[nodiscard]] double loss(std::uint32_t candidate) const {
        double loss = 0.0;
        for (const std::uint32_t column : covered_by(candidate)) {
            loss += count_[column] == 1 ? columns_->weight[column] : 0.0;
        }
        return loss;
    }

    void add(std::uint32_t candidate) {
        for (const std::uint32_t column : covered_by(candidate)) {
            if (count_[column]++ == 0) {
                value_ += columns_->weight[column];
                sole_[column] = candidate;
            } else if (count_[column] == 2) {
                sole_[column] = 0;
            }
        }
        sites_.push_back(candidate);
    }

    void remove(std::uint32_t candidate) {
        for (const std::uint32_t column : covered_by(candidate)) {
            if (--count_[column] == 0) {
                value_ -= columns_->weight[column];
            }
        }
        sites_.erase(std::find(sites_.begin(), sites_.end(), candidate));
        // Columns left with one covering site need to know which it is.
        for (const std::uint32_t site : sites_) {
            for (const std::uint32_t column : covered_by(site)) {
                if (count_[column] == 1) {
                    sole_[column] = site;
                }
            }
        }
    }

    // The best exchange of a chosen site for `incoming`: the change in value and the site to drop.
    [[nodiscard]] std::pair<double, std::uint32_t> best_swap_for(std::uint32_t incoming,
                                                                 const std::vector<double>& losses) const {
        double added = 0.0;
        std::vector<double> kept(sites_.size(), 0.0); // demand the drop would lose but `incoming` keeps
        for (const std::uint32_t column : covered_by(incoming)) {
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
            const double change = added + kept[i] - losses[i];
            if (change > best || (change == best && sites_[i] < outgoing)) {
                best = change;
                outgoing = sites_[i];
            }
        }
        return {best, outgoing};
    }

    [[nodiscard]] std::span<const std::uint32_t> covered_by(std::uint32_t candidate) const {
        return {columns_->columns.data() + columns_->offsets[candidate],
                static_cast<std::size_t>(columns_->offsets[candidate + 1] - columns_->offsets[candidate])};
    }

private:
    const Columns* columns_;
    std::vector<std::uint32_t> count_; // chosen sites covering each column
    std::vector<std::uint32_t> sole_;  // the one chosen site, where count_ is 1
    std::vector<std::uint32_t> sites_;
    double value_ = 0.0;
};

// Greedy with lazy evaluation: a candidate's gain only shrinks as sites are
// added, so a stale gain is an upper bound and most need no recomputing.
void greedy(Solution& solution, std::uint32_t candidate_count, std::uint32_t k,
            double enough = std::numeric_limits<double>::infinity()) {
    struct Entry {
        double gain;
        std::uint32_t candidate;
        std::uint32_t round; // how many sites were chosen when `gain` was computed
        bool operator<(const Entry& other) const {
            return gain < other.gain || (gain == other.gain && candidate > other.candidate);
        }
    };
    std::priority_queue<Entry> queue;
    for (std::uint32_t candidate = 0; candidate < candidate_count; ++candidate) {
        queue.push({solution.gain(candidate), candidate, 0});
    }
    while (solution.sites().size() < k && solution.value() < enough && !queue.empty()) {
        Entry top = queue.top();
        queue.pop();
        const auto round = static_cast<std::uint32_t>(solution.sites().size());
        if (top.round != round) {
            top.gain = solution.gain(top.candidate);
            top.round = round;
            queue.push(top);
            continue;
        }
        if (top.gain <= 0.0) {
            break; // nothing left to gain
        }
        solution.add(top.candidate);
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

// Lagrangian relaxation of "a column counts only if a chosen site covers it":
// for multipliers l >= 0, sum_j max(0, w_j - l_j) + (the K largest sums of l
// over a candidate's columns) bounds the optimum from above. Subgradient steps
// lower it towards the answer found.
struct LagrangianResult {
    double bound = 0.0;
    std::vector<std::uint32_t> best_sites; // the relaxation's K sites of highest true value seen
    double best_sites_value = -1.0;
};

// The value the sites really cover.
double covered_value(const Columns& columns, std::span<const std::uint32_t> sites, std::vector<std::uint8_t>& seen) {
    std::fill(seen.begin(), seen.end(), 0);
    double value = 0.0;
    for (const std::uint32_t site : sites) {
        for (std::uint64_t at = columns.offsets[site]; at < columns.offsets[site + 1]; ++at) {
            if (seen[columns.columns[at]] == 0) {
                seen[columns.columns[at]] = 1;
                value += columns.weight[columns.columns[at]];
            }
        }
    }
    return value;
}

LagrangianResult lagrangian_bound(const Columns& columns, std::uint32_t candidate_count, std::uint32_t k, double found,
                                  std::uint32_t iterations) {
    LagrangianResult result;
    std::vector<std::uint8_t> seen(columns.weight.size());
    const std::size_t column_count = columns.weight.size();
    std::vector<double> multiplier = columns.weight; // start at w: the sum of the K best single gains
    std::vector<double> candidate_score(candidate_count);
    std::vector<std::uint32_t> order(candidate_count);
    std::vector<std::int32_t> coverage(column_count);
    double best = std::accumulate(columns.weight.begin(), columns.weight.end(), 0.0);
    double step_scale = 2.0;
    std::uint32_t without_progress = 0;
    const std::uint32_t chosen_count = std::min(k, candidate_count);
    for (std::uint32_t iteration = 0; iteration < iterations; ++iteration) {
        double bound = 0.0;
        for (std::size_t j = 0; j < column_count; ++j) {
            bound += std::max(0.0, columns.weight[j] - multiplier[j]);
        }
        for (std::uint32_t c = 0; c < candidate_count; ++c) {
            double score = 0.0;
            for (std::uint64_t i = columns.offsets[c]; i < columns.offsets[c + 1]; ++i) {
                score += multiplier[columns.columns[i]];
            }
            candidate_score[c] = score;
        }
        std::iota(order.begin(), order.end(), 0U);
        std::partial_sort(order.begin(), order.begin() + chosen_count, order.end(),
                          [&](std::uint32_t a, std::uint32_t b) { return candidate_score[a] > candidate_score[b]; });
        // The relaxation's own choice is a feasible answer too: keep the best, for a second local search.
        const std::span<const std::uint32_t> relaxed_sites(order.data(), chosen_count);
        const double relaxed_value = covered_value(columns, relaxed_sites, seen);
        if (relaxed_value > result.best_sites_value) {
            result.best_sites_value = relaxed_value;
            result.best_sites.assign(relaxed_sites.begin(), relaxed_sites.end());
            found = std::max(found, relaxed_value);
        }
        std::fill(coverage.begin(), coverage.end(), 0);
        for (std::uint32_t i = 0; i < chosen_count; ++i) {
            bound += candidate_score[order[i]];
            for (std::uint64_t at = columns.offsets[order[i]]; at < columns.offsets[order[i] + 1]; ++at) {
                ++coverage[columns.columns[at]];
            }
        }
        if (bound < best - 1e-12 * std::max(1.0, best)) {
            best = bound;
            without_progress = 0;
        } else if (++without_progress >= 20) {
            step_scale /= 2.0;
            without_progress = 0;
        }
        // Subgradient of the bound in l_j: coverage_j - [w_j > l_j].
        double norm = 0.0;
        for (std::size_t j = 0; j < column_count; ++j) {
            const double slope = coverage[j] - (columns.weight[j] > multiplier[j] ? 1.0 : 0.0);
            norm += slope * slope;
        }
        if (norm == 0.0 || best - found <= 1e-9 * std::max(1.0, best)) {
            break; // the bound meets the answer: it is optimal
        }
        const double step = step_scale * (bound - found) / norm;
        for (std::size_t j = 0; j < column_count; ++j) {
            const double slope = coverage[j] - (columns.weight[j] > multiplier[j] ? 1.0 : 0.0);
            multiplier[j] = std::clamp(multiplier[j] - step * slope, 0.0, columns.weight[j]);
        }
    }
    result.bound = best;
    return result;
}

// The sites in order of marginal gain, each with what it adds given those before.
void order_by_gain(const Columns& columns, std::vector<std::uint32_t> remaining, std::vector<std::uint32_t>& sites,
                   std::vector<double>& gains) {
    Solution ordered(columns);
    while (!remaining.empty()) {
        auto best = remaining.begin();
        double best_gain = -1.0;
        for (auto it = remaining.begin(); it != remaining.end(); ++it) {
            const double gain = ordered.gain(*it);
            if (gain > best_gain || (gain == best_gain && *it < *best)) {
                best_gain = gain;
                best = it;
            }
        }
        ordered.add(*best);
        sites.push_back(*best);
        gains.push_back(best_gain);
        remaining.erase(best);
    }
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

} // namespace

SitingAnswer maximal_covering(const CoverageInstance& instance, std::uint32_t k, const SitingOptions& options) {
    SitingAnswer answer;
    std::tie(answer.total_demand, answer.covered_before) = total_and_existing(instance);
    const auto candidate_count = static_cast<std::uint32_t>(instance.candidates.offsets.size() - 1);
    const Columns columns = merge_columns(instance);
    answer.merged_columns = static_cast<std::uint32_t>(columns.weight.size());
    const double coverable = std::accumulate(columns.weight.begin(), columns.weight.end(), 0.0);
    const double tolerance = 1e-12 * std::max(1.0, coverable);

    Solution solution(columns);
    greedy(solution, candidate_count, std::min(k, candidate_count));
    answer.swaps = swap_search(solution, candidate_count, tolerance);

    // When greedy stopped short, every coverable column is covered: optimal.
    const bool everything_covered = solution.sites().size() < std::min(k, candidate_count);
    double bound = solution.value();
    if (!everything_covered) {
        const LagrangianResult relaxation =
            lagrangian_bound(columns, candidate_count, k, solution.value(), options.bound_iterations);
        bound = relaxation.bound;
        // A second local search from the relaxation's best choice, kept if it does better.
        if (relaxation.best_sites_value > solution.value() - tolerance && relaxation.best_sites != solution.sites()) {
            Solution restart(columns);
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

    order_by_gain(columns, solution.sites(), answer.sites, answer.marginal_gain);
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
    const Columns columns = merge_columns(instance);
    const double coverable = std::accumulate(columns.weight.begin(), columns.weight.end(), 0.0);
    const double tolerance = 1e-12 * std::max(1.0, answer.total_demand);
    const double needed = answer.target_demand - answer.covered_before; // from new sites
    Solution solution(columns);
    if (needed <= tolerance) {
        answer.target_reached = true; // the existing facilities already reach it
    } else if (coverable < needed - tolerance) {
        greedy(solution, candidate_count, candidate_count); // the best reachable: every site that adds
    } else {
        answer.target_reached = true;
        greedy(solution, candidate_count, candidate_count, needed - tolerance);
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
            const double bound = lagrangian_bound(columns, candidate_count, k, needed, options.bound_iterations).bound;
            if (bound < needed - tolerance) {
                proven_short = k;
            } else {
                upper = k;
            }
        }
        answer.fewest_possible = proven_short + 1;
    }
    order_by_gain(columns, solution.sites(), answer.sites, answer.marginal_gain);
    answer.covered_after = answer.covered_before + solution.value();
    return answer;
}

} // namespace lifecircle
