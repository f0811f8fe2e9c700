// OpenStreetMap roads through libosmium: a first pass keeps the walkable ways
// and their node ids, a second reads the locations of just those nodes.

#include "lifecircle/error.hpp"
#include "lifecircle/roads.hpp"

#include "roads/way_attributes.hpp"

#include <osmium/handler.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <tbb/parallel_sort.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>
#include <optional>
#include <string>

namespace lifecircle {
namespace {

using detail::one_of;

struct WalkableWays : osmium::handler::Handler {
    std::vector<std::int64_t> node_ids;        // all ways' node refs, concatenated
    std::vector<std::uint32_t> way_offsets{0}; // way i: node_ids[offsets[i], offsets[i+1])
    std::vector<std::int64_t> way_ids;         // way i's OSM id
    std::vector<WayAttributes> attributes;     // way i's, for walking profiles
    std::uint64_t ways_read = 0;
    std::uint64_t not_highways = 0;
    std::uint64_t highways_not_walkable = 0;
    std::uint64_t ways_too_short = 0;

    void way(const osmium::Way& way) {
        ++ways_read;
        const osmium::TagList& tags = way.tags();
        const char* highway = tags["highway"];
        if (highway == nullptr) {
            ++not_highways; // buildings, landuse, rivers ...
            return;
        }
        if (!is_walkable(highway, tags["foot"], tags["access"], tags["sidewalk"])) {
            ++highways_not_walkable;
            return;
        }
        if (way.nodes().size() < 2) {
            ++ways_too_short;
            return;
        }
        for (const osmium::NodeRef& node : way.nodes()) {
            node_ids.push_back(node.ref());
        }
        way_offsets.push_back(static_cast<std::uint32_t>(node_ids.size()));
        way_ids.push_back(way.id());
        attributes.push_back(detail::way_attributes(way.id(), [&tags](const char* key) { return tags[key]; }));
    }
};

struct NodeLocations : osmium::handler::Handler {
    const std::vector<std::int64_t>* wanted = nullptr; // sorted, unique
    std::vector<LonLat>* positions = nullptr;
    std::vector<bool>* found = nullptr;
    std::vector<std::uint32_t> crossings; // places in `wanted` of nodes tagged as crossings
    // Counted, with the first id, for the warnings: a merged or hand-edited
    // extract can hold a node twice, and a location outside ±180°/±90°.
    std::uint64_t moved_repeats = 0;
    std::int64_t first_moved_repeat = 0;
    std::uint64_t invalid_locations = 0;
    std::int64_t first_invalid_location = 0;

    // Extracts list nodes by id, so each search starts where the last ended
    // and gallops ahead: a binary search over the million wanted ids per node
    // read cost 0.1 s on the synthetic city. Any order still works.
    std::size_t cursor = 0;

    [[nodiscard]] std::vector<std::int64_t>::const_iterator find(std::int64_t id) {
        const auto end = wanted->cend();
        auto low = wanted->cbegin();
        if (cursor > 0 && (*wanted)[cursor - 1] < id) {
            low += static_cast<std::ptrdiff_t>(cursor);
        }
        auto high = low;
        for (std::ptrdiff_t step = 1; high != end && *high < id; step *= 2) {
            low = high;
            high = end - high > step ? high + step : end;
        }
        const auto at = std::lower_bound(low, high, id);
        cursor = static_cast<std::size_t>(at - wanted->cbegin());
        return at;
    }

