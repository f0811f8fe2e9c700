#include "io/source_crs.hpp"

#include "io/text.hpp"

#include <algorithm>
#include <cmath>

namespace lifecircle::detail {
namespace {

// Source CRS → WGS 84 lon/lat through PROJ (when needed), then the Chinese
// offset removed. As an OGRCoordinateTransformation it works with
// OGRGeometry::transform for every geometry type.
class ToWgs84Transformation final : public OGRCoordinateTransformation {
public:
    ToWgs84Transformation(const OGRSpatialReference& source, TransformationPtr projection, CoordinateOffset offset)
        : source_(source), target_(wgs84_lonlat()), projection_(std::move(projection)), offset_(offset) {}

    OGRSpatialReference* GetSourceCS() override { return &source_; }
    OGRSpatialReference* GetTargetCS() override { return &target_; }

    int Transform(int count, double* x, double* y, double* z, double* t, int* success) override {
        int all_succeeded = TRUE;
        if (projection_) {
            all_succeeded = projection_->Transform(count, x, y, z, t, success);
        } else if (success != nullptr) {
            std::fill(success, success + count, TRUE);
        }
        if (offset_ == CoordinateOffset::none) {
            return all_succeeded;
        }
        for (int i = 0; i < count; ++i) {
            if ((success == nullptr || success[i] != 0) && std::isfinite(x[i]) && std::isfinite(y[i])) {
                const LonLat wgs84 = remove_offset(offset_, {x[i], y[i]});
                x[i] = wgs84.lon;
                y[i] = wgs84.lat;
            }
        }
        return all_succeeded;
    }

    OGRCoordinateTransformation* Clone() const override {
        TransformationPtr projection(projection_ ? projection_->Clone() : nullptr);
        return new ToWgs84Transformation(source_, std::move(projection), offset_);
    }

    OGRCoordinateTransformation* GetInverse() const override { return nullptr; }

private:
    OGRSpatialReference source_;
    OGRSpatialReference target_;
    TransformationPtr projection_;
    CoordinateOffset offset_;
};

bool is_wgs84_lonlat(const OGRSpatialReference& crs) {
    const OGRSpatialReference wgs84 = wgs84_lonlat();
    const char* const options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT", nullptr};
    return crs.IsSame(&wgs84, options) && crs.GetDataAxisToSRSAxisMapping() == std::vector<int>{1, 2};
}

} // namespace

CoordinateOffset parse_offset_name(const std::string& name) {
    const std::string key = detail::ascii_lower_case(name);
    if (key == "gcj-02" || key == "gcj02") {
        return CoordinateOffset::gcj02;
    }
    if (key == "bd-09" || key == "bd09") {
        return CoordinateOffset::bd09;
    }
    return CoordinateOffset::none;
}

LonLatConversion resolve_source_crs(const OGRSpatialReference* declared, const std::string& override_crs,
                                    bool lonlat_csv, const ErrorContext& where) {
    OGRSpatialReference source;
    CoordinateOffset offset = CoordinateOffset::none;
    std::string description;
    if (!override_crs.empty()) {
        offset = parse_offset_name(override_crs);
        if (offset != CoordinateOffset::none) {
            // GCJ-02 and BD-09 are lon/lat on WGS 84 with an offset on top.
            source = wgs84_lonlat();
            description = offset == CoordinateOffset::gcj02 ? "GCJ-02" : "BD-09";
        } else if (source.SetFromUserInput(override_crs.c_str()) != OGRERR_NONE) {
            throw Error(ExitCode::crs_invalid, where,
                        "CRS '" + override_crs + "' is not one GDAL/PROJ knows, nor GCJ-02 or BD-09");
        } else {
            description = crs_display_name(source);
        }
    } else if (declared != nullptr) {
        source = *declared;
        description = crs_display_name(source);
    } else if (lonlat_csv) {
        source = wgs84_lonlat();
        description = "EPSG:4326 (lon/lat columns)";
    } else {
        throw Error(ExitCode::crs_invalid, where,
                    "the source declares no CRS; name one (e.g. \"crs\": \"EPSG:4326\", \"GCJ-02\") so its "
                    "coordinates are not guessed");
    }
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

    TransformationPtr projection;
    if (!is_wgs84_lonlat(source)) {
        projection = make_transformation(source, wgs84_lonlat());
        if (!projection) {
            throw Error(ExitCode::crs_invalid, where,
                        "cannot transform " + description +
                            " to WGS 84: " + last_gdal_error("PROJ found no transformation"));
        }
    }
    return {TransformationPtr(new ToWgs84Transformation(source, std::move(projection), offset)), description};
}

} // namespace lifecircle::detail
