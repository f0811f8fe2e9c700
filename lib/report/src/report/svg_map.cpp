#include "report/svg_map.hpp"

#include "report/html.hpp"

#include <ogr_api.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>
#include <stdexcept>
#include <unordered_map>

namespace lifecircle::report {

std::unique_ptr<OGRGeometry> parse_wkb(const std::vector<unsigned char>& wkb) {
    OGRGeometry* parsed = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &parsed, wkb.size()) != OGRERR_NONE) {
        throw std::logic_error("report map: a layer geometry does not parse as WKB");
    }
    return std::unique_ptr<OGRGeometry>(parsed);
}

namespace {

constexpr double margin_px = 12.0;
constexpr double metres_per_degree_latitude = 111'320.0;

// Every line string of a line or multi-line, and every ring of a polygon or multipolygon.
template <typename Visit>
void for_each_line(const OGRGeometry& geometry, Visit&& visit) {
    const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
    if (type == wkbLineString) {
        visit(*geometry.toLineString());
    } else if (type == wkbPolygon) {
        for (const OGRLinearRing* ring : *geometry.toPolygon()) {
            visit(*ring);
        }
    } else if (type == wkbMultiLineString || type == wkbMultiPolygon || type == wkbGeometryCollection) {
        for (const OGRGeometry* part : *geometry.toGeometryCollection()) {
            for_each_line(*part, visit);
        }
    }
}

// Every ring of a polygon or multipolygon (other geometries have none).
template <typename Visit>
void for_each_ring(const OGRGeometry& geometry, Visit&& visit) {
    const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
    if (type == wkbPolygon) {
        for (const OGRLinearRing* ring : *geometry.toPolygon()) {
            visit(*ring);
        }
    } else if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
        for (const OGRGeometry* part : *geometry.toGeometryCollection()) {
            for_each_ring(*part, visit);
        }
    }
}

std::string coordinate(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

std::string title_element(const FeatureText& title, std::size_t feature) {
    return title ? "<title>" + escape(title(feature)) + "</title>" : std::string();
}

// 1, 2 or 5 times a power of ten, the largest not above `metres`.
double round_length(double metres) {
    const double power = std::pow(10.0, std::floor(std::log10(metres)));
    for (const double step : {5.0, 2.0, 1.0}) {
        if (step * power <= metres) {
            return step * power;
        }
    }
    return power;
}

} // namespace

void MapBounds::extend(LonLat position) {
    west = std::min(west, position.lon);
    east = std::max(east, position.lon);
    south = std::min(south, position.lat);
    north = std::max(north, position.lat);
}

void MapBounds::extend(std::span<const LonLat> positions) {
    for (const LonLat& position : positions) {
        extend(position);
    }
}

void MapBounds::extend(std::span<const std::vector<unsigned char>> wkb_wgs84) {
    for (const std::vector<unsigned char>& wkb : wkb_wgs84) {
        OGREnvelope envelope;
        parse_wkb(wkb)->getEnvelope(&envelope);
        extend(LonLat{envelope.MinX, envelope.MinY});
        extend(LonLat{envelope.MaxX, envelope.MaxY});
    }
}

SvgMap::SvgMap(const Words& words, const MapBounds& bounds, double width_px, double max_height_px)
    : words_(words), bounds_(bounds) {
    if (bounds_.empty()) {
        bounds_ = MapBounds{0.0, 0.0, 0.0, 0.0};
    }
    const double middle_latitude = 0.5 * (bounds_.south + bounds_.north) * std::numbers::pi / 180.0;
    const double ground_width = std::max((bounds_.east - bounds_.west) * std::cos(middle_latitude), 1e-6);
    const double ground_height = std::max(bounds_.north - bounds_.south, 1e-6);
    const double inner_width = width_px - 2.0 * margin_px;
    const double scale = std::min(inner_width / ground_width, (max_height_px - 2.0 * margin_px) / ground_height);
    y_scale_ = scale;
    x_scale_ = scale * std::cos(middle_latitude);
    width_ = width_px;
    height_ = ground_height * scale + 2.0 * margin_px + 28.0; // room for the scale bar
}

SvgMap::Pixel SvgMap::project(LonLat position) const noexcept {
    return {margin_px + (position.lon - bounds_.west) * x_scale_,
            margin_px + (bounds_.north - position.lat) * y_scale_};
}

bool SvgMap::shows(LonLat position) const noexcept {
    return position.lon >= bounds_.west && position.lon <= bounds_.east && position.lat >= bounds_.south &&
           position.lat <= bounds_.north;
}

