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
                    "format of the map layers: GeoJSON, GPKG or CSV (CSV copies are always written)")
        ->capture_default_str()
        ->check(CLI::IsMember({"GeoJSON", "GPKG", "CSV"}, CLI::ignore_case));
    command.add_flag("-q,--quiet", flags.quiet, "no progress or messages on stderr");
    command.add_flag("--json", flags.json, "print summary.json on stdout");
}

} // namespace lifecircle::cli
