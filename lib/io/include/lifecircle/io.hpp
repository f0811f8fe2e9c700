#pragma once
// Reading GDAL/OGR sources into the plain value types of features.hpp, and
// writing results (lifecircle::io).
// Every reader converts to WGS 84 lon/lat on load (removing a declared GCJ-02 or
// BD-09 offset); projection into the working CRS happens afterwards, once the
// extent of all inputs is known.

#include "lifecircle/error.hpp"
#include "lifecircle/features.hpp"
#include "lifecircle/geo.hpp"
#include "lifecircle/io_export.hpp"
#include "lifecircle/progress.hpp"
#include "lifecircle/working_crs.hpp"

#include "lifecircle/json_schema.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lifecircle {

// ---- Warnings -----------------------------------------------------------------

// Two kinds of message reach `handler`: GDAL's own warnings (prefixed
// "GDAL: "), and what the output directory did besides writing (an earlier run
// replaced, a stale staging folder removed). GDAL's failures come back to
// lifecircle through return values and are raised as lifecircle::Error with
// file and layer. An empty handler silences both. The handler is
// process-wide, as CPLError's is.
using WarningHandler = std::function<void(std::string_view message)>;
LIFECIRCLE_IO_EXPORT void set_warning_handler(WarningHandler handler);

// ---- Sources ---------------------------------------------------------------

// A layer in a file GDAL can open. `crs` overrides or supplies the source's CRS:
// anything GDAL knows ("EPSG:4490", WKT, PROJ string) or "GCJ-02" / "BD-09"
// (lon/lat with the Chinese offsets). A CSV with lon/lat columns is a point
// layer in WGS 84 unless `crs` says otherwise.
struct SourceSpec {
    std::filesystem::path path;
    std::string layer;         // empty: the only layer (an error if there are several)
    std::string crs;           // empty: as declared by the source
    bool skip_invalid = false; // count and report unusable features instead of failing
    std::string where;         // an OGR attribute filter ("admin_level = '8'"); empty: every feature
    // The text encoding of the attributes (GBK, GB18030, CP936, UTF-8 ...); empty:
    // a Shapefile's .cpg or code-page byte, else UTF-8. Text that is not valid
    // in it is an error naming the feature and field.
    std::string encoding;

    // The file and layer, as an error names them.
    [[nodiscard]] ErrorContext context() const { return ErrorContext::in_file(path.string()).with_layer(layer); }
};

// Whether text can be read in `encoding` (a name iconv knows, or a code page
// number as a Shapefile's .cpg writes it: "936").
LIFECIRCLE_IO_EXPORT bool is_known_text_encoding(const std::string& encoding);

// "path" or "path:layer", as a command-line source is written. The split is made
// only when the whole string is not itself an existing file.
LIFECIRCLE_IO_EXPORT SourceSpec parse_source(const std::string& text);

// The report as summary.json gives it: source, crs, features read and used, skipped by reason, warnings.
void describe(Of<InputReport> auto& self, auto& field) {
    field("source", self.source);
    field("crs", self.crs);
    field("features_read", self.features_read);
    field("features_used", self.features_used);
    field("skipped", self.skipped);
    field("warnings", self.warnings);
}

// ---- Layers ----------------------------------------------------------------

// Read every feature of a source as a point. Throws lifecircle::Error naming
// the file, layer and feature for missing files, empty layers, empty or
// non-finite geometries and missing CRSs (unless spec.skip_invalid).
LIFECIRCLE_IO_EXPORT PointLayer read_point_layer(const SourceSpec& spec, const ProgressCallback& progress = {});

// Whether a layer without features is an answer ("no facilities of this kind
// yet", which siting starts from) or an error (anything else).
enum class EmptyLayer { refused, allowed };
LIFECIRCLE_IO_EXPORT PointLayer read_point_layer(const SourceSpec& spec, EmptyLayer empty,
                                                 const ProgressCallback& progress = {});

// A numeric field of a layer, validated: present, numeric, finite, not
// negative and at most `at_most`. `what` names the field's role in messages
// ("capacity", "population").
LIFECIRCLE_IO_EXPORT std::vector<double>
read_non_negative_field(const PointLayer& layer, const std::string& field, const std::string& what,
                        const SourceSpec& spec, double at_most = std::numeric_limits<double>::infinity());

// Refuses a field a scenario names (`field` not empty) that the layer lacks;
// `what` names the field's role in the message ("name", "type").
LIFECIRCLE_IO_EXPORT void check_optional_field(const PointLayer& layer, const std::string& field,
                                               const std::string& what, const SourceSpec& spec);