void SvgMap::polygons(std::span<const std::vector<unsigned char>> wkb_wgs84, const FeatureText& fill,
                      double fill_opacity, std::string_view stroke, const FeatureText& title) {
    for (std::size_t feature = 0; feature < wkb_wgs84.size(); ++feature) {
        std::string path;
        for_each_ring(*parse_wkb(wkb_wgs84[feature]), [&](const OGRLinearRing& ring) {
            // Vertices closer than half a pixel to the last one drawn add nothing visible.
            std::optional<Pixel> last;
            for (const OGRPoint& vertex : ring) {
                const Pixel pixel = project(LonLat{vertex.getX(), vertex.getY()});
                if (last && std::hypot(pixel.x - last->x, pixel.y - last->y) < 0.5) {
                    continue;
                }
                path += last ? 'L' : 'M';
                path += coordinate(pixel.x) + ',' + coordinate(pixel.y);
                last = pixel;
            }
            path += 'Z';
        });
        if (path.empty()) {
            continue;
        }
        char opacity[16];
        std::snprintf(opacity, sizeof opacity, "%.2f", fill_opacity);
        body_ += "<path fill-rule=\"evenodd\" d=\"" + path + "\" fill=\"" + (fill ? fill(feature) : "none") +
                 "\" fill-opacity=\"" + opacity + "\" stroke=\"" + std::string(stroke) + "\" stroke-width=\"1\">" +
                 title_element(title, feature) + "</path>\n";
    }
}

template <class Vertex>
void SvgMap::add_polyline(std::string& path, std::size_t count, const Vertex& vertex) const {
    std::optional<Pixel> last;
    for (std::size_t index = 0; index < count; ++index) {
        const Pixel pixel = project(vertex(index));
        if (last && index + 1 < count && std::hypot(pixel.x - last->x, pixel.y - last->y) < 0.5) {
            continue;
        }
        path += last ? 'L' : 'M';
        path += coordinate(pixel.x) + ',' + coordinate(pixel.y);
        last = pixel;
    }
}

void SvgMap::lines(std::span<const std::vector<unsigned char>> wkb_wgs84, std::string_view stroke, double width_px,
                   const FeatureText& title) {
    for (std::size_t feature = 0; feature < wkb_wgs84.size(); ++feature) {
        std::string path;
        for_each_line(*parse_wkb(wkb_wgs84[feature]), [&](const OGRSimpleCurve& line) {
            add_polyline(path, static_cast<std::size_t>(line.getNumPoints()), [&line](std::size_t index) {
                const int vertex = static_cast<int>(index);
                return LonLat{line.getX(vertex), line.getY(vertex)};
            });
        });
        if (path.empty()) {
            continue;
        }
        body_ += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + std::string(stroke) + "\" stroke-width=\"" +
                 coordinate(width_px) + "\" stroke-linecap=\"round\">" + title_element(title, feature) + "</path>\n";
    }
}

void SvgMap::lines(std::span<const std::vector<LonLat>> polylines, std::string_view stroke, double width_px) {
    std::string path;
    for (const std::vector<LonLat>& line : polylines) {
        add_polyline(path, line.size(), [&line](std::size_t index) { return line[index]; });
    }
    if (!path.empty()) {
        body_ += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + std::string(stroke) + "\" stroke-width=\"" +
                 coordinate(width_px) + "\" stroke-linecap=\"round\"/>\n";
    }
}

double SvgMap::density(std::span<const LonLat> points, std::span<const double> weights, std::string_view colour,
                       double cell_px) {
    std::unordered_map<std::uint64_t, double> cells;
    for (std::size_t point = 0; point < points.size(); ++point) {
        if (weights[point] <= 0.0 || !shows(points[point])) {
            continue;
        }
        const Pixel pixel = project(points[point]);
        const auto column = static_cast<std::uint64_t>(std::max(0.0, std::floor(pixel.x / cell_px)));
        const auto row = static_cast<std::uint64_t>(std::max(0.0, std::floor(pixel.y / cell_px)));
        cells[(row << 32U) | column] += weights[point];
    }
    double largest = 0.0;
    for (const auto& [cell, total] : cells) {
        largest = std::max(largest, total);
    }
    // Drawn in row order so the same data gives the same file.
    std::vector<std::pair<std::uint64_t, double>> ordered(cells.begin(), cells.end());
    std::sort(ordered.begin(), ordered.end());
    // One fill for the group: a city's ten thousand cells do not each repeat it.
    body_ += "<g fill=\"" + std::string(colour) + "\">\n";
    const std::string side = coordinate(cell_px);
    for (const auto& [cell, total] : ordered) {
        const double x = static_cast<double>(cell & 0xffffffffU) * cell_px;
        const double y = static_cast<double>(cell >> 32U) * cell_px;
        char opacity[16];
        std::snprintf(opacity, sizeof opacity, "%.2f", 0.15 + 0.85 * std::sqrt(total / largest));
        body_ += "<rect x=\"" + coordinate(x) + "\" y=\"" + coordinate(y) + "\" width=\"" + side + "\" height=\"" + side +
                 "\" fill-opacity=\"" + opacity + "\"><title>" + words_(Msg::unit_people, {number(total, 1)}) +
                 "</title></rect>\n";
    }
    body_ += "</g>\n";
    return largest;
}

