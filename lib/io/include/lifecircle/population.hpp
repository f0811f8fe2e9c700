#pragma once
// Demand: where people live, with a weight per point. From population rasters
// (several summed cell by cell, as WorldPop ships one file per age band and sex)
// or from a point/polygon layer with a population field.

#include "lifecircle/io.hpp"
#include "lifecircle/io_export.hpp"
#include "lifecircle/progress.hpp"

#include <vector>

namespace lifecircle {

struct PopulationSpec {
    std::vector<SourceSpec> rasters; // summed; all must share one grid
    std::optional<SourceSpec> layer; // or: features with a population field
    std::string field;               // the population field of `layer`
};

struct DemandPoints {
    InputReport report;
    std::vector<LonLat> positions;
    std::vector<double> weights;
    std::vector<std::int64_t> feature_ids; // source FIDs; empty for rasters
    AttributeTable attributes;             // the layer's fields, or the raster cell's row and col
    std::optional<RasterGrid> grid;        // rasters: the grid read, and each point's cell on it
    std::vector<std::uint64_t> cells;      // rasters: row × width + col, ascending
    [[nodiscard]] std::size_t size() const noexcept { return positions.size(); }
};

// More people than this in one cell or feature is a unit mistake (a density
// per km², a sum of a whole city) or a broken value, and stops the run; it also
// keeps any total of demand finite.
inline constexpr double max_people_per_point = 1e9;

// Each populated cell (or feature) becomes a demand point. Raster cells that are
// nodata in every raster, and cells or features that hold zero people, are
// skipped and counted (skipped.nodata, skipped.zero_population).
LIFECIRCLE_IO_EXPORT DemandPoints read_population(const PopulationSpec& spec, const ProgressCallback& progress = {});

} // namespace lifecircle
