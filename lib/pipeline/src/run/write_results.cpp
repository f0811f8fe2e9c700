#include "lifecircle/error.hpp"
#include "lifecircle/output_names.hpp"
#include "lifecircle/report.hpp"
#include "lifecircle/run.hpp"

#include "run/result_fields.hpp"
#include "stages/reach_within.hpp"
#include "tasks/run_beside.hpp"

#include <nlohmann/json.hpp>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <limits>

namespace lifecircle {
namespace fs = std::filesystem;
using nlohmann::ordered_json;

using detail::NamedColumn;
using detail::set_attributes;

void detail::set_attributes(OutputLayer& layer, const AttributeTable& source, std::vector<NamedColumn> computed,
                            const std::string& label_field) {
    AttributeTable table;
    for (std::size_t field = 0; field < source.fields().size(); ++field) {
        const std::string& source_name = source.fields()[field].name;
        std::string name = source_name;
        for (const NamedColumn& taken : computed) {
            if (taken.name == name) {
                name = "source_" + name;
            }
        }
        if (source_name == label_field) {
            layer.label_field = name;
        }
        table.add_column(std::move(name), source.column(field));
    }
    for (NamedColumn& column : computed) {
        table.add_column(std::move(column.name), std::move(column.column));
    }
    layer.attributes = std::move(table);
}

namespace {

void push_into(AttributeColumn& column, std::int64_t value) {
    column.push_integer(value);
}
void push_into(AttributeColumn& column, double value) {
    column.push_real(value);
}
void push_into(AttributeColumn& column, std::string value) {
    column.push_text(std::move(value));
}

template <class Value>
constexpr FieldType field_type_of() {
    if constexpr (std::is_same_v<Value, std::int64_t>) {
        return FieldType::integer;
    } else if constexpr (std::is_same_v<Value, double>) {
        return FieldType::real;
    } else {
        static_assert(std::is_same_v<Value, std::string>);
        return FieldType::string;
    }
}

template <class Value>
struct optional_value {
    using type = Value;
};
template <class Value>
struct optional_value<std::optional<Value>> {
    using type = Value;
};

// A column of `rows` values, value_of(row) giving each: an std::int64_t, a
// double or a std::string, or an std::optional of one where a row may be null.
template <class ValueOf>
AttributeColumn column_of(std::size_t rows, ValueOf&& value_of) {
    using Returned = std::invoke_result_t<ValueOf&, std::size_t>;
    using Value = typename optional_value<Returned>::type;
    AttributeColumn column(field_type_of<Value>());
    column.reserve(rows);
    for (std::size_t row = 0; row < rows; ++row) {
        if constexpr (std::is_same_v<Returned, Value>) {
            push_into(column, value_of(row));
        } else if (std::optional<Value> value = value_of(row)) {
            push_into(column, std::move(*value));
        } else {
            column.push_null();
        }
    }
    return column;
}

// "0-5 min", "5-10 min" ... then "beyond 15 min" (or metres): the labels of a
// service's bands, made once and not per point, and the band a cost falls in.
class BandLabels {
public:
    explicit BandLabels(const ServiceSpec& service) {
        const std::string unit = service.minutes ? " min" : " m";
        char text[64];
        double lower = 0.0;
        for (const double upper : service.bands) {
            std::snprintf(text, sizeof text, "%g-%g%s", lower, upper, unit.c_str());
            labels_.emplace_back(text);
            upper_m_.push_back(service.band_metres(upper).value);
            lower = upper;
        }
        std::snprintf(text, sizeof text, "beyond %g%s", lower, unit.c_str());
        labels_.emplace_back(text);
    }

