#include "lifecircle/siting.hpp"

#include "siting/greedy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>

namespace lifecircle {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// The instance as the search needs it: each point's cost without new sites
// (the cap, or the nearest existing facility within it), and only the
// candidate-point pairs that beat it, both by candidate and by point.
struct MedianData {
    std::vector<double> weight;
    std::vector<double> fixed_cost;
    std::vector<std::uint64_t> candidate_offsets{0}; // candidate c: entries [offsets[c], offsets[c+1])
    std::vector<std::uint32_t> candidate_point;
    std::vector<double> candidate_cost;
    std::vector<std::uint64_t> point_offsets; // point j: entries [offsets[j], offsets[j+1])
    std::vector<std::uint32_t> point_candidate;
    std::vector<double> point_cost;

    [[nodiscard]] std::uint32_t candidate_count() const {
        return static_cast<std::uint32_t>(candidate_offsets.size() - 1);
    }
};

MedianData prepare(const MedianInstance& instance) {
    MedianData data;
    data.weight = instance.weight;
    const std::size_t point_count = instance.weight.size();
    for (std::size_t j = 0; j < point_count; ++j) {
        data.fixed_cost.push_back(std::min(instance.cost_cap, instance.existing_cost[j]));
    }
    const ReachSets& reach = instance.candidates;
    std::vector<std::uint64_t> per_point(point_count + 1, 0);
    for (std::size_t c = 0; c + 1 < reach.offsets.size(); ++c) {
        for (std::uint64_t i = reach.offsets[c]; i < reach.offsets[c + 1]; ++i) {
            const std::uint32_t point = reach.demand[i];
            if (reach.cost[i] < data.fixed_cost[point] && data.weight[point] > 0.0) {
                data.candidate_point.push_back(point);
                data.candidate_cost.push_back(reach.cost[i]);
                ++per_point[point + 1];
            }
        }
        data.candidate_offsets.push_back(data.candidate_point.size());
    }
    std::partial_sum(per_point.begin(), per_point.end(), per_point.begin());
    data.point_offsets = per_point;
    data.point_candidate.resize(data.candidate_point.size());
    data.point_cost.resize(data.candidate_point.size());
    std::vector<std::uint64_t> next(per_point.begin(), per_point.end() - 1);
    for (std::uint32_t c = 0; c < data.candidate_count(); ++c) {
        for (std::uint64_t i = data.candidate_offsets[c]; i < data.candidate_offsets[c + 1]; ++i) {
            const std::uint64_t at = next[data.candidate_point[i]]++;
            data.point_candidate[at] = c;
            data.point_cost[at] = data.candidate_cost[i];
        }
    }
    return data;
}

// Chosen sites with, per point, its best and second-best cost among the fixed
// option and the chosen sites, and which site gives the best (no_index: fixed).
class MedianSolution {
public:
    explicit MedianSolution(const MedianData& data)
        : data_(&data), best_(data.fixed_cost), second_(data.weight.size(), infinity),
          best_site_(data.weight.size(), no_index), position_(data.candidate_count(), no_index) {
        for (std::size_t j = 0; j < data.weight.size(); ++j) {
            value_ += data.weight[j] * data.fixed_cost[j];
        }
    }

    [[nodiscard]] double value() const noexcept { return value_; }
    [[nodiscard]] const std::vector<std::uint32_t>& sites() const noexcept { return sites_; }
    [[nodiscard]] bool chosen(std::uint32_t candidate) const { return position_[candidate] != no_index; }
    [[nodiscard]] const std::vector<double>& best_costs() const noexcept { return best_; }

    // Weighted cost `candidate` would save now.
    [[nodiscard]] double gain(std::uint32_t candidate) const {
        double saving = 0.0;
        for (std::uint64_t i = data_->candidate_offsets[candidate]; i < data_->candidate_offsets[candidate + 1]; ++i) {
            const std::uint32_t point = data_->candidate_point[i];
            saving += data_->weight[point] * std::max(0.0, best_[point] - data_->candidate_cost[i]);
        }
        return saving;
    }

    // Weighted cost added if `site` (chosen) were removed.
    [[nodiscard]] double loss(std::uint32_t site) const {
        double loss = 0.0;
        for (std::uint64_t i = data_->candidate_offsets[site]; i < data_->candidate_offsets[site + 1]; ++i) {
            const std::uint32_t point = data_->candidate_point[i];
            if (best_site_[point] == site) {
                loss += data_->weight[point] * (second_[point] - best_[point]);
            }
        }
        return loss;
    }

    void add(std::uint32_t candidate) {
        position_[candidate] = static_cast<std::uint32_t>(sites_.size());
        sites_.push_back(candidate);
        for (std::uint64_t i = data_->candidate_offsets[candidate]; i < data_->candidate_offsets[candidate + 1]; ++i) {
            const std::uint32_t point = data_->candidate_point[i];
            const double before = best_[point];
            offer(point, candidate, data_->candidate_cost[i]);
            value_ += data_->weight[point] * (best_[point] - before);
        }
    }

