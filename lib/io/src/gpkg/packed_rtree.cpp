#include "gpkg/packed_rtree.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <utility>

namespace lifecircle::detail {
namespace {

// ---- the packed tree -------------------------------------------------------

// A cell of an R*Tree node: a row (in a leaf) or a child node, with its box.
// rtree(id, minx, maxx, miny, maxy) stores 32-bit floats, rounded outwards
// so that the box still holds the double-precision one.
struct Cell {
    std::int64_t id = 0;
    std::array<float, 4> box{}; // minx, maxx, miny, maxy
};

float rounded_down(double value) {
    float rounded = static_cast<float>(value);
    if (static_cast<double>(rounded) > value) {
        rounded = std::nextafter(rounded, -std::numeric_limits<float>::infinity());
    }
    return rounded;
}

float rounded_up(double value) {
    float rounded = static_cast<float>(value);
    if (static_cast<double>(rounded) < value) {
        rounded = std::nextafter(rounded, std::numeric_limits<float>::infinity());
    }
    return rounded;
}

std::size_t nodes_for(std::size_t cells, std::size_t capacity) {
    return (cells + capacity - 1) / capacity;
}

// Sort-Tile-Recursive: orders `cells` so that each run of `capacity` cells is
// one node of compact extent. Cells are sorted into vertical slices of whole
// nodes by centre x, then each slice by centre y; ties go by id, so the tree
// is the same on every run.
void tile(std::vector<Cell>& cells, std::size_t capacity) {
    const auto centre = [](const Cell& cell, std::size_t axis) { // sums only: the order is what matters
        return static_cast<double>(cell.box[2 * axis]) + static_cast<double>(cell.box[2 * axis + 1]);
    };
    const auto by_axis = [&](std::size_t axis) {
        return [&centre, axis](const Cell& a, const Cell& b) {
            const double ca = centre(a, axis);
            const double cb = centre(b, axis);
            return ca != cb ? ca < cb : a.id < b.id;
        };
    };
    const std::size_t nodes = nodes_for(cells.size(), capacity);
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
    const std::size_t slice_cells = nodes_for(nodes, slices) * capacity;
    // The orders are total (ties go by id), so sorting on every core gives the same tree.
    tbb::parallel_sort(cells.begin(), cells.end(), by_axis(0));
    tbb::parallel_for(std::size_t{0}, nodes_for(cells.size(), slice_cells), [&](std::size_t slice) {
        const std::size_t first = slice * slice_cells;
        const auto begin = cells.begin() + static_cast<std::ptrdiff_t>(first);
        const auto end = cells.begin() + static_cast<std::ptrdiff_t>(std::min(cells.size(), first + slice_cells));
        std::sort(begin, end, by_axis(1));
    });
}

// One level of the tree: its cells in node order, `capacity` to a node, and
// the number the first of its nodes gets.
struct Level {
    std::vector<Cell> cells;
    std::int64_t first_node = 0;
};

// Levels from the leaves (front) to the root (back). Nodes are numbered from
// the root down, because SQLite looks for the root at node 1.
std::vector<Level> pack(std::vector<Cell> leaves, std::size_t capacity) {
    std::vector<std::size_t> node_counts{nodes_for(leaves.size(), capacity)};
    while (node_counts.back() > 1) {
        node_counts.push_back(nodes_for(node_counts.back(), capacity));
    }
    std::vector<Level> levels(node_counts.size());
    std::int64_t next_node = 1;
    for (std::size_t level = levels.size(); level-- > 0;) {
        levels[level].first_node = next_node;
        next_node += static_cast<std::int64_t>(node_counts[level]);
    }
    levels.front().cells = std::move(leaves);
    for (std::size_t level = 0; level < levels.size(); ++level) {
        std::vector<Cell>& cells = levels[level].cells;
        tile(cells, capacity);
        if (level + 1 == levels.size()) {
            break;
        }
        std::vector<Cell>& parents = levels[level + 1].cells;
        parents.reserve(node_counts[level]);
        for (std::size_t node = 0; node < node_counts[level]; ++node) {
            Cell parent{levels[level].first_node + static_cast<std::int64_t>(node), cells[node * capacity].box};
            const std::size_t end = std::min(cells.size(), (node + 1) * capacity);
            for (std::size_t i = node * capacity + 1; i < end; ++i) {
                parent.box[0] = std::min(parent.box[0], cells[i].box[0]);
                parent.box[1] = std::max(parent.box[1], cells[i].box[1]);
                parent.box[2] = std::min(parent.box[2], cells[i].box[2]);
                parent.box[3] = std::max(parent.box[3], cells[i].box[3]);
            }
            parents.push_back(parent);
        }
    }
    return levels;
}

// ---- SQLite's rtree node format --------------------------------------------
// A node is a blob of the table's node size: a 2-byte tree depth (read from
// the root only), a 2-byte cell count, then the cells: an 8-byte id and the
// box as 4-byte floats, all big-endian. Leaves are depth 0.

constexpr std::size_t node_header_bytes = 4;
constexpr std::size_t cell_bytes = 8 + 4 * 4;

void put_big_endian(unsigned char* out, std::uint64_t value, std::size_t bytes) {
    for (std::size_t i = 0; i < bytes; ++i) {
        out[i] = static_cast<unsigned char>(value >> (8 * (bytes - 1 - i)));
    }
}

void encode_node(std::vector<unsigned char>& blob, std::size_t depth_if_root, const Cell* cells, std::size_t count) {
    std::fill(blob.begin(), blob.end(), 0);
    put_big_endian(blob.data(), depth_if_root, 2);
    put_big_endian(blob.data() + 2, count, 2);
    unsigned char* out = blob.data() + node_header_bytes;
    for (std::size_t i = 0; i < count; ++i, out += cell_bytes) {
        put_big_endian(out, static_cast<std::uint64_t>(cells[i].id), 8);
        for (std::size_t k = 0; k < 4; ++k) {
            std::uint32_t bits = 0;
            std::memcpy(&bits, &cells[i].box[k], sizeof bits);
            put_big_endian(out + 8 + 4 * k, bits, 4);
        }
    }
}

// The triggers that keep the index in step with later edits, as the
// GeoPackage 1.2 specification defines them for gpkg_rtree_index (the
// version GDAL 3.6 writes, and GDAL writes these same triggers).
std::vector<std::string> index_triggers(const GeoPackageTable& names, const std::string& index) {
    const std::string t = quoted_identifier(names.table);
    const std::string c = quoted_identifier(names.geometry_column);
    const std::string i = quoted_identifier(names.fid_column);
    const std::string r = quoted_identifier(index);
    const std::string set_box = "INSERT OR REPLACE INTO " + r + " VALUES (NEW." + i + ", ST_MinX(NEW." + c +
                                "), ST_MaxX(NEW." + c + "), ST_MinY(NEW." + c + "), ST_MaxY(NEW." + c + "));";
    const std::string has_shape = "(NEW." + c + " NOTNULL AND NOT ST_IsEmpty(NEW." + c + "))";
    const std::string no_shape = "(NEW." + c + " ISNULL OR ST_IsEmpty(NEW." + c + "))";
    const auto named = [&](const std::string& suffix) {
        return "CREATE TRIGGER " + quoted_identifier(index + "_" + suffix);
    };
    return {
        named("insert") + " AFTER INSERT ON " + t + " WHEN " + has_shape + " BEGIN " + set_box + " END",
        named("update1") + " AFTER UPDATE OF " + c + " ON " + t + " WHEN OLD." + i + " = NEW." + i + " AND " +
            has_shape + " BEGIN " + set_box + " END",
        named("update2") + " AFTER UPDATE OF " + c + " ON " + t + " WHEN OLD." + i + " = NEW." + i + " AND " +
            no_shape + " BEGIN DELETE FROM " + r + " WHERE id = OLD." + i + "; END",
        named("update3") + " AFTER UPDATE ON " + t + " WHEN OLD." + i + " != NEW." + i + " AND " + has_shape +
            " BEGIN DELETE FROM " + r + " WHERE id = OLD." + i + "; " + set_box + " END",
        named("update4") + " AFTER UPDATE ON " + t + " WHEN OLD." + i + " != NEW." + i + " AND " + no_shape +
            " BEGIN DELETE FROM " + r + " WHERE id IN (OLD." + i + ", NEW." + i + "); END",
        named("delete") + " AFTER DELETE ON " + t + " WHEN OLD." + c + " NOT NULL BEGIN DELETE FROM " + r +
            " WHERE id = OLD." + i + "; END",
    };
}

} // namespace

void write_packed_rtree(SqliteDatabase& database, const GeoPackageTable& table, const std::vector<LonLat>& points) {
    std::vector<Cell> leaves;
    leaves.reserve(points.size());
    for (std::size_t row = 0; row < points.size(); ++row) {
        const LonLat point = points[row];
        if (std::isfinite(point.lon) && std::isfinite(point.lat)) {
            leaves.push_back(
                {static_cast<std::int64_t>(row) + 1,
                 {rounded_down(point.lon), rounded_up(point.lon), rounded_down(point.lat), rounded_up(point.lat)}});
        }
    }

    const std::string index = "rtree_" + table.table + "_" + table.geometry_column;
    // SQLite creates the shadow tables and an empty root, whose length is the
    // node size that every node must have.
    database.execute("CREATE VIRTUAL TABLE " + quoted_identifier(index) + " USING rtree(id, minx, maxx, miny, maxy)");
    const auto node_bytes = static_cast<std::size_t>(database.single_integer(
        "SELECT length(data) FROM " + quoted_identifier(index + "_node") + " WHERE nodeno = 1"));
    if (node_bytes < node_header_bytes + 2 * cell_bytes) {
        database.fail("SQLite made R*Tree nodes of " + std::to_string(node_bytes) + " bytes, too small to pack");
    }
    const std::size_t capacity = (node_bytes - node_header_bytes) / cell_bytes;

    if (!leaves.empty()) {
        const std::vector<Level> levels = pack(std::move(leaves), capacity);
        database.execute("DELETE FROM " + quoted_identifier(index + "_node"));
        const Statement insert_node =
            database.prepare("INSERT INTO " + quoted_identifier(index + "_node") + " VALUES (?, ?)");
        const Statement insert_parent =
            database.prepare("INSERT INTO " + quoted_identifier(index + "_parent") + " VALUES (?, ?)");
        std::vector<unsigned char> blob(node_bytes);
        // Each row's leaf, written in row order: appending to the _rowid
        // table's B-tree instead of inserting all over it (0.48 s -> 0.27 s
        // for 500k rows).
        std::vector<std::pair<std::int64_t, std::int64_t>> leaf_of_row;
        leaf_of_row.reserve(levels.front().cells.size());
        for (std::size_t depth = 0; depth < levels.size(); ++depth) {
            const Level& level = levels[depth];
            const bool root = depth + 1 == levels.size();
            for (std::size_t first = 0; first < level.cells.size(); first += capacity) {
                const std::size_t count = std::min(capacity, level.cells.size() - first);
                const std::int64_t node = level.first_node + static_cast<std::int64_t>(first / capacity);
                encode_node(blob, root ? depth : 0, level.cells.data() + first, count);
                database.run(insert_node, node, blob);
                for (std::size_t k = first; k < first + count; ++k) {
                    if (depth == 0) {
                        leaf_of_row.emplace_back(level.cells[k].id, node);
                    } else {
                        database.run(insert_parent, level.cells[k].id, node);
                    }
                }
            }
        }
        tbb::parallel_sort(leaf_of_row.begin(), leaf_of_row.end()); // row ids are unique
        database.insert_rows(index + "_rowid", {}, 2, leaf_of_row.size(),
                             [&](sqlite3_stmt* statement, int parameter, std::size_t k) {
                                 SqliteDatabase::bind(statement, parameter, leaf_of_row[k].first);
                                 SqliteDatabase::bind(statement, parameter + 1, leaf_of_row[k].second);
                             });
    }

    for (const std::string& trigger : index_triggers(table, index)) {
        database.execute(trigger);
    }
    database.execute("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, "
                     "extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, "
                     "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))");
    const Statement register_extension =
        database.prepare("INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', "
                         "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')");
    database.run(register_extension, table.table, table.geometry_column);
}

} // namespace lifecircle::detail