    // The band a cost falls in, counted from 0; unreachable costs fall beyond the last.
    [[nodiscard]] std::size_t index_of(double cost) const {
        std::size_t band = 0;
        while (band < upper_m_.size() && !(cost <= upper_m_[band])) {
            ++band;
        }
        return band;
    }
    [[nodiscard]] const std::string& of(double cost) const { return labels_[index_of(cost)]; }
    [[nodiscard]] const std::vector<std::string>& labels() const { return labels_; }

private:
    std::vector<std::string> labels_;
    std::vector<double> upper_m_;
};

OutputLayer demand_layer(const RunResult& result, const ServiceResult& service) {
    const DemandGroup& group = result.inputs.demand.at(service.spec.demand);
    const FacilityLayer& facilities = result.inputs.facilities.at(service.spec.facility);
    const Snapping* snapping = result.demand_snapping(service.spec.demand);
    const std::size_t rows = group.points.size();
    // Raster cells join back by their row and col fields; features by FID.
    const bool from_raster = group.spec.layer == std::nullopt;
    // Each column reads only the run's results, so they are made on every
    // core: one after another they held the writers back 46 ms at 500k points.
    std::vector<std::pair<std::string, std::function<AttributeColumn()>>> columns;
    if (!from_raster) {
        columns.emplace_back("source_fid", [&] { return AttributeColumn::of_integers(group.points.feature_ids); });
    }
    columns.emplace_back("weight", [&] { return AttributeColumn::of_reals(group.points.weights); });
    columns.emplace_back("cost_m", [&] { return AttributeColumn::of_reals(service.costs.cost_m); });
    columns.emplace_back("covered", [&] {
        return column_of(rows, [&](std::size_t row) { return std::int64_t{service.covers(row) ? 1 : 0}; });
    });
    columns.emplace_back("nearest_facility_fid", [&] {
        return column_of(rows, [&](std::size_t row) -> std::optional<std::int64_t> {
            const std::uint32_t nearest = service.costs.nearest_facility[row];
            if (nearest == no_index) {
                return std::nullopt;
            }
            return facilities.points.feature_ids[nearest];
        });
    });
    if (snapping != nullptr) {
        // The straight walk to the road; null beyond the snap limit.
        columns.emplace_back("connector_m", [&] {
            return column_of(rows, [&](std::size_t row) -> std::optional<double> {
                const Snap& snap = snapping->snaps[row];
                if (!snap.snapped()) {
                    return std::nullopt;
                }
                return snap.connector.value;
            });
        });
    }
    const BandLabels bands(service.spec);
    columns.emplace_back(
        "band", [&] { return column_of(rows, [&](std::size_t row) { return bands.of(service.costs.cost_m[row]); }); });
    if (service.access) {
        // Capacity within reach per 1,000 people (2SFCA).
        columns.emplace_back("access_per_1000", [&] {
            return column_of(rows, [&](std::size_t row) { return 1000.0 * service.access->access[row]; });
        });
    }
    for (const auto& [level, by_level] : group.units) {
        const UnitAssignment* assignment = &by_level; // Clang before 16 cannot capture a binding
        const std::vector<std::string>* codes = &result.inputs.units.at(level).layer.codes;
        columns.emplace_back(output_name("unit", {level}), [rows, assignment, codes] {
            return column_of(rows, [&](std::size_t row) -> std::optional<std::string> {
                const std::uint32_t unit = assignment->unit_of_point[row];
                if (unit == no_index) {
                    return std::nullopt;
                }
                return (*codes)[unit];
            });
        });
    }
    std::vector<NamedColumn> computed(columns.size());
    tbb::parallel_for(std::size_t{0}, columns.size(), [&](std::size_t i) {
        computed[i] = {columns[i].first, columns[i].second()};
    });
    OutputLayer layer;
    // Beside a raster's demand_<id>.tif, its cells as points take another name, so each keeps its own style.
    layer.name = output_name(from_raster ? "demand_points" : "demand", {service.spec.id});
    layer.points = group.points.positions;
    set_attributes(layer, group.points.attributes, std::move(computed));
    return layer;
}

double finite_or_nan(double value) {
    return std::isfinite(value) ? value : std::numeric_limits<double>::quiet_NaN();
}

// A service's results on the grid its raster demand was read from, one band
// per measure (docs/summary-json.md lists them). Ids join the facilities and units
// layers by their source_fid.
OutputRaster demand_raster(const RunResult& result, const ServiceResult& service) {
    const DemandGroup& group = result.inputs.demand.at(service.spec.demand);
    const FacilityLayer& facilities = result.inputs.facilities.at(service.spec.facility);
    const ServiceSpec& spec = service.spec;
    const std::size_t count = group.points.size();
    const std::vector<double>& cost = service.costs.cost_m;
    const auto band_of = [&](std::string name, std::string meaning, auto&& value_of) {
        RasterBand band{.name = std::move(name), .meaning = std::move(meaning), .values = std::vector<double>(count)};
        for (std::size_t point = 0; point < count; ++point) {
            band.values[point] = value_of(point);
        }
        return band;
    };
    OutputRaster raster;
    raster.name = output_name("demand", {spec.id});
    raster.grid = *group.points.grid;
    raster.cells = group.points.cells;
    raster.metadata = {{"LIFECIRCLE_SERVICE", spec.id}, {"THRESHOLD_M", std::to_string(spec.threshold.value)}};
    raster.bands.push_back(
        {.name = "people", .meaning = "people in the cell (the demand's weight)", .values = group.points.weights});
    raster.bands.push_back(band_of("cost_m", "metres to the nearest facility; nodata where none can be reached",
                                   [&](std::size_t point) { return finite_or_nan(cost[point]); }));
    if (spec.minutes) {
        const double minutes_per_metre = *spec.minutes / spec.threshold.value;
        raster.bands.push_back(
            band_of("cost_min", "minutes to the nearest facility at the service's speed",
                    [&](std::size_t point) { return finite_or_nan(cost[point]) * minutes_per_metre; }));
    }
    raster.bands.push_back(band_of("covered", "1 within the threshold, 0 beyond it or unreachable",
                                   [&](std::size_t point) { return service.covers(point) ? 1.0 : 0.0; }));
    const BandLabels bands(spec);
    RasterBand band_index =
        band_of("band", "the cost band, 1 nearest; the last is beyond the threshold",
                [&](std::size_t point) { return static_cast<double>(bands.index_of(cost[point]) + 1); });
    band_index.categories = bands.labels();
    raster.bands.push_back(std::move(band_index));
    RasterBand nearest = band_of("nearest_facility_fid", "source_fid of the nearest facility", [&](std::size_t point) {
        const std::uint32_t facility = service.costs.nearest_facility[point];
        return facility == no_index ? std::numeric_limits<double>::quiet_NaN()
                                    : static_cast<double>(facilities.points.feature_ids[facility]);
    });
    nearest.identifiers = true;
    raster.bands.push_back(std::move(nearest));
    if (service.access) {
        raster.bands.push_back(band_of("access_per_1000", "capacity within reach per 1,000 people (2SFCA)",
                                       [&](std::size_t point) { return 1000.0 * service.access->access[point]; }));
    }
    for (const auto& [level, by_level] : group.units) {
        const UnitAssignment& assignment = by_level; // captured below, as above
        const UnitLayer& units = result.inputs.units.at(level).layer;
        RasterBand unit = band_of(output_name("unit", {level, "fid"}),
                                  "source_fid of the " + level + " unit holding the cell", [&](std::size_t point) {
                                      const std::uint32_t index = assignment.unit_of_point[point];
                                      return index == no_index ? std::numeric_limits<double>::quiet_NaN()
                                                               : static_cast<double>(units.feature_ids[index]);
                                  });
        unit.identifiers = true;
        raster.bands.push_back(std::move(unit));
    }
    return raster;
}

// A service's demand for the report's maps: people, cost, nearest facility and
// unit of each point. The unit is of the level the report leads with: the
// study area's, else the first.
ServiceDemand service_demand(const RunResult& result, const ServiceResult& service) {
    const DemandGroup& group = result.inputs.demand.at(service.spec.demand);
    ServiceDemand demand{service.spec.id,
                         group.points.positions,
                         group.points.weights,
                         service.costs.cost_m,
                         service.costs.nearest_facility,
                         {},
                         {}};
    const auto level = group.units.count(result.inputs.study_area) > 0 ? group.units.find(result.inputs.study_area)
                                                                       : group.units.begin();
    if (level != group.units.end() && service.by_unit.count(level->first) > 0) {
        demand.unit_level = level->first;
        demand.unit = level->second.unit_of_point;
    }
    return demand;
}

OutputLayer unit_layer(const RunResult& result, const ServiceResult& service, const std::string& level_name) {
    const UnitLevel& level = result.inputs.units.at(level_name);
    const UnitLayer& units = level.layer;
    const std::vector<CoverageTotals>& totals = service.by_unit.at(level_name);
    const std::size_t rows = totals.size();
    std::vector<NamedColumn> computed;
    computed.push_back({"source_fid", AttributeColumn::of_integers(units.feature_ids)});
    computed.push_back({"unit_code", AttributeColumn::of_texts(units.codes)});
    computed.push_back({"unit_name", AttributeColumn::of_texts(units.names)});
    computed.push_back({"parent_code", AttributeColumn::of_texts(units.parent_codes)});
    computed.push_back({"demand_total", column_of(rows, [&](std::size_t row) { return totals[row].demand_total; })});
    computed.push_back(
        {"demand_covered", column_of(rows, [&](std::size_t row) { return totals[row].demand_covered; })});
    computed.push_back({"covered_share", column_of(rows, [&](std::size_t row) -> std::optional<double> {
                            if (!(totals[row].demand_total > 0.0)) {
                                return std::nullopt; // no demand: no share
                            }
                            return totals[row].covered_share();
                        })});
    computed.push_back({"points_total", column_of(rows, [&](std::size_t row) {
                            return static_cast<std::int64_t>(totals[row].points_total);
                        })});
    computed.push_back({"points_covered", column_of(rows, [&](std::size_t row) {
                            return static_cast<std::int64_t>(totals[row].points_covered);
                        })});
    computed.push_back({"threshold_m", column_of(rows, [&](std::size_t) { return service.spec.threshold.value; })});
    if (service.equity) {
        const std::vector<std::optional<double>>& access = service.equity->mean_by_unit.at(level_name);
        computed.push_back({"access_per_1000", column_of(rows, [&](std::size_t row) -> std::optional<double> {
                                if (!access[row]) {
                                    return std::nullopt;
                                }
                                return 1000.0 * *access[row];
                            })});
    }
    OutputLayer layer;
    layer.name = output_name("units", {level_name, service.spec.id});
    layer.wkb_wgs84 = units.wkb_wgs84;
    set_attributes(layer, units.attributes, std::move(computed));
    layer.label_field = "unit_name";
    return layer;
}

OutputLayer facility_layer(const std::string& type, const FacilityLayer& facilities, const std::string& name_field) {
    OutputLayer layer;
    layer.name = output_name("facilities", {type});
    layer.points = facilities.points.positions;
    std::vector<NamedColumn> computed;
    computed.push_back({"source_fid", AttributeColumn::of_integers(facilities.points.feature_ids)});
    if (!facilities.plan_change.empty()) {
        computed.push_back({"plan_change", AttributeColumn::of_texts(facilities.plan_change)}); // "", added, ...
        if (facilities.has_capacity()) {
            computed.push_back({"planned_capacity", AttributeColumn::of_reals(facilities.capacity)});
        }
    }
    set_attributes(layer, facilities.points.attributes, std::move(computed), name_field);
    return layer;
}

// The chosen sites, in order of marginal gain, with what each adds.
OutputLayer sites_layer(const SitingResult& siting) {
    const PointLayer& candidates = siting.candidates;
    const RankedSites& chosen = siting.chosen();
    const std::size_t rows = chosen.sites.size();
    OutputLayer layer;
    layer.name = output_name("sites", {siting.spec.service});
    for (const std::uint32_t site : chosen.sites) {
        layer.points.push_back(candidates.positions[site]);
    }
    const auto* median = std::get_if<MedianAnswer>(&siting.answer);
    const auto* capacitated = std::get_if<CapacitatedAnswer>(&siting.answer);
    // Running totals: demand covered, or the mean weighted cost left.
    std::vector<double> running(rows);
    double total = median != nullptr ? median->cost_before : siting.coverage()->covered_before;
    for (std::size_t row = 0; row < rows; ++row) {
        if (median != nullptr) {
            total -= chosen.marginal_gain[row];
            running[row] = median->total_demand > 0.0 ? total / median->total_demand : 0.0;
        } else {
            total += chosen.marginal_gain[row];
            running[row] = total;
        }
    }
    std::vector<NamedColumn> computed;
    computed.push_back({"source_fid", column_of(rows, [&](std::size_t row) {
                            return std::int64_t{candidates.feature_ids[chosen.sites[row]]};
                        })});
    computed.push_back({"rank", column_of(rows, [](std::size_t row) { return static_cast<std::int64_t>(row + 1); })});
    computed.push_back(
        {median != nullptr ? "saves_person_m" : "adds_demand", AttributeColumn::of_reals(chosen.marginal_gain)});
    computed.push_back(
        {median != nullptr ? "mean_cost_after_m" : "covered_after", AttributeColumn::of_reals(std::move(running))});
    if (capacitated != nullptr) {
        computed.push_back({"capacity", column_of(rows, [&](std::size_t row) {
                                return siting.candidate_capacity[chosen.sites[row]];
                            })});
        computed.push_back({"serves", AttributeColumn::of_reals(capacitated->site_load)});
    }
    set_attributes(layer, candidates.attributes.gathered(chosen.sites), std::move(computed), siting.spec.name_field);
    return layer;
}

} // namespace

// The service areas of a service: one polygon per band, for maps.
OutputLayer areas_layer(const RunResult& result, const ServiceResult& service) {
    OutputLayer layer;
    layer.name = output_name("service_areas", {service.spec.id});
    layer.attributes = AttributeTable({{"upto", FieldType::real},
                                       {"unit", FieldType::string},
                                       {"threshold_m", FieldType::real},
                                       {"area_m2", FieldType::real},
                                       {"holes", FieldType::integer}});
    for (std::size_t band = 0; band < service.areas.size(); ++band) {
        const ServiceArea& area = service.areas[band];
        if (area.wkb.empty()) {
            continue; // nothing reached: no polygon to draw
        }
        layer.wkb_wgs84.push_back(unproject_wkb(area.wkb, result.inputs.crs));
        layer.attributes.add_row({service.spec.bands[band], std::string(service.spec.minutes ? "min" : "m"),
                                  area.threshold.value, area.area_m2, std::int64_t{area.holes}});
    }
    return layer;
}

namespace {

// Each place's walk to a service's nearest facility: a line from the place
// along the streets to the facility, with its cost; a place with no facility
// to walk to keeps its row, without a line.
OutputLayer routes_layer(const RunResult& result, const ServiceRoutes& routes) {
    const RoutePlaces& places = *result.inputs.route_places;
    const ServiceSpec& spec = service_named(result.services, routes.service).spec;
    const FacilityLayer& facilities = result.inputs.facilities.at(spec.facility);
    const std::size_t rows = routes.routes.size();
    OutputLayer layer;
    layer.name = output_name("routes", {spec.id});
    std::vector<double> walked(rows, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t row = 0; row < rows; ++row) {
        const WalkingRoute& route = routes.routes[row];
        if (route.facility == no_index) {
            layer.wkb_wgs84.emplace_back();
            continue;
        }
        std::vector<PlanarPoint> line{places.planar[row]};
        line.insert(line.end(), route.line.begin(), route.line.end());
        line.push_back(facilities.planar[route.facility]);
        // A place on the street has no connector: no point twice, to the millimetre.
        line.erase(std::unique(line.begin(), line.end(),
                               [](PlanarPoint a, PlanarPoint b) { return std::hypot(a.x - b.x, a.y - b.y) < 1e-3; }),
                   line.end());
        if (line.size() == 1) {
            line.push_back(line.front()); // the place is the facility: a line of no length
        }
        walked[row] = 0.0;
        for (std::size_t i = 1; i < line.size(); ++i) {
            walked[row] += std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
        }
        layer.wkb_wgs84.push_back(line_wkb(result.inputs.crs.unproject(line)));
    }
    const auto reached = [&](std::size_t row) { return routes.routes[row].facility != no_index; };
    std::vector<NamedColumn> computed;
    computed.push_back({"source_fid", AttributeColumn::of_integers(places.points.feature_ids)});
    computed.push_back({"facility_fid", column_of(rows, [&](std::size_t row) -> std::optional<std::int64_t> {
                            return reached(row)
                                       ? std::optional(facilities.points.feature_ids[routes.routes[row].facility])
                                       : std::nullopt;
                        })});
    if (const std::optional<std::size_t> name = facilities.points.attributes.field_index(facilities.spec.name_field);
        name && !facilities.spec.name_field.empty()) {
        const AttributeColumn& names = facilities.points.attributes.column(*name);
        computed.push_back({"facility_name", column_of(rows, [&](std::size_t row) -> std::optional<std::string> {
                                if (!reached(row) || names.is_null(routes.routes[row].facility)) {
                                    return std::nullopt;
                                }
                                return value_text(names.value(routes.routes[row].facility));
                            })});
    }
    computed.push_back({"cost_m", column_of(rows, [&](std::size_t row) -> std::optional<double> {
                            return reached(row) ? std::optional(routes.routes[row].cost) : std::nullopt;
                        })});
    if (spec.minutes) {
        const double minutes_per_metre = *spec.minutes / spec.threshold.value;
        computed.push_back({"minutes", column_of(rows, [&](std::size_t row) -> std::optional<double> {
                                return reached(row) ? std::optional(routes.routes[row].cost * minutes_per_metre)
                                                    : std::nullopt;
                            })});
    }
    computed.push_back({"length_m", column_of(rows, [&](std::size_t row) -> std::optional<double> {
                            return reached(row) ? std::optional(walked[row]) : std::nullopt;
                        })});
    computed.push_back({"covered", column_of(rows, [&](std::size_t row) {
                            return std::int64_t{routes.routes[row].cost <= spec.threshold.value ? 1 : 0};
                        })});
    computed.push_back({"connector_m", column_of(rows, [&](std::size_t row) -> std::optional<double> {
                            const Snap& snap = routes.places[row];
                            return snap.snapped() ? std::optional(snap.connector.value) : std::nullopt;
                        })});
    set_attributes(layer, places.points.attributes, std::move(computed), places.name_field);
    return layer;
}

// Every pair of a demand point and a facility within the service's threshold,
// with its cost: for the access package or a spreadsheet. Written row by row
// as the reach sets give them; the threshold bounds how many there are.
void write_od_matrix(const RunResult& result, const ServiceResult& service, const std::filesystem::path& file) {
    const ServiceSpec& spec = service.spec;
    const DemandGroup& group = result.inputs.demand.at(spec.demand);
    const FacilityLayer& facilities = result.inputs.facilities.at(spec.facility);
    const Routing* routing = result.routing ? &*result.routing : nullptr;
    const std::vector<Snap> no_snaps;
    const ReachSets reach =
        detail::reach_within(routing, spec.profile, spec.demand, group,
                             routing ? routing->facility_snapping(spec.facility, spec.profile).snaps : no_snaps,
                             facilities.planar, spec.threshold);
    std::ofstream out(file, std::ios::binary);
    out << "demand_fid,row,col,facility_fid,cost_m,minutes\n";
    const std::optional<RasterGrid>& grid = group.points.grid;
    const double minutes_per_metre = spec.minutes ? *spec.minutes / spec.threshold.value : 0.0;
    char line[160];
    for (std::size_t facility = 0; facility + 1 < reach.offsets.size(); ++facility) {
        for (std::size_t pair = reach.offsets[facility]; pair < reach.offsets[facility + 1]; ++pair) {
            const std::uint32_t point = reach.demand[pair];
            const double cost = reach.cost[pair];
            std::string demand_columns;
            if (grid) {
                const auto width = static_cast<std::uint64_t>(grid->width);
                demand_columns = "," + std::to_string(group.points.cells[point] / width) + "," +
                                 std::to_string(group.points.cells[point] % width);
            } else {
                demand_columns = std::to_string(group.points.feature_ids[point]) + ",,";
            }
            std::snprintf(line, sizeof line, ",%lld,%.2f,",
                          static_cast<long long>(facilities.points.feature_ids[facility]), cost);
            out << demand_columns << line;
            if (spec.minutes) {
                std::snprintf(line, sizeof line, "%.2f", cost * minutes_per_metre);
                out << line;
            }
            out << '\n';
        }
    }
    if (!out.flush()) {
        throw Error(ExitCode::output_failed, ErrorContext::in_file(file.string()), "cannot write the OD matrix");
    }
}

// The walking network under the report's maps, its edges in WGS 84; none
// above max_service_area_edges, where it would swell the page.
std::vector<std::vector<LonLat>> streets_for_report(const RunResult& result) {
    if (!result.routing || result.routing->network.graph().edge_count() > max_service_area_edges) {
        return {};
    }
    const WalkingGraph& graph = result.routing->network.graph();
    std::vector<PlanarPoint> vertices;
    std::vector<std::size_t> ends; // edge e's vertices end at ends[e]
    for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
        const std::vector<PlanarPoint> line = graph.edge_geometry(edge);
        vertices.insert(vertices.end(), line.begin(), line.end());
        ends.push_back(vertices.size());
    }
    const std::vector<LonLat> lonlat = result.inputs.crs.unproject(vertices); // one transformation for all
    std::vector<std::vector<LonLat>> streets;
    streets.reserve(ends.size());
    std::size_t begin = 0;
    for (const std::size_t end : ends) {
        streets.emplace_back(lonlat.begin() + static_cast<std::ptrdiff_t>(begin),
                             lonlat.begin() + static_cast<std::ptrdiff_t>(end));
        begin = end;
    }
    return streets;
}

// Every file of the run but the report and summary.json: the layers (each
// with its CSV copy), the demand rasters, their styles and the OD matrices.
void write_files(OutputDirectory& output, const RunResult& result, std::span<const OutputLayer> layers,
                 std::span<const ServiceResult* const> on_grid, VectorFormat format, const ProgressCallback& progress) {
    write_layers(output, layers, format, progress);
    for (const ServiceResult* service : on_grid) {
        const OutputRaster raster = demand_raster(result, *service);
        write_raster(raster, output.stage(raster.name + ".tif"), [&](double done, std::string_view) {
            report_progress(progress, done, "writing " + raster.name + ".tif");
        });
        output.adopt(raster.name + ".tif.aux.xml");
        write_styles(output, std::span(&raster, 1));
    }
    write_styles(output, layers, format);
    if (result.scenario.outputs.od_matrix) {
        for (const ServiceResult& service : result.services) {
            const std::string name = "od_" + service.spec.id + ".csv";
            report_progress(progress, 0.0, "writing " + name);
            write_od_matrix(result, service, output.stage(name));
            report_progress(progress, 1.0, "writing " + name);
        }
    }
}

} // namespace

