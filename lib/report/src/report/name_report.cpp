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

std::string render_name_report(const NameCheckSummary& summary, const OutputLayer& findings, Language language) {
    const Words words(language);
    std::string body = "<h1>" + words(Msg::names_title) + "</h1>\n<p class=\"meta\">" +
                       escape(words(Msg::meta_version, {summary.lifecircle_version})) + "</p>\n";
    body += "<div class=\"cards\">" + card(summary.names, words(Msg::card_names)) +
            card(summary.counts.errors, words(Msg::card_errors)) +
            card(summary.counts.warnings, words(Msg::card_warnings)) +
            card(summary.romanisations_to_confirm, words(Msg::card_romanisations)) + "</div>\n";

    body +=
        section("rules", words(Msg::section_rules), rule_table(words, summary.counts.by_rule, words(Msg::names_clean)));

    Table list({words(Msg::col_rule), words(Msg::col_severity), words(Msg::col_code), words(Msg::col_name),
                words(Msg::col_message), words(Msg::col_group)});
    const std::size_t rows = findings.attributes.row_count();
    for (std::size_t row = 0; row < rows && row < listed_findings; ++row) {
        list.row({escape(text_of(findings, "rule", row)),
                  escape(severity_text(words, text_of(findings, "severity", row))),
                  escape(text_of(findings, "code", row)), escape(text_of(findings, "name", row)),
                  escape(text_of(findings, "message", row)), escape(text_of(findings, "group", row))},
                 text_of(findings, "severity", row) == "error" ? "fail" : "");
    }
    std::string listed = list.empty() ? "<p>" + words(Msg::none_found) + "</p>\n" : list.html();
    listed += listed_findings_note(words, rows);
    body += section("findings", words(Msg::section_findings), listed);

    Table inputs({words(Msg::col_source), words(Msg::col_filter), words(Msg::col_encoding), words(Msg::col_name_field),
                  words(Msg::col_code_field), "#" + words(Msg::col_names), "#" + words(Msg::col_undecodable)});
    for (const NameSourceSummary& source : summary.sources) {
        inputs.row({escape(source.read.source), escape(source.where), escape(source.encoding),
                    escape(source.name_field), escape(source.code_field), count(source.read.features_read),
                    count(source.undecodable_fields)});
    }
    std::string notes =
        "<p>" + words(Msg::names_notes, {count(summary.pinyin_checked), count(summary.names_without_scope)}) + "</p>\n";
    const std::optional<GazetteerSummary>& gazetteer = summary.gazetteer;
    notes += !gazetteer ? "<p>" + words(Msg::no_gazetteer) + "</p>\n"
                        : "<p>" +
                              escape(words(Msg::gazetteer_notes, {gazetteer->directory, count(gazetteer->units),
                                                                  count(gazetteer->codes_outside_its_coverage)})) +
                              "</p>\n";
    body += section("inputs", words(Msg::section_inputs), inputs.html() + notes);
    return page(language, words(Msg::names_title), body);
}

} // namespace lifecircle