    void node(const osmium::Node& node) {
        const auto at = find(node.id());
        if (at == wanted->end() || *at != node.id()) {
            return;
        }
        if (!node.location().valid()) {
            first_invalid_location = invalid_locations++ == 0 ? node.id() : first_invalid_location;
            return;
        }
        const auto index = static_cast<std::size_t>(at - wanted->begin());
        const LonLat position{node.location().lon(), node.location().lat()};
        if ((*found)[index]) { // the first location stands
            const LonLat& first = (*positions)[index];
            if (first.lon != position.lon || first.lat != position.lat) {
                first_moved_repeat = moved_repeats++ == 0 ? node.id() : first_moved_repeat;
            }
            return;
        }
        (*positions)[index] = position;
        (*found)[index] = true;
        const osmium::TagList& tags = node.tags();
        if (one_of(tags["highway"], {"crossing"}) || one_of(tags["railway"], {"crossing"}) ||
            (tags["crossing"] != nullptr && !one_of(tags["crossing"], {"no"}))) {
            crossings.push_back(static_cast<std::uint32_t>(index));
        }
    }
};

// Sorts (id, reference) pairs by id, then reference: a least-significant-digit
// radix sort over the bytes in which the ids differ, three passes for a city's
// ids where a comparison sort of its 2 M references took 0.2 s.
void radix_sort_by_id(std::vector<std::pair<std::int64_t, std::uint32_t>>& pairs) {
    if (pairs.empty()) {
        return;
    }
    const auto [lowest, highest] = std::minmax_element(pairs.begin(), pairs.end());
    const std::int64_t low = lowest->first;
    const auto span = static_cast<std::uint64_t>(highest->first) - static_cast<std::uint64_t>(low);
    std::vector<std::pair<std::int64_t, std::uint32_t>> sorted(pairs.size());
    // Pairs come in reference order, and each pass is stable: equal ids keep it.
    for (int shift = 0; shift < 64 && (span >> shift) != 0; shift += 8) {
        const auto digit = [&](const std::pair<std::int64_t, std::uint32_t>& pair) {
            return static_cast<std::size_t>(
                ((static_cast<std::uint64_t>(pair.first) - static_cast<std::uint64_t>(low)) >> shift) & 0xFF);
        };
        std::array<std::size_t, 257> first{};
        for (const auto& pair : pairs) {
            ++first[digit(pair) + 1];
        }
        std::partial_sum(first.begin(), first.end(), first.begin());
        for (const auto& pair : pairs) {
            sorted[first[digit(pair)]++] = pair;
        }
        pairs.swap(sorted);
    }
}

} // namespace

bool is_walkable(const char* highway, const char* foot, const char* access, const char* sidewalk) {
    if (highway == nullptr) {
        return false;
    }
    const bool foot_allowed = one_of(foot, {"yes", "designated", "permissive"});
    if (one_of(foot, {"no", "private", "use_sidepath"})) {
        return false;
    }
    if (one_of(access, {"no", "private"}) && !foot_allowed) {
        return false;
    }
    if (one_of(highway, {"footway", "path", "pedestrian", "steps", "living_street", "residential", "service",
                         "unclassified", "tertiary", "tertiary_link", "secondary", "secondary_link", "primary",
                         "primary_link", "track", "cycleway", "road", "corridor", "bridleway"})) {
        return true;
    }
    if (one_of(highway, {"trunk", "trunk_link"})) {
        return foot_allowed || one_of(sidewalk, {"both", "left", "right", "yes", "separate"});
    }
    return false; // motorway, construction, proposed, platform, raceway, ...
}

RoadSource read_osm_roads(const std::filesystem::path& file) {
    const ErrorContext where = ErrorContext::in_file(file.string());
    std::error_code ignored;
    if (!std::filesystem::exists(file, ignored)) {
        throw Error(ExitCode::input_unreadable, where, "file does not exist");
    }
    WalkableWays ways;
    std::vector<std::int64_t> wanted;   // the ways' node ids, sorted, each once
    std::vector<std::uint32_t> slot_of; // for each reference of ways.node_ids, its place in `wanted`
    std::vector<LonLat> positions;
    std::vector<bool> found;
    NodeLocations locations;
    try {
        osmium::io::Reader way_reader{file.string(), osmium::osm_entity_bits::way};
        osmium::apply(way_reader, ways);
        way_reader.close();

        // One sort of the references gives both the wanted ids and each
        // reference's place among them; a binary search per reference cost
        // 0.3 s for the synthetic city's 2 M references.
        std::vector<std::pair<std::int64_t, std::uint32_t>> by_id(ways.node_ids.size());
        for (std::size_t ref = 0; ref < by_id.size(); ++ref) {
            by_id[ref] = {ways.node_ids[ref], static_cast<std::uint32_t>(ref)};
        }
        radix_sort_by_id(by_id);
        slot_of.resize(by_id.size());
        for (const auto& [id, ref] : by_id) {
            if (wanted.empty() || wanted.back() != id) {
                wanted.push_back(id);
            }
            slot_of[ref] = static_cast<std::uint32_t>(wanted.size() - 1);
        }
        positions.resize(wanted.size());
        found.assign(wanted.size(), false);
        locations.wanted = &wanted;
        locations.positions = &positions;
        locations.found = &found;
        osmium::io::Reader node_reader{file.string(), osmium::osm_entity_bits::node};
        osmium::apply(node_reader, locations);
        node_reader.close();
    } catch (const std::exception& error) {
        throw Error(ExitCode::input_unreadable, where,
                    std::string("cannot read it as OpenStreetMap data: ") + error.what());
    }

    RoadSource roads;
    roads.report.source = file.string();
    roads.report.crs = "EPSG:4326 (OpenStreetMap)";
    roads.report.features_read = ways.ways_read;
    if (ways.not_highways > 0) {
        roads.report.skipped["not_a_highway"] = ways.not_highways;
    }
    if (ways.highways_not_walkable > 0) {
        roads.report.skipped["highway_not_walkable"] = ways.highways_not_walkable;
    }
    if (ways.ways_too_short > 0) {
        roads.report.skipped["way_with_one_node"] = ways.ways_too_short;
    }
    if (locations.moved_repeats > 0) {
        roads.report.warnings.push_back(
            std::to_string(locations.moved_repeats) + " nodes appear twice with different locations (the first: node " +
            std::to_string(locations.first_moved_repeat) +
            "); the first location of each is used. Was the extract merged from overlapping files?");
    }
    if (locations.invalid_locations > 0) {
        roads.report.warnings.push_back(
            std::to_string(locations.invalid_locations) +
            " nodes have a location beyond ±180° longitude or ±90° latitude (the first: node " +
            std::to_string(locations.first_invalid_location) + "); their ways were cut there");
    }
    // A way id given twice: the first way stands, the others are skipped.
    std::vector<bool> repeated_way(ways.way_ids.size(), false);
    std::optional<std::int64_t> first_repeated_way;
    {
        std::vector<std::pair<std::int64_t, std::uint32_t>> by_id(ways.way_ids.size());
        for (std::size_t way = 0; way < by_id.size(); ++way) {
            by_id[way] = {ways.way_ids[way], static_cast<std::uint32_t>(way)};
        }
        tbb::parallel_sort(by_id.begin(), by_id.end());
        for (std::size_t i = 1; i < by_id.size(); ++i) {
            if (by_id[i].first == by_id[i - 1].first) {
                repeated_way[by_id[i].second] = true;
                first_repeated_way = first_repeated_way.value_or(by_id[i].first);
            }
        }
    }
    // Vertices: only the nodes that were found; a missing node cuts its way.
    std::vector<std::uint32_t> vertex_of(wanted.size(), 0);
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        if (found[i]) {
            vertex_of[i] = static_cast<std::uint32_t>(roads.vertices.size());
            roads.vertices.push_back(positions[i]);
        }
    }
    for (const std::uint32_t at : locations.crossings) {
        roads.crossing_vertices.push_back(vertex_of[at]);
    }
    std::sort(roads.crossing_vertices.begin(), roads.crossing_vertices.end());
    std::uint64_t missing_references = 0;
    std::vector<std::uint32_t> part;
    for (std::size_t way = 0; way + 1 < ways.way_offsets.size(); ++way) {
        if (repeated_way[way]) {
            ++roads.report.skipped["way_repeated"];
            continue;
        }
        part.clear();
        bool used = false;
        const auto flush = [&] {
            if (part.size() >= 2) {
                roads.add_polyline(part);
                roads.ways.push_back(ways.attributes[way]);
                used = true;
            }
            part.clear();
        };
        for (std::uint32_t ref = ways.way_offsets[way]; ref < ways.way_offsets[way + 1]; ++ref) {
            const std::uint32_t at = slot_of[ref];
            if (!found[at]) {
                ++missing_references;
                flush();
                continue;
            }
            part.push_back(vertex_of[at]);
        }
        flush();
        if (used) {
            ++roads.report.features_used;
        } else {
            ++roads.report.skipped["all_nodes_missing"];
        }
    }
    if (first_repeated_way) {
        roads.report.warnings.push_back(std::to_string(roads.report.skipped["way_repeated"]) +
                                        " ways repeat the id of an earlier way (the first: way " +
                                        std::to_string(*first_repeated_way) + "); only the first of each is used");
    }
    if (missing_references > 0) {
        roads.report.warnings.push_back(
            std::to_string(missing_references) +
            " node references are missing from the extract or have no valid location; their ways were cut there");
    }
    if (roads.polyline_count() == 0) {
        const std::size_t walkable = ways.way_ids.size();
        throw Error(ExitCode::input_invalid, where,
                    walkable == 0
                        ? "it holds no walkable ways (" + std::to_string(ways.ways_read) + " ways read)"
                        : "none of its " + std::to_string(walkable) + " walkable ways has two nodes with a location: " +
                              std::to_string(missing_references) + " node references are missing from the extract" +
                              (locations.invalid_locations > 0
                                   ? " or lie beyond ±180°/±90° (the first: node " +
                                         std::to_string(locations.first_invalid_location) + ")"
                                   : std::string()));
    }
    return roads;
}

} // namespace lifecircle
