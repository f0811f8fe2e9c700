#pragma once
// Building blocks of report.html: escaping, numbers as a planner reads them,
// tables. Everything is inline; the page makes no request of its own.

#include "lifecircle/check_summary.hpp"
#include "lifecircle/messages.hpp"
#include "lifecircle/report_export.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace lifecircle::report {

// Exported from a shared report for its unit tests only; not part of the API.

// Text safe inside an element or a double-quoted attribute.
LIFECIRCLE_REPORT_EXPORT std::string escape(std::string_view text);

// 12,345 or 12,345.7: grouped thousands, fixed decimals; "–" for NaN.
LIFECIRCLE_REPORT_EXPORT std::string number(double value, int decimals = 0);
// 30.3%
LIFECIRCLE_REPORT_EXPORT std::string percent(double share, int decimals = 1);
// A count of people in a sentence: from ten thousand up "12.3万" in Chinese
// ("123,456" in English); tables keep full figures.
LIFECIRCLE_REPORT_EXPORT std::string prose_count(const Words& words, double value);
// A JSON number or null as number(); anything else as its text.
LIFECIRCLE_REPORT_EXPORT std::string number(const nlohmann::ordered_json& value, int decimals = 0);

class LIFECIRCLE_REPORT_EXPORT Table {
public:
    // Headers are text; a header starting with '#' right-aligns its column (numbers).
    explicit Table(std::vector<std::string> headers);
    // Cells are HTML (escape text first).
    void row(std::vector<std::string> cells, std::string_view row_class = {});
    [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }
    [[nodiscard]] std::string html() const;

private:
    std::vector<std::string> headers_;
    std::vector<bool> numeric_;
    std::string rows_;
};

// A target's indicator in the reader's language ("人口覆盖率"); an unknown one as it is.
LIFECIRCLE_REPORT_EXPORT std::string indicator_name(const Words& words, const std::string& indicator);

// "error" and "warning" in the reader's language; other text as it is.
LIFECIRCLE_REPORT_EXPORT std::string severity_text(const Words& words, std::string_view severity);

// A check's findings by rule (summary.json's by_rule: severity, count,
// meaning), errors marked; `clean` when there are none.
LIFECIRCLE_REPORT_EXPORT std::string rule_table(const Words& words, const schema::Keyed<RuleCount>& by_rule,
                                                std::string_view clean);

// How many findings a report lists; findings.csv has them all.
constexpr std::size_t listed_findings = 500;
// "The first 500 of 38,572 findings; findings.csv has them all." when some were left out.
LIFECIRCLE_REPORT_EXPORT std::string listed_findings_note(const Words& words, std::size_t total);

// One entry of a map's legend: a swatch of `colour` and its text.
LIFECIRCLE_REPORT_EXPORT std::string legend_key(std::string_view colour, std::string_view text, double opacity = 1.0);

// <section> with a heading; `body` is HTML.
LIFECIRCLE_REPORT_EXPORT std::string section(std::string_view id, std::string_view heading, std::string_view body);

// The page in the reader's language: title, inline stylesheet, body, and any
// inline script (the interactive map's) at the end.
LIFECIRCLE_REPORT_EXPORT std::string page(Language language, std::string_view title, std::string_view body,
                                          std::string_view script = {});

} // namespace lifecircle::report