struct UnitFields {
    std::string code;
    std::string name;   // optional
    std::string parent; // optional
};

LIFECIRCLE_IO_EXPORT UnitLayer read_unit_layer(const SourceSpec& spec, const UnitFields& fields);

// Project WGS 84 (multi)polygons given as WKB into the working CRS.
LIFECIRCLE_IO_EXPORT std::vector<PlanarMultiPolygon>
project_polygons(const std::vector<std::vector<unsigned char>>& wkb_wgs84, const WorkingCrs& crs);
// (Multi)polygons given as WKB already in the working CRS; a WKB that does not
// parse, or is no polygon, is an Error naming `source` and its index.
LIFECIRCLE_IO_EXPORT std::vector<PlanarMultiPolygon>
planar_polygons(std::span<const std::vector<unsigned char>> wkb_planar, const ErrorContext& source = {});

// A geometry in the working CRS, as WKB, back to WGS 84 (for writing).
LIFECIRCLE_IO_EXPORT std::vector<unsigned char> unproject_wkb(const std::vector<unsigned char>& planar_wkb,
                                                              const WorkingCrs& crs);
// Many at once, with one transformation; and the other way, WGS 84 into the working CRS.
LIFECIRCLE_IO_EXPORT std::vector<std::vector<unsigned char>>
unproject_wkb(std::span<const std::vector<unsigned char>> planar_wkb, const WorkingCrs& crs);
LIFECIRCLE_IO_EXPORT std::vector<std::vector<unsigned char>>
project_wkb(std::span<const std::vector<unsigned char>> wkb_wgs84, const WorkingCrs& crs,
            const ErrorContext& source = {});
// A line through `positions`, as WKB (for an OutputLayer's shapes).
LIFECIRCLE_IO_EXPORT std::vector<unsigned char> line_wkb(std::span<const LonLat> positions);

// ---- Writing ---------------------------------------------------------------

enum class VectorFormat { geojson, gpkg, flatgeobuf, csv };

LIFECIRCLE_IO_EXPORT VectorFormat
parse_vector_format(const std::string& name); // "GeoJSON", "GPKG", "FlatGeobuf", "CSV" (any case)
LIFECIRCLE_IO_EXPORT std::string file_extension(VectorFormat format); // ".geojson", ".gpkg", ".fgb", ".csv"

// A layer to write: attributes plus either points, WKB geometries in WGS 84
// (all polygonal, all linear or all points; an empty WKB is a feature without
// geometry), or nothing.
struct OutputLayer {
    std::string name;
    std::vector<LonLat> points;
    std::vector<std::vector<unsigned char>> wkb_wgs84;
    AttributeTable attributes;
    std::string label_field; // optional: the field that names a feature on maps and in tables
};

// The grid of a raster: results on cells are written back onto it.
struct RasterGrid {
    int width = 0;
    int height = 0;
    std::array<double, 6> geotransform{}; // GDAL's: origin, pixel size and rotation
    std::string crs_wkt;                  // the cells' CRS; empty when the source had none
    std::string datum_offset;             // "GCJ-02" or "BD-09" when the cells carry that offset, which no CRS states
};

// One measure per cell: a value for each cell of OutputRaster::cells, NaN for none.
struct RasterBand {
    std::string name;    // the band's description, as QGIS lists it: "cost_m"
    std::string meaning; // a sentence for the band's metadata
    std::vector<double> values;
    bool identifiers = false;              // feature ids: kept exact, so Float64 when Float32 cannot hold one
    std::vector<std::string> categories{}; // classes: value v + 1 means categories[v] (GDAL category names)
};

// Per-cell results on a grid: the listed cells hold values, every other cell is nodata.
struct OutputRaster {
    std::string name;
    RasterGrid grid;
    std::vector<std::uint64_t> cells; // row × width + col, ascending
    std::vector<RasterBand> bands;
    std::vector<std::pair<std::string, std::string>> metadata; // dataset metadata items
};

// A tiled, DEFLATE-compressed GeoTIFF with one band per measure, nodata -9999
// and internal overviews (nearest neighbour, so no value is invented). Written
// a strip of tiles at a time: memory grows with the width, not the whole grid.
LIFECIRCLE_IO_EXPORT void write_raster(const OutputRaster& raster, const std::filesystem::path& file,
                                       const ProgressCallback& progress = {});

// Nodata in the rasters lifecircle writes.
inline constexpr double raster_nodata = -9999.0;

