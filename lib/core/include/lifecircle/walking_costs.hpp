#pragma once
// Walking profiles and the directed costs they give the walking network: a
// flat speed, Tobler's response to slope where the network has elevations,
// penalties for steps and for crossing major roads, and the ways a profile
// may not use. Costs are metres of walking on flat ground at the profile's
// speed, so a threshold of N minutes stays N x speed metres and every cost
// converts to minutes by that speed. Sources and numbers: docs/profiles.md.

#include "lifecircle/core_export.hpp"
#include "lifecircle/geo.hpp"
#include "lifecircle/network.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifecircle {

struct WalkingProfile {
    std::string id = "walk";
    double flat_kmh = 4.0;
    bool slope = false;                         // Tobler's hiking function where the network has elevations
    std::optional<double> step_penalty_s = 0.0; // added per flight of steps walked; none: steps are not walked
    double crossing_penalty_s = 0.0;            // added per major road crossed
    bool wheelchair = false;                    // ways tagged wheelchair=no, or with a rough surface, are not used
    std::optional<double> max_incline;          // rise over run: steeper ways (tagged, or from elevations) are not used

    // Whether every edge costs its length either way (today's walking): the
    // searches then read the graph's lengths and need no costs of their own.
    [[nodiscard]] bool costs_are_lengths() const noexcept {
        return !slope && step_penalty_s == 0.0 && crossing_penalty_s == 0.0 && !wheelchair && !max_incline;
    }
    [[nodiscard]] double metres_per_second() const noexcept { return flat_kmh / 3.6; }
};

// "walk", "elderly", "wheelchair" (docs/profiles.md); none for any other id.
LIFECIRCLE_CORE_EXPORT std::optional<WalkingProfile> builtin_profile(std::string_view id);
LIFECIRCLE_CORE_EXPORT std::vector<std::string> builtin_profile_ids();

// Tobler's hiking function as a factor on flat-ground time, normalised so that
// flat ground is 1: exp(3.5 |s + 0.05| - 0.175), s the rise over run in the
// direction walked. A 5% descent is the quickest (0.84); a 10% climb costs 1.69.
LIFECIRCLE_CORE_EXPORT double tobler_time_factor(double slope) noexcept;

// Heights along each edge, from its from-node: edge e has samples
// [offsets[e], offsets[e+1]) at `along` metres, the first at 0 and the last at
// the edge's length, none more than the spacing apart.
struct EdgeElevations {
    std::vector<std::uint32_t> offsets{0};
    std::vector<double> along;
    std::vector<double> height; // metres, filled by whoever reads the elevation model; NaN: unknown (walked as flat)
};

// Where to sample: every vertex of every edge, and points between them at most
// `spacing` apart. `positions` receives each sample's place in the working CRS
// (io's DEM reader fills `height` from them).
LIFECIRCLE_CORE_EXPORT EdgeElevations elevation_samples(const WalkingGraph& graph, Metres spacing,
                                                        std::vector<PlanarPoint>& positions);

// What each arc of a graph costs one profile, in both directions.
class LIFECIRCLE_CORE_EXPORT WalkingCosts {
public:
    // `elevations` (optional) must come from elevation_samples over `graph`.
    static WalkingCosts build(const WalkingGraph& graph, const WalkingProfile& profile,
                              const EdgeElevations* elevations = nullptr);

    [[nodiscard]] const WalkingProfile& profile() const noexcept { return profile_; }
    // Walking the arc from its tail to its head, and from its head to its tail; +infinity where not allowed.
    [[nodiscard]] double arc_cost(std::uint32_t arc) const noexcept { return arc_forward_[arc]; }
    [[nodiscard]] double arc_reverse_cost(std::uint32_t arc) const noexcept { return arc_backward_[arc]; }
    // Walking along `edge` from `from` metres along it to `to` metres along it, either way.
    [[nodiscard]] double along_edge(std::uint32_t edge, double from, double to) const noexcept;
    [[nodiscard]] bool passable(std::uint32_t edge) const noexcept { return passable_[edge]; }
    // Walking from the from-node to `along` (forward), or from `along` back to the from-node.
    [[nodiscard]] double from_start(std::uint32_t edge, double along, bool forward) const noexcept;
    // Its inverse: how far along the edge that walk reaches for `cost`, clamped to the edge.
    [[nodiscard]] double along_at(std::uint32_t edge, double cost, bool forward) const noexcept;
    [[nodiscard]] std::uint32_t arc_count() const noexcept { return static_cast<std::uint32_t>(arc_forward_.size()); }

    // Edges the profile may not use, per reason: steps, no_wheelchair, too_steep.
    struct Exclusions {
        std::uint64_t steps = 0;
        std::uint64_t no_wheelchair = 0;
        std::uint64_t too_steep = 0;
        [[nodiscard]] std::uint64_t total() const noexcept { return steps + no_wheelchair + too_steep; }
    };
    [[nodiscard]] const Exclusions& exclusions() const noexcept { return exclusions_; }
    [[nodiscard]] std::uint64_t crossings() const noexcept { return crossings_; } // crossing places penalised
    [[nodiscard]] std::size_t memory_bytes() const noexcept;

private:
    WalkingProfile profile_;
    std::vector<double> arc_forward_;
    std::vector<double> arc_backward_;
    std::vector<double> edge_length_;
    std::vector<double> edge_forward_;  // from-node to to-node
    std::vector<double> edge_backward_; // to-node to from-node
    std::vector<bool> passable_;
    // Sloped edges: cumulative costs at the elevation samples (empty without elevations).
    std::vector<std::uint32_t> sample_offsets_;
    std::vector<double> sample_along_;
    std::vector<double> sample_forward_;  // from-node to the sample
    std::vector<double> sample_backward_; // the sample back to the from-node
    Exclusions exclusions_;
    std::uint64_t crossings_ = 0;
};

} // namespace lifecircle
