#pragma once
// Service areas ("isochrones") for maps, never for counting people: the
// network reached within each threshold from the facilities (partial edges
// included, and each facility's walk to the road), buffered by a walking-side
// width and unioned with GEOS. Areas for increasing thresholds are nested, keep
// holes where the network does not reach, and cover no land farther than the
// width from a point of the network reached within the threshold.

#include "lifecircle/core_export.hpp"
#include "lifecircle/error.hpp"
#include "lifecircle/network.hpp"
#include "lifecircle/travel.hpp"
#include "lifecircle/walking_costs.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace lifecircle {

// The reached network within `threshold` of the sources whose node costs are
// `costs` (nearest_source_costs, bounded by at least the threshold): pieces
// of edges, and each source's connector from its position to the road, as
// polylines in the working CRS. With `walking` (the profile the node costs
// were searched with), partial edges end where that profile's walk does.
LIFECIRCLE_CORE_EXPORT std::vector<std::vector<PlanarPoint>>
reached_network(const WalkingGraph& graph, std::span<const Snap> sources, std::span<const PlanarPoint> positions,
                const NodeCosts& costs, Metres threshold, const WalkingCosts* walking = nullptr);

struct ServiceAreaOptions {
    std::vector<Metres> thresholds;        // ascending
    Metres width{25.0};                    // how far either side of a reached street counts as reached
    bool per_facility = false;             // one area per facility too, besides the dissolved one
    ErrorContext facilities;               // their file and layer, named if GEOS fails to draw an area
    const WalkingCosts* walking = nullptr; // a walking profile's costs; null: the edges' lengths
};

struct ServiceArea {
    std::uint32_t facility = no_index; // no_index: every facility together (dissolved)
    Metres threshold{0.0};
    std::vector<unsigned char> wkb; // (multi)polygon in the working CRS; empty when nothing is reached
    double area_m2 = 0.0;
    std::uint32_t holes = 0; // interior rings: land inside the area the network does not reach
};

// Dissolved areas first (one per threshold), then per facility when asked.
LIFECIRCLE_CORE_EXPORT std::vector<ServiceArea> service_areas(const WalkingGraph& graph,
                                                              std::span<const Snap> facilities,
                                                              std::span<const PlanarPoint> positions,
                                                              const ServiceAreaOptions& options);

} // namespace lifecircle
