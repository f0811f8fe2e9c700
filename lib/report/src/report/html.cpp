#include "report/html.hpp"

#include <cmath>
#include <cstdio>
#include <map>

namespace lifecircle::report {

std::string escape(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char character : text) {
        switch (character) {
        case '&':
            escaped += "&amp;";
            break;
        case '<':
            escaped += "&lt;";
            break;
        case '>':
            escaped += "&gt;";
            break;
        case '"':
            escaped += "&quot;";
            break;
        case '\'':
            escaped += "&#39;";
            break;
        default:
            escaped += character;
        }
    }
    return escaped;
}

std::string number(double value, int decimals) {
    if (!std::isfinite(value)) {
        return std::isnan(value) ? "–" : (value > 0 ? "∞" : "−∞");
    }
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    std::string digits(text);
    bool negative = digits.front() == '-';
    if (negative) {
        digits.erase(0, 1);
        negative = digits.find_first_not_of("0.") != std::string::npos; // no "−0" for a value rounded away
    }
    const std::size_t point = digits.find('.');
    const std::string whole = digits.substr(0, point);
    const std::string fraction = point == std::string::npos ? "" : digits.substr(point);
    std::string grouped;
    for (std::size_t index = 0; index < whole.size(); ++index) {
        if (index > 0 && (whole.size() - index) % 3 == 0) {
            grouped += ',';
        }
        grouped += whole[index];
    }
    return (negative ? "−" : "") + grouped + fraction;
}

std::string percent(double share, int decimals) {
    return std::isfinite(share) ? number(100.0 * share, decimals) + "%" : "–";
}

std::string prose_count(const Words& words, double value) {
    if (words.language() != Language::zh || !std::isfinite(value) || std::fabs(value) < 1e4) {
        return number(value, 0);
    }
    // 万 from ten thousand, 亿 from a hundred million, to three significant figures.
    const bool yi = std::fabs(value) >= 1e8;
    const double scaled = value / (yi ? 1e8 : 1e4);
    const int decimals = std::fabs(scaled) >= 100.0 ? 0 : std::fabs(scaled) >= 10.0 ? 1 : 2;
    return number(scaled, decimals) + (yi ? "亿" : "万");
}

std::string number(const nlohmann::ordered_json& value, int decimals) {
    if (value.is_number()) {
        return number(value.get<double>(), decimals);
    }
    if (value.is_null()) {
        return "–";
    }
    return value.is_string() ? value.get<std::string>() : value.dump();
}

Table::Table(std::vector<std::string> headers) {
    for (std::string& header : headers) {
        const bool numeric = !header.empty() && header.front() == '#';
        numeric_.push_back(numeric);
        headers_.push_back(numeric ? header.substr(1) : std::move(header));
    }
}

void Table::row(std::vector<std::string> cells, std::string_view row_class) {
    rows_ += row_class.empty() ? "<tr>" : "<tr class=\"" + std::string(row_class) + "\">";
    for (std::size_t column = 0; column < cells.size(); ++column) {
        rows_ += column < numeric_.size() && numeric_[column] ? "<td class=\"n\">" : "<td>";
        rows_ += cells[column];
        rows_ += "</td>";
    }
    rows_ += "</tr>\n";
}

std::string Table::html() const {
    std::string html = "<table><thead><tr>";
    for (std::size_t column = 0; column < headers_.size(); ++column) {
        html += numeric_[column] ? "<th class=\"n\">" : "<th>";
        html += escape(headers_[column]) + "</th>";
    }
    html += "</tr></thead><tbody>\n" + rows_ + "</tbody></table>\n";
    return html;
}

std::string legend_key(std::string_view colour, std::string_view text, double opacity) {
    char style[96];
    std::snprintf(style, sizeof style, "background:%.*s;opacity:%.2f", static_cast<int>(colour.size()), colour.data(),
                  opacity);
    return "<span><span class=\"key\" style=\"" + std::string(style) + "\"></span>" + escape(text) + "</span>";
}

std::string section(std::string_view id, std::string_view heading, std::string_view body) {
    std::string html = "<section id=\"" + escape(id) + "\">\n<h2>" + escape(heading) + "</h2>\n";
    html += body;
    html += "</section>\n";
    return html;
}

