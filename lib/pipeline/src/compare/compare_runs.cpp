#include "lifecircle/compare.hpp"
#include "lifecircle/report.hpp"
#include "lifecircle/error.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace lifecircle {
namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

json read_summary(const fs::path& run) {
    const fs::path file = run / "summary.json";
    std::ifstream stream(file);
    if (!stream) {
        throw Error(ExitCode::input_unreadable, {file.string(), {}, {}, {}, {}},
                    "no summary.json: is this the output directory of a lifecircle run?");
    }
    try {
        return json::parse(stream);
    } catch (const json::exception& error) {
        throw Error(ExitCode::input_invalid, {file.string(), {}, {}, {}, {}},
                    std::string("not valid JSON: ") + error.what());
    }
}

// The demand layer a run wrote for a service, in whichever format it used.
fs::path demand_layer(const fs::path& run, const std::string& service) {
    for (const char* extension : {".gpkg", ".geojson", ".csv"}) {
        const fs::path file = run / ("demand_" + service + extension);
        if (fs::exists(file)) {
            return file;
        }
    }
    throw Error(ExitCode::input_unreadable, {(run / ("demand_" + service + ".*")).string(), {}, {}, {}, {}},
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

// A demand layer as lifecircle wrote it, read back for comparison.
ComparedService read_service(const fs::path& run, const std::string& id) {
    const fs::path file = demand_layer(run, id);
    const PointLayer layer = read_point_layer({file, {}, {}, false, {}});
    const auto field = [&](const char* name) {
        const auto index = layer.attributes.field_index(name);
        if (!index) {
            throw Error(ExitCode::input_invalid, {file.string(), {}, {}, name, {}},
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
    for (std::size_t i = 0; i < layer.positions.size(); ++i) {
        if (fid) {
            service.keys.emplace_back(integer_field(layer, i, *fid), 0);
        } else if (row && col) {
            service.keys.emplace_back(integer_field(layer, i, *row), integer_field(layer, i, *col));
        } else {
            throw Error(ExitCode::input_invalid, {file.string(), {}, {}, "source_fid", {}},
                        "demand points carry neither source_fid nor row/col to match them by");
        }
        service.weights.push_back(real_field(layer, i, weight));
        service.cost_m.push_back(real_field(layer, i, cost));
        service.covered.push_back(integer_field(layer, i, covered) == 1);
    }
    return service;
}

ServiceComparison compare_service(const ComparedService& a, const ComparedService& b) {
    std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> in_b;
    for (std::size_t i = 0; i < b.keys.size(); ++i) {
        in_b.emplace(b.keys[i], i);
    }
    if (in_b.size() != a.keys.size()) {
        throw Error(ExitCode::input_invalid, {b.origin, {}, {}, {}, {}},
                    "the runs have different demand (" + std::to_string(a.keys.size()) + " and " +
                        std::to_string(in_b.size()) + " points): compare runs over the same population");
    }
    ServiceComparison result;
    result.id = a.id;
    result.difference.name = "difference_" + a.id;
    result.difference.attributes = AttributeTable({{"status", FieldType::string},
                                                   {"weight", FieldType::real},
                                                   {"cost_m_a", FieldType::real},
                                                   {"cost_m_b", FieldType::real}});
    for (std::size_t i = 0; i < a.keys.size(); ++i) {
        const auto match = in_b.find(a.keys[i]);
        if (match == in_b.end()) {
            throw Error(ExitCode::input_invalid, {b.origin, {}, {}, {}, {}},
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
        result.difference.points.push_back(a.positions[i]);
        result.difference.attributes.add_row({std::string(status), weight, a.cost_m[i], b.cost_m[j]});
    }
    return result;
}

std::optional<double> optional_number(const json& value) {
    return value.is_number() ? std::optional(value.get<double>()) : std::nullopt;
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
                (in_a ? comparison->failing_units_a : comparison->failing_units_b) = target.failing_units;
            }
        }
    }
    return targets;
}

} // namespace

ComparedRun read_run(const fs::path& directory) {
    const json summary = read_summary(directory);
    ComparedRun run;
    run.directory = directory;
    for (const json& service : summary.value("services", json::array())) {
        run.services.push_back(read_service(directory, service.value("id", "")));
    }
    for (const json& target : summary.value("targets", json::array())) {
        ComparedTarget& compared = run.targets.emplace_back();
        compared.id = target.value("id", "");
        compared.indicator = target.value("indicator", "");
        compared.min = optional_number(target.value("min", json()));
        compared.max = optional_number(target.value("max", json()));
        compared.value = optional_number(target.value("value", json()));
        compared.met = target.value("met", false);
        if (target.contains("failing_units")) {
            compared.failing_units = target["failing_units"].size();
        }
    }
    return run;
}

ComparedRun compared_run(const RunResult& result, const fs::path& directory) {
    ComparedRun run;
    run.directory = directory;
    const std::string origin = result.scenario.file.empty() ? result.scenario.name : result.scenario.file.string();
    for (const ServiceResult& service : result.services) {
        const DemandPoints& points = result.inputs.demand.at(service.spec.demand).points;
        ComparedService& compared = run.services.emplace_back();
        compared.id = service.spec.id;
        compared.origin = origin;
        compared.positions = points.positions;
        compared.weights = points.weights;
        compared.cost_m = service.costs.cost_m;
        // Raster cells by their row and col, features by FID: as the demand layer writes them.
        const auto row = points.attributes.field_index("row");
        const auto col = points.attributes.field_index("col");
        for (std::size_t i = 0; i < points.size(); ++i) {
            if (!points.feature_ids.empty()) {
                compared.keys.emplace_back(points.feature_ids[i], 0);
            } else {
                compared.keys.emplace_back(std::get<std::int64_t>(points.attributes.value(i, *row)),
                                           std::get<std::int64_t>(points.attributes.value(i, *col)));
            }
            compared.covered.push_back(service.costs.cost_m[i] <= service.spec.threshold.value);
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
    comparison.targets = compare_targets(run_a, run_b);
    const auto find = [](const ComparedRun& run, const std::string& id) {
        return std::find_if(run.services.begin(), run.services.end(),
                            [&](const ComparedService& service) { return service.id == id; });
    };
    for (const ComparedService& service : run_a.services) {
        const auto in_b = find(run_b, service.id);
        if (in_b == run_b.services.end()) {
            comparison.only_in_a.push_back(service.id);
        } else {
            comparison.services.push_back(compare_service(service, *in_b));
        }
    }
    for (const ComparedService& service : run_b.services) {
        if (find(run_a, service.id) == run_a.services.end()) {
            comparison.only_in_b.push_back(service.id);
        }
    }
    if (comparison.services.empty()) {
        throw Error(ExitCode::input_invalid, {(run_b.directory / "summary.json").string(), {}, {}, {}, {}},
                    "the runs share no service id to compare");
    }
    return comparison;
}

RunComparison compare_runs(const fs::path& run_a, const fs::path& run_b) {
    return compare_runs(read_run(run_a), read_run(run_b));
}

ordered_json summarise(const RunComparison& comparison) {
    ordered_json summary;
    summary["run_a"] = comparison.run_a.filename().string();
    summary["run_b"] = comparison.run_b.filename().string();
    summary["services"] = ordered_json::array();
    for (const ServiceComparison& service : comparison.services) {
        const double total = service.demand_total;
        summary["services"].push_back({{"id", service.id},
                                       {"demand_total", total},
                                       {"covered_a", service.covered_a},
                                       {"covered_b", service.covered_b},
                                       {"share_a", total > 0.0 ? service.covered_a / total : 0.0},
                                       {"share_b", total > 0.0 ? service.covered_b / total : 0.0},
                                       {"newly_covered", service.newly_covered},
                                       {"newly_lost", service.newly_lost},
                                       {"points", service.points},
                                       {"points_newly_covered", service.points_newly_covered},
                                       {"points_newly_lost", service.points_newly_lost}});
    }
    summary["only_in_a"] = comparison.only_in_a;
    summary["only_in_b"] = comparison.only_in_b;
    const auto nullable = [](const auto& value) { return value ? ordered_json(*value) : ordered_json(nullptr); };
    if (!comparison.targets.empty()) {
        summary["targets"] = ordered_json::array();
        for (const TargetComparison& target : comparison.targets) {
            ordered_json entry{{"id", target.id},
                              {"indicator", target.indicator},
                              {"min", nullable(target.min)},
                              {"max", nullable(target.max)},
                              {"value_a", nullable(target.value_a)},
                              {"value_b", nullable(target.value_b)},
                              {"change", target.value_a && target.value_b ? ordered_json(*target.value_b - *target.value_a)
                                                                          : ordered_json(nullptr)},
                              {"met_a", nullable(target.met_a)},
                              {"met_b", nullable(target.met_b)}};
            if (target.failing_units_a || target.failing_units_b) {
                entry["failing_units_a"] = nullable(target.failing_units_a);
                entry["failing_units_b"] = nullable(target.failing_units_b);
            }
            summary["targets"].push_back(std::move(entry));
        }
    }
    return summary;
}

ordered_json write_comparison(const RunComparison& comparison, const fs::path& directory, VectorFormat format) {
    std::vector<fs::path> inputs;
    for (const fs::path& run : {comparison.run_a, comparison.run_b}) {
        std::error_code ignored;
        for (const auto& entry : fs::directory_iterator(run, ignored)) {
            inputs.push_back(entry.path());
        }
    }
    OutputDirectory output(directory, inputs);
    for (const ServiceComparison& service : comparison.services) {
        write_layers(output, std::span<const OutputLayer>(&service.difference, 1), format);
        write_styles(output, std::span<const OutputLayer>(&service.difference, 1), format);
    }
    ordered_json summary = summarise(comparison);
    std::vector<OutputLayer> differences;
    for (const ServiceComparison& service : comparison.services) {
        differences.push_back(service.difference);
    }
    write_text_file(output.stage("report.html"), render_comparison_report(summary, differences));
    commit_with_summary(output, summary);
    return summary;
}

} // namespace lifecircle
