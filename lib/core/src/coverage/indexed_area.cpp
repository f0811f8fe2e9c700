#include "coverage/indexed_area.hpp"

#include <boost/container/small_vector.hpp>
#include <boost/geometry.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

namespace lifecircle::detail {
namespace {

// Closer than this to an edge, a point is left to covered_by. Crossings are
// computed to a few units in the last place of coordinates up to 1e7 m (about
// 1e-8 m), far inside this margin.
constexpr double edge_margin_m = 1e-6;

} // namespace

IndexedArea::IndexedArea(const PlanarMultiPolygon& area) : area_(&area) {
    std::vector<Edge> edges;
    double high_y = 0.0;
    bool first = true;
    const auto add_ring = [&](const auto& ring, bool hole, std::uint32_t polygon) {
        const auto ring_index = static_cast<std::uint32_t>(polygon_of_ring_.size());
        polygon_of_ring_.push_back(polygon);
        ring_is_hole_.push_back(hole);
        for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
            edges.push_back({ring[i], ring[i + 1], ring_index});
            for (const PlanarPoint point : {ring[i], ring[i + 1]}) {
                low_y_ = first ? point.y : std::min(low_y_, point.y);
                high_y = first ? point.y : std::max(high_y, point.y);
                first = false;
            }
        }
    };
    for (std::uint32_t polygon = 0; polygon < area.size(); ++polygon) {
        add_ring(area[polygon].outer(), false, polygon);
        for (const auto& hole : area[polygon].inners()) {
            add_ring(hole, true, polygon);
        }
    }
    // About two edges to a band: a band's edges are few, and an edge in few bands.
    const std::size_t bands = std::max<std::size_t>(1, edges.size() / 2);
    band_height_ = std::max((high_y - low_y_) / static_cast<double>(bands), 1e-9);
    band_first_.assign(bands + 1, 0);
    const auto bands_of = [&](const Edge& edge) {
        return std::pair{band_of(std::min(edge.from.y, edge.to.y)), band_of(std::max(edge.from.y, edge.to.y))};
    };
    for (const Edge& edge : edges) {
        const auto [first_band, last_band] = bands_of(edge);
        for (std::size_t band = first_band; band <= last_band; ++band) {
            ++band_first_[band + 1];
        }
    }
    for (std::size_t band = 0; band < bands; ++band) {
        band_first_[band + 1] += band_first_[band];
    }
    band_edges_.resize(band_first_.back());
    std::vector<std::uint32_t> next(band_first_.begin(), band_first_.end() - 1);
    for (const Edge& edge : edges) {
        const auto [first_band, last_band] = bands_of(edge);
        for (std::size_t band = first_band; band <= last_band; ++band) {
            band_edges_[next[band]++] = edge;
        }
    }
}

// Clamped while still a double, so that a far or non-finite y cannot overflow the cast.
std::size_t IndexedArea::band_of(double y) const {
    const double band = std::floor((y - low_y_) / band_height_);
    const std::size_t last = band_first_.size() - 2;
    if (!(band > 0.0)) {
        return 0;
    }
    return band >= static_cast<double>(last) ? last : static_cast<std::size_t>(band);
}

IndexedArea::Answer IndexedArea::locate(PlanarPoint point) const {
    if (band_edges_.empty()) {
        return Answer::outside;
    }
    const std::size_t band = band_of(point.y);
    boost::container::small_vector<std::uint8_t, 16> parity(polygon_of_ring_.size(), 0);
    for (std::uint32_t i = band_first_[band]; i < band_first_[band + 1]; ++i) {
        const Edge& edge = band_edges_[i];
        const double low_y = std::min(edge.from.y, edge.to.y);
        const double high_y = std::max(edge.from.y, edge.to.y);
        if (point.y < low_y - edge_margin_m || point.y > high_y + edge_margin_m) {
            continue;
        }
        const double low_x = std::min(edge.from.x, edge.to.x);
        const double high_x = std::max(edge.from.x, edge.to.x);
        if (low_y == high_y) { // horizontal: never crossed, but the point may lie on it
            if (point.x >= low_x - edge_margin_m && point.x <= high_x + edge_margin_m) {
                return Answer::on_edge;
            }
            continue;
        }
        // Where the edge meets the point's row, measured along the row.
        const double t = (point.y - edge.from.y) / (edge.to.y - edge.from.y);
        const double x = edge.from.x + t * (edge.to.x - edge.from.x);
        if (std::abs(x - point.x) <=
            edge_margin_m * (1.0 + std::abs(edge.to.x - edge.from.x) / std::max(high_y - low_y, edge_margin_m))) {
            return Answer::on_edge; // near enough that rounding could decide the side
        }
        // Half-open in y, so a ring's vertex on the row is crossed once.
        const bool spans = (edge.from.y <= point.y) != (edge.to.y <= point.y);
        if (spans && x > point.x) {
            parity[edge.ring] ^= 1U;
        }
    }
    // A polygon holds the point inside its exterior and outside each of its holes.
    boost::container::small_vector<std::uint8_t, 16> in_hole(area_->size(), 0);
    for (std::size_t ring = 0; ring < parity.size(); ++ring) {
        if (parity[ring] != 0 && ring_is_hole_[ring]) {
            in_hole[polygon_of_ring_[ring]] = 1;
        }
    }
    for (std::size_t ring = 0; ring < parity.size(); ++ring) {
        if (parity[ring] != 0 && !ring_is_hole_[ring] && in_hole[polygon_of_ring_[ring]] == 0) {
            return Answer::inside;
        }
    }
    return Answer::outside;
}

std::optional<bool> IndexedArea::settled(PlanarPoint point) const {
    switch (locate(point)) {
    case Answer::inside:
        return true;
    case Answer::outside:
        return false;
    case Answer::on_edge:
        break;
    }
    return std::nullopt; // near an edge: Boost.Geometry decides, exactly
}

bool IndexedArea::covers(PlanarPoint point) const {
    if (const std::optional<bool> answer = settled(point)) {
        return *answer;
    }
    return boost::geometry::covered_by(point, *area_);
}

bool IndexedArea::contains(PlanarPoint point) const {
    if (const std::optional<bool> answer = settled(point)) {
        return *answer;
    }
    return boost::geometry::within(point, *area_);
}

} // namespace lifecircle::detail