Language report_language(const OutputOptions& options, const Scenario& scenario) {
    return options.language.value_or(scenario.outputs.language.value_or(Language::zh));
}

RunSummary write_results(const RunResult& result, const OutputOptions& options, const ProgressCallback& progress) {
    OutputDirectory output(options.directory, result.scenario.input_files());
    const bool demand_points = options.demand_points || result.scenario.outputs.demand_points;
    std::vector<OutputLayer> layers;
    std::vector<const ServiceResult*> on_grid; // written as rasters, one at a time
    std::vector<ServiceDemand> demand;
    for (const ServiceResult& service : result.services) {
        const bool raster = result.inputs.demand.at(service.spec.demand).points.grid.has_value();
        if (raster) {
            on_grid.push_back(&service);
        }
        if (!raster || demand_points) {
            layers.push_back(demand_layer(result, service));
        }
        demand.push_back(service_demand(result, service));
        for (const auto& [level, totals] : service.by_unit) {
            layers.push_back(unit_layer(result, service, level));
        }
        if (!service.areas.empty()) {
            layers.push_back(areas_layer(result, service));
        }
    }
    for (const auto& [type, facilities] : result.inputs.facilities) {
        layers.push_back(facility_layer(type, facilities, result.scenario.facilities.at(type).name_field));
    }
    if (result.siting) {
        layers.push_back(sites_layer(*result.siting));
    }
    for (const ServiceRoutes& routes : result.routes) {
        layers.push_back(routes_layer(result, routes));
    }

    RunSummary summary = summarise(result);
    const Scenario& scenario = result.scenario;
    const Language language = report_language(options, scenario);
    RunReportSources sources;
    if (!scenario.file.empty()) {
        sources.scenario_text = read_text_file(scenario.file).value_or("");
    }
    const std::vector<fs::path> inputs = scenario.input_files();
    sources.provenance = read_provenance_notes(inputs, scenario.file.parent_path());
    sources.streets = streets_for_report(result);

    // The report's map (half the report's time, most of it on one core) is
    // made while the layers are written: the GeoPackage's R-tree and the
    // rasters leave a core idle.
    RunReportMap map;
    detail::run_beside([&] { map = render_run_report_map(summary, layers, demand, sources, language); },
                       [&](tbb::task_group&) {
                           write_files(output, result, layers, on_grid, options.format, progress);
                           report_progress(progress, 0.0, "writing report.html"); // what is left: the map's end
                       });
    sources.files_written = output.files();
    write_text_file(output.stage("report.html"), render_run_report(summary, layers, demand, sources, language, map));
    report_progress(progress, 1.0, "writing report.html");
    commit_with_summary(output, summary);
    return summary;
}

} // namespace lifecircle
