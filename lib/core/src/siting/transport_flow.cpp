#include "siting/transport_flow.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <queue>

namespace lifecircle::detail {

// Nodes: the source, the facilities, the columns, the sink.
TransportFlow::TransportFlow(const Columns& columns, std::span<const double> capacity)
    : facility_count_(columns.source_count()), capacity_(capacity.begin(), capacity.end()) {
    const auto column_count = static_cast<std::uint32_t>(columns.weight.size());
    source_ = 0;
    sink_ = 1 + facility_count_ + column_count;
    out_.resize(sink_ + 1);
    level_.assign(out_.size(), -1);
    visit_.assign(out_.size(), 0);
    next_arc_.assign(out_.size(), 0);
    for (std::uint32_t facility = 0; facility < facility_count_; ++facility) {
        add_arc(source_, 1 + facility, 0.0); // arc 2 * facility: closed until opened
    }
    for (std::uint32_t column = 0; column < column_count; ++column) {
        add_arc(1 + facility_count_ + column, sink_, columns.weight[column]); // arc 2 * (F + column)
    }
    for (std::uint32_t facility = 0; facility < facility_count_; ++facility) {
        for (const std::uint32_t column : columns.covered_by(facility)) {
            add_arc(1 + facility, 1 + facility_count_ + column, std::numeric_limits<double>::infinity());
        }
    }
    const double total = std::accumulate(columns.weight.begin(), columns.weight.end(), 0.0);
    epsilon_ = 1e-12 * std::max(1.0, total);
}

void TransportFlow::add_arc(std::uint32_t from, std::uint32_t to, double capacity) {
    out_[from].push_back(arcs_.size());
    arcs_.push_back({to, capacity, 0.0});
    out_[to].push_back(arcs_.size());
    arcs_.push_back({from, 0.0, 0.0});
}

void TransportFlow::push(std::uint64_t arc, double amount) {
    if (recording_) {
        undo_.emplace_back(arc, arcs_[arc].flow);
        undo_.emplace_back(arc ^ 1U, arcs_[arc ^ 1U].flow);
    }
    arcs_[arc].flow += amount;
    arcs_[arc ^ 1U].flow -= amount;
}

double TransportFlow::load(std::uint32_t facility) const { return arcs_[2ULL * facility].flow; }

double TransportFlow::column_flow(std::uint32_t column) const {
    return arcs_[2ULL * (facility_count_ + column)].flow;
}

void TransportFlow::open(std::uint32_t facility) {
    arcs_[2ULL * facility].capacity = capacity_[facility];
    augment(1 + facility);
}

double TransportFlow::gain_if_opened(std::uint32_t facility) {
    const double before = value_;
    const double closed_capacity = arcs_[2ULL * facility].capacity;
    recording_ = true;
    open(facility);
    recording_ = false;
    const double gain = value_ - before;
    for (auto undo = undo_.rbegin(); undo != undo_.rend(); ++undo) {
        arcs_[undo->first].flow = undo->second;
    }
    undo_.clear();
    arcs_[2ULL * facility].capacity = closed_capacity;
    value_ = before;
    return gain;
}

void TransportFlow::close(std::uint32_t facility) {
    const std::uint32_t node = 1 + facility;
    for (const std::uint64_t arc : out_[node]) {
        if (arc % 2 == 0 && arcs_[arc].flow > 0.0) { // forward arc to a column
            const double amount = arcs_[arc].flow;
            push(arc, -amount);
            push(2ULL * (facility_count_ + (arcs_[arc].to - 1 - facility_count_)), -amount);
            value_ -= amount;
        }
    }
    push(2ULL * facility, -arcs_[2ULL * facility].flow);
    arcs_[2ULL * facility].capacity = 0.0;
    augment(source_); // freed demand may go to any facility with room
}

bool TransportFlow::build_levels(std::uint32_t start) {
    ++generation_;
    std::queue<std::uint32_t> queue;
    const auto reach = [&](std::uint32_t node, std::int32_t depth) {
        visit_[node] = generation_;
        level_[node] = depth;
        next_arc_[node] = 0;
        queue.push(node);
    };
    reach(start, 0);
    while (!queue.empty()) {
        const std::uint32_t node = queue.front();
        queue.pop();
        if (level(sink_) >= 0 && level_[node] >= level_[sink_]) {
            break; // shortest paths only: nothing beyond the sink's level is needed
        }
        for (const std::uint64_t arc : out_[node]) {
            const std::uint32_t to = arcs_[arc].to;
            if (to != source_ && level(to) < 0 && residual(arc) > epsilon_) {
                reach(to, level_[node] + 1);
            }
        }
    }
    return level(sink_) >= 0;
}

double TransportFlow::send(std::uint32_t node, double limit) {
    if (node == sink_) {
        return limit;
    }
    for (std::size_t& i = next_arc_[node]; i < out_[node].size(); ++i) {
        const std::uint64_t arc = out_[node][i];
        const std::uint32_t to = arcs_[arc].to;
        if (level(to) != level_[node] + 1 || residual(arc) <= epsilon_) {
            continue;
        }
        const double sent = send(to, std::min(limit, residual(arc)));
        if (sent > epsilon_) {
            push(arc, sent);
            return sent;
        }
    }
    return 0.0;
}

void TransportFlow::augment(std::uint32_t start) {
    // From a facility, what it can send is bounded by its source arc.
    const std::uint64_t source_arc = 2ULL * (start - 1);
    while (build_levels(start)) {
        while (true) {
            const double limit =
                start == source_ ? std::numeric_limits<double>::infinity() : residual(source_arc);
            if (limit <= epsilon_) {
                return;
            }
            const double sent = send(start, limit);
            if (sent <= epsilon_) {
                break;
            }
            if (start != source_) {
                push(source_arc, sent);
            }
            value_ += sent;
        }
    }
}

} // namespace lifecircle::detail
