#include "lifecircle/walking_costs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>

namespace lifecircle {
namespace {

constexpr double forbidden = std::numeric_limits<double>::infinity();

// The numbers and their sources are in docs/profiles.md.
constexpr double elderly_kmh = 3.0;                   // Asher et al. 2012: 0.8-0.9 m/s at 65+
constexpr double wheelchair_kmh = 4.0;                // Valhalla's wheelchair default
constexpr double step_penalty_s = 30.0;               // Valhalla's pedestrian default per flight
constexpr double crossing_penalty_s = 20.0;           // HCM signal delay, 90 s cycle, 30 s walk
constexpr double wheelchair_max_incline = 1.0 / 12.0; // GB 50763-2012: ramps at most 1:12

// The places where a walker crosses a major road: mapped crossings, crossings
// a plan makes, and nodes where a major road meets any other way.
std::vector<bool> crossing_places(const WalkingGraph& graph) {
    std::vector<std::uint8_t> meets(graph.node_count(), 0); // bit 1: a major road, bit 2: another way
    for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
        const std::uint8_t bit = graph.edge_way(edge).kind == WayClass::major_road ? 1U : 2U;
        meets[graph.edge_from(edge)] |= bit;
        meets[graph.edge_to(edge)] |= bit;
    }
    std::vector<bool> places(graph.node_count(), false);
    for (std::uint32_t node = 0; node < graph.node_count(); ++node) {
        places[node] = graph.is_crossing(node) || graph.planned_crossing_wait(node) || meets[node] == 3U;
    }
    return places;
}

} // namespace

std::optional<WalkingProfile> builtin_profile(std::string_view id) {
    WalkingProfile profile;
    profile.id = std::string(id);
    if (id == "walk") {
        profile.flat_kmh = default_walking_speed.value;
        return profile;
    }
    if (id == "elderly") {
        profile.flat_kmh = elderly_kmh;
        profile.slope = true;
        profile.step_penalty_s = step_penalty_s;
        profile.crossing_penalty_s = crossing_penalty_s;
        return profile;
    }
    if (id == "wheelchair") {
        profile.flat_kmh = wheelchair_kmh;
        profile.slope = true;
        profile.step_penalty_s.reset();
        profile.crossing_penalty_s = crossing_penalty_s;
        profile.wheelchair = true;
        profile.max_incline = wheelchair_max_incline;
        return profile;
    }
    return std::nullopt;
}

std::vector<std::string> builtin_profile_ids() {
    return {"walk", "elderly", "wheelchair"};
}

double tobler_time_factor(double slope) noexcept {
    return std::exp(3.5 * std::abs(slope + 0.05) - 0.175);
}

EdgeElevations elevation_samples(const WalkingGraph& graph, Metres spacing, std::vector<PlanarPoint>& positions) {
    if (!(spacing.value > 0.0)) {
        throw std::invalid_argument("elevation_samples: the spacing must be positive");
    }
    EdgeElevations samples;
    positions.clear();
    samples.offsets.reserve(graph.edge_count() + std::size_t{1});
    for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
        const std::span<const PlanarPoint> interior = graph.edge_interior(edge);
        double along = 0.0;
        PlanarPoint a = graph.node_position(graph.edge_from(edge));
        samples.along.push_back(0.0);
        positions.push_back(a);
        for (std::size_t i = 0; i <= interior.size(); ++i) {
            const PlanarPoint b = i < interior.size() ? interior[i] : graph.node_position(graph.edge_to(edge));
            const double length = std::hypot(b.x - a.x, b.y - a.y);
            const double pieces = std::max(1.0, std::ceil(length / spacing.value));
            for (double piece = 1.0; piece <= pieces; piece += 1.0) {
                const double t = piece / pieces;
                samples.along.push_back(along + t * length);
                positions.push_back({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)});
            }
            along += length;
            a = b;
        }
        samples.along.back() = graph.edge_length(edge).value; // the same sum, but exactly the edge's
        samples.offsets.push_back(static_cast<std::uint32_t>(samples.along.size()));
    }
    return samples;
}

