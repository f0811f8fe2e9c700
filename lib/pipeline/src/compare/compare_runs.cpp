#include "lifecircle/compare.hpp"
#include "lifecircle/error.hpp"
#include "lifecircle/output_names.hpp"
#include "lifecircle/report.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace lifecircle {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

RunSummary read_summary(const fs::path& run) {
    const fs::path file = run / "summary.json";
    std::ifstream stream(file);
    if (!stream) {
        throw Error(ExitCode::input_unreadable, ErrorContext::in_file(file.string()),
                    "no summary.json: is this the output directory of a lifecircle run?");
    }
    // Ordered, as written: schema::Keyed members keep their key order.
    nlohmann::ordered_json document;
    try {
        document = nlohmann::ordered_json::parse(stream);
    } catch (const json::exception& error) {
        throw Error(ExitCode::input_invalid, ErrorContext::in_file(file.string()),
                    std::string("not valid JSON: ") + error.what());
    }
    return from_document<RunSummary>(document, file.string());
}

// A layer a run wrote, in whichever format it used (a GeoTIFF first, for
// raster demand; the CSV copy last); nothing when it wrote none.
std::optional<fs::path> written_layer(const fs::path& run, const std::string& name) {
    for (const char* extension : {".tif", ".gpkg", ".fgb", ".geojson", ".csv"}) {
        const fs::path file = run / (name + extension);
        if (fs::exists(file)) {
            return file;
        }
    }
    return std::nullopt;
}

// The demand a run wrote for a service: its GeoTIFF (raster demand), or its
// layer in whichever format it used.
fs::path demand_layer(const fs::path& run, const std::string& service) {
    if (std::optional<fs::path> file = written_layer(run, output_name("demand", {service}))) {
        return *file;
    }
    throw Error(ExitCode::input_unreadable,
                ErrorContext::in_file((run / (output_name("demand", {service}) + ".*")).string()),
                "the run's demand layer for service '" + service + "' is missing");
}

std::int64_t integer_field(const PointLayer& layer, std::size_t row, std::size_t field) {
    const FieldValue& value = layer.attributes.value(row, field);
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        return *integer;
    }
    if (const auto* real = std::get_if<double>(&value)) {
        return static_cast<std::int64_t>(*real);
    }
    return -1;
}

double real_field(const PointLayer& layer, std::size_t row, std::size_t field) {
    const FieldValue& value = layer.attributes.value(row, field);
    if (const auto* real = std::get_if<double>(&value)) {
        return *real;
    }
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        return static_cast<double>(*integer);
    }
    return std::numeric_limits<double>::quiet_NaN();
}

std::pair<std::int64_t, std::int64_t> row_and_col(std::uint64_t cell, const RasterGrid& grid) {
    const auto width = static_cast<std::uint64_t>(grid.width);
    return {static_cast<std::int64_t>(cell / width), static_cast<std::int64_t>(cell % width)};
}

// A demand raster as lifecircle wrote it: cells join by row and col.
ComparedService read_raster_service(const fs::path& file, const std::string& id) {
    const std::vector<std::string> bands{"people", "cost_m", "covered"};
    ResultRaster raster = read_result_raster(file, bands);
    ComparedService service;
    service.id = id;
    service.origin = file.string();
    service.keyed_by_cell = true;
    for (const std::uint64_t cell : raster.cells) {
        service.keys.push_back(row_and_col(cell, raster.grid));
    }
    service.positions = std::move(raster.centres);
    service.weights = std::move(raster.bands[0]);
    service.cost_m = std::move(raster.bands[1]);
    for (const double covered : raster.bands[2]) {
        service.covered.push_back(covered == 1.0);
    }
    return service;
}

