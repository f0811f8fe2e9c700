#include "lifecircle/report.hpp"

#include "report/html.hpp"
#include "report/layer_fields.hpp"

namespace lifecircle {
namespace {
using namespace report;

std::string card(std::uint64_t value, const std::string& caption) {
    return "<div class=\"card\"><div class=\"big\">" + number(static_cast<double>(value), 0) + "</div>" +
           escape(caption) + "</div>";
}

std::string count(std::uint64_t value) {
    return number(static_cast<double>(value), 0);
}

} // namespace

std::string render_name_report(const NameCheckSummary& summary, const OutputLayer& findings) {
    std::string body = "<h1>Place-name check 地名核查</h1>\n<p class=\"meta\">lifecircle " +
                       escape(summary.lifecircle_version) + "</p>\n";
    body += "<div class=\"cards\">" + card(summary.names, "names read 地名") +
            card(summary.counts.errors, "errors 错误") + card(summary.counts.warnings, "warnings 警告") +
            card(summary.romanisations_to_confirm, "romanisations to confirm 多音字待核") + "</div>\n";

    body += section("rules", "Findings by rule 按规则统计",
                    rule_table(summary.counts.by_rule, "No findings: the names pass every check."));

    Table list({"rule", "severity", "code", "name", "message", "group"});
    const std::size_t rows = findings.attributes.row_count();
    for (std::size_t row = 0; row < rows && row < listed_findings; ++row) {
        list.row({escape(text_of(findings, "rule", row)), escape(text_of(findings, "severity", row)),
                  escape(text_of(findings, "code", row)), escape(text_of(findings, "name", row)),
                  escape(text_of(findings, "message", row)), escape(text_of(findings, "group", row))},
                 text_of(findings, "severity", row) == "error" ? "fail" : "");
    }
    std::string listed = list.empty() ? std::string("<p>None.</p>\n") : list.html();
    listed += listed_findings_note(rows);
    body += section("findings", "Findings 问题清单", listed);

    Table inputs({"source", "filter", "encoding", "name field", "code field", "#names", "#undecodable fields"});
    for (const NameSourceSummary& source : summary.sources) {
        inputs.row({escape(source.read.source), escape(source.where), escape(source.encoding),
                    escape(source.name_field), escape(source.code_field), count(source.read.features_read),
                    count(source.undecodable_fields)});
    }
    std::string notes = "<p>" + count(summary.pinyin_checked) + " given romanisations checked; " +
                        count(summary.names_without_scope) +
                        " names whose code and generic do not say where they must be unique (not compared). "
                        "names.csv gives every name's standard romanisation; a person confirms those with "
                        "polyphonic characters.</p>\n";
    const std::optional<GazetteerSummary>& gazetteer = summary.gazetteer;
    notes += !gazetteer ? std::string("<p>No gazetteer given: codes were not compared with the official list.</p>\n")
                        : "<p>Gazetteer " + escape(gazetteer->directory) + ": " + count(gazetteer->units) + " units; " +
                              count(gazetteer->codes_outside_its_coverage) +
                              " input codes lie where it lists no units, and were not compared.</p>\n";
    body += section("inputs", "Inputs 输入", inputs.html() + notes);
    return page("Place-name check", body);
}

} // namespace lifecircle
