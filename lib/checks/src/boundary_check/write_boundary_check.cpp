#include "lifecircle/boundary_check.hpp"
#include "lifecircle/report.hpp"
#include "lifecircle/version.hpp"

#include "findings/rule_tally.hpp"

#include <ogr_geometry.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace lifecircle {
namespace {

enum class Shape { none, point, line, area };

Shape shape_of(const std::vector<unsigned char>& wkb) {
    if (wkb.size() < 5) {
        return Shape::none;
    }
    std::uint32_t type = 0;
    std::memcpy(&type, wkb.data() + 1, sizeof type);
    if (wkb[0] == 0) { // big-endian WKB
        type = __builtin_bswap32(type);
    }
    switch (type % 1000U) {
    case 1:
    case 4:
        return Shape::point;
    case 2:
    case 5:
        return Shape::line;
    default:
        return Shape::area;
    }
}

std::unique_ptr<OGRGeometry> parse(const std::vector<unsigned char>& wkb) {
    OGRGeometry* geometry = nullptr;
    OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &geometry, wkb.size());
    return std::unique_ptr<OGRGeometry>(geometry);
}

const std::vector<FieldDefinition> finding_fields{
    {"rule", FieldType::string},       {"severity", FieldType::string},   {"level", FieldType::string},
    {"source_fid", FieldType::integer}, {"code", FieldType::string},       {"name", FieldType::string},
    {"other_code", FieldType::string},  {"other_name", FieldType::string}, {"message", FieldType::string},
    {"area_m2", FieldType::real},       {"width_m", FieldType::real},      {"sliver", FieldType::integer}};

std::vector<FieldValue> finding_row(const BoundaryFinding& finding) {
    const auto optional = [](const std::optional<double>& value) { return value ? FieldValue{*value} : FieldValue{}; };
    return {std::string(to_string(finding.rule)),
            std::string(to_string(finding.severity)),
            finding.level,
            finding.feature_id ? FieldValue{*finding.feature_id} : FieldValue{},
            finding.code,
            finding.name,
            finding.other_code,
            finding.other_name,
            finding.message,
            optional(finding.area_m2),
            optional(finding.width_m),
            std::int64_t{finding.sliver ? 1 : 0}};
}

} // namespace

BoundaryCheckSummary summarise(const BoundaryCheckResult& result) {
    BoundaryCheckSummary summary;
    summary.lifecircle_version = LIFECIRCLE_VERSION;
    summary.working_crs = result.working_crs;
    const BoundaryTolerances& tolerances = result.tolerances;
    summary.tolerances = {tolerances.edge_distance.value, tolerances.sliver_width.value, tolerances.sliver_thinness,
                          tolerances.gap_width.value,     tolerances.nesting_area_m2, tolerances.enclave_share,
                          tolerances.codes == CodeStandard::gb ? "gb" : "any"};
    std::vector<std::string> levels;
    for (const BoundaryLevelResult& level : result.levels) {
        summary.levels.push_back({level.report, level.spec.name, level.spec.source.where, level.spec.fields.code,
                                  level.spec.fields.name, level.spec.fields.parent, level.repairs.size()});
        levels.push_back(level.spec.name);
    }
    detail::RuleTally tally(boundary_rules);
    for (const BoundaryFinding& finding : result.findings) {
        tally.count(finding.rule, finding.severity, finding.level);
    }
    summary.counts = tally.counts(levels);
    summary.slivers = static_cast<std::uint64_t>(std::count_if(
        result.findings.begin(), result.findings.end(), [](const BoundaryFinding& finding) { return finding.sliver; }));
    return summary;
}

BoundaryCheckSummary write_boundary_check(const BoundaryCheckResult& result, const std::filesystem::path& directory,
                                          VectorFormat format, Language language) {
    std::vector<std::filesystem::path> inputs;
    for (const BoundaryLevelResult& level : result.levels) {
        inputs.push_back(level.spec.source.path);
    }
    OutputDirectory output(directory, inputs);
    // Findings by the shape of their geometry, so each layer has one type in
    // QGIS; every finding, with or without geometry, in findings.csv.
    std::vector<OutputLayer> layers(3);
    layers[0].name = "findings_areas";
    layers[1].name = "findings_lines";
    layers[2].name = "findings_points";
    OutputLayer all;
    all.name = "findings";
    std::vector<FieldDefinition> with_place = finding_fields;
    with_place.push_back({"lon", FieldType::real});
    with_place.push_back({"lat", FieldType::real});
    all.attributes = AttributeTable(with_place);
    for (OutputLayer& layer : layers) {
        layer.attributes = AttributeTable(finding_fields);
    }
    for (const BoundaryFinding& finding : result.findings) {
        std::vector<FieldValue> row = finding_row(finding);
        const Shape shape = shape_of(finding.wkb_wgs84);
        std::vector<FieldValue> place{FieldValue{}, FieldValue{}};
        if (shape != Shape::none) {
            const std::unique_ptr<OGRGeometry> geometry = parse(finding.wkb_wgs84);
            OGREnvelope envelope;
            geometry->getEnvelope(&envelope);
            place = {0.5 * (envelope.MinX + envelope.MaxX), 0.5 * (envelope.MinY + envelope.MaxY)};
            if (shape == Shape::point) {
                layers[2].points.push_back({envelope.MinX, envelope.MinY});
                layers[2].attributes.add_row(row);
            } else {
                OutputLayer& layer = layers[shape == Shape::area ? 0 : 1];
                layer.wkb_wgs84.push_back(finding.wkb_wgs84);
                layer.attributes.add_row(row);
            }
        }
        row.insert(row.end(), place.begin(), place.end());
        all.attributes.add_row(std::move(row));
    }
    std::vector<OutputLayer> written;
    for (OutputLayer& layer : layers) {
        if (layer.attributes.row_count() > 0) {
            write_layer(layer, format, output.stage(layer.name + file_extension(format)));
            written.push_back(std::move(layer));
        }
    }
    write_layer(all, VectorFormat::csv, output.stage("findings.csv"));
    for (const BoundaryLevelResult& level : result.levels) {
        if (level.repairs.empty()) {
            continue;
        }
        OutputLayer repaired;
        repaired.name = "repaired_" + level.spec.name;
        repaired.attributes = AttributeTable({{"source_fid", FieldType::integer},
                                              {"code", FieldType::string},
                                              {"name", FieldType::string},
                                              {"invalid_because", FieldType::string}});
        for (const BoundaryRepair& repair : level.repairs) {
            repaired.wkb_wgs84.push_back(repair.wkb_wgs84);
            repaired.attributes.add_row({std::int64_t{repair.feature_id}, repair.code, repair.name, repair.reason});
        }
        write_layer(repaired, format, output.stage(repaired.name + file_extension(format)));
    }
    write_styles(output, written, format);
    BoundaryCheckSummary summary = summarise(result);
    // The report draws the units as read under the findings.
    std::vector<OutputLayer> drawn;
    for (const BoundaryLevelResult& level : result.levels) {
        OutputLayer outlines;
        outlines.name = "units_" + level.spec.name;
        for (const std::vector<unsigned char>& wkb : level.outlines_wgs84) {
            if (!wkb.empty()) {
                outlines.wkb_wgs84.push_back(wkb);
            }
        }
        drawn.push_back(std::move(outlines));
    }
    for (OutputLayer& layer : written) {
        drawn.push_back(std::move(layer));
    }
    drawn.push_back(std::move(all));
    write_text_file(output.stage("report.html"), render_boundary_report(summary, drawn, language));
    commit_with_summary(output, summary);
    return summary;
}

} // namespace lifecircle