// A demand layer as lifecircle wrote it, read back for comparison.
ComparedService read_service(const fs::path& run, const std::string& id) {
    const fs::path file = demand_layer(run, id);
    if (file.extension() == ".tif") {
        return read_raster_service(file, id);
    }
    const PointLayer layer = read_point_layer({file, {}, {}, false, {}, {}});
    const auto field = [&](const char* name) {
        const auto index = layer.attributes.field_index(name);
        if (!index) {
            throw Error(ExitCode::input_invalid, ErrorContext::in_file(file.string()).with_field(name),
                        "the demand layer lacks this field; was it written by lifecircle?");
        }
        return *index;
    };
    const std::size_t covered = field("covered");
    const std::size_t weight = field("weight");
    const std::size_t cost = field("cost_m");
    const auto fid = layer.attributes.field_index("source_fid");
    const auto row = layer.attributes.field_index("row");
    const auto col = layer.attributes.field_index("col");
    ComparedService service;
    service.id = id;
    service.origin = file.string();
    service.positions = layer.positions;
    service.keyed_by_cell = !fid && row && col;
    for (std::size_t i = 0; i < layer.positions.size(); ++i) {
        if (fid) {
            service.keys.emplace_back(integer_field(layer, i, *fid), 0);
        } else if (row && col) {
            service.keys.emplace_back(integer_field(layer, i, *row), integer_field(layer, i, *col));
        } else {
            throw Error(ExitCode::input_invalid, ErrorContext::in_file(file.string()).with_field("source_fid"),
                        "demand points carry neither source_fid nor row/col to match them by");
        }
        service.weights.push_back(real_field(layer, i, weight));
        service.cost_m.push_back(real_field(layer, i, cost));
        service.covered.push_back(integer_field(layer, i, covered) == 1);
    }
    return service;
}

double share(double part, double whole) {
    return whole > 0.0 ? part / whole : 0.0;
}

// The figures of one service, and its difference layer.
std::pair<ServiceComparison, OutputLayer> compare_service(const ComparedService& a, const ComparedService& b) {
    std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> in_b;
    for (std::size_t i = 0; i < b.keys.size(); ++i) {
        in_b.emplace(b.keys[i], i);
    }
    if (in_b.size() != a.keys.size()) {
        throw Error(ExitCode::input_invalid, ErrorContext::in_file(b.origin),
                    "the runs have different demand (" + std::to_string(a.keys.size()) + " and " +
                        std::to_string(in_b.size()) + " points): compare runs over the same population");
    }
    ServiceComparison result;
    result.id = a.id;
    OutputLayer difference;
    difference.name = output_name("difference", {a.id});
    // The point's identity first, so the layer joins back to the runs' demand.
    std::vector<FieldDefinition> fields;
    if (a.keyed_by_cell) {
        fields = {{"row", FieldType::integer}, {"col", FieldType::integer}};
    } else {
        fields = {{"source_fid", FieldType::integer}};
    }
    fields.insert(fields.end(), {{"status", FieldType::string},
                                 {"weight", FieldType::real},
                                 {"cost_m_a", FieldType::real},
                                 {"cost_m_b", FieldType::real}});
    difference.attributes = AttributeTable(std::move(fields));
    for (std::size_t i = 0; i < a.keys.size(); ++i) {
        const auto match = in_b.find(a.keys[i]);
        if (match == in_b.end()) {
            throw Error(ExitCode::input_invalid, ErrorContext::in_file(b.origin),
                        "a demand point of the first run (" + std::to_string(a.keys[i].first) + ", " +
                            std::to_string(a.keys[i].second) + ") is missing: compare runs over the same population");
        }
        const std::size_t j = match->second;
        const double weight = a.weights[i];
        const bool covered_a = a.covered[i];
        const bool covered_b = b.covered[j];
        result.demand_total += weight;
        result.covered_a += covered_a ? weight : 0.0;
        result.covered_b += covered_b ? weight : 0.0;
        ++result.points;
        const char* status = covered_a ? (covered_b ? "kept" : "lost") : (covered_b ? "gained" : "never");
        if (!covered_a && covered_b) {
            result.newly_covered += weight;
            ++result.points_newly_covered;
        } else if (covered_a && !covered_b) {
            result.newly_lost += weight;
            ++result.points_newly_lost;
        }
        difference.points.push_back(a.positions[i]);
        std::vector<FieldValue> values{a.keys[i].first};
        if (a.keyed_by_cell) {
            values.emplace_back(a.keys[i].second);
        }
        values.insert(values.end(), {std::string(status), weight, a.cost_m[i], b.cost_m[j]});
        difference.attributes.add_row(std::move(values));
    }
    result.share_a = share(result.covered_a, result.demand_total);
    result.share_b = share(result.covered_b, result.demand_total);
    return {std::move(result), std::move(difference)};
}

