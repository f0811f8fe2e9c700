#include "report/explore_map.hpp"

#include "lifecircle/output_names.hpp"

#include "report/html.hpp"
#include "report/layer_fields.hpp"
#include "report/palette.hpp"
#include "report/svg_map.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogr_api.h>

#include <nlohmann/json.hpp>
#include <tbb/parallel_invoke.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <iterator>
#include <map>
#include <memory>
#include <stdexcept>

namespace lifecircle::report {

namespace embedded {
extern const std::string_view leaflet_js;
extern const std::string_view leaflet_css;
extern const std::string_view explore_js;
} // namespace embedded

namespace {

using nlohmann::json;

static_assert(std::endian::native == std::endian::little, "explore.js reads the packed columns as little-endian");

// Deflate's fastest level: on the synthetic city's 500,000 cells the page
// grows by 2% (7.96 to 8.11 MB) and is written in 0.18 s instead of 0.28 s.
constexpr int deflate_level = 1;

template <class Value>
std::string packed(std::span<const Value> values) {
    std::size_t deflated_size = 0;
    const std::unique_ptr<void, decltype(&VSIFree)> deflated(
        CPLZLibDeflate(values.data(), values.size_bytes(), deflate_level, nullptr, 0, &deflated_size), &VSIFree);
    if (!deflated) {
        throw std::runtime_error("report: the interactive map's data could not be compressed");
    }
    const std::unique_ptr<char, decltype(&VSIFree)> base64(
        CPLBase64Encode(static_cast<int>(deflated_size), static_cast<const GByte*>(deflated.get())), &VSIFree);
    return base64.get();
}

// Microdegrees, each the change from the one before: grid cells then repeat
// one step, which deflate packs to almost nothing.
struct DeltaCoordinates {
    std::vector<std::int32_t> x;
    std::vector<std::int32_t> y;

