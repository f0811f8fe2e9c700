#include "lifecircle/siting.hpp"

#include "siting/covering_columns.hpp"
#include "siting/rank_sites.hpp"
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
        TransportFlow trial = flow_;
        trial.open(existing_count_ + candidate);
        return trial.value() - flow_.value();
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
    TransportFlow flow_;
    std::uint32_t existing_count_;
    std::vector<std::uint32_t> sites_;
};

// Greedy with lazy evaluation: served demand is submodular in the open set (a
// polymatroid rank), so a gain only shrinks as sites open.
std::vector<double> greedy(CapacitatedSolution& solution, std::uint32_t candidate_count, std::uint32_t k) {
    struct Entry {
        double gain;
        std::uint32_t candidate;
        std::uint32_t round;
        bool operator<(const Entry& other) const {
            return gain < other.gain || (gain == other.gain && candidate > other.candidate);
        }
    };
    std::vector<double> first_gains(candidate_count);
    std::priority_queue<Entry> queue;
    for (std::uint32_t candidate = 0; candidate < candidate_count; ++candidate) {
        first_gains[candidate] = solution.gain(candidate);
        queue.push({first_gains[candidate], candidate, 0});
    }
    while (solution.sites().size() < k && !queue.empty()) {
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
            break;
        }
        solution.add(top.candidate);
    }
    return first_gains;
}

// Best-improvement exchanges: each chosen site closed once per pass, then
// every other candidate tried in its place.
std::uint32_t swap_search(CapacitatedSolution& solution, std::uint32_t candidate_count, double tolerance) {
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
                if (solution.chosen(candidate)) {
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
double upper_bound(const CapacitatedInstance& instance, std::span<const double> first_gains, double served_before,
                   std::uint32_t k, double found, std::uint32_t iterations) {
    std::vector<double> gains(first_gains.begin(), first_gains.end());
    const auto open = static_cast<std::ptrdiff_t>(std::min<std::size_t>(k, gains.size()));
    std::partial_sort(gains.begin(), gains.begin() + open, gains.end(), std::greater<>());
    const double by_single_gains = served_before + std::accumulate(gains.begin(), gains.begin() + open, 0.0);

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

    const std::vector<double> first_gains = greedy(solution, candidate_count, std::min(k, candidate_count));
    answer.swaps = swap_search(solution, candidate_count, tolerance);
    const bool nothing_left = solution.sites().size() < std::min(k, candidate_count);
    answer.upper_bound = nothing_left ? solution.value()
                                      : upper_bound(instance, first_gains, answer.covered_before, k, solution.value(),
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
