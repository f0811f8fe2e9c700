#include "lifecircle/siting.hpp"

#include "siting/covering_columns.hpp"
#include "siting/greedy.hpp"
#include "siting/transport_flow.hpp"

#include <algorithm>
#include <functional>
#include <numeric>
#include <queue>

namespace lifecircle {
namespace {

using detail::Columns;
using detail::TransportFlow;

// The existing facilities, always open, and the chosen candidates; facility
// e < E is existing, E + c is candidate c.
class CapacitatedSolution {
public:
    CapacitatedSolution(const Columns& columns, std::span<const double> capacity, std::uint32_t existing_count)
        : flow_(columns, capacity), existing_count_(existing_count) {
        for (std::uint32_t facility = 0; facility < existing_count; ++facility) {
            flow_.open(facility);
        }
    }

    [[nodiscard]] double value() const noexcept { return flow_.value(); }
    [[nodiscard]] const std::vector<std::uint32_t>& sites() const noexcept { return sites_; }
    [[nodiscard]] bool chosen(std::uint32_t candidate) const {
        return std::find(sites_.begin(), sites_.end(), candidate) != sites_.end();
    }
    [[nodiscard]] const TransportFlow& flow() const noexcept { return flow_; }

    // Demand served more once `candidate` opens (the flow re-routes as needed).
    [[nodiscard]] double gain(std::uint32_t candidate) const {
        return flow_.gain_if_opened(existing_count_ + candidate);
    }
    void add(std::uint32_t candidate) {
        flow_.open(existing_count_ + candidate);
        sites_.push_back(candidate);
    }
    void remove(std::uint32_t candidate) {
        flow_.close(existing_count_ + candidate);
        sites_.erase(std::find(sites_.begin(), sites_.end(), candidate));
    }

private:
    mutable TransportFlow flow_; // a trial opening is undone before gain() returns
    std::uint32_t existing_count_;
    std::vector<std::uint32_t> sites_;
};

using detail::GainEntry;

// The K largest single-site gains over the existing facilities, evaluating
// as few as it takes: a site adds at most its capacity, so capacities are
// upper estimates and a candidate is evaluated only when its estimate leads.
// Returns their sum and leaves every candidate's best known gain in `known`.
double largest_single_gains(const CapacitatedSolution& base, std::span<const double> capacity, std::uint32_t k,
                            std::vector<GainEntry>& known) {
    std::priority_queue<GainEntry> queue;
    for (std::uint32_t candidate = 0; candidate < capacity.size(); ++candidate) {
        queue.push({capacity[candidate], candidate, no_index});
    }
    double sum = 0.0;
    for (std::uint32_t taken = 0; taken < k && !queue.empty();) {
        GainEntry top = queue.top();
        queue.pop();
        if (top.round == no_index) {
            top.gain = base.gain(top.candidate);
            top.round = 0;
            queue.push(top);
            continue;
        }
        sum += top.gain;
        known.push_back(top);
        ++taken;
    }
    while (!queue.empty()) {
        known.push_back(queue.top());
        queue.pop();
    }
    return sum;
}

// Best-improvement exchanges: each chosen site closed once per pass, then
// every other candidate tried in its place, unless its capacity cannot make
// up for what closing the site loses.
std::uint32_t swap_search(CapacitatedSolution& solution, std::span<const double> capacity, double tolerance) {
    const auto candidate_count = static_cast<std::uint32_t>(capacity.size());
    std::uint32_t swaps = 0;
    while (!solution.sites().empty()) {
        double best_change = tolerance;
        std::uint32_t best_in = 0;
        std::uint32_t best_out = 0;
        for (const std::uint32_t outgoing : solution.sites()) {
            CapacitatedSolution without = solution;
            without.remove(outgoing);
            const double lost = solution.value() - without.value();
            for (std::uint32_t candidate = 0; candidate < candidate_count; ++candidate) {
                if (solution.chosen(candidate) || capacity[candidate] - lost <= best_change) {
                    continue;
                }
                const double change = without.gain(candidate) - lost;
                if (change > best_change) {
                    best_change = change;
                    best_in = candidate;
                    best_out = outgoing;
                }
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

// Two upper bounds, the lower one kept. Submodularity: K sites serve at most
// the K largest single-site gains more. Capacities only lower coverage: the
// uncapacitated maximal-covering bound over what no existing facility reaches.
double upper_bound(const CapacitatedInstance& instance, double by_single_gains, std::uint32_t k, double found,
                   std::uint32_t iterations) {
    std::vector<bool> reached_by_existing(instance.weight.size(), false);
    for (const std::uint32_t point : instance.existing.demand) {
        reached_by_existing[point] = true;
    }
    double reached = 0.0;
    for (std::size_t j = 0; j < instance.weight.size(); ++j) {
        reached += reached_by_existing[j] ? instance.weight[j] : 0.0;
    }
    const ReachSets* sources[] = {&instance.candidates};
    const Columns uncovered = detail::merge_columns(instance.weight, sources, [&](std::uint32_t point) {
        return !reached_by_existing[point] && instance.weight[point] > 0.0;
    });
    const double by_coverage =
        reached + detail::maximal_covering_bound(uncovered, k, std::max(0.0, found - reached), iterations).bound;
    return std::min(by_single_gains, by_coverage);
}

} // namespace

CapacitatedAnswer capacitated_coverage(const CapacitatedInstance& instance, std::uint32_t k,
                                       const SitingOptions& options) {
    const auto existing_count = static_cast<std::uint32_t>(instance.existing.offsets.size() - 1);
    const auto candidate_count = static_cast<std::uint32_t>(instance.candidates.offsets.size() - 1);
    const ReachSets* sources[] = {&instance.existing, &instance.candidates};
    const Columns columns = detail::merge_columns(instance.weight, sources,
                                                  [&](std::uint32_t point) { return instance.weight[point] > 0.0; });
    std::vector<double> capacity = instance.existing_capacity;
    capacity.insert(capacity.end(), instance.candidate_capacity.begin(), instance.candidate_capacity.end());

    CapacitatedAnswer answer;
    answer.total_demand = std::accumulate(instance.weight.begin(), instance.weight.end(), 0.0);
    CapacitatedSolution solution(columns, capacity, existing_count);
    answer.covered_before = solution.value();
    const double tolerance = 1e-9 * std::max(1.0, answer.total_demand);

    std::vector<GainEntry> known;
    const double by_single_gains =
        answer.covered_before + largest_single_gains(solution, instance.candidate_capacity, k, known);
    // Served demand is submodular in the open set (a polymatroid rank): lazy greedy applies.
    detail::lazy_greedy(solution, std::priority_queue<GainEntry>(known.begin(), known.end()),
                        std::min(k, candidate_count));
    answer.swaps = swap_search(solution, instance.candidate_capacity, tolerance);
    const bool nothing_left = solution.sites().size() < std::min(k, candidate_count);
    answer.upper_bound = nothing_left ? solution.value()
                                      : upper_bound(instance, by_single_gains, k, solution.value(),
                                                    options.bound_iterations);
    detail::rank_sites(CapacitatedSolution(columns, capacity, existing_count), solution.sites(), answer);
    answer.covered_after = solution.value();

    const TransportFlow& flow = solution.flow();
    for (std::uint32_t facility = 0; facility < existing_count; ++facility) {
        answer.existing_load.push_back(flow.load(facility));
    }
    for (const std::uint32_t site : answer.sites) {
        answer.site_load.push_back(flow.load(existing_count + site));
    }
    // A column's flow is shared among its points by weight.
    answer.served.assign(instance.weight.size(), 0.0);
    for (std::size_t point = 0; point < instance.weight.size(); ++point) {
        const std::uint32_t column = columns.column_of_point[point];
        if (column != no_index) {
            answer.served[point] = instance.weight[point] * flow.column_flow(column) / columns.weight[column];
        }
    }
    return answer;
}

} // namespace lifecircle