WalkingCosts WalkingCosts::build(const WalkingGraph& graph, const WalkingProfile& profile,
                                 const EdgeElevations* elevations) {
    const std::uint32_t edges = graph.edge_count();
    if (elevations != nullptr && (elevations->offsets.size() != edges + std::size_t{1} ||
                                  elevations->height.size() != elevations->along.size())) {
        throw std::invalid_argument("WalkingCosts::build: the elevations were not sampled over this graph");
    }
    const bool sloped = profile.slope && elevations != nullptr;
    const double metres_per_second = profile.metres_per_second();
    const std::vector<bool> crossing = crossing_places(graph);

    WalkingCosts costs;
    costs.profile_ = profile;
    costs.edge_length_.resize(edges);
    costs.edge_forward_.resize(edges);
    costs.edge_backward_.resize(edges);
    costs.passable_.assign(edges, true);
    if (sloped) {
        costs.sample_offsets_ = elevations->offsets;
        costs.sample_along_ = elevations->along;
        costs.sample_forward_.resize(elevations->along.size());
        costs.sample_backward_.resize(elevations->along.size());
    }
    for (std::uint32_t edge = 0; edge < edges; ++edge) {
        const WayAttributes& way = graph.edge_way(edge);
        const double length = graph.edge_length(edge).value;
        costs.edge_length_[edge] = length;

        // Penalties in metres of flat walking, spread evenly along the edge so its parts add up to it.
        double penalty = 0.0;
        bool excluded = false;
        if (way.kind == WayClass::steps) {
            if (profile.step_penalty_s) {
                penalty += *profile.step_penalty_s * metres_per_second;
            } else {
                excluded = true;
                ++costs.exclusions_.steps;
            }
        }
        if (!excluded && profile.wheelchair && way.no_wheelchair) {
            excluded = true;
            ++costs.exclusions_.no_wheelchair;
        }
        double steepest = std::isnan(way.incline) ? 0.0 : static_cast<double>(way.incline);
        if (way.kind != WayClass::major_road) { // half a crossing at each end that is a crossing place
            for (const std::uint32_t end : {graph.edge_from(edge), graph.edge_to(edge)}) {
                if (crossing[end] && profile.crossing_penalty_s > 0.0) {
                    const double wait_s = graph.planned_crossing_wait(end).value_or(profile.crossing_penalty_s);
                    penalty += 0.5 * wait_s * metres_per_second;
                }
            }
        }

        double forward = length;
        double backward = length;
        if (sloped) {
            const std::uint32_t first = elevations->offsets[edge];
            const std::uint32_t last = elevations->offsets[edge + 1] - 1;
            costs.sample_forward_[first] = 0.0;
            costs.sample_backward_[first] = 0.0;
            double up = 0.0;
            double down = 0.0;
            for (std::uint32_t sample = first + 1; sample <= last; ++sample) {
                const double run = elevations->along[sample] - elevations->along[sample - 1];
                const double rise = elevations->height[sample] - elevations->height[sample - 1];
                if (run > 0.0 && std::isnan(rise)) { // off the elevation model: flat
                    up += run;
                    down += run;
                } else if (run > 0.0) {
                    up += run * tobler_time_factor(rise / run);
                    down += run * tobler_time_factor(-rise / run);
                    steepest = std::max(steepest, std::abs(rise / run));
                }
                costs.sample_forward_[sample] = up;
                costs.sample_backward_[sample] = down;
            }
            forward = up;
            backward = down;
            for (std::uint32_t sample = first; sample <= last && length > 0.0; ++sample) {
                const double share = penalty * elevations->along[sample] / length;
                costs.sample_forward_[sample] += share;
                costs.sample_backward_[sample] += share;
            }
        }
        if (!excluded && profile.max_incline && steepest > *profile.max_incline) {
            excluded = true;
            ++costs.exclusions_.too_steep;
        }
        costs.edge_forward_[edge] = excluded ? forbidden : forward + penalty;
        costs.edge_backward_[edge] = excluded ? forbidden : backward + penalty;
        costs.passable_[edge] = !excluded;
    }
    for (std::uint32_t node = 0; node < graph.node_count(); ++node) {
        costs.crossings_ += crossing[node] && profile.crossing_penalty_s > 0.0 ? 1U : 0U;
    }

    const std::uint32_t arcs = graph.first_arc(graph.node_count());
    costs.arc_forward_.resize(arcs);
    costs.arc_backward_.resize(arcs);
    for (std::uint32_t node = 0; node < graph.node_count(); ++node) {
        for (std::uint32_t arc = graph.first_arc(node); arc < graph.first_arc(node + 1); ++arc) {
            const std::uint32_t edge = graph.arc_edge(arc);
            // A loop's two arcs both leave its from-node; the first walks it forward.
            const bool with_edge =
                graph.edge_from(edge) == node &&
                (graph.edge_to(edge) != node || arc == graph.first_arc(node) || graph.arc_edge(arc - 1) != edge);
            costs.arc_forward_[arc] = with_edge ? costs.edge_forward_[edge] : costs.edge_backward_[edge];
            costs.arc_backward_[arc] = with_edge ? costs.edge_backward_[edge] : costs.edge_forward_[edge];
        }
    }
    return costs;
}

