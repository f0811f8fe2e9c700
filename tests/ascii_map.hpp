#pragma once
// Streets drawn as text, in the style of OSRM's feature tables:
//
//     a---b---c
//     |       |
//     d---e---f
//
// Each letter is a node at (column, -row) x spacing metres; ways list the
// letters they pass through. Everything else in the picture is decoration.

#include "lifecircle/network.hpp"

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lifecircle::test {

class AsciiMap {
public:
    AsciiMap(std::string_view picture, double spacing_m) {
        double row = 0;
        double column = 0;
        for (const char c : picture) {
            if (c == '\n') {
                ++row;
                column = 0;
                continue;
            }
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                index_[c] = static_cast<std::uint32_t>(vertices_.size());
                vertices_.push_back({column * spacing_m, -row * spacing_m});
            }
            ++column;
        }
    }

    [[nodiscard]] PlanarPoint at(char name) const { return vertices_.at(index_.at(name)); }
    [[nodiscard]] std::uint32_t vertex(char name) const { return static_cast<std::uint32_t>(index_.at(name)); }
    [[nodiscard]] const std::vector<PlanarPoint>& vertices() const { return vertices_; }

    // The topology of `ways`, each a string of node letters.
    [[nodiscard]] RoadSource ways(std::initializer_list<std::string_view> ways, bool line_layer = false) const {
        RoadSource roads;
        roads.from_line_layer = line_layer;
        roads.vertices.resize(vertices_.size());
        for (const std::string_view way : ways) {
            std::vector<std::uint32_t> polyline;
            for (const char name : way) {
                polyline.push_back(index_.at(name));
            }
            roads.add_polyline(polyline);
        }
        return roads;
    }

private:
    std::map<char, std::uint32_t> index_;
    std::vector<PlanarPoint> vertices_;
};

} // namespace lifecircle::test