    void remove(std::uint32_t candidate) {
        const std::uint32_t at = position_[candidate];
        sites_.erase(sites_.begin() + at);
        position_[candidate] = no_index;
        for (std::uint32_t i = at; i < sites_.size(); ++i) {
            position_[sites_[i]] = i;
        }
        for (std::uint64_t i = data_->candidate_offsets[candidate]; i < data_->candidate_offsets[candidate + 1]; ++i) {
            const std::uint32_t point = data_->candidate_point[i];
            const double before = best_[point];
            recompute(point);
            value_ += data_->weight[point] * (best_[point] - before);
        }
    }

    // The best exchange of a chosen site for `incoming`: the change in total
    // cost (negative is better) and the site to drop.
    [[nodiscard]] std::pair<double, std::uint32_t> best_swap_for(std::uint32_t incoming,
                                                                 const std::vector<double>& losses,
                                                                 std::vector<double>& correction) const {
        std::fill(correction.begin(), correction.end(), 0.0);
        double saved_anyway = 0.0; // saving whichever site leaves, as long as it is not a point's best
        for (std::uint64_t i = data_->candidate_offsets[incoming]; i < data_->candidate_offsets[incoming + 1]; ++i) {
            const std::uint32_t point = data_->candidate_point[i];
            const double weight = data_->weight[point];
            const double cost = data_->candidate_cost[i];
            const double keep_best = weight * (std::min(cost, best_[point]) - best_[point]);
            saved_anyway += keep_best;
            if (best_site_[point] != no_index) {
                correction[position_[best_site_[point]]] +=
                    weight * (std::min(cost, second_[point]) - second_[point]) - keep_best;
            }
        }
        double best = infinity;
        std::uint32_t outgoing = 0;
        for (std::size_t i = 0; i < sites_.size(); ++i) {
            const double change = losses[i] + saved_anyway + correction[i];
            if (change < best || (change == best && sites_[i] < outgoing)) {
                best = change;
                outgoing = sites_[i];
            }
        }
        return {best, outgoing};
    }

private:
    void offer(std::uint32_t point, std::uint32_t site, double cost) {
        if (cost < best_[point]) {
            second_[point] = best_[point];
            best_[point] = cost;
            best_site_[point] = site;
        } else if (cost < second_[point]) {
            second_[point] = cost;
        }
    }

    void recompute(std::uint32_t point) {
        best_[point] = data_->fixed_cost[point];
        second_[point] = infinity;
        best_site_[point] = no_index;
        for (std::uint64_t i = data_->point_offsets[point]; i < data_->point_offsets[point + 1]; ++i) {
            if (chosen(data_->point_candidate[i])) {
                offer(point, data_->point_candidate[i], data_->point_cost[i]);
            }
        }
    }

