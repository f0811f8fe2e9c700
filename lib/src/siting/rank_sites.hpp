#pragma once
// The chosen sites in order of marginal gain, each with what it adds given the
// sites before it: re-added greedily to an empty solution of the same model.

#include "lifecircle/siting.hpp"

#include <cstdint>
#include <vector>

namespace lifecircle::detail {

// `Solution` has gain(site) and add(site); `empty` holds no new site yet.
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
