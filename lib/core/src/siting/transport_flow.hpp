#pragma once
// Demand served by capacitated facilities: a maximum flow from a source through
// each open facility (at most its capacity) to the demand columns it reaches
// (unbounded) and on to a sink (at most the column's weight). Dinic's
// algorithm on doubles; opening and closing a facility update the flow.

#include "siting/covering_columns.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace lifecircle::detail {

class TransportFlow {
public:
    // Facilities are the sources of `columns`, all closed at first.
    TransportFlow(const Columns& columns, std::span<const double> capacity);

    void open(std::uint32_t facility);
    void close(std::uint32_t facility); // its flow is withdrawn, then others take what they can
    // What opening `facility` would add, leaving the flow as it was.
    [[nodiscard]] double gain_if_opened(std::uint32_t facility);

    [[nodiscard]] double value() const noexcept { return value_; }
    [[nodiscard]] double load(std::uint32_t facility) const; // demand it serves
    [[nodiscard]] double column_flow(std::uint32_t column) const;

private:
    struct Arc {
        std::uint32_t to;
        double capacity;
        double flow;
    };
    void add_arc(std::uint32_t from, std::uint32_t to, double capacity);
    [[nodiscard]] double residual(std::uint64_t arc) const { return arcs_[arc].capacity - arcs_[arc].flow; }
    void push(std::uint64_t arc, double amount);
    // Augments along paths that start at `start`: the source, or an open
    // facility (when the flow was maximum before it opened, every new path
    // starts there, and the search stays near it).
    void augment(std::uint32_t start);
    bool build_levels(std::uint32_t start);
    [[nodiscard]] std::int32_t level(std::uint32_t node) const {
        return visit_[node] == generation_ ? level_[node] : -1;
    }
    double send(std::uint32_t node, double limit);

    std::uint32_t facility_count_ = 0;
    std::uint32_t source_ = 0;
    std::uint32_t sink_ = 0;
    std::vector<Arc> arcs_; // arc a and a ^ 1 are each other's reverse
    std::vector<std::vector<std::uint64_t>> out_;
    std::vector<double> capacity_; // per facility, while open
    std::vector<std::int32_t> level_;   // valid where visit_ holds the current generation
    std::vector<std::uint32_t> visit_;  // so a search from a facility resets only what it touched
    std::uint32_t generation_ = 0;
    std::vector<std::size_t> next_arc_;
    std::vector<std::pair<std::uint64_t, double>> undo_; // arc and its flow before, while trying
    bool recording_ = false;
    double value_ = 0.0;
    double epsilon_ = 0.0;
};

} // namespace lifecircle::detail
