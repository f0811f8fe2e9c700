// Scenario runs (the program's `run`), and the boundary and name checks:
// each returns what its summary.json says, and writes its outputs when asked.

#include "arrays.hpp"
#include "bindings.hpp"
#include "bridge.hpp"
#include "documents.hpp"

#include "lifecircle/boundary_check.hpp"
#include "lifecircle/name_check.hpp"
#include "lifecircle/plan.hpp"
#include "lifecircle/population.hpp"
#include "lifecircle/run.hpp"

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>
#include <optional>

namespace lifecircle::python {
namespace {

// A scenario file, or a scenario as a dict (relative paths then resolve against the working directory).
Scenario scenario_from(const py::object& scenario) {
    if (py::isinstance<py::dict>(scenario)) {
        const std::string text = py::module_::import("json").attr("dumps")(scenario).cast<std::string>();
        return parse_scenario(text, "scenario dict", std::filesystem::current_path());
    }
    return read_scenario(scenario.cast<std::filesystem::path>());
}

OutputOptions output_options(const std::filesystem::path& directory, const std::string& format, bool demand_points,
                             const std::optional<std::string>& language) {
    OutputOptions options;
    options.directory = directory;
    options.format = parse_vector_format(format);
    options.demand_points = demand_points;
    if (language) {
        options.language = language_named(*language);
        if (!options.language) {
            argument_error("language", "unknown language '" + *language + "': use \"zh\" or \"en\"");
        }
    }
    return options;
}

py::bytes bytes_of(const std::vector<unsigned char>& wkb) {
    return {reinterpret_cast<const char*>(wkb.data()), wkb.size()};
}

py::object optional_number(const std::optional<double>& value) {
    return value ? py::object(py::float_(*value)) : py::object(py::none());
}

py::object run(const py::object& scenario_given, const std::optional<std::filesystem::path>& output,
               const std::string& format, bool demand_points, const std::optional<std::string>& language,
               const py::object& progress) {
    const Scenario scenario = scenario_from(scenario_given);
    if (scenario.baseline.empty()) {
        const RunSummary summary = without_gil(progress, [&](const ProgressCallback& report) {
            const RunResult result = run_scenario(scenario, report);
            return output ? write_results(result, output_options(*output, format, demand_points, language), report)
                          : summarise(result);
        });
        return to_python(summary);
    }
    const Scenario baseline = read_scenario(scenario.baseline);
    const PlanSummaries summaries = without_gil(progress, [&](const ProgressCallback& report) {
        const PlanResult result = run_plan(scenario, baseline, report);
        if (output) {
            return write_plan(result, output_options(*output, format, demand_points, language), report);
        }
        return PlanSummaries{summarise(result.baseline), summarise(result.plan), result.comparison.summary};
    });
    py::dict result;
    result["baseline"] = to_python(summaries.baseline);
    result["plan"] = to_python(summaries.plan);
    result["comparison"] = to_python(summaries.comparison);
    return result;
}

std::string text_item(const py::dict& record, const char* key) {
    return record.contains(key) && !record[key].is_none() ? py::str(record[key]).cast<std::string>() : std::string();
}

py::dict check_names_call(const std::vector<py::dict>& sources_given,
                          const std::optional<std::filesystem::path>& gazetteer, const std::string& gazetteer_encoding,
                          const std::optional<std::filesystem::path>& output, const std::string& format,
                          const py::object& progress) {
    std::vector<NameSourceSpec> sources;
    for (const py::dict& given : sources_given) {
        NameSourceSpec source;
        source.source.path = text_item(given, "path");
        source.source.layer = text_item(given, "layer");
        source.fields.name = text_item(given, "name");
        source.fields.code = text_item(given, "code");
        source.fields.parent = text_item(given, "parent");
        source.fields.pinyin = text_item(given, "pinyin");
        source.encoding = text_item(given, "encoding");
        if (source.source.path.empty() || source.fields.name.empty()) {
            argument_error("sources", "each source needs 'path' and 'name' (the field holding the names)");
        }
        sources.push_back(std::move(source));
    }
    NameCheckOptions options;
    if (gazetteer) {
        options.gazetteer = *gazetteer;
    }
    options.gazetteer_encoding = gazetteer_encoding;
    NameCheckSummary summary;
    const NameCheckResult result = without_gil(progress, [&](const ProgressCallback& report) {
        NameCheckResult checked = check_names(sources, options, report);
        summary = output ? write_name_check(checked, *output, parse_vector_format(format)) : summarise(checked);
        return checked;
    });
    py::list findings;
    for (const NameFinding& finding : result.findings) {
        py::dict record;
        record["rule"] = std::string(to_string(finding.rule));
        record["severity"] = std::string(to_string(finding.severity));
        record["record"] = finding.record ? py::object(py::int_(*finding.record)) : py::object(py::none());
        record["code"] = finding.code;
        record["name"] = finding.name;
        record["characters"] = finding.characters;
        record["message"] = finding.message;
        record["group"] = finding.group;
        findings.append(std::move(record));
    }
    py::list names;
    for (const NameRecord& name : result.records) {
        py::dict record;
        record["source"] = name.source;
        record["feature_id"] = name.feature_id;
        record["name"] = name.name;
        record["code"] = name.code;
        record["parent_code"] = name.parent_code;
        record["level"] = std::string(to_string(name.level));
        record["romanised"] = name.romanised;
        record["polyphonic"] = name.polyphonic;
        record["decoded"] = name.decoded;
        names.append(std::move(record));
    }
    py::dict answer;
    answer["summary"] = to_python(summary);
    answer["findings"] = findings;
    answer["names"] = names;
    return answer;
}

py::dict check_boundaries_call(const std::vector<py::dict>& levels_given, const std::string& crs,
                               const std::string& codes, const std::optional<std::filesystem::path>& output,
                               const std::string& format, const py::object& progress) {
    std::vector<BoundaryLevelSpec> levels;
    for (const py::dict& given : levels_given) {
        BoundaryLevelSpec level;
        level.name = text_item(given, "name");
        level.source.path = text_item(given, "path");
        level.source.layer = text_item(given, "layer");
        level.source.where = text_item(given, "where");
        level.fields.code = text_item(given, "code");
        level.fields.name = text_item(given, "name_field");
        level.fields.parent = text_item(given, "parent");
        if (level.name.empty() || level.source.path.empty()) {
            argument_error("levels", "each level needs 'name' (e.g. township) and 'path'");
        }
        levels.push_back(std::move(level));
    }
    BoundaryTolerances tolerances;
    if (codes == "any") {
        tolerances.codes = CodeStandard::any;
    } else if (codes != "gb") {
        argument_error("codes", "is '" + codes + "'; it must be 'gb' (GB/T 2260 and statistical codes) or 'any'");
    }
    BoundaryCheckSummary summary;
    const BoundaryCheckResult result = without_gil(progress, [&](const ProgressCallback& report) {
        BoundaryCheckResult checked = check_boundaries(levels, tolerances, crs, report);
        summary = output ? write_boundary_check(checked, *output, parse_vector_format(format)) : summarise(checked);
        return checked;
    });
    py::list findings;
    for (const BoundaryFinding& finding : result.findings) {
        py::dict record;
        record["rule"] = std::string(to_string(finding.rule));
        record["severity"] = std::string(to_string(finding.severity));
        record["level"] = finding.level;
        record["feature_id"] = finding.feature_id ? py::object(py::int_(*finding.feature_id)) : py::object(py::none());
        record["code"] = finding.code;
        record["name"] = finding.name;
        record["other_code"] = finding.other_code;
        record["other_name"] = finding.other_name;
        record["message"] = finding.message;
        record["area_m2"] = optional_number(finding.area_m2);
        record["width_m"] = optional_number(finding.width_m);
        record["sliver"] = finding.sliver;
        record["wkb"] = finding.wkb_wgs84.empty() ? py::object(py::none()) : py::object(bytes_of(finding.wkb_wgs84));
        findings.append(std::move(record));
    }
    py::dict answer;
    answer["summary"] = to_python(summary);
    answer["findings"] = findings;
    return answer;
}

py::dict read_population_call(const std::vector<std::string>& rasters, const std::string& layer_path,
                              const std::string& layer, const std::string& field, const py::object& progress) {
    PopulationSpec spec;
    for (const std::string& raster : rasters) {
        spec.rasters.push_back(parse_source(raster));
    }
    if (!layer_path.empty()) {
        SourceSpec source;
        source.path = layer_path;
        source.layer = layer;
        spec.layer = source;
        spec.field = field;
    }
    if (spec.rasters.empty() == !spec.layer.has_value()) {
        argument_error("rasters", "give population rasters, or a layer with its population field, not both");
    }
    DemandPoints demand =
        without_gil(progress, [&](const ProgressCallback& report) { return read_population(spec, report); });
    std::vector<PlanarPoint> lonlat(demand.positions.size());
    std::transform(demand.positions.begin(), demand.positions.end(), lonlat.begin(), [](LonLat position) {
        return PlanarPoint{position.lon, position.lat};
    });
    py::dict result;
    result["lonlat"] = to_numpy(lonlat);
    result["weights"] = to_numpy(std::move(demand.weights));
    result["feature_ids"] = to_numpy(std::move(demand.feature_ids));
    result["report"] = to_python(demand.report);
    return result;
}

} // namespace

void bind_runs(py::module_& module) {
    module.def("read_population", &read_population_call, py::arg("rasters") = std::vector<std::string>{},
               py::arg("layer_path") = "", py::arg("layer") = "", py::arg("field") = "",
               py::arg("progress") = py::none(),
               "Demand as the scenario's population reads it: population rasters summed cell by cell "
               "(each populated cell a point), or a layer with a population field. Returns WGS 84 "
               "lonlat (n, 2), weights, the layer's feature ids and the read report.");
    module.def("run", &run, py::arg("scenario"), py::arg("output") = py::none(), py::arg("format") = "GeoJSON",
               py::arg("demand_points") = false, py::arg("language") = py::none(), py::arg("progress") = py::none(),
               "Runs a scenario (a file, or a dict as the file would hold) as `lifecircle run` does; returns "
               "its summary.json as a dict, and writes every output to `output` when given, its reports in "
               "`language` ('zh' or 'en'; default: the scenario's outputs.language, else 'zh'). A plan with a "
               "baseline returns {'baseline', 'plan', 'comparison'}.");
    module.def("check_names", &check_names_call, py::arg("sources"), py::arg("gazetteer") = py::none(),
               py::arg("gazetteer_encoding") = "", py::arg("output") = py::none(), py::arg("format") = "GeoJSON",
               py::arg("progress") = py::none(),
               "Checks place names and codes as `lifecircle check-names` does. sources: dicts with path, name "
               "(the name field) and optionally layer, code, parent, pinyin, encoding. Returns the summary, "
               "the findings and every name with its romanisation.");
    module.def("check_boundaries", &check_boundaries_call, py::arg("levels"), py::arg("crs") = "auto",
               py::arg("codes") = "gb", py::arg("output") = py::none(), py::arg("format") = "GeoJSON",
               py::arg("progress") = py::none(),
               "Checks boundary polygons as `lifecircle check-boundaries` does. levels, from the top down: "
               "dicts with name, path and optionally layer, where, code, name_field, parent. Returns the "
               "summary and the findings (their geometry as WGS 84 WKB).");
}

} // namespace lifecircle::python
