#include "lifecircle/error.hpp"
#include "lifecircle/report.hpp"
#include "lifecircle/run.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace lifecircle {
namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

// The source's fields first, so results join back; the computed fields after.
// A source field whose name a computed field takes is kept as "source_<name>".
AttributeTable with_results(const AttributeTable& source, const std::vector<FieldDefinition>& computed,
                            const std::function<std::vector<FieldValue>(std::size_t)>& computed_row) {
    std::vector<FieldDefinition> fields;
    for (FieldDefinition field : source.fields()) {
        for (const FieldDefinition& taken : computed) {
            if (taken.name == field.name) {
                field.name = "source_" + field.name;
            }
        }
        fields.push_back(std::move(field));
    }
    fields.insert(fields.end(), computed.begin(), computed.end());
    AttributeTable table(std::move(fields));
    for (std::size_t row = 0; row < source.row_count(); ++row) {
        std::vector<FieldValue> values;
        values.reserve(table.fields().size());
        for (std::size_t field = 0; field < source.fields().size(); ++field) {
            values.push_back(source.value(row, field));
        }
        for (FieldValue& value : computed_row(row)) {
            values.push_back(std::move(value));
        }
        table.add_row(std::move(values));
    }
    return table;
}

FieldValue finite_or_null(double value) {
    return std::isfinite(value) ? FieldValue{value} : FieldValue{};
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
    // Raster cells join back by their row and col fields; features by FID.
    const bool from_raster = group.spec.layer == std::nullopt;
    std::vector<FieldDefinition> computed;
    if (!from_raster) {
        computed.push_back({"source_fid", FieldType::integer});
    }
    computed.insert(computed.end(), {{"weight", FieldType::real},
                                     {"cost_m", FieldType::real},
                                     {"covered", FieldType::integer},
                                     {"nearest_facility_fid", FieldType::integer}});
    if (snapping != nullptr) {
        computed.push_back({"connector_m", FieldType::real}); // straight walk to the road; null beyond the snap limit
    }
    computed.push_back({"band", FieldType::string});
    if (service.access) {
        computed.push_back({"access_per_1000", FieldType::real}); // capacity within reach per 1,000 people (2SFCA)
    }
    for (const auto& [level, assignment] : group.units) {
        computed.push_back({"unit_" + level, FieldType::string});
    }
    const BandLabels bands(service.spec);
    OutputLayer layer;
    // Beside a raster's demand_<id>.tif, its cells as points take another name, so each keeps its own style.
    layer.name = (from_raster ? "demand_points_" : "demand_") + service.spec.id;
    layer.points = group.points.positions;
    layer.attributes = with_results(group.points.attributes, computed, [&](std::size_t row) {
        const double cost = service.costs.cost_m[row];
        const std::uint32_t nearest = service.costs.nearest_facility[row];
        std::vector<FieldValue> values;
        if (!from_raster) {
            values.emplace_back(std::int64_t{group.points.feature_ids[row]});
        }
        values.emplace_back(group.points.weights[row]);
        values.push_back(finite_or_null(cost));
        values.emplace_back(std::int64_t{service.covers(row) ? 1 : 0});
        values.push_back(nearest == no_index ? FieldValue{}
                                             : FieldValue{std::int64_t{facilities.points.feature_ids[nearest]}});
        if (snapping != nullptr) {
            const Snap& snap = snapping->snaps[row];
            values.push_back(snap.snapped() ? FieldValue{snap.connector.value} : FieldValue{});
        }
        values.emplace_back(bands.of(cost));
        if (service.access) {
            values.emplace_back(1000.0 * service.access->access[row]);
        }
        for (const auto& [level, assignment] : group.units) {
            const std::uint32_t unit = assignment.unit_of_point[row];
            values.push_back(unit == no_index ? FieldValue{} : FieldValue{result.inputs.units.at(level).layer.codes[unit]});
        }
        return values;
    });
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
    raster.name = "demand_" + spec.id;
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
    for (const auto& [level, assignment] : group.units) {
        const UnitLayer& units = result.inputs.units.at(level).layer;
        RasterBand unit = band_of("unit_" + level + "_fid", "source_fid of the " + level + " unit holding the cell",
                                  [&](std::size_t point) {
                                      const std::uint32_t index = assignment.unit_of_point[point];
                                      return index == no_index ? std::numeric_limits<double>::quiet_NaN()
                                                               : static_cast<double>(units.feature_ids[index]);
                                  });
        unit.identifiers = true;
        raster.bands.push_back(std::move(unit));
    }
    return raster;
}

