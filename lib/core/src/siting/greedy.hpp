#pragma once
// Greedy steps every siting model shares, over a model's Solution (gain(site),
// add(site), sites(), chosen(site)): lazy greedy, and the chosen sites ranked
// by marginal gain.

#include "lifecircle/siting.hpp"

#include <cstdint>
#include <queue>
#include <vector>

namespace lifecircle::detail {

// A candidate's gain when `round` sites were chosen; round no_index marks an
// upper estimate that was never evaluated.
struct GainEntry {
    double gain;
    std::uint32_t candidate;
    std::uint32_t round;
    bool operator<(const GainEntry& other) const { // ties to the lower index
        return gain < other.gain || (gain == other.gain && candidate > other.candidate);
    }
};

// Every candidate not chosen yet, with its gain now.
template <typename Solution>
std::priority_queue<GainEntry> current_gains(const Solution& solution, std::uint32_t candidate_count) {
    std::priority_queue<GainEntry> queue;
    const auto round = static_cast<std::uint32_t>(solution.sites().size());
    for (std::uint32_t candidate = 0; candidate < candidate_count; ++candidate) {
        if (!solution.chosen(candidate)) {
            queue.push({solution.gain(candidate), candidate, round});
        }
    }
    return queue;
}

// Greedy with lazy evaluation (Minoux): the models' gains only shrink as
// sites are added, so a stale gain bounds the current one and only the top of
// the queue needs evaluating. Adds sites until there are k, no candidate
// gains anything, or `more_wanted` says stop.
template <typename Solution, typename MoreWanted>
void lazy_greedy(Solution& solution, std::priority_queue<GainEntry> queue, std::uint32_t k, MoreWanted more_wanted) {
    while (solution.sites().size() < k && more_wanted() && !queue.empty()) {
        GainEntry top = queue.top();
        queue.pop();
        const auto round = static_cast<std::uint32_t>(solution.sites().size());
        if (top.round != round) {
            top.gain = solution.gain(top.candidate);
            top.round = round;
            queue.push(top);
            continue;
        }
        if (top.gain <= 0.0) {
            return; // nothing left to gain
        }
        solution.add(top.candidate);
    }
}

template <typename Solution>
void lazy_greedy(Solution& solution, std::priority_queue<GainEntry> queue, std::uint32_t k) {
    lazy_greedy(solution, std::move(queue), k, [] { return true; });
}

// The chosen sites in order of marginal gain, each with what it adds given the
// sites before it: re-added greedily to `empty`, a solution with no new site.
template <typename Solution>
void rank_sites(Solution empty, std::vector<std::uint32_t> remaining, RankedSites& ranked) {
    while (!remaining.empty()) {
        auto best = remaining.begin();
        double best_gain = -1.0;
        for (auto it = remaining.begin(); it != remaining.end(); ++it) {
            const double gain = empty.gain(*it);
            if (gain > best_gain || (gain == best_gain && *it < *best)) {
                best_gain = gain;
                best = it;
            }
        }
        empty.add(*best);
        ranked.sites.push_back(*best);
        ranked.marginal_gain.push_back(best_gain);
        remaining.erase(best);
    }
}

} // namespace lifecircle::detail