    void add(LonLat position) {
        const auto lon = static_cast<std::int32_t>(std::lround(position.lon * 1e6));
        const auto lat = static_cast<std::int32_t>(std::lround(position.lat * 1e6));
        x.push_back(lon - last_lon_);
        y.push_back(lat - last_lat_);
        last_lon_ = lon;
        last_lat_ = lat;
    }

private:
    std::int32_t last_lon_ = 0;
    std::int32_t last_lat_ = 0;
};

// The cell width of gridded demand, in degrees of longitude: the step most
// consecutive points share. Scattered points have none (0), and are drawn small.
// Counted by sorting: a map of 500,000 scattered steps took 0.2 s.
double grid_step_degrees(std::span<const std::int32_t> x_deltas) {
    std::vector<std::int32_t> steps;
    steps.reserve(x_deltas.size());
    std::copy_if(x_deltas.begin(), x_deltas.end(), std::back_inserter(steps), [](std::int32_t d) { return d > 0; });
    tbb::parallel_sort(steps.begin(), steps.end());
    std::int32_t most = 0;
    std::size_t most_count = 0;
    for (std::size_t run = 0; run < steps.size();) {
        std::size_t end = run + 1;
        while (end < steps.size() && steps[end] == steps[run]) {
            ++end;
        }
        if (end - run > most_count) { // the smallest step of the most common count, as the map gave
            most = steps[run];
            most_count = end - run;
        }
        run = end;
    }
    if (most_count == 0 || 3 * most_count < x_deltas.size()) {
        return 0.0;
    }
    return most / 1e6;
}

// A WGS 84 WKB geometry simplified by about a metre: outlines look the same
// at every zoom a unit is read at, and a city's communities take a fraction
// of the page.
std::unique_ptr<OGRGeometry> simplified(const std::vector<unsigned char>& wkb) {
    constexpr double tolerance_degrees = 1e-5;
    std::unique_ptr<OGRGeometry> geometry = parse_wkb(wkb);
    if (std::unique_ptr<OGRGeometry> simpler(geometry->SimplifyPreserveTopology(tolerance_degrees));
        simpler != nullptr && !simpler->IsEmpty()) {
        geometry = std::move(simpler);
    }
    return geometry;
}

// Unit outlines as packed columns: vertices as DeltaCoordinates, and counts
// in order: per unit its polygons, per polygon its rings, per ring its
// vertices (the closing vertex left out; Leaflet closes rings).
json packed_polygons(std::span<const std::vector<unsigned char>> wkb_wgs84) {
    DeltaCoordinates coordinates;
    std::vector<std::uint32_t> counts;
    for (const std::vector<unsigned char>& wkb : wkb_wgs84) {
        const std::unique_ptr<OGRGeometry> geometry = simplified(wkb);
        std::vector<const OGRPolygon*> polygons;
        if (const auto* multi = dynamic_cast<const OGRMultiPolygon*>(geometry.get())) {
            for (const OGRPolygon* polygon : *multi) {
                polygons.push_back(polygon);
            }
        } else if (const auto* polygon = dynamic_cast<const OGRPolygon*>(geometry.get())) {
            polygons.push_back(polygon);
        }
        counts.push_back(static_cast<std::uint32_t>(polygons.size()));
        for (const OGRPolygon* polygon : polygons) {
            counts.push_back(static_cast<std::uint32_t>(polygon->getNumInteriorRings() + 1));
            for (const OGRLinearRing* ring : *polygon) {
                const int vertices = std::max(0, ring->getNumPoints() - 1);
                counts.push_back(static_cast<std::uint32_t>(vertices));
                for (int vertex = 0; vertex < vertices; ++vertex) {
                    coordinates.add({ring->getX(vertex), ring->getY(vertex)});
                }
            }
        }
    }
    return {
        {"x", packed_column(coordinates.x)}, {"y", packed_column(coordinates.y)}, {"counts", packed_column(counts)}};
}

// A WGS 84 WKB geometry as GeoJSON to about a metre (five decimals), simplified by as much.
json geojson_of(const std::vector<unsigned char>& wkb) {
    const std::unique_ptr<OGRGeometry> geometry = simplified(wkb);
    char* options[] = {const_cast<char*>("COORDINATE_PRECISION=5"), nullptr};
    const std::unique_ptr<char, decltype(&VSIFree)> text(
        OGR_G_ExportToJsonEx(OGRGeometry::ToHandle(geometry.get()), options), &VSIFree);
    return json::parse(text.get());
}

json feature(json geometry, json properties) {
    return {{"type", "Feature"}, {"geometry", std::move(geometry)}, {"properties", std::move(properties)}};
}

json collection(json features) {
    return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

// Cells as packed columns: position, cost in metres (65535: none in reach),
// people in tenths, nearest facility row, unit row. The columns of a city's
// 500,000 cells are deflated side by side.
json packed_cells(const ServiceDemand& demand) {
    const std::size_t count = demand.positions.size();
    DeltaCoordinates coordinates;
    coordinates.x.reserve(count);
    coordinates.y.reserve(count);
    std::vector<std::uint16_t> cost(count);
    std::vector<std::uint32_t> people(count);
    std::vector<std::uint32_t> nearest(count);
    std::vector<std::uint32_t> unit(count);
    for (std::size_t point = 0; point < count; ++point) {
        coordinates.add(demand.positions[point]);
        const double metres = demand.cost_m[point];
        cost[point] = std::isfinite(metres) ? static_cast<std::uint16_t>(std::clamp(std::round(metres), 0.0, 65534.0))
                                            : std::uint16_t{0xFFFF};
        people[point] = static_cast<std::uint32_t>(std::clamp(std::round(10.0 * demand.people[point]), 0.0, 4e9));
        nearest[point] = point < demand.nearest.size() ? demand.nearest[point] : no_row;
        unit[point] = point < demand.unit.size() ? demand.unit[point] : no_row;
    }
    std::array<std::string, 6> packed_columns;
    double step_degrees = 0.0;
    tbb::parallel_invoke(
        [&] { packed_columns[0] = packed_column(coordinates.x); },
        [&] { packed_columns[1] = packed_column(coordinates.y); }, [&] { packed_columns[2] = packed_column(cost); },
        [&] { packed_columns[3] = packed_column(people); }, [&] { packed_columns[4] = packed_column(nearest); },
        [&] { packed_columns[5] = packed_column(unit); }, [&] { step_degrees = grid_step_degrees(coordinates.x); });
    return {{"count", count},
            {"step_degrees", step_degrees},
            {"x", std::move(packed_columns[0])},
            {"y", std::move(packed_columns[1])},
            {"cost", std::move(packed_columns[2])},
            {"people", std::move(packed_columns[3])},
            {"facility", std::move(packed_columns[4])},
            {"unit", std::move(packed_columns[5])}};
}

// The colour classes of the cells: each band, beyond the threshold, none in reach.
json cell_classes(const Words& words, const ServiceSummary& service, std::string& legend) {
    static constexpr std::array<std::string_view, 5> near_to_far{"#1a9641", "#66bd63", "#a6d96a", "#d9ef8b", "#fee08b"};
    const auto bound = [&](double upto) {
        return words(service.minutes ? Msg::unit_minutes : Msg::unit_metres, {number(upto, 0)});
    };
    json classes = json::array();
    const auto add = [&](std::string_view colour, const std::string& label, json upto_m) {
        classes.push_back({{"colour", colour}, {"label", label}, {"upto_m", std::move(upto_m)}});
        legend += legend_key(colour, label, 0.75);
    };
    for (std::size_t band = 0; band < service.bands.size(); ++band) {
        add(near_to_far[std::min(band, near_to_far.size() - 1)],
            words(Msg::band_within, {bound(service.bands[band].upto)}), service.bands[band].upto_m);
    }
    if (service.bands.empty()) {
        add(near_to_far.front(), words(Msg::band_within, {words(Msg::unit_metres, {number(service.threshold_m, 0)})}),
            service.threshold_m);
    }
    add(palette::uncovered,
        words(Msg::explore_beyond, {service.bands.empty() ? words(Msg::unit_metres, {number(service.threshold_m, 0)})
                                                          : bound(service.bands.back().upto)}),
        nullptr);
    add("#d8c7e0", words(Msg::explore_unreachable), nullptr); // a paler purple: not covered either
    return classes;
}

// Target names each unit of `level` fails, by unit code.
std::map<std::string, std::vector<std::string>> failed_targets(const RunSummary& summary, const std::string& level) {
    std::map<std::string, std::vector<std::string>> failed;
    for (const TargetSummary& target : summary.targets) {
        if (target.units != level || !target.failing_units) {
            continue;
        }
        for (const FailingUnitSummary& unit : *target.failing_units) {
            failed[unit.code].push_back(display_name(target));
        }
    }
    return failed;
}

json service_data(const Words& words, const RunSummary& summary, const ServiceSummary& service,
                  std::span<const OutputLayer> layers, const ServiceDemand& demand, MapBounds& bounds,
                  std::string& legend) {
    json data{{"id", service.id}, {"label", display_name(service)}};
    data["metres_per_minute"] = service.minutes && *service.minutes > 0.0
                                    ? service.threshold_m / *service.minutes
                                    : service.walk_kmh.value_or(4.0) * 1000.0 / 60.0;
    data["cells"] = packed_cells(demand);
    data["classes"] = cell_classes(words, service, legend);

    json areas = json::array();
    if (const OutputLayer* layer = find_layer(layers, output_name("service_areas", {service.id}))) {
        const auto upto = numbers_of(*layer, "upto");
        for (std::size_t band = layer->wkb_wgs84.size(); band-- > 0;) {
            const std::string unit = text_of(*layer, "unit", band) == "min" ? "min" : "m";
            const std::string label = words(
                Msg::service_area_within,
                {words(unit == "min" ? Msg::unit_minutes : Msg::unit_metres, {number(upto[band].value_or(0.0), 0)})});
            areas.push_back(feature(geojson_of(layer->wkb_wgs84[band]), {{"label", label}}));
            bounds.extend(std::span(&layer->wkb_wgs84[band], 1));
        }
    }
    data["areas"] = collection(std::move(areas));

    json routes = json::array(); // outputs.routes: each place's walk, the way the planner asked to see
    if (const OutputLayer* layer = find_layer(layers, output_name("routes", {service.id}))) {
        const auto cost = numbers_of(*layer, "cost_m");
        const auto minutes = numbers_of(*layer, "minutes"); // as written; a service in metres has none
        const auto covered = numbers_of(*layer, "covered");
        for (std::size_t row = 0; row < layer->wkb_wgs84.size(); ++row) {
            if (layer->wkb_wgs84[row].empty()) {
                continue; // no facility to walk to: the layer and summary.json count it
            }
            const double metres = cost[row].value_or(0.0);
            const double walk =
                minutes.empty() ? metres / data["metres_per_minute"].get<double>() : minutes[row].value_or(0.0);
            const std::string label = words(Msg::popup_route, {feature_label(words, *layer, row), number(walk, 1),
                                                               number(metres, 0), route_destination(*layer, row)});
            routes.push_back(
                feature(geojson_of(layer->wkb_wgs84[row]),
                        {{"label", label},
                         {"colour", covered[row].value_or(0.0) > 0.0 ? palette::covered : palette::uncovered}}));
        }
    }
    data["routes"] = collection(std::move(routes));

    json units = json::array(); // each unit's figures; their outlines are packed apart
    json unit_names = json::array();
    const OutputLayer* unit_layer =
        demand.unit_level.empty() ? nullptr : find_layer(layers, output_name("units", {demand.unit_level, service.id}));
    if (unit_layer != nullptr) {
        const auto share = numbers_of(*unit_layer, "covered_share");
        const auto people = numbers_of(*unit_layer, "demand_total");
        const auto covered = numbers_of(*unit_layer, "demand_covered");
        const auto failed = failed_targets(summary, demand.unit_level);
        for (std::size_t row = 0; row < unit_layer->wkb_wgs84.size(); ++row) {
            const std::string code = text_of(*unit_layer, "unit_code", row);
            const auto fails = failed.find(code);
            json properties{{"name", feature_label(words, *unit_layer, row)},
                            {"code", code},
                            {"share", share[row] ? json(*share[row]) : json(nullptr)},
                            {"demand", people[row].value_or(0.0)},
                            {"covered", covered[row].value_or(0.0)},
                            {"colour", share[row] ? palette::share_colour(*share[row]) : palette::no_demand},
                            {"fails", fails == failed.end() ? json::array() : json(fails->second)}};
            unit_names.push_back(properties["name"]);
            units.push_back(std::move(properties));
        }
        data["unit_outlines"] = packed_polygons(unit_layer->wkb_wgs84);
        bounds.extend(unit_layer->wkb_wgs84);
    }
    data["units"] = std::move(units);
    data["unit_names"] = std::move(unit_names);

    json facilities = json::array();
    json facility_names = json::array();
    if (const OutputLayer* layer = find_layer(layers, output_name("facilities", {service.facility}))) {
        for (std::size_t row = 0; row < layer->points.size(); ++row) {
            const std::string name = feature_label(words, *layer, row);
            facilities.push_back({layer->points[row].lat, layer->points[row].lon, name});
            facility_names.push_back(name);
        }
        bounds.extend(layer->points);
    }
    data["facilities"] = std::move(facilities);
    data["facility_names"] = std::move(facility_names);

    json sites = json::array();
    if (const OutputLayer* layer = find_layer(layers, output_name("sites", {service.id}))) {
        const auto rank = numbers_of(*layer, "rank");
        for (std::size_t row = 0; row < layer->points.size(); ++row) {
            sites.push_back(
                {layer->points[row].lat, layer->points[row].lon,
                 words(Msg::chosen_site_title, {number(rank[row].value_or(0.0)), feature_label(words, *layer, row)})});
        }
        bounds.extend(layer->points);
    }
    data["sites"] = std::move(sites);
    return data;
}

json streets_data(std::span<const std::vector<LonLat>> streets) {
    if (streets.empty()) {
        return nullptr;
    }
    DeltaCoordinates coordinates;
    std::vector<std::uint32_t> ends;
    for (const std::vector<LonLat>& street : streets) {
        for (const LonLat& vertex : street) {
            coordinates.add(vertex);
        }
        ends.push_back(static_cast<std::uint32_t>(coordinates.x.size()));
    }
    return {{"x", packed_column(coordinates.x)}, {"y", packed_column(coordinates.y)}, {"ends", packed_column(ends)}};
}

// JSON safe inside <script>: no "</" can close the element early.
std::string script_safe(const json& data) {
    std::string text = data.dump();
    for (std::size_t at = text.find("</"); at != std::string::npos; at = text.find("</", at + 3)) {
        text.replace(at, 2, "<\\/");
    }
    return text;
}

} // namespace

std::string packed_column(std::span<const std::int32_t> values) {
    return packed(values);
}
std::string packed_column(std::span<const std::uint32_t> values) {
    return packed(values);
}
std::string packed_column(std::span<const std::uint16_t> values) {
    return packed(values);
}

std::string explore_section(const Words& words, const RunSummary& summary, std::span<const OutputLayer> layers,
                            std::span<const ServiceDemand> demand, const RunReportSources& sources,
                            const std::string& credits) {
    json services = json::array();
    std::string chooser;
    std::string legends;
    MapBounds bounds;
    for (const ServiceSummary& service : summary.services) {
        const auto found = std::find_if(demand.begin(), demand.end(),
                                        [&](const ServiceDemand& each) { return each.service == service.id; });
        if (found == demand.end() || found->positions.empty()) {
            continue;
        }
        std::string legend;
        services.push_back(service_data(words, summary, service, layers, *found, bounds, legend));
        const std::string index = std::to_string(services.size() - 1);
        chooser += "<option value=\"" + index + "\">" + escape(display_name(service)) + "</option>";
        legends += "<div class=\"legend\" data-service=\"" + index + "\"><b>" + escape(display_name(service)) +
                   "</b> " + escape(words(Msg::explore_cells_legend)) + ": " + legend + "</div>";
    }
    if (services.empty()) {
        return {};
    }
    if (bounds.empty()) {
        for (const ServiceDemand& each : demand) {
            bounds.extend(each.positions);
        }
    }
    json text;
    for (const auto& [key, message] : {std::pair{"popup_cell", Msg::popup_cell},
                                       {"popup_cell_beyond", Msg::popup_cell_beyond},
                                       {"popup_unit", Msg::popup_unit},
                                       {"popup_unit_fails", Msg::popup_unit_fails},
                                       {"no_demand", Msg::no_demand}}) {
        // The templates keep their slots: explore.js fills them as say() does.
        text[key] = say(words.language(), message, {"{0}", "{1}", "{2}", "{3}", "{4}"});
    }
    const json data{{"text", std::move(text)},
                    {"credits", credits},
                    {"bounds", {{bounds.south, bounds.west}, {bounds.north, bounds.east}}},
                    {"streets", streets_data(sources.streets)},
                    {"services", std::move(services)}};
    std::string toggles;
    for (const auto& [name, message, on] : {std::tuple{"streets", Msg::layer_streets, true},
                                            {"cells", Msg::layer_cells, true},
                                            {"areas", Msg::layer_service_areas, false},
                                            {"routes", Msg::layer_routes, true},
                                            {"units", Msg::layer_units, false},
                                            {"facilities", Msg::layer_facilities, true},
                                            {"sites", Msg::layer_sites, true}}) {
        toggles += std::string("<label><input type=\"checkbox\" id=\"lc-layer-") + name + "\"" +
                   (on ? " checked" : "") + "> " + escape(words(message)) + "</label>";
    }
    const std::string body = "<p>" + escape(words(Msg::explore_intro)) +
                             "</p>\n<div class=\"explore-controls\"><label>" + escape(words(Msg::col_service)) +
                             " <select id=\"lc-service\">" + chooser + "</select></label>" + toggles +
                             "</div>\n<div id=\"lc-explore-map\" class=\"explore-map\"></div>\n" + legends +
                             "\n<noscript><p class=\"note\">" + escape(words(Msg::explore_needs_script)) +
                             "</p></noscript>\n<script type=\"application/json\" id=\"lc-explore-data\">" +
                             script_safe(data) + "</script>\n";
    return section("explore", words(Msg::section_explore), body);
}

std::string explore_scripts() {
    std::string scripts;
    scripts.reserve(embedded::leaflet_css.size() + embedded::leaflet_js.size() + embedded::explore_js.size() + 64);
    scripts += "<style>";
    scripts += embedded::leaflet_css;
    scripts += "</style>\n<script>/* Leaflet, BSD-2-Clause: (c) 2010-2019 Vladimir Agafonkin, (c) 2010-2011 "
               "CloudMade. From Debian's libjs-leaflet. */\n";
    scripts += embedded::leaflet_js;
    scripts += "</script>\n<script>";
    scripts += embedded::explore_js;
    scripts += "</script>\n";
    return scripts;
}

} // namespace lifecircle::report