// A raster lifecircle wrote, read back: the cells where the first named band
// holds a value, their centres in WGS 84, and the named bands' values there
// (NaN for nodata). Throws naming the file and band when one is missing.
struct ResultRaster {
    RasterGrid grid;
    std::vector<std::uint64_t> cells;
    std::vector<LonLat> centres;
    std::vector<std::vector<double>> bands; // in the order asked for
};
LIFECIRCLE_IO_EXPORT ResultRaster read_result_raster(const std::filesystem::path& file,
                                                     std::span<const std::string> bands);

// Writes GeoJSON per RFC 7946 (WGS 84, counter-clockwise exterior rings),
// GeoPackage or FlatGeobuf (with its packed spatial index) in EPSG:4326, or CSV (points as lon/lat columns, no geometry
// otherwise). `progress` gets the share of rows written.
LIFECIRCLE_IO_EXPORT void write_layer(const OutputLayer& layer, VectorFormat format, const std::filesystem::path& file,
                                      const ProgressCallback& progress = {});

// Write a text file (summary.json, ...).
LIFECIRCLE_IO_EXPORT void write_text_file(const std::filesystem::path& file, const std::string& text);

// The whole file as it is; nothing when it cannot be opened.
LIFECIRCLE_IO_EXPORT std::optional<std::string> read_text_file(const std::filesystem::path& file);

class OutputDirectory;

// Writes each layer in `format` and, unless that is CSV, as CSV too.
LIFECIRCLE_IO_EXPORT void write_layers(OutputDirectory& output, std::span<const OutputLayer> layers,
                                       VectorFormat format, const ProgressCallback& progress = {});

// A run's results appear as a set or not at all. They are written into a
// staging folder beside the output directory, `.<name>.lifecircle-staging-<pid>`,
// and commit() swaps that folder with the output directory in one
// rename(2) (RENAME_EXCHANGE), so a kill at any moment leaves the folder
// holding either the earlier run whole or the new run whole.
//
// What an existing output directory holds decides the rest:
// - the files of an earlier lifecircle run (its summary.json and the outputs
//   that summary lists) are replaced as a set, and a warning says so;
// - every other file and folder is kept: hard-linked into the staging folder
//   before the swap, so nothing is copied and nothing is lost. A new output
//   with the name of such a file is refused (exit 7), as is an input of this
//   run that is one of the earlier run's files, or an output directory that
//   holds the working directory.
// Staging folders left by killed runs (their process gone) are removed, with
// a warning giving their size.
class LIFECIRCLE_IO_EXPORT OutputDirectory {
public:
    OutputDirectory(std::filesystem::path directory, std::vector<std::filesystem::path> inputs);
    ~OutputDirectory();
    OutputDirectory(const OutputDirectory&) = delete;
    OutputDirectory& operator=(const OutputDirectory&) = delete;
    OutputDirectory(OutputDirectory&&) = delete;
    OutputDirectory& operator=(OutputDirectory&&) = delete;

    // Path to write `filename` to; it appears under directory() after commit().
    std::filesystem::path stage(const std::string& filename);
    // Lists a file a driver wrote beside a staged one, if it did (GDAL's
    // .aux.xml holding band names and categories), as an output of the run.
    void adopt(const std::string& filename);
    void commit();

    [[nodiscard]] const std::filesystem::path& directory() const noexcept { return directory_; }
    [[nodiscard]] const std::vector<std::string>& files() const noexcept { return files_; }

private:
    void carry_over_kept_files() const;
    void swap_into_place();

    std::filesystem::path directory_; // as named by the caller, for messages
    std::filesystem::path target_;    // absolute, symbolic links resolved: what is swapped
    std::filesystem::path staging_;
    std::vector<std::filesystem::path> inputs_;
    std::vector<std::string> files_;
    std::vector<std::string> earlier_run_files_; // of the run target_ holds, if any
    bool committed_ = false;
};

// Whether `directory` holds a whole lifecircle run: a summary.json written by
// lifecircle and every output it lists. Throws Error (input_invalid) naming
// the first missing file; compare and the report read only whole runs.
LIFECIRCLE_IO_EXPORT void require_complete_run(const std::filesystem::path& directory);

// Lists every staged file in summary.outputs (summary.json last), writes
// summary.json and commits the directory.
template <schema::Described Summary>
void commit_with_summary(OutputDirectory& output, Summary& summary) {
    summary.outputs = output.files();
    summary.outputs.emplace_back("summary.json");
    write_text_file(output.stage("summary.json"), to_document(summary).dump(2) + "\n");
    output.commit();
}

} // namespace lifecircle
