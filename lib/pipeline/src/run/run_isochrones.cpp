#include "lifecircle/error.hpp"
#include "lifecircle/report.hpp"
#include "lifecircle/run.hpp"
#include "lifecircle/version.hpp"

#include "run/result_fields.hpp"

#include <algorithm>

namespace lifecircle {

IsochroneSummary run_isochrones(const IsochroneRequest& request, const OutputOptions& options,
                                const ProgressCallback& progress) {
    report_progress(progress, 0.0, "reading facilities");
    const PointLayer facilities = read_point_layer(request.facilities);
    check_optional_field(facilities, request.name_field, "name", request.facilities);
    report_progress(progress, 1.0, "reading facilities");
    report_progress(progress, 0.0, "reading roads");
    const RoadSource roads = read_roads(request.roads.source);
    report_progress(progress, 1.0, "reading roads");

    // The run's rule, with the facilities standing for the demand it has not.
    LonLatExtent extent;
    extent.add(facilities.positions);
    const WorkingCrs crs = choose_working_crs(request.crs, extent);
    report_progress(progress, 0.0, "building the walking network");
    const Network network(request.roads, roads.report, build_walking_graph(roads, crs, request.roads.graph));
    const WalkingGraph& graph = network.graph();
    const EdgeIndex& index = network.index();
    const std::vector<PlanarPoint> planar = crs.project(facilities.positions, request.facilities.context());
    SnapReport snapping;
    const std::vector<Snap> snaps = index.snap(planar, request.roads.snap_limit, &snapping);
    report_progress(progress, 1.0, "building the walking network");
    if (snapping.beyond_limit == snapping.points) {
        throw Error(ExitCode::input_invalid, request.facilities.context(),
                    "no facility lies within " + to_string(request.roads.snap_limit) +
                        " of the road network; check the CRS of both");
    }

    ServiceAreaOptions area_options;
    for (const double bound : request.bounds) {
        area_options.thresholds.push_back(
            request.walk_kmh ? walking_distance(Minutes{bound}, KilometresPerHour{*request.walk_kmh}) : Metres{bound});
    }
    area_options.width = request.roads.area_width;
    area_options.per_facility = request.per_facility;
    area_options.facilities = request.facilities.context();
    report_progress(progress, 0.0, "service areas");
    const std::vector<ServiceArea> areas = service_areas(graph, snaps, planar, area_options);
    report_progress(progress, 1.0, "service areas");

    // One polygon per band, and with `per_facility` one per band and facility,
    // carrying the facility's own fields so that it joins back.
    const auto layer_of = [&](bool per_facility) {
        OutputLayer layer;
        layer.name = per_facility ? "service_areas_per_facility" : "service_areas";
        std::vector<std::uint32_t> facility_of_row;
        std::vector<std::int64_t> facility_fid;
        std::vector<double> upto;
        std::vector<double> threshold_m;
        std::vector<double> area_m2;
        std::vector<std::int64_t> holes;
        for (std::size_t i = 0; i < areas.size(); ++i) {
            const ServiceArea& area = areas[i];
            if ((area.facility != no_index) != per_facility || area.wkb.empty()) {
                continue;
            }
            layer.wkb_wgs84.push_back(unproject_wkb(area.wkb, crs));
            if (per_facility) {
                facility_of_row.push_back(area.facility);
                facility_fid.push_back(facilities.feature_ids[area.facility]);
            }
            upto.push_back(request.bounds[i % request.bounds.size()]);
            threshold_m.push_back(area.threshold.value);
            area_m2.push_back(area.area_m2);
            holes.push_back(std::int64_t{area.holes});
        }
        std::vector<detail::NamedColumn> computed;
        if (per_facility) {
            computed.push_back({"facility_fid", AttributeColumn::of_integers(std::move(facility_fid))});
        }
        const std::size_t rows = upto.size();
        computed.push_back({"upto", AttributeColumn::of_reals(std::move(upto))});
        computed.push_back(
            {"unit", AttributeColumn::of_texts(std::vector<std::string>(rows, request.walk_kmh ? "min" : "m"))});
        computed.push_back({"threshold_m", AttributeColumn::of_reals(std::move(threshold_m))});
        computed.push_back({"area_m2", AttributeColumn::of_reals(std::move(area_m2))});
        computed.push_back({"holes", AttributeColumn::of_integers(std::move(holes))});
        detail::set_attributes(layer, per_facility ? facilities.attributes.gathered(facility_of_row) : AttributeTable{},
                               std::move(computed), request.name_field);
        return layer;
    };
    std::vector<OutputLayer> layers{layer_of(false)};
    if (request.per_facility) {
        layers.push_back(layer_of(true));
    }
    OutputDirectory output(options.directory, {request.facilities.path, request.roads.source.path});
    write_layers(output, layers, options.format, progress);
    write_styles(output, layers, options.format);

    IsochroneSummary summary;
    summary.lifecircle_version = LIFECIRCLE_VERSION;
    summary.working_crs = crs.name();
    summary.facilities = {facilities.report.source, facilities.report.features_used, snapping.beyond_limit};
    summary.roads = {roads.report.source, graph.node_count(), graph.edge_count()};
    summary.width_m = request.roads.area_width.value;
    for (std::size_t i = 0; i < request.bounds.size(); ++i) {
        summary.service_areas.push_back(
            {request.bounds[i], areas[i].threshold.value, areas[i].area_m2, areas[i].holes});
    }
    write_text_file(output.stage("report.html"), render_isochrone_report(summary, layers, facilities.positions,
                                                                         options.language.value_or(Language::zh)));
    commit_with_summary(output, summary);
    return summary;
}

} // namespace lifecircle
