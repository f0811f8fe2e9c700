// Roads from any GDAL line layer. Vertices with identical source coordinates
// are one vertex, so lines that share a vertex or an end point split there.

#include "lifecircle/error.hpp"
#include "lifecircle/roads.hpp"

#include "io/vector_source.hpp"
#include "roads/way_attributes.hpp"

#include <cstring>
#include <optional>
#include <unordered_map>

namespace lifecircle {
namespace {

struct CoordinateHash {
    std::size_t operator()(const std::pair<double, double>& xy) const noexcept {
        std::uint64_t a = 0;
        std::uint64_t b = 0;
        std::memcpy(&a, &xy.first, sizeof a);
        std::memcpy(&b, &xy.second, sizeof b);
        return std::hash<std::uint64_t>{}(a ^ (b * 0x9E3779B97F4A7C15ULL));
    }
};

bool is_osm_file(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    for (const char* ending : {".osm.pbf", ".pbf", ".osm", ".osm.bz2", ".osm.gz", ".o5m"}) {
        const std::size_t length = std::strlen(ending);
        if (name.size() >= length && name.compare(name.size() - length, length, ending) == 0) {
            return true;
        }
    }
    return false;
}

} // namespace

RoadSource read_line_roads(const SourceSpec& spec, Rings rings) {
    const detail::VectorSource source(spec);
    RoadSource roads;
    roads.from_line_layer = true;
    roads.report = source.new_report();
    std::unordered_map<std::pair<double, double>, std::uint32_t, CoordinateHash> vertex_at;
    std::vector<std::uint32_t> polyline;
    // A layer with a highway field (an OSM export, say) describes its ways as OSM tags would.
    WayAttributes way;
    const auto add_line = [&](const OGRLineString& line) {
        polyline.clear();
        for (const OGRPoint& point : line) {
            const auto [at, inserted] =
                vertex_at.try_emplace({point.getX(), point.getY()}, static_cast<std::uint32_t>(roads.vertices.size()));
            if (inserted) {
                roads.vertices.push_back({point.getX(), point.getY()});
            }
            polyline.push_back(at->second);
        }
        if (polyline.size() >= 2) {
            roads.add_polyline(polyline);
            roads.ways.push_back(way);
        }
    };
    source.for_each_feature(roads.report, [&](const OGRFeature& feature, const OGRGeometry& geometry) {
        const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
        const bool area = type == wkbPolygon || type == wkbMultiPolygon;
        if (type != wkbLineString && type != wkbMultiLineString && !(area && rings == Rings::as_lines)) {
            source.reject(roads.report, feature.GetFID(), "unsupported_geometry",
                          std::string("geometry is a ") + OGRGeometryTypeToName(type) +
                              (rings == Rings::as_lines ? ", not a line or polygon" : ", not a line"));
            return;
        }
        // Each way keeps its feature id, so a plan can close it; a highway field says what it is.
        way = detail::way_attributes(feature.GetFID(), [&feature](const char* field) -> const char* {
            const int at = feature.GetFieldIndex(field);
            return at >= 0 && feature.IsFieldSetAndNotNull(at) ? feature.GetFieldAsString(at) : nullptr;
        });
        std::unique_ptr<OGRGeometry> wgs84(geometry.clone());
        if (!source.transform_to_wgs84(roads.report, feature.GetFID(), *wgs84)) {
            return;
        }
        if (type == wkbLineString) {
            add_line(*wgs84->toLineString());
        } else if (type == wkbMultiLineString) {
            for (const OGRLineString* part : *wgs84->toMultiLineString()) {
                add_line(*part);
            }
        } else {
            const auto add_rings = [&](const OGRPolygon& polygon) {
                for (const OGRLinearRing* ring : polygon) {
                    add_line(*ring);
                }
            };
            if (type == wkbPolygon) {
                add_rings(*wgs84->toPolygon());
            } else {
                for (const OGRPolygon* part : *wgs84->toMultiPolygon()) {
                    add_rings(*part);
                }
            }
        }
        ++roads.report.features_used;
    });
    if (roads.polyline_count() == 0) {
        throw Error(ExitCode::input_invalid, source.context(), "it holds no lines with two or more vertices");
    }
    return roads;
}

WayAttributes way_from_tags(std::int64_t id, const std::map<std::string, std::string>& tags) {
    return detail::way_attributes(id, [&tags](const char* key) -> const char* {
        const auto found = tags.find(key);
        return found == tags.end() ? nullptr : found->second.c_str();
    });
}

std::vector<std::int64_t> line_ids_where(const SourceSpec& spec, const std::string& field,
                                         std::span<const std::string> values, std::vector<std::uint64_t>& matched) {
    if (is_osm_file(spec.path)) {
        throw Error(ExitCode::input_invalid, ErrorContext::in_file(spec.path.string()).with_field(field),
                    "an OpenStreetMap file's ways have tags, not fields: close them by their OSM way ids");
    }
    const detail::VectorSource source(spec);
    const std::optional<std::size_t> index = source.empty_table().field_index(field);
    if (!index) {
        throw Error(ExitCode::input_invalid, source.context().with_field(field),
                    "the roads have no field '" + field + "'");
    }
    matched.assign(values.size(), 0);
    std::vector<std::int64_t> ids;
    InputReport report = source.new_report();
    source.for_each_feature_as_read(report, [&](const OGRFeature& feature) {
        const int at = static_cast<int>(*index);
        if (!feature.IsFieldSetAndNotNull(at)) {
            return;
        }
        const std::string text = source.text(feature, at);
        for (std::size_t value = 0; value < values.size(); ++value) {
            if (text == values[value]) {
                ++matched[value];
                ids.push_back(feature.GetFID());
                break;
            }
        }
    });
    return ids;
}

RoadSource read_roads(const SourceSpec& spec) {
    if (is_osm_file(spec.path)) {
        if (!spec.layer.empty() || !spec.crs.empty()) {
            throw Error(ExitCode::input_invalid, ErrorContext::in_file(spec.path.string()),
                        "OpenStreetMap files have no layers to choose and are always WGS 84");
        }
        if (!spec.where.empty()) {
            throw Error(ExitCode::input_invalid, ErrorContext::in_file(spec.path.string()),
                        "an attribute filter applies to a line layer; OpenStreetMap ways are chosen by their tags "
                        "(docs/network.md)");
        }
        return read_osm_roads(spec.path);
    }
    return read_line_roads(spec);
}

} // namespace lifecircle