namespace {

// Fonts installed on the reader's machine only: CJK faces first so Chinese
// names never fall back to a face without them. In print, on whatever paper
// the dialog picks (A4 or A3), each section starts a page and a map takes the
// page's width.
constexpr std::string_view stylesheet = R"(
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",
 "Helvetica Neue",Arial,sans-serif;color:#222;margin:0 auto;max-width:1040px;padding:24px;line-height:1.45;font-size:14px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #2166ac;padding-bottom:3px;margin-top:28px}
h3{font-size:15px;margin:18px 0 6px}.meta{color:#555;margin:0 0 12px}
table{border-collapse:collapse;margin:6px 0 12px;width:100%}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eef3f8}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.fail td{background:#fde8e6}tr.pass td{background:#eaf6e8}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}.card{border:1px solid #ccc;border-radius:4px;padding:8px 12px;min-width:180px}
.card .big{font-size:24px;font-weight:bold}.met{color:#1a7f37;font-weight:bold}.notmet{color:#c62828;font-weight:bold}
.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;margin:4px 0 12px}.legend span.key{display:inline-block;width:14px;height:10px;
 border:1px solid #888;margin-right:4px;vertical-align:middle}
svg{max-width:100%;height:auto}figure{margin:8px 0}figcaption{font-size:12px;color:#555}
pre{white-space:pre-wrap;font-size:12px;background:#f6f6f6;padding:8px;border:1px solid #ddd}
.note{color:#555;font-size:12px}nav a{margin-right:12px}
.explore-map{height:620px;border:1px solid #ccc;background:#fbfbf8}.explore-controls{display:flex;flex-wrap:wrap;gap:14px;margin:6px 0}
@page{size:auto;margin:12mm}
@media print{body{max-width:none;padding:0;font-size:10.5pt}nav,#explore{display:none}section{break-before:page}
 h2{break-after:avoid}table,figure,.cards{break-inside:avoid}figure svg{width:100%;max-height:calc(100vh - 40mm)}}
)";

} // namespace

std::string page(Language language, std::string_view title, std::string_view body, std::string_view script) {
    // The lang attribute picks CJK glyph forms and the font fallback for the text.
    std::string html = "<!DOCTYPE html>\n<html lang=\"" + std::string(language_tag(language)) +
                       "\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    html += escape(title);
    html += "</title>\n<style>";
    html += stylesheet;
    html += "</style>\n</head>\n<body>\n";
    html += body;
    html += script;
    html += "</body>\n</html>\n";
    return html;
}

std::string indicator_name(const Words& words, const std::string& indicator) {
    static const std::map<std::string, Msg, std::less<>> names{
        {"population_coverage", Msg::indicator_population_coverage},
        {"unit_coverage", Msg::indicator_unit_coverage},
        {"capacity_per_demand", Msg::indicator_capacity_per_demand},
        {"attribute_ratio", Msg::indicator_attribute_ratio},
        {"unit_attribute_range", Msg::indicator_unit_attribute_range}};
    const auto found = names.find(indicator);
    return found == names.end() ? indicator : words(found->second);
}

std::string severity_text(const Words& words, std::string_view severity) {
    if (severity == "error") {
        return words(Msg::severity_error);
    }
    return severity == "warning" ? words(Msg::severity_warning) : std::string(severity);
}

std::string rule_table(const Words& words, const schema::Keyed<RuleCount>& by_rule, std::string_view clean) {
    Table rules(
        {words(Msg::col_rule), words(Msg::col_severity), "#" + words(Msg::col_findings), words(Msg::col_meaning)});
    for (const auto& [rule, counts] : by_rule) {
        rules.row({"<code>" + escape(rule) + "</code>", escape(severity_text(words, counts.severity)),
                   number(static_cast<double>(counts.count), 0),
                   escape(rule_meaning(words.language(), rule).value_or(counts.meaning))},
                  counts.severity == "error" ? "fail" : "");
    }
    return rules.empty() ? "<p class=\"met\">" + escape(clean) + "</p>\n" : rules.html();
}

std::string listed_findings_note(const Words& words, std::size_t total) {
    if (total <= listed_findings) {
        return {};
    }
    return "<p class=\"note\">" +
           words(Msg::findings_listed,
                 {number(static_cast<double>(listed_findings)), number(static_cast<double>(total))}) +
           "</p>\n";
}

} // namespace lifecircle::report
