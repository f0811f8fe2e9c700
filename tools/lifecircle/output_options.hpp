#pragma once
// The output options every computing subcommand shares.

#include "console.hpp"

#include <CLI/CLI.hpp>

namespace lifecircle::cli {

inline void add_output_options(CLI::App& command, OutputFlags& flags, bool directory_required) {
    auto* directory = command.add_option("-o,--output", flags.directory, "output directory (created if missing)");
    if (directory_required) {
        directory->required();
    }
    command
        .add_option("--of", flags.format,
                    "format of the map layers: GeoJSON, GPKG, FlatGeobuf or CSV (CSV copies are always written)")
        ->capture_default_str()
        ->check(CLI::IsMember({"GeoJSON", "GPKG", "FlatGeobuf", "CSV"}, CLI::ignore_case));
    command.add_flag("-q,--quiet", flags.quiet, "no progress or messages on stderr");
    command
        .add_option("--lang", flags.language,
                    "language of report.html and the results on stderr: zh (简体中文, the default) or en; "
                    "overrides the scenario's outputs.language")
        ->check(CLI::IsMember({"zh", "en"}, CLI::ignore_case));
    command.add_flag("--json", flags.json, "print summary.json on stdout");
}

// For the commands that compute coverage: the per-cell point layer of raster demand.
inline void add_demand_points_flag(CLI::App& command, OutputFlags& flags) {
    command.add_flag(
        "--demand-points", flags.demand_points,
        "raster demand: also write each populated cell as a point (demand_points_<service> layer and CSV); "
        "the GeoTIFF on the input grid is always written");
}

} // namespace lifecircle::cli
