#pragma once
// A GeoPackage opened through SQLite itself, for the bulk writes GDAL 3.6 can
// only do a row at a time. Every failure is an Error(output_failed) naming the
// output file, with SQLite's own message.

#include "lifecircle/error.hpp"
#include "lifecircle/progress.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lifecircle::detail {

struct StatementFinalizer {
    void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// "name" as an SQL identifier.
std::string quoted_identifier(std::string_view name);
// 'text' as an SQL string literal.
std::string quoted_literal(std::string_view text);

class SqliteDatabase {
public:
    // Opens an existing file for writing. The file is a result still in the
    // staging directory, which a failed run discards whole; so there is no
    // rollback journal and no fsync, which would only protect a file that is
    // never kept when the run fails.
    SqliteDatabase(const std::filesystem::path& file, ErrorContext where);

    void execute(const std::string& sql);
    [[nodiscard]] Statement prepare(const std::string& sql);
    // Inserts `rows` rows of `values_per_row` values into `table` (its
    // `columns`, or all in order when empty). bind_row(statement, parameter,
    // row) binds row `row`'s values from parameter number `parameter` on.
    // Rows go in many to a statement: one statement per row spent most of its
    // time starting and finishing the statement (and, on an AUTOINCREMENT
    // table, updating the counter); 128 at a time halved the time of 500k.
    template <typename BindRow>
    void insert_rows(const std::string& table, const std::string& columns, std::size_t values_per_row, std::size_t rows,
                     BindRow&& bind_row, const ProgressCallback& progress = {}) {
        const std::size_t batch = rows_per_insert(values_per_row);
        const Statement full = prepare_insert(table, columns, values_per_row, batch);
        const Statement last =
            rows % batch == 0 ? Statement{} : prepare_insert(table, columns, values_per_row, rows % batch);
        for (std::size_t first = 0; first < rows; first += batch) {
            const std::size_t count = std::min(batch, rows - first);
            const Statement& insert = count == batch ? full : last;
            for (std::size_t row = first; row < first + count; ++row) {
                report_progress_of(progress, row, rows, {});
                bind_row(insert.get(), static_cast<int>((row - first) * values_per_row) + 1, row);
            }
            step(insert);
        }
    }

    [[nodiscard]] std::int64_t single_integer(const std::string& sql);
    // The first column of every row of `sql`, as text.
    [[nodiscard]] std::vector<std::string> texts(const std::string& sql);

    // Runs a statement whose parameters are already bound, and resets it.
    void step(const Statement& statement);
    // Binds `values` to the parameters in order and runs the statement.
    template <typename... Values>
    void run(const Statement& statement, const Values&... values) {
        int index = 0;
        (bind(statement.get(), ++index, values), ...);
        step(statement);
    }

    [[noreturn]] void fail(const std::string& what) const;

    static void bind(sqlite3_stmt* statement, int index, std::int64_t value) {
        sqlite3_bind_int64(statement, index, value);
    }
    static void bind(sqlite3_stmt* statement, int index, double value) { sqlite3_bind_double(statement, index, value); }
    static void bind(sqlite3_stmt* statement, int index, const std::string& value) {
        sqlite3_bind_text(statement, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    }
    static void bind(sqlite3_stmt* statement, int index, const std::vector<unsigned char>& value) {
        sqlite3_bind_blob(statement, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    }

private:
    [[nodiscard]] Statement prepare_insert(const std::string& table, const std::string& columns,
                                           std::size_t values_per_row, std::size_t rows);
    [[nodiscard]] std::size_t rows_per_insert(std::size_t values_per_row) const;

    struct Closer {
        void operator()(sqlite3* database) const noexcept { sqlite3_close(database); }
    };
    std::unique_ptr<sqlite3, Closer> database_;
    ErrorContext where_;
};

} // namespace lifecircle::detail