    const MedianData* data_;
    std::vector<double> best_;
    std::vector<double> second_;
    std::vector<std::uint32_t> best_site_;
    std::vector<std::uint32_t> position_; // in sites_, per candidate; no_index when not chosen
    std::vector<std::uint32_t> sites_;
    double value_ = 0.0;
};

// Best-improvement exchanges (Resende and Werneck's fast interchange
// bookkeeping: losses once per pass, one sweep of a candidate's points per swap).
std::uint32_t swap_search(MedianSolution& solution, std::uint32_t candidate_count, double tolerance) {
    std::uint32_t swaps = 0;
    std::vector<double> correction;
    while (!solution.sites().empty()) {
        std::vector<double> losses;
        for (const std::uint32_t site : solution.sites()) {
            losses.push_back(solution.loss(site));
        }
        correction.assign(solution.sites().size(), 0.0);
        double best_change = -tolerance;
        std::uint32_t best_in = 0;
        std::uint32_t best_out = 0;
        for (std::uint32_t candidate = 0; candidate < candidate_count; ++candidate) {
            if (solution.chosen(candidate)) {
                continue;
            }
            const auto [change, outgoing] = solution.best_swap_for(candidate, losses, correction);
            if (change < best_change) {
                best_change = change;
                best_in = candidate;
                best_out = outgoing;
            }
        }
        if (best_change >= -tolerance) {
            break;
        }
        solution.remove(best_out);
        solution.add(best_in);
        ++swaps;
    }
    return swaps;
}

// Lagrangian relaxation of "every point is assigned once" with multipliers
// 0 <= l_j <= w_j f_j (f_j its cost without new sites):
//   L(l) = sum_j l_j + (the K most negative rho_c, only negative ones),
//   rho_c = sum over the points c beats of min(0, w_j d_cj - l_j),
// is at most the optimum for every l; subgradient steps raise it.
struct MedianBound {
    double bound = 0.0;
    std::vector<std::uint32_t> sites; // the relaxation's open sites where the bound was best
};

MedianBound lower_bound(const MedianData& data, std::uint32_t k, double found, std::uint32_t iterations) {
    MedianBound result;
    const std::size_t point_count = data.weight.size();
    const std::uint32_t candidate_count = data.candidate_count();
    std::vector<double> multiplier(point_count);
    for (std::size_t j = 0; j < point_count; ++j) {
        multiplier[j] = data.weight[j] * data.fixed_cost[j]; // everyone at the fixed cost
    }
    std::vector<double> rho(candidate_count);
    std::vector<std::uint32_t> order(candidate_count);
    std::vector<double> slope(point_count);
    double best = -infinity;
    double step_scale = 2.0;
    std::uint32_t without_progress = 0;
    for (std::uint32_t iteration = 0; iteration < iterations; ++iteration) {
        double bound = std::accumulate(multiplier.begin(), multiplier.end(), 0.0);
        for (std::uint32_t c = 0; c < candidate_count; ++c) {
            double sum = 0.0;
            for (std::uint64_t i = data.candidate_offsets[c]; i < data.candidate_offsets[c + 1]; ++i) {
                sum += std::min(0.0, data.weight[data.candidate_point[i]] * data.candidate_cost[i] -
                                         multiplier[data.candidate_point[i]]);
            }
            rho[c] = sum;
        }
        std::iota(order.begin(), order.end(), 0U);
        const std::uint32_t open = std::min(k, candidate_count);
        std::partial_sort(order.begin(), order.begin() + open, order.end(),
                          [&](std::uint32_t a, std::uint32_t b) { return rho[a] < rho[b]; });
        // Subgradient: 1 - [fixed cheaper than l_j] - (open sites cheaper than l_j).
        for (std::size_t j = 0; j < point_count; ++j) {
            slope[j] = data.weight[j] * data.fixed_cost[j] < multiplier[j] ? 0.0 : 1.0;
        }
        for (std::uint32_t i = 0; i < open && rho[order[i]] < 0.0; ++i) {
            bound += rho[order[i]];
            const std::uint32_t c = order[i];
            for (std::uint64_t at = data.candidate_offsets[c]; at < data.candidate_offsets[c + 1]; ++at) {
                const std::uint32_t point = data.candidate_point[at];
                if (data.weight[point] * data.candidate_cost[at] < multiplier[point]) {
                    slope[point] -= 1.0;
                }
            }
        }
        if (iteration == 0 || bound > best + 1e-12 * std::max(1.0, std::abs(best))) {
            best = bound;
            result.sites.assign(order.begin(), order.begin() + open);
            without_progress = 0;
        } else if (++without_progress >= 20) {
            step_scale /= 2.0;
            without_progress = 0;
        }
        double norm = 0.0;
        for (std::size_t j = 0; j < point_count; ++j) {
            norm += slope[j] * slope[j];
        }
        if (norm == 0.0 || found - best <= 1e-9 * std::max(1.0, found)) {
            break; // the bound meets the answer: it is optimal
        }
        const double step = step_scale * (found - bound) / norm;
        for (std::size_t j = 0; j < point_count; ++j) {
            multiplier[j] = std::clamp(multiplier[j] + step * slope[j], 0.0, data.weight[j] * data.fixed_cost[j]);
        }
    }
    result.bound = best;
    return result;
}

double demand_at_cap(const MedianData& data, const std::vector<double>& cost, double cap) {
    double demand = 0.0;
    for (std::size_t j = 0; j < cost.size(); ++j) {
        demand += cost[j] >= cap ? data.weight[j] : 0.0;
    }
    return demand;
}

} // namespace

MedianAnswer p_median(const MedianInstance& instance, std::uint32_t k, const SitingOptions& options) {
    const MedianData data = prepare(instance);
    const std::uint32_t candidate_count = data.candidate_count();
    MedianAnswer answer;
    answer.total_demand = std::accumulate(data.weight.begin(), data.weight.end(), 0.0);
    MedianSolution solution(data);
    answer.cost_before = solution.value();
    answer.demand_at_cap_before = demand_at_cap(data, solution.best_costs(), instance.cost_cap);
    const double tolerance = 1e-12 * std::max(1.0, answer.cost_before);

    detail::lazy_greedy(solution, detail::current_gains(solution, candidate_count), std::min(k, candidate_count));
    answer.swaps = swap_search(solution, candidate_count, tolerance);
    // Greedy stopping short of K means no candidate saves more: optimal.
    const bool nothing_left = solution.sites().size() < std::min(k, candidate_count);
    answer.lower_bound = solution.value();
    if (!nothing_left) {
        const MedianBound relaxation = lower_bound(data, k, solution.value(), options.bound_iterations);
        answer.lower_bound = relaxation.bound;
        // A second local search from the relaxation's choice, kept if it does better.
        MedianSolution restart(data);
        for (const std::uint32_t site : relaxation.sites) {
            restart.add(site);
        }
        const std::uint32_t restart_swaps = swap_search(restart, candidate_count, tolerance);
        if (restart.value() < solution.value() - tolerance) {
            solution = std::move(restart);
            answer.swaps = restart_swaps;
        }
    }

    detail::rank_sites(MedianSolution(data), solution.sites(), answer);
    answer.cost_after = solution.value();
    answer.demand_at_cap_after = demand_at_cap(data, solution.best_costs(), instance.cost_cap);
    return answer;
}

} // namespace lifecircle