void SvgMap::markers(std::span<const LonLat> points, Marker marker, std::string_view colour, double size_px,
                     const FeatureText& title) {
    for (std::size_t point = 0; point < points.size(); ++point) {
        if (!shows(points[point])) {
            continue;
        }
        const Pixel pixel = project(points[point]);
        const std::string style =
            "fill=\"" + std::string(colour) + "\" stroke=\"#fff\" stroke-width=\"1.5\">" + title_element(title, point);
        if (marker == Marker::circle) {
            body_ += "<circle cx=\"" + coordinate(pixel.x) + "\" cy=\"" + coordinate(pixel.y) + "\" r=\"" +
                     coordinate(size_px / 2.0) + "\" " + style + "</circle>\n";
        } else {
            const double half = size_px / 2.0;
            body_ += "<path d=\"M" + coordinate(pixel.x) + ',' + coordinate(pixel.y - half) + 'L' +
                     coordinate(pixel.x + half) + ',' + coordinate(pixel.y) + 'L' + coordinate(pixel.x) + ',' +
                     coordinate(pixel.y + half) + 'L' + coordinate(pixel.x - half) + ',' + coordinate(pixel.y) +
                     "Z\" " + style + "</path>\n";
        }
    }
}

void SvgMap::names(std::span<const LonLat> positions, const FeatureText& name, std::string_view anchor) {
    for (std::size_t feature = 0; feature < positions.size(); ++feature) {
        const std::string text = name(feature);
        if (text.empty() || !shows(positions[feature])) {
            continue;
        }
        const Pixel pixel = project(positions[feature]);
        // A name beside a point in the map's right quarter goes to its left, so the frame does not cut it.
        const bool left = anchor == "start" && pixel.x > 0.75 * width_;
        const double shift = anchor == "start" ? (left ? -8.0 : 8.0) : 0.0; // clear of the marker
        body_ += "<text x=\"" + coordinate(pixel.x + shift) + "\" y=\"" + coordinate(pixel.y + 4.0) +
                 "\" text-anchor=\"" + std::string(left ? "end" : anchor) +
                 "\" font-size=\"11\" fill=\"#222\" stroke=\"#fff\" stroke-width=\"3\" stroke-opacity=\"0.85\" "
                 "paint-order=\"stroke\">" +
                 escape(text) + "</text>\n";
    }
}

std::vector<LonLat> label_points(std::span<const std::vector<unsigned char>> wkb_wgs84) {
    std::vector<LonLat> points;
    points.reserve(wkb_wgs84.size());
    for (const std::vector<unsigned char>& wkb : wkb_wgs84) {
        const std::unique_ptr<OGRGeometry> geometry = parse_wkb(wkb);
        // A point on the surface lies inside even a crescent, where a centroid need not.
        const std::unique_ptr<OGRGeometry> inside(
            OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(geometry.get()))));
        if (inside != nullptr && !inside->IsEmpty() && wkbFlatten(inside->getGeometryType()) == wkbPoint) {
            points.push_back({inside->toPoint()->getX(), inside->toPoint()->getY()});
        } else {
            OGREnvelope envelope;
            geometry->getEnvelope(&envelope);
            points.push_back({0.5 * (envelope.MinX + envelope.MaxX), 0.5 * (envelope.MinY + envelope.MaxY)});
        }
    }
    return points;
}

std::string SvgMap::svg(std::string_view label) const {
    std::string svg = "<svg role=\"img\" aria-label=\"" + escape(label) + "\" viewBox=\"0 0 " + coordinate(width_) +
                      ' ' + coordinate(height_) + "\" width=\"" + coordinate(width_) + "\" height=\"" +
                      coordinate(height_) + "\" style=\"background:#fbfbf8;border:1px solid #ccc\">\n";
    svg += body_;
    // Scale bar: a round length near a fifth of the width.
    const double metres_per_px = metres_per_degree_latitude / y_scale_;
    const double length_m = round_length(metres_per_px * width_ / 5.0);
    const double length_px = length_m / metres_per_px;
    const double y = height_ - 14.0;
    svg += "<g font-size=\"11\" fill=\"#333\"><path d=\"M" + coordinate(margin_px) + ',' + coordinate(y - 5) + 'V' +
           coordinate(y) + 'H' + coordinate(margin_px + length_px) + 'V' + coordinate(y - 5) +
           "\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\"/>";
    svg += "<text x=\"" + coordinate(margin_px + length_px + 6) + "\" y=\"" + coordinate(y + 1) + "\">" +
           (length_m >= 1000.0 ? words_(Msg::unit_km, {number(length_m / 1000.0, length_m >= 10'000.0 ? 0 : 1)})
                               : words_(Msg::unit_metres, {number(length_m, 0)})) +
           "</text>";
    const double arrow_x = width_ - margin_px - 8.0;
    svg += "<path d=\"M" + coordinate(arrow_x) + ",12L" + coordinate(arrow_x + 6) + ",28L" + coordinate(arrow_x) +
           ",24L" + coordinate(arrow_x - 6) + ",28Z\" fill=\"#333\"/><text x=\"" + coordinate(arrow_x - 4) +
           "\" y=\"42\">" + words_(Msg::north) + "</text></g>\n";
    svg += "</svg>\n";
    return svg;
}

} // namespace lifecircle::report
