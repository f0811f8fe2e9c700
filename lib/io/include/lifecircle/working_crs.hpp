#pragma once
// The one metric working CRS that every engine computes in, through GDAL/PROJ
// (lifecircle::io). The engines take planar points and never see it.

#include "lifecircle/error.hpp"
#include "lifecircle/geo.hpp"
#include "lifecircle/io_export.hpp"

#include <span>
#include <string>
#include <vector>

namespace lifecircle {

// The projected, metre-based CRS every engine works in. Copyable; the PROJ
// transformation objects behind it are created per call site as needed.
class LIFECIRCLE_IO_EXPORT WorkingCrs {
public:
    // "auto" picks the UTM zone of `centre`; anything else must be a projected
    // CRS in metres that GDAL/PROJ understands ("EPSG:4547", WKT, PROJ string).
    static WorkingCrs choose(const std::string& definition, LonLat centre);

    [[nodiscard]] const std::string& name() const noexcept { return name_; } // e.g. "EPSG:32650"
    [[nodiscard]] const std::string& wkt() const noexcept { return wkt_; }

    // Throws Error (exit 4) naming `source` and the position that cannot be projected.
    [[nodiscard]] std::vector<PlanarPoint> project(std::span<const LonLat> positions,
                                                   const ErrorContext& source = {}) const;
    [[nodiscard]] PlanarPoint project(LonLat position) const;
    // Back to WGS 84 longitude and latitude (results are written in WGS 84).
    [[nodiscard]] std::vector<LonLat> unproject(std::span<const PlanarPoint> points) const;

private:
    WorkingCrs(std::string name, std::string wkt) : name_(std::move(name)), wkt_(std::move(wkt)) {}
    std::string name_;
    std::string wkt_;
};

} // namespace lifecircle
