#include "lifecircle/report.hpp"

#include "report/html.hpp"
#include "report/layer_fields.hpp"

namespace lifecircle {
namespace {
using nlohmann::ordered_json;
using namespace report;

std::string card(const ordered_json& value, const std::string& caption) {
    return "<div class=\"card\"><div class=\"big\">" + number(value, 0) + "</div>" + escape(caption) + "</div>";
}

} // namespace

std::string render_name_report(const ordered_json& summary, const OutputLayer& findings) {
    std::string body = "<h1>Place-name check 地名核查</h1>\n<p class=\"meta\">lifecircle " +
                       escape(summary["lifecircle_version"].get<std::string>()) + "</p>\n";
    body += "<div class=\"cards\">" + card(summary["names"], "names read 地名") + card(summary["errors"], "errors 错误") +
            card(summary["warnings"], "warnings 警告") +
            card(summary["romanisations_to_confirm"], "romanisations to confirm 多音字待核") + "</div>\n";

    body += section("rules", "Findings by rule 按规则统计",
                    rule_table(summary["by_rule"], "No findings: the names pass every check."));

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
    for (const ordered_json& source : summary["sources"]) {
        inputs.row({escape(source["source"].get<std::string>()), escape(source["where"].get<std::string>()),
                    escape(source["encoding"].get<std::string>()), escape(source["name_field"].get<std::string>()),
                    escape(source["code_field"].get<std::string>()), number(source["features_read"], 0),
                    number(source["undecodable_fields"], 0)});
    }
    std::string notes = "<p>" + number(summary["pinyin_checked"], 0) + " given romanisations checked; " +
                        number(summary["names_without_scope"], 0) +
                        " names whose code and generic do not say where they must be unique (not compared). "
                        "names.csv gives every name's standard romanisation; a person confirms those with "
                        "polyphonic characters.</p>\n";
    const ordered_json& gazetteer = summary["gazetteer"];
    notes += gazetteer.is_null()
                 ? std::string("<p>No gazetteer given: codes were not compared with the official list.</p>\n")
                 : "<p>Gazetteer " + escape(gazetteer["directory"].get<std::string>()) + ": " +
                       number(gazetteer["units"], 0) + " units; " + number(gazetteer["codes_outside_its_coverage"], 0) +
                       " input codes lie where it lists no units, and were not compared.</p>\n";
    body += section("inputs", "Inputs 输入", inputs.html() + notes);
    return page("Place-name check", body);
}

} // namespace lifecircle
