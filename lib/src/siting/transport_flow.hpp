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
    void augment();
    bool build_levels();
    double send(std::uint32_t node, double limit);

    std::uint32_t facility_count_ = 0;
    std::uint32_t source_ = 0;
    std::uint32_t sink_ = 0;
    std::vector<Arc> arcs_; // arc a and a ^ 1 are each other's reverse
    std::vector<std::vector<std::uint64_t>> out_;
    std::vector<double> capacity_; // per facility, while open
    std::vector<std::int32_t> level_;
    std::vector<std::size_t> next_arc_;
    double value_ = 0.0;
    double epsilon_ = 0.0;
};

} // namespace lifecircle::detail
