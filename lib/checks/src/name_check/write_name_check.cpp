#include "lifecircle/name_check.hpp"
#include "lifecircle/report.hpp"
#include "lifecircle/version.hpp"

#include "findings/rule_tally.hpp"

#include <map>

namespace lifecircle {
namespace {

std::string joined(const std::vector<std::string>& parts, const char* separator) {
    std::string text;
    for (const std::string& part : parts) {
        text += text.empty() ? "" : separator;
        text += part;
    }
    return text;
}

const std::vector<FieldDefinition> finding_fields{
    {"rule", FieldType::string},        {"severity", FieldType::string}, {"source", FieldType::string},
    {"source_fid", FieldType::integer}, {"code", FieldType::string},     {"name", FieldType::string},
    {"characters", FieldType::string},  {"message", FieldType::string},  {"group", FieldType::string}};

std::vector<FieldValue> finding_row(const NameCheckResult& result, const NameFinding& finding) {
    const NameRecord* record = finding.record ? &result.records[*finding.record] : nullptr;
    return {std::string(to_string(finding.rule)),
            std::string(to_string(finding.severity)),
            record ? FieldValue{result.sources[record->source].report.source} : FieldValue{std::string("gazetteer")},
            record ? FieldValue{record->feature_id} : FieldValue{},
            finding.code,
            finding.name,
            finding.characters,
            finding.message,
            joined(finding.group, "; ")};
}

} // namespace

NameCheckSummary summarise(const NameCheckResult& result) {
    NameCheckSummary summary;
    summary.lifecircle_version = LIFECIRCLE_VERSION;
    for (const NameSourceResult& source : result.sources) {
        const NameFields& fields = source.spec.fields;
        summary.sources.push_back({source.report, source.spec.source.where,
                                   source.spec.encoding.empty() ? "UTF-8 or the .cpg" : source.spec.encoding,
                                   fields.name, fields.code, fields.parent, fields.pinyin, source.undecodable});
    }
    for (const NameRecord& record : result.records) {
        ++summary.names_by_level[to_string(record.level)];
        summary.romanisations_to_confirm += record.polyphonic.empty() ? 0U : 1U;
    }
    summary.names = result.records.size();
    summary.names_without_scope = result.unscoped;
    summary.pinyin_checked = result.pinyin_checked;
    if (result.gazetteer) {
        summary.gazetteer = GazetteerSummary{result.gazetteer->directory.string(), result.gazetteer->units,
                                             result.gazetteer->outside_coverage};
    }
    detail::RuleTally tally(name_rules);
    for (const NameFinding& finding : result.findings) {
        tally.count(finding.rule, finding.severity,
                    finding.record ? to_string(result.records[*finding.record].level) : "gazetteer");
    }
    summary.counts = tally.counts({"county", "township", "village", "other", "gazetteer"});
    return summary;
}

NameCheckSummary write_name_check(const NameCheckResult& result, const std::filesystem::path& directory,
                                  VectorFormat format, Language language) {
    std::vector<std::filesystem::path> inputs;
    for (const NameSourceResult& source : result.sources) {
        inputs.push_back(source.spec.source.path);
    }
    OutputDirectory output(directory, inputs);
    OutputLayer findings;
    findings.name = "findings";
    findings.attributes = AttributeTable(finding_fields);
    OutputLayer placed; // the findings whose unit has a geometry
    placed.name = "findings_names";
    placed.attributes = AttributeTable(finding_fields);
    for (const NameFinding& finding : result.findings) {
        std::vector<FieldValue> row = finding_row(result, finding);
        if (finding.record && !result.records[*finding.record].wkb_wgs84.empty()) {
            placed.wkb_wgs84.push_back(result.records[*finding.record].wkb_wgs84);
            placed.attributes.add_row(row);
        }
        findings.attributes.add_row(std::move(row));
    }
    write_layer(findings, VectorFormat::csv, output.stage("findings.csv"));
    if (placed.attributes.row_count() > 0 && format != VectorFormat::csv) {
        write_layer(placed, format, output.stage(placed.name + file_extension(format)));
    }

    std::vector<std::size_t> finding_count(result.records.size(), 0);
    for (const NameFinding& finding : result.findings) {
        if (finding.record) {
            ++finding_count[*finding.record];
        }
    }
    OutputLayer names;
    names.name = "names";
    names.attributes = AttributeTable({{"source", FieldType::string},
                                       {"source_fid", FieldType::integer},
                                       {"code", FieldType::string},
                                       {"name", FieldType::string},
                                       {"level", FieldType::string},
                                       {"parent_code", FieldType::string},
                                       {"pinyin_given", FieldType::string},
                                       {"romanised", FieldType::string},
                                       {"confirm_characters", FieldType::string},
                                       {"findings", FieldType::integer}});
    for (std::size_t index = 0; index < result.records.size(); ++index) {
        const NameRecord& record = result.records[index];
        names.attributes.add_row({result.sources[record.source].report.source, record.feature_id, record.code,
                                  record.name, std::string(to_string(record.level)), record.parent_code, record.pinyin,
                                  record.romanised, joined(record.polyphonic, ""),
                                  static_cast<std::int64_t>(finding_count[index])});
    }
    write_layer(names, VectorFormat::csv, output.stage("names.csv"));

    NameCheckSummary summary = summarise(result);
    write_text_file(output.stage("report.html"), render_name_report(summary, findings, language));
    commit_with_summary(output, summary);
    return summary;
}

} // namespace lifecircle
