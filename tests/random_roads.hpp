#pragma once
// Random street networks for property tests: straight or bent streets between
// random junctions in a 1 km square.

#include "lifecircle/network.hpp"

#include <algorithm>
#include <random>
#include <set>
#include <vector>

namespace lifecircle::test {

struct RandomRoads {
    std::vector<PlanarPoint> vertices;
    RoadSource topology;
};

// Random straight or bent streets between random junctions: dead ends, several
// components and long edges happen by chance.
inline RandomRoads random_roads(std::mt19937_64& random, int nodes, int edges) {
    std::uniform_real_distribution<double> coordinate(0.0, 1000.0);
    std::uniform_int_distribution<int> pick(0, nodes - 1);
    std::uniform_int_distribution<int> bends(0, 2);
    RandomRoads roads;
    std::set<std::pair<std::uint32_t, std::uint32_t>>
        straight; // the engine merges a street drawn twice; the brute force would not
    for (int i = 0; i < nodes; ++i) {
        roads.vertices.push_back({coordinate(random), coordinate(random)});
    }
    for (int i = 0; i < edges; ++i) {
        const auto from = static_cast<std::uint32_t>(pick(random));
        const auto to = static_cast<std::uint32_t>(pick(random));
        if (from == to) {
            continue;
        }
        const int bend_count = bends(random);
        if (bend_count == 0 && !straight.insert(std::minmax(from, to)).second) {
            continue;
        }
        std::vector<std::uint32_t> polyline{from};
        for (int bend = bend_count; bend > 0; --bend) {
            polyline.push_back(static_cast<std::uint32_t>(roads.vertices.size()));
            roads.vertices.push_back({coordinate(random), coordinate(random)});
        }
        polyline.push_back(to);
        roads.topology.add_polyline(polyline);
    }
    roads.topology.vertices.resize(roads.vertices.size());
    return roads;
}

} // namespace lifecircle::test
