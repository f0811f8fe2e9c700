#pragma once
// Building blocks of report.html: escaping, numbers as a planner reads them,
// tables. Everything is inline; the page makes no request of its own.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace lifecircle::report {

// Text safe inside an element or a double-quoted attribute.
std::string escape(std::string_view text);

// 12,345 or 12,345.7: grouped thousands, fixed decimals; "–" for NaN.
std::string number(double value, int decimals = 0);
// 30.3%
std::string percent(double share, int decimals = 1);
// A JSON number or null as number(); anything else as its text.
std::string number(const nlohmann::ordered_json& value, int decimals = 0);

class Table {
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

// <section> with a heading; `body` is HTML.
std::string section(std::string_view id, std::string_view heading, std::string_view body);

// The page: title, inline stylesheet, body.
std::string page(std::string_view title, std::string_view body);

} // namespace lifecircle::report
