#pragma once
// Shared by the coverage models: demand points merged into columns, and the
// Lagrangian upper bound of maximal covering.

#include "lifecircle/coverage.hpp"

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace lifecircle::detail {

// Demand points that the same sources cover are one column with their
// weights summed. Sources are numbered across the reach sets given, in order;
// source s covers columns[offsets[s], offsets[s+1]).
struct Columns {
    std::vector<double> weight;
    std::vector<std::uint64_t> offsets{0};
    std::vector<std::uint32_t> columns;
    std::vector<std::uint32_t> column_of_point; // no_index where the point was left out

    [[nodiscard]] std::span<const std::uint32_t> covered_by(std::uint32_t source) const {
        return {columns.data() + offsets[source], static_cast<std::size_t>(offsets[source + 1] - offsets[source])};
    }
    [[nodiscard]] std::uint32_t source_count() const { return static_cast<std::uint32_t>(offsets.size() - 1); }
};

// Points for which `keep` is false, or which no source covers, are left out.
Columns merge_columns(std::span<const double> weight, std::span<const ReachSets* const> sources,
                      const std::function<bool(std::uint32_t)>& keep);

// The demand `sites` cover together (`seen` is scratch, one entry per column).
double covered_value(const Columns& columns, std::span<const std::uint32_t> sites, std::vector<std::uint8_t>& seen);

// Lagrangian relaxation of maximal covering ("a column counts only if a chosen
// site covers it"), lowered by subgradient steps towards `found`.
struct LagrangianResult {
    double bound = 0.0;                    // no K sites cover more
    std::vector<std::uint32_t> best_sites; // the relaxation's K sites of highest true value seen
    double best_sites_value = -1.0;
};

LagrangianResult maximal_covering_bound(const Columns& columns, std::uint32_t k, double found,
                                        std::uint32_t iterations);

} // namespace lifecircle::detail
