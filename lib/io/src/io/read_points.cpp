#include "lifecircle/io.hpp"

#include "io/read_plain_csv.hpp"
#include "io/vector_source.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace lifecircle {
namespace {

// The point that stands for a feature: the point itself, or a point inside a polygon.
std::unique_ptr<OGRPoint> representative_point(const OGRGeometry& geometry, std::string& problem) {
    const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
    if (type == wkbPoint) {
        return std::unique_ptr<OGRPoint>(geometry.toPoint()->clone());
    }
    if (type == wkbMultiPoint) {
        const OGRMultiPoint& points = *geometry.toMultiPoint();
        if (points.getNumGeometries() == 1) {
            return std::unique_ptr<OGRPoint>(points.getGeometryRef(0)->clone());
        }
        problem = "is a multipoint of " + std::to_string(points.getNumGeometries()) + " points; split it into points";
        return nullptr;
    }
    if (OGR_GT_IsSurface(type) || OGR_GT_IsSubClassOf(type, wkbMultiSurface)) {
        // GEOS's point-on-surface, through GDAL: a point inside the polygon, unlike a centroid.
        std::unique_ptr<OGRGeometry> inside(
            OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&geometry)))));
        if (!inside || inside->IsEmpty() || wkbFlatten(inside->getGeometryType()) != wkbPoint) {
            problem = "is a polygon with no interior point (is it valid?)";
            return nullptr;
        }
        return std::unique_ptr<OGRPoint>(inside.release()->toPoint());
    }
    problem = std::string("is a ") + OGRGeometryTypeToName(geometry.getGeometryType()) + ", not a point or polygon";
    return nullptr;
}

std::optional<double> parse_number(const std::string& text) {
    const char* begin = text.data();
    const char* end = begin + text.size();
    while (begin != end && *begin == ' ') {
        ++begin;
    }
    while (end != begin && *(end - 1) == ' ') {
        --end;
    }
    double value = 0.0;
    const auto [stop, error] = std::from_chars(begin, end, value);
    if (error != std::errc() || stop != end || begin == end) {
        return std::nullopt;
    }
    return value;
}

} // namespace

SourceSpec parse_source(const std::string& text) {
    SourceSpec spec;
    spec.path = text;
    std::error_code ignored;
    const auto colon = text.rfind(':');
    if (colon != std::string::npos && colon > 0 && !std::filesystem::exists(text, ignored) &&
        std::filesystem::exists(text.substr(0, colon), ignored)) {
        spec.path = text.substr(0, colon);
        spec.layer = text.substr(colon + 1);
    }
    return spec;
}

PointLayer read_point_layer(const SourceSpec& spec, const ProgressCallback& progress) {
    return read_point_layer(spec, EmptyLayer::refused, progress);
}

PointLayer read_point_layer(const SourceSpec& spec, EmptyLayer empty, const ProgressCallback& progress) {
    detail::VectorSource source(spec);
    if (empty == EmptyLayer::allowed) {
        source.allow_empty_layer();
    }
    if (std::optional<PointLayer> parsed = detail::read_plain_csv_points(source, progress)) {
        return std::move(*parsed);
    }
    PointLayer result;
    result.report = source.new_report();
    result.attributes = source.empty_table();

    source.for_each_feature(
        result.report,
        [&](const OGRFeature& feature, const OGRGeometry& geometry) {
            const GIntBig feature_id = feature.GetFID();
            std::string problem;
            const std::unique_ptr<OGRPoint> point = representative_point(geometry, problem);
            if (!point) {
                source.reject(result.report, feature_id, "unsupported_geometry", "geometry " + problem);
                return;
            }
            if (!source.transform_to_wgs84(result.report, feature_id, *point)) {
                return;
            }
            result.feature_ids.push_back(feature_id);
            result.positions.push_back({point->getX(), point->getY()});
            result.attributes.add_row(source.values(feature));
            ++result.report.features_used;
        },
        progress);
    if (result.report.features_read == 0) {
        result.report.warnings.push_back("the layer has no features: there are none of this kind yet");
    } else if (result.report.features_used == 0) {
        throw Error(ExitCode::input_invalid, source.context(),
                    "none of its " + std::to_string(result.report.features_read) + " features is usable");
    }
    return result;
}

void check_optional_field(const PointLayer& layer, const std::string& field, const std::string& what,
                          const SourceSpec& spec) {
    if (!field.empty() && !layer.attributes.field_index(field)) {
        throw Error(ExitCode::input_invalid, spec.context().with_field(field),
                    "no such " + what + " field in the layer");
    }
}

std::vector<double> read_non_negative_field(const PointLayer& layer, const std::string& field, const std::string& what,
                                            const SourceSpec& spec, double at_most) {
    const ErrorContext layer_context = spec.context().with_field(field);
    const auto index = layer.attributes.field_index(field);
    if (!index) {
        std::string available;
        for (const auto& definition : layer.attributes.fields()) {
            available += (available.empty() ? "" : ", ") + definition.name;
        }
        throw Error(ExitCode::input_invalid, layer_context,
                    "no such " + what + " field; the layer has: " + (available.empty() ? "no fields" : available));
    }
    // The feature's context only for a message: built for every row, it was
    // most of the time of reading 500k weights.
    const auto at_feature = [&](std::size_t row) {
        return layer_context.with_feature(std::to_string(layer.feature_ids[row]));
    };
    const AttributeColumn& column = layer.attributes.column(*index);
    std::vector<double> values(layer.feature_ids.size());
    for (std::size_t row = 0; row < values.size(); ++row) {
        const double number =
            column.visit(row, Overloaded{[](std::int64_t integer) { return static_cast<double>(integer); },
                                         [](double real) { return real; },
                                         [&](const std::string& text) {
                                             const std::optional<double> parsed = parse_number(text);
                                             if (!parsed) {
                                                 throw Error(ExitCode::input_invalid, at_feature(row),
                                                             what + " '" + text + "' is not a number");
                                             }
                                             return *parsed;
                                         },
                                         [&](std::monostate) -> double {
                                             throw Error(ExitCode::input_invalid, at_feature(row), what + " is empty");
                                         }});
        if (!std::isfinite(number)) {
            throw Error(ExitCode::input_invalid, at_feature(row), what + " is not finite");
        }
        if (number < 0.0) {
            throw Error(ExitCode::input_invalid, at_feature(row), what + " " + std::to_string(number) + " is negative");
        }
        if (number > at_most) {
            char text[96];
            std::snprintf(text, sizeof text, " %.6g is more than %.0f", number, at_most);
            throw Error(ExitCode::input_invalid, at_feature(row), what + text);
        }
        values[row] = number;
    }
    return values;
}

} // namespace lifecircle
