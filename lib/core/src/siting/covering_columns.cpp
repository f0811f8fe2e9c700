#include "siting/covering_columns.hpp"

#include <algorithm>
#include <map>
#include <numeric>

namespace lifecircle::detail {

Columns merge_columns(std::span<const double> weight, std::span<const ReachSets* const> sources,
                      const std::function<bool(std::uint32_t)>& keep) {
    std::vector<std::vector<std::uint32_t>> covering(weight.size());
    std::uint32_t source_count = 0;
    for (const ReachSets* reach : sources) {
        for (std::size_t local = 0; local + 1 < reach->offsets.size(); ++local, ++source_count) {
            for (std::uint64_t i = reach->offsets[local]; i < reach->offsets[local + 1]; ++i) {
                const std::uint32_t point = reach->demand[i];
                if (keep(point)) {
                    covering[point].push_back(source_count); // ascending: sources are visited in order
                }
            }
        }
    }
    Columns result;
    result.column_of_point.assign(weight.size(), no_index);
    std::map<std::vector<std::uint32_t>, std::uint32_t> column_of;
    std::vector<std::vector<std::uint32_t>> by_source(source_count);
    for (std::uint32_t point = 0; point < covering.size(); ++point) {
        if (covering[point].empty()) {
            continue;
        }
        const auto [at, inserted] =
            column_of.try_emplace(covering[point], static_cast<std::uint32_t>(result.weight.size()));
        if (inserted) {
            result.weight.push_back(0.0);
            for (const std::uint32_t source : covering[point]) {
                by_source[source].push_back(at->second);
            }
        }
        result.weight[at->second] += weight[point];
        result.column_of_point[point] = at->second;
    }
    for (const auto& columns : by_source) {
        result.columns.insert(result.columns.end(), columns.begin(), columns.end());
        result.offsets.push_back(result.columns.size());
    }
    return result;
}

double covered_value(const Columns& columns, std::span<const std::uint32_t> sites, std::vector<std::uint8_t>& seen) {
    std::fill(seen.begin(), seen.end(), 0);
    double value = 0.0;
    for (const std::uint32_t site : sites) {
        for (const std::uint32_t column : columns.covered_by(site)) {
            if (seen[column] == 0) {
                seen[column] = 1;
                value += columns.weight[column];
            }
        }
    }
    return value;
}

// For multipliers 0 <= l <= w, sum_j max(0, w_j - l_j) + (the K largest sums
// of l over a candidate's columns) bounds the optimum from above.
LagrangianResult maximal_covering_bound(const Columns& columns, std::uint32_t k, double found,
                                        std::uint32_t iterations) {
    LagrangianResult result;
    const std::uint32_t candidate_count = columns.source_count();
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
            for (const std::uint32_t column : columns.covered_by(c)) {
                score += multiplier[column];
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
            for (const std::uint32_t column : columns.covered_by(order[i])) {
                ++coverage[column];
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

} // namespace lifecircle::detail
