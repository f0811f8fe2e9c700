#pragma once
// A map drawn as inline SVG: polygons, binned people and markers in one plane
// projection fitted to the data (equirectangular at the middle latitude, which
// at city scale distorts distances by far less than a pixel), with a scale
// bar and a north arrow so a printed map can be measured.

#include "lifecircle/geo.hpp"
#include "lifecircle/messages.hpp"
#include "lifecircle/report_export.hpp"

#include <ogr_geometry.h>

#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lifecircle::report {

// Exported from a shared report for its unit tests only; not part of the API.

// A layer's WKB geometry, parsed; throws std::logic_error where it does not parse.
std::unique_ptr<OGRGeometry> parse_wkb(const std::vector<unsigned char>& wkb);

// A point inside each (multi)polygon, where its name goes on a map.
LIFECIRCLE_REPORT_EXPORT std::vector<LonLat> label_points(std::span<const std::vector<unsigned char>> wkb_wgs84);

struct LIFECIRCLE_REPORT_EXPORT MapBounds {
    double west = std::numeric_limits<double>::infinity();
    double south = std::numeric_limits<double>::infinity();
    double east = -std::numeric_limits<double>::infinity();
    double north = -std::numeric_limits<double>::infinity();

    void extend(LonLat position);
    void extend(std::span<const LonLat> positions);
    void extend(std::span<const std::vector<unsigned char>> wkb_wgs84);
    [[nodiscard]] bool empty() const noexcept { return !(west <= east && south <= north); }
};

// Per feature: a fill colour, or a tooltip.
using FeatureText = std::function<std::string(std::size_t)>;

class LIFECIRCLE_REPORT_EXPORT SvgMap {
public:
    // `words` label the scale bar, the north arrow and the people in a cell.
    SvgMap(const Words& words, const MapBounds& bounds, double width_px = 960.0, double max_height_px = 760.0);

    // (Multi)polygons from WKB in WGS 84; holes stay holes.
    void polygons(std::span<const std::vector<unsigned char>> wkb_wgs84, const FeatureText& fill, double fill_opacity,
                  std::string_view stroke, const FeatureText& title = {});

    // Lines from WKB in WGS 84 (a polygon's rings count as lines).
    void lines(std::span<const std::vector<unsigned char>> wkb_wgs84, std::string_view stroke, double width_px,
               const FeatureText& title = {});
    // Many polylines as one path, with no tooltip: a street network.
    void lines(std::span<const std::vector<LonLat>> polylines, std::string_view stroke, double width_px);

    // Weighted points summed into square cells of `cell_px`, each shaded by its
    // total; so a map of half a million people stays a few thousand shapes.
    // Returns the largest cell total.
    double density(std::span<const LonLat> points, std::span<const double> weights, std::string_view colour,
                   double cell_px = 6.0);

    enum class Marker { circle, diamond };
    void markers(std::span<const LonLat> points, Marker marker, std::string_view colour, double size_px,
                 const FeatureText& title = {});

    // Names written on the map, dark on a white halo: `anchor` "middle" centres
    // each on its position (a unit's), "start" sets it beside it (a facility's).
    // Empty names and positions off the map are left out.
    void names(std::span<const LonLat> positions, const FeatureText& name, std::string_view anchor);

    // The finished <svg>, with scale bar and north arrow; `label` names it for screen readers.
    [[nodiscard]] std::string svg(std::string_view label) const;

private:
    struct Pixel {
        double x;
        double y;
    };
    [[nodiscard]] Pixel project(LonLat position) const noexcept;
    // Appends a polyline of `count` vertices, `vertex(i)` each, to an SVG path,
    // leaving out vertices within half a pixel of the last one drawn.
    template <class Vertex>
    void add_polyline(std::string& path, std::size_t count, const Vertex& vertex) const;
    // Whether a position falls on the map: a map zoomed to its units leaves the rest out.
    [[nodiscard]] bool shows(LonLat position) const noexcept;

    Words words_;
    MapBounds bounds_;
    double x_scale_ = 1.0; // px per degree of longitude
    double y_scale_ = 1.0; // px per degree of latitude
    double width_ = 0.0;
    double height_ = 0.0;
    std::string body_;
};

} // namespace lifecircle::report