// Targets by id, in A's order first.
std::vector<TargetComparison> compare_targets(const ComparedRun& run_a, const ComparedRun& run_b) {
    std::vector<TargetComparison> targets;
    const auto find = [&](const std::string& id) {
        const auto match = std::find_if(targets.begin(), targets.end(),
                                        [&](const TargetComparison& target) { return target.id == id; });
        if (match != targets.end()) {
            return match;
        }
        targets.emplace_back().id = id;
        return targets.end() - 1;
    };
    for (const bool in_a : {true, false}) {
        for (const ComparedTarget& target : (in_a ? run_a : run_b).targets) {
            const auto comparison = find(target.id);
            comparison->indicator = target.indicator;
            comparison->min = target.min;
            comparison->max = target.max;
            (in_a ? comparison->value_a : comparison->value_b) = target.value;
            (in_a ? comparison->met_a : comparison->met_b) = target.met;
            if (target.failing_units) {
                FailingUnitsComparison& failing =
                    comparison->failing_units ? *comparison->failing_units : comparison->failing_units.emplace();
                (in_a ? failing.a : failing.b) = target.failing_units;
            }
        }
    }
    for (TargetComparison& target : targets) {
        if (target.value_a && target.value_b) {
            target.change = *target.value_b - *target.value_a;
        }
    }
    return targets;
}

} // namespace

// The level a run's service leads with: the study area's, else the first; empty without units.
template <class Levels>
std::string headline_level(const Levels& levels, const std::string& study_area) {
    if (levels.count(study_area) > 0) {
        return study_area;
    }
    return levels.empty() ? std::string() : levels.begin()->first;
}

// What the comparison's map draws of a written run: its facilities, sites and
// units as it wrote them. A layer written as CSV only has no outlines to draw.
void read_map_layers(const fs::path& run, const ServiceSummary& service, const std::string& study_area,
                     ComparedService& compared) {
    const auto points = [&](const std::string& name) {
        const std::optional<fs::path> file = written_layer(run, name);
        return file ? read_point_layer({*file, {}, {}, false, {}, {}}).positions : std::vector<LonLat>();
    };
    compared.facilities = points(output_name("facilities", {service.facility}));
    compared.sites = points(output_name("sites", {service.id}));
    const std::string level = headline_level(service.units, study_area);
    const std::optional<fs::path> units =
        level.empty() ? std::nullopt : written_layer(run, output_name("units", {level, service.id}));
    if (units && units->extension() != ".csv") {
        UnitLayer layer = read_unit_layer({*units, {}, {}, false, {}, {}}, {"unit_code", "unit_name", ""});
        compared.units = std::move(layer.wkb_wgs84);
        compared.unit_names = std::move(layer.names);
    }
}

ComparedRun read_run(const fs::path& directory) {
    require_complete_run(directory);
    const RunSummary summary = read_summary(directory);
    ComparedRun run;
    run.directory = directory;
    run.scenario = summary.scenario.name;
    for (const ServiceSummary& service : summary.services) {
        run.services.push_back(read_service(directory, service.id));
        read_map_layers(directory, service, summary.scenario.study_area, run.services.back());
    }
    for (const TargetSummary& target : summary.targets) {
        run.targets.push_back(
            {target.id, target.indicator, target.min, target.max, target.value, target.met,
             target.failing_units ? std::optional(std::uint64_t{target.failing_units->size()}) : std::nullopt});
    }
    return run;
}

