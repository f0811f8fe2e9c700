#pragma once
// Reading the walking network (lifecircle::io): OpenStreetMap through
// libosmium, any line layer through GDAL, and the graph built in the working CRS.

#include "lifecircle/io.hpp"
#include "lifecircle/io_export.hpp"
#include "lifecircle/network.hpp"
#include "lifecircle/walking_costs.hpp"
#include "lifecircle/working_crs.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace lifecircle {

// The highway tags a pedestrian may use (see docs/network.md).
LIFECIRCLE_IO_EXPORT bool is_walkable(const char* highway, const char* foot, const char* access, const char* sidewalk);

// .osm.pbf, .osm, .osm.bz2 through libosmium. Ways referencing nodes missing
// from the extract are cut there (counted).
LIFECIRCLE_IO_EXPORT RoadSource read_osm_roads(const std::filesystem::path& file);

// Lines (and multilines) of any GDAL vector source. With Rings::as_lines,
// (multi)polygons come as their rings, closed lines: a barrier may be an
// area no walk enters, such as a construction site.
enum class Rings { refused, as_lines };
LIFECIRCLE_IO_EXPORT RoadSource read_line_roads(const SourceSpec& spec, Rings rings = Rings::refused);

// A way as OSM tags describe it (highway, wheelchair, surface, smoothness,
// incline), for ways a scenario writes inline.
LIFECIRCLE_IO_EXPORT WayAttributes way_from_tags(std::int64_t id, const std::map<std::string, std::string>& tags);

// The feature ids of a line layer's ways whose `field`, read as text, holds
// one of `values` (a plan closing a bridge by its name); `matched` receives
// how many ways each value matched. A missing field is an Error naming it; an
// OpenStreetMap file, whose ways have no fields, is refused.
LIFECIRCLE_IO_EXPORT std::vector<std::int64_t> line_ids_where(const SourceSpec& spec, const std::string& field,
                                                              std::span<const std::string> values,
                                                              std::vector<std::uint64_t>& matched);

// By extension: OSM formats go to read_osm_roads, the rest to read_line_roads.
LIFECIRCLE_IO_EXPORT RoadSource read_roads(const SourceSpec& spec);

// The graph of roads as read, projected into the working CRS.
LIFECIRCLE_IO_EXPORT WalkingGraph build_walking_graph(const RoadSource& roads, const WorkingCrs& crs,
                                                      const GraphOptions& options = {});

// ---- Elevations ------------------------------------------------------------

// Heights sampled from a digital elevation model (a GeoTIFF or any raster GDAL
// reads, in any CRS it declares or `crs` names), bilinear between cell centres.
// A place off the model or on its nodata is NaN, counted here: walking
// profiles take such pieces as flat, and the run reports how many there were.
struct ElevationSamples {
    std::vector<double> height;
    std::uint64_t points = 0;
    std::uint64_t outside = 0;
    std::uint64_t on_nodata = 0;
};
LIFECIRCLE_IO_EXPORT ElevationSamples sample_elevations(const SourceSpec& dem, const WorkingCrs& crs,
                                                        std::span<const PlanarPoint> positions);

// The heights along every edge of `graph` (walking_costs.hpp's samples, at most
// `spacing` apart); `report` (optional) receives the counts.
LIFECIRCLE_IO_EXPORT EdgeElevations read_edge_elevations(const SourceSpec& dem, const WalkingGraph& graph,
                                                         const WorkingCrs& crs, Metres spacing,
                                                         ElevationSamples* report = nullptr);

} // namespace lifecircle