// Where a service's people are beyond reach, for the report's density map.
UncoveredDemand uncovered_demand(const RunResult& result, const ServiceResult& service) {
    const DemandGroup& group = result.inputs.demand.at(service.spec.demand);
    UncoveredDemand uncovered{service.spec.id, group.points.positions, std::vector<double>(group.points.size())};
    for (std::size_t point = 0; point < group.points.size(); ++point) {
        uncovered.people[point] = service.covers(point) ? 0.0 : group.points.weights[point];
    }
    return uncovered;
}

OutputLayer unit_layer(const RunResult& result, const ServiceResult& service, const std::string& level_name) {
    const UnitLevel& level = result.inputs.units.at(level_name);
    const std::vector<CoverageTotals>& totals = service.by_unit.at(level_name);
    const std::vector<FieldDefinition> computed{
        {"source_fid", FieldType::integer},     {"unit_code", FieldType::string},
        {"unit_name", FieldType::string},       {"parent_code", FieldType::string},
        {"demand_total", FieldType::real},      {"demand_covered", FieldType::real},
        {"covered_share", FieldType::real},     {"points_total", FieldType::integer},
        {"points_covered", FieldType::integer}, {"threshold_m", FieldType::real}};
    std::vector<FieldDefinition> fields = computed;
    const std::vector<std::optional<double>>* access = nullptr;
    if (service.equity) {
        access = &service.equity->mean_by_unit.at(level_name);
        fields.push_back({"access_per_1000", FieldType::real});
    }
    OutputLayer layer;
    layer.name = "units_" + level_name + "_" + service.spec.id;
    layer.wkb_wgs84 = level.layer.wkb_wgs84;
    layer.attributes = with_results(level.layer.attributes, fields, [&](std::size_t row) {
        const CoverageTotals& unit = totals[row];
        std::vector<FieldValue> values{std::int64_t{level.layer.feature_ids[row]},
                                       level.layer.codes[row],
                                       level.layer.names[row],
                                       level.layer.parent_codes[row],
                                       unit.demand_total,
                                       unit.demand_covered,
                                       unit.demand_total > 0.0 ? FieldValue{unit.covered_share()}
                                                               : FieldValue{}, // no demand: no share
                                       static_cast<std::int64_t>(unit.points_total),
                                       static_cast<std::int64_t>(unit.points_covered),
                                       service.spec.threshold.value};
        if (access != nullptr) {
            values.push_back((*access)[row] ? FieldValue{1000.0 * *(*access)[row]} : FieldValue{});
        }
        return values;
    });
    return layer;
}

OutputLayer facility_layer(const std::string& type, const FacilityLayer& facilities) {
    OutputLayer layer;
    layer.name = "facilities_" + type;
    layer.points = facilities.points.positions;
    const bool changed = !facilities.plan_change.empty();
    std::vector<FieldDefinition> fields{{"source_fid", FieldType::integer}};
    if (changed) {
        fields.push_back({"plan_change", FieldType::string}); // "", added, capacity_set, chosen_site
        if (!facilities.capacity.empty()) {
            fields.push_back({"planned_capacity", FieldType::real});
        }
    }
    layer.attributes = with_results(facilities.points.attributes, fields, [&](std::size_t row) {
        std::vector<FieldValue> values{std::int64_t{facilities.points.feature_ids[row]}};
        if (changed) {
            values.emplace_back(facilities.plan_change[row]);
            if (!facilities.capacity.empty()) {
                values.emplace_back(facilities.capacity[row]);
            }
        }
        return values;
    });
    return layer;
}