namespace {

// The piecewise-linear function through (xs[i], ys[i]), i in [first, last), at
// x: xs rises and xs[first] <= x < xs[last - 1].
double interpolate(const std::vector<double>& xs, const std::vector<double>& ys, std::size_t first, std::size_t last,
                   double x) {
    const auto after = std::upper_bound(xs.begin() + static_cast<std::ptrdiff_t>(first),
                                        xs.begin() + static_cast<std::ptrdiff_t>(last), x);
    const auto i = static_cast<std::size_t>(after - xs.begin());
    const double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
    return ys[i - 1] + t * (ys[i] - ys[i - 1]);
}

} // namespace

double WalkingCosts::from_start(std::uint32_t edge, double along, bool forward) const noexcept {
    const double length = edge_length_[edge];
    const double total = forward ? edge_forward_[edge] : edge_backward_[edge];
    if (along <= 0.0 || length <= 0.0) {
        return 0.0;
    }
    if (along >= length) {
        return total;
    }
    if (sample_offsets_.empty()) {
        return total * (along / length);
    }
    return interpolate(sample_along_, forward ? sample_forward_ : sample_backward_, sample_offsets_[edge],
                       sample_offsets_[edge + 1], along);
}

double WalkingCosts::along_at(std::uint32_t edge, double cost, bool forward) const noexcept {
    const double length = edge_length_[edge];
    const double total = forward ? edge_forward_[edge] : edge_backward_[edge];
    if (!(cost > 0.0) || !passable_[edge]) {
        return 0.0;
    }
    if (cost >= total) {
        return length;
    }
    if (sample_offsets_.empty()) {
        return length * (cost / total);
    }
    // Costs rise along the edge (every piece costs more than nothing), so the same interpolation inverts them.
    return interpolate(forward ? sample_forward_ : sample_backward_, sample_along_, sample_offsets_[edge],
                       sample_offsets_[edge + 1], cost);
}

double WalkingCosts::along_edge(std::uint32_t edge, double from, double to) const noexcept {
    if (!passable_[edge]) {
        return forbidden;
    }
    return from <= to ? from_start(edge, to, true) - from_start(edge, from, true)
                      : from_start(edge, from, false) - from_start(edge, to, false);
}

std::size_t WalkingCosts::memory_bytes() const noexcept {
    const auto bytes = [](const auto& vector) { return vector.capacity() * sizeof(vector[0]); };
    return bytes(arc_forward_) + bytes(arc_backward_) + bytes(edge_length_) + bytes(edge_forward_) +
           bytes(edge_backward_) + passable_.capacity() / 8 + bytes(sample_offsets_) + bytes(sample_along_) +
           bytes(sample_forward_) + bytes(sample_backward_);
}

} // namespace lifecircle
