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

// A demand point's identity across runs: its raster cell, or its source feature.
struct DemandKeys {
    std::vector<std::pair<std::int64_t, std::int64_t>> keys;
    std::size_t covered_field = 0;
    std::size_t weight_field = 0;
    std::size_t cost_field = 0;
};

DemandKeys demand_keys(const PointLayer& layer, const fs::path& file) {
    const auto field = [&](const char* name) {
        const auto index = layer.attributes.field_index(name);
        if (!index) {
            throw Error(ExitCode::input_invalid, {file.string(), {}, {}, name, {}},
                        "the demand layer lacks this field; was it written by lifecircle?");
        }
        return *index;
    };
    DemandKeys keys;
    keys.covered_field = field("covered");
    keys.weight_field = field("weight");
    keys.cost_field = field("cost_m");
    const auto fid = layer.attributes.field_index("source_fid");
    const auto row = layer.attributes.field_index("row");
    const auto col = layer.attributes.field_index("col");
    for (std::size_t i = 0; i < layer.positions.size(); ++i) {
        if (fid) {
            keys.keys.emplace_back(integer_field(layer, i, *fid), 0);
        } else if (row && col) {
            keys.keys.emplace_back(integer_field(layer, i, *row), integer_field(layer, i, *col));
        } else {
            throw Error(ExitCode::input_invalid, {file.string(), {}, {}, "source_fid", {}},
                        "demand points carry neither source_fid nor row/col to match them by");
        }
    }
    return keys;
}

ServiceComparison compare_service(const fs::path& run_a, const fs::path& run_b, const std::string& id) {
    const fs::path file_a = demand_layer(run_a, id);
    const fs::path file_b = demand_layer(run_b, id);
    const PointLayer a = read_point_layer({file_a, {}, {}, false, {}});
    const PointLayer b = read_point_layer({file_b, {}, {}, false, {}});
    const DemandKeys keys_a = demand_keys(a, file_a);
    const DemandKeys keys_b = demand_keys(b, file_b);
    std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> in_b;
    for (std::size_t i = 0; i < keys_b.keys.size(); ++i) {
        in_b.emplace(keys_b.keys[i], i);
    }
    if (in_b.size() != keys_a.keys.size()) {
        throw Error(ExitCode::input_invalid, {file_b.string(), {}, {}, {}, {}},
                    "the runs have different demand (" + std::to_string(keys_a.keys.size()) + " and " +
                        std::to_string(in_b.size()) + " points): compare runs over the same population");
    }
    ServiceComparison result;
    result.id = id;
    result.difference.name = "difference_" + id;
    result.difference.attributes = AttributeTable({{"status", FieldType::string},
                                                   {"weight", FieldType::real},
                                                   {"cost_m_a", FieldType::real},
                                                   {"cost_m_b", FieldType::real}});
    for (std::size_t i = 0; i < keys_a.keys.size(); ++i) {
        const auto match = in_b.find(keys_a.keys[i]);
        if (match == in_b.end()) {
            throw Error(ExitCode::input_invalid, {file_b.string(), {}, {}, {}, {}},
                        "a demand point of the first run (feature " + std::to_string(a.feature_ids[i]) +
                            ") is missing: compare runs over the same population");
        }
        const std::size_t j = match->second;
        const double weight = real_field(a, i, keys_a.weight_field);
        const bool covered_a = integer_field(a, i, keys_a.covered_field) == 1;
        const bool covered_b = integer_field(b, j, keys_b.covered_field) == 1;
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
        result.difference.attributes.add_row(
            {std::string(status), weight, real_field(a, i, keys_a.cost_field), real_field(b, j, keys_b.cost_field)});
    }
    return result;
}

std::vector<std::string> service_ids(const json& summary) {
    std::vector<std::string> ids;
    for (const json& service : summary.value("services", json::array())) {
        ids.push_back(service.value("id", ""));
    }
    return ids;
}

std::optional<double> optional_number(const json& value) {
    return value.is_number() ? std::optional(value.get<double>()) : std::nullopt;
}

// Targets by id, as each run's summary reports them.
std::vector<TargetComparison> compare_targets(const json& summary_a, const json& summary_b) {
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
        for (const json& target : (in_a ? summary_a : summary_b).value("targets", json::array())) {
            const auto comparison = find(target.value("id", ""));
            comparison->indicator = target.value("indicator", "");
            comparison->min = optional_number(target.value("min", json()));
            comparison->max = optional_number(target.value("max", json()));
            (in_a ? comparison->value_a : comparison->value_b) = optional_number(target.value("value", json()));
            (in_a ? comparison->met_a : comparison->met_b) = target.value("met", false);
            if (target.contains("failing_units")) {
                (in_a ? comparison->failing_units_a : comparison->failing_units_b) = target["failing_units"].size();
            }
        }
    }
    return targets;
}

} // namespace

RunComparison compare_runs(const fs::path& run_a, const fs::path& run_b) {
    RunComparison comparison;
    comparison.run_a = run_a;
    comparison.run_b = run_b;
    const json summary_a = read_summary(run_a);
    const json summary_b = read_summary(run_b);
    comparison.targets = compare_targets(summary_a, summary_b);
    const std::vector<std::string> ids_a = service_ids(summary_a);
    const std::vector<std::string> ids_b = service_ids(summary_b);
    for (const std::string& id : ids_a) {
        if (std::find(ids_b.begin(), ids_b.end(), id) == ids_b.end()) {
            comparison.only_in_a.push_back(id);
        } else {
            comparison.services.push_back(compare_service(run_a, run_b, id));
        }
    }
    for (const std::string& id : ids_b) {
        if (std::find(ids_a.begin(), ids_a.end(), id) == ids_a.end()) {
            comparison.only_in_b.push_back(id);
        }
    }
    if (comparison.services.empty()) {
        throw Error(ExitCode::input_invalid, {(run_b / "summary.json").string(), {}, {}, {}, {}},
                    "the runs share no service id to compare");
    }
    return comparison;
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
