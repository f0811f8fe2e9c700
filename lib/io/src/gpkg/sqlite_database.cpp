#include "gpkg/sqlite_database.hpp"
#include "io/output_error.hpp"

#include <algorithm>
#include <utility>

namespace lifecircle::detail {

namespace {

std::string quoted(std::string_view text, char quote) {
    std::string out(1, quote);
    for (const char c : text) {
        out += c;
        if (c == quote) {
            out += quote;
        }
    }
    return out + quote;
}

} // namespace

std::string quoted_identifier(std::string_view name) {
    return quoted(name, '"');
}

std::string quoted_literal(std::string_view text) {
    return quoted(text, '\'');
}

SqliteDatabase::SqliteDatabase(const std::filesystem::path& file, ErrorContext where) : where_(std::move(where)) {
    sqlite3* opened = nullptr;
    // One thread writes through the connection, so SQLite's own mutexes are
    // left out: locking them around every row was a third of writing 500k points.
    const int status =
        sqlite3_open_v2(file.string().c_str(), &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    database_.reset(opened);
    if (status != SQLITE_OK) {
        fail("cannot reopen the GeoPackage");
    }
    execute("PRAGMA journal_mode = OFF");
    execute("PRAGMA synchronous = OFF");
    // 4 MB: the rows and the index's row map are appended in key order, so
    // their pages are written once; a 64 MB cache was no faster for 500k points.
    execute("PRAGMA cache_size = -4096");
}

void SqliteDatabase::execute(const std::string& sql) {
    if (sqlite3_exec(database_.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        fail("writing the GeoPackage failed");
    }
}

Statement SqliteDatabase::prepare(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(database_.get(), sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
        fail("writing the GeoPackage failed");
    }
    return Statement(statement);
}

Statement SqliteDatabase::prepare_insert(const std::string& table, const std::string& columns,
                                         std::size_t values_per_row, std::size_t rows) {
    std::string row = "(";
    for (std::size_t i = 0; i < values_per_row; ++i) {
        row += i == 0 ? "?" : ", ?";
    }
    row += ")";
    std::string sql =
        "INSERT INTO " + quoted_identifier(table) + (columns.empty() ? "" : " (" + columns + ")") + " VALUES ";
    for (std::size_t i = 0; i < rows; ++i) {
        sql += i == 0 ? row : ", " + row;
    }
    return prepare(sql);
}

std::size_t SqliteDatabase::rows_per_insert(std::size_t values_per_row) const {
    const auto limit = static_cast<std::size_t>(sqlite3_limit(database_.get(), SQLITE_LIMIT_VARIABLE_NUMBER, -1));
    return std::clamp<std::size_t>(limit / values_per_row, 1, 128);
}

std::int64_t SqliteDatabase::single_integer(const std::string& sql) {
    const Statement statement = prepare(sql);
    if (sqlite3_step(statement.get()) != SQLITE_ROW) {
        fail("reading the GeoPackage back failed");
    }
    return sqlite3_column_int64(statement.get(), 0);
}

std::vector<std::string> SqliteDatabase::texts(const std::string& sql) {
    const Statement statement = prepare(sql);
    std::vector<std::string> values;
    int status = SQLITE_OK;
    while ((status = sqlite3_step(statement.get())) == SQLITE_ROW) {
        const unsigned char* text = sqlite3_column_text(statement.get(), 0);
        values.emplace_back(text == nullptr ? "" : reinterpret_cast<const char*>(text));
    }
    if (status != SQLITE_DONE) {
        fail("reading the GeoPackage back failed");
    }
    return values;
}

void SqliteDatabase::step(const Statement& statement) {
    if (sqlite3_step(statement.get()) != SQLITE_DONE) {
        fail("writing the GeoPackage failed"); // before the reset, which would clear the message
    }
    sqlite3_reset(statement.get());
    sqlite3_clear_bindings(statement.get()); // texts and blobs are bound without a copy
}

void SqliteDatabase::fail(const std::string& what) const {
    const std::string reason = database_ ? sqlite3_errmsg(database_.get()) : "SQLite is out of memory";
    throw detail::output_error(where_, what + ": " + reason);
}

} // namespace lifecircle::detail