// The chosen sites, in order of marginal gain, with what each adds.
OutputLayer sites_layer(const SitingResult& siting) {
    const PointLayer& candidates = siting.candidates;
    OutputLayer layer;
    layer.name = "sites_" + siting.spec.service;
    AttributeTable source(candidates.attributes.fields());
    const RankedSites& chosen = siting.chosen();
    for (const std::uint32_t site : chosen.sites) {
        layer.points.push_back(candidates.positions[site]);
        std::vector<FieldValue> values;
        for (std::size_t field = 0; field < candidates.attributes.fields().size(); ++field) {
            values.push_back(candidates.attributes.value(site, field));
        }
        source.add_row(std::move(values));
    }
    std::vector<FieldDefinition> fields{{"source_fid", FieldType::integer}, {"rank", FieldType::integer}};
    const auto* median = std::get_if<MedianAnswer>(&siting.answer);
    const auto* capacitated = std::get_if<CapacitatedAnswer>(&siting.answer);
    if (median != nullptr) {
        fields.push_back({"saves_person_m", FieldType::real});
        fields.push_back({"mean_cost_after_m", FieldType::real});
    } else {
        fields.push_back({"adds_demand", FieldType::real});
        fields.push_back({"covered_after", FieldType::real});
    }
    if (capacitated != nullptr) {
        fields.push_back({"capacity", FieldType::real});
        fields.push_back({"serves", FieldType::real});
    }
    // Running totals: demand covered, or weighted cost left.
    double running = median != nullptr ? median->cost_before : siting.coverage()->covered_before;
    layer.attributes = with_results(source, fields, [&](std::size_t row) {
        const std::uint32_t site = chosen.sites[row];
        std::vector<FieldValue> values{std::int64_t{candidates.feature_ids[site]}, static_cast<std::int64_t>(row + 1),
                                       chosen.marginal_gain[row]};
        if (median != nullptr) {
            running -= chosen.marginal_gain[row];
            values.emplace_back(median->total_demand > 0.0 ? running / median->total_demand : 0.0);
        } else {
            running += chosen.marginal_gain[row];
            values.emplace_back(running);
        }
        if (capacitated != nullptr) {
            values.emplace_back(siting.candidate_capacity[site]);
            values.emplace_back(capacitated->site_load[row]);
        }
        return values;
    });
    return layer;
}

} // namespace

// The service areas of a service: one polygon per band, for maps.
OutputLayer areas_layer(const RunResult& result, const ServiceResult& service) {
    OutputLayer layer;
    layer.name = "service_areas_" + service.spec.id;
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

RunSummary write_results(const RunResult& result, const OutputOptions& options,
                           const ProgressCallback& progress) {
    OutputDirectory output(options.directory, result.scenario.input_files());
    const bool demand_points = options.demand_points || result.scenario.outputs.demand_points;
    std::vector<OutputLayer> layers;
    std::vector<const ServiceResult*> on_grid; // written as rasters, one at a time
    std::vector<UncoveredDemand> uncovered;
    for (const ServiceResult& service : result.services) {
        const bool raster = result.inputs.demand.at(service.spec.demand).points.grid.has_value();
        if (raster) {
            on_grid.push_back(&service);
        }
        if (!raster || demand_points) {
            layers.push_back(demand_layer(result, service));
        }
        uncovered.push_back(uncovered_demand(result, service));
        for (const auto& [level, totals] : service.by_unit) {
            layers.push_back(unit_layer(result, service, level));
        }
        if (!service.areas.empty()) {
            layers.push_back(areas_layer(result, service));
        }
    }
    for (const auto& [type, facilities] : result.inputs.facilities) {
        layers.push_back(facility_layer(type, facilities));
    }
    if (result.siting) {
        layers.push_back(sites_layer(*result.siting));
    }

    write_layers(output, layers, options.format, progress);
    for (const ServiceResult* service : on_grid) {
        const OutputRaster raster = demand_raster(result, *service);
        write_raster(raster, output.stage(raster.name + ".tif"), [&](double done, std::string_view) {
            report_progress(progress, done, "writing " + raster.name + ".tif");
        });
        write_styles(output, std::span(&raster, 1));
    }
    write_styles(output, layers, options.format);
    RunSummary summary = summarise(result);
    const Scenario& scenario = result.scenario;
    RunReportSources sources;
    if (!scenario.file.empty()) {
        sources.scenario_text = read_text_file(scenario.file).value_or("");
    }
    const std::vector<fs::path> inputs = scenario.input_files();
    sources.provenance = read_provenance_notes(inputs, scenario.file.parent_path());
    sources.files_written = output.files();
    report_progress(progress, 0.0, "writing report.html");
    write_text_file(output.stage("report.html"), render_run_report(summary, layers, uncovered, sources));
    report_progress(progress, 1.0, "writing report.html");
    commit_with_summary(output, summary);
    return summary;
}

} // namespace lifecircle