ComparedRun compared_run(const RunResult& result, const fs::path& directory) {
    ComparedRun run;
    run.directory = directory;
    run.scenario = result.scenario.name;
    const std::string origin = result.scenario.file.empty() ? result.scenario.name : result.scenario.file.string();
    for (const ServiceResult& service : result.services) {
        const DemandPoints& points = result.inputs.demand.at(service.spec.demand).points;
        ComparedService& compared = run.services.emplace_back();
        compared.id = service.spec.id;
        compared.origin = origin;
        compared.positions = points.positions;
        compared.weights = points.weights;
        compared.cost_m = service.costs.cost_m;
        compared.keyed_by_cell = points.grid.has_value();
        // Raster cells by their row and col, features by FID: as the demand is written.
        for (std::size_t i = 0; i < points.size(); ++i) {
            if (points.grid) {
                compared.keys.push_back(row_and_col(points.cells[i], *points.grid));
            } else {
                compared.keys.emplace_back(points.feature_ids[i], 0);
            }
            compared.covered.push_back(service.covers(i));
        }
        compared.facilities = result.inputs.facilities.at(service.spec.facility).points.positions;
        if (result.siting && result.siting->spec.service == service.spec.id) {
            for (const std::uint32_t site : result.siting->chosen().sites) {
                compared.sites.push_back(result.siting->candidates.positions[site]);
            }
        }
        const std::string level = headline_level(service.by_unit, result.inputs.study_area);
        if (!level.empty()) {
            const UnitLayer& units = result.inputs.units.at(level).layer;
            compared.units = units.wkb_wgs84;
            compared.unit_names = units.names;
        }
    }
    for (const TargetResult& target : result.targets) {
        ComparedTarget& compared = run.targets.emplace_back();
        compared.id = target.spec.id;
        compared.indicator = to_string(target.spec.indicator);
        compared.min = target.spec.min;
        compared.max = target.spec.max;
        compared.value = target.value;
        compared.met = target.met;
        if (!target.spec.units.empty()) {
            compared.failing_units = target.failing_units.size();
        }
    }
    return run;
}

RunComparison compare_runs(const ComparedRun& run_a, const ComparedRun& run_b) {
    RunComparison comparison;
    comparison.run_a = run_a.directory;
    comparison.run_b = run_b.directory;
    ComparisonSummary& summary = comparison.summary;
    summary.run_a = run_a.directory.filename().string();
    summary.run_b = run_b.directory.filename().string();
    summary.scenario_a = run_a.scenario;
    summary.scenario_b = run_b.scenario;
    summary.targets = compare_targets(run_a, run_b);
    const auto find = [](const ComparedRun& run, const std::string& id) {
        return std::find_if(run.services.begin(), run.services.end(),
                            [&](const ComparedService& service) { return service.id == id; });
    };
    for (const ComparedService& service : run_a.services) {
        const auto in_b = find(run_b, service.id);
        if (in_b == run_b.services.end()) {
            summary.only_in_a.push_back(service.id);
        } else {
            auto [figures, difference] = compare_service(service, *in_b);
            summary.services.push_back(std::move(figures));
            comparison.differences.push_back(std::move(difference));
            comparison.maps.push_back(
                {service.id, service.facilities, in_b->facilities, in_b->sites, in_b->units, in_b->unit_names});
        }
    }
    for (const ComparedService& service : run_b.services) {
        if (find(run_a, service.id) == run_a.services.end()) {
            summary.only_in_b.push_back(service.id);
        }
    }
    if (summary.services.empty()) {
        throw Error(ExitCode::input_invalid, ErrorContext::in_file((run_b.directory / "summary.json").string()),
                    "the runs share no service id to compare");
    }
    return comparison;
}

RunComparison compare_runs(const fs::path& run_a, const fs::path& run_b) {
    return compare_runs(read_run(run_a), read_run(run_b));
}

ComparisonSummary write_comparison(const RunComparison& comparison, const fs::path& directory, VectorFormat format,
                                   Language language) {
    std::vector<fs::path> inputs;
    for (const fs::path& run : {comparison.run_a, comparison.run_b}) {
        std::error_code ignored;
        for (const auto& entry : fs::directory_iterator(run, ignored)) {
            inputs.push_back(entry.path());
        }
    }
    OutputDirectory output(directory, inputs);
    for (const OutputLayer& difference : comparison.differences) {
        write_layers(output, std::span(&difference, 1), format);
        write_styles(output, std::span(&difference, 1), format);
    }
    // Named as written: a plan's comparison is made before its runs have their directories.
    ComparisonSummary summary = comparison.summary;
    summary.run_a = comparison.run_a.filename().string();
    summary.run_b = comparison.run_b.filename().string();
    write_text_file(output.stage("report.html"),
                    render_comparison_report(summary, comparison.differences, comparison.maps, language));
    commit_with_summary(output, summary);
    return summary;
}

} // namespace lifecircle
