#pragma once
// Large point CSVs parsed here, in pieces on every core, instead of feature by
// feature through GDAL: the synthetic city's 500,000 rows took 0.64 s that way.

#include "io/vector_source.hpp"

#include <optional>

namespace lifecircle::detail {

// The points of `source` (a CSV with lon/lat columns) exactly as GDAL's CSV
// driver gives them through VectorSource: the same fields, values, feature
// ids (row numbers from 1, blank lines skipped) and positions. Nothing when
// the file holds anything this parser leaves to GDAL: a quote, a row of
// another length, a value its field's type does not parse, a position that is
// not a number or not a lon/lat once transformed. The caller then reads it
// through GDAL, which reports what is wrong.
// Exported for the io tests, which check it against GDAL.
LIFECIRCLE_IO_EXPORT std::optional<PointLayer> read_plain_csv_points(const VectorSource& source,
                                                                     const ProgressCallback& progress = {});

} // namespace lifecircle::detail
