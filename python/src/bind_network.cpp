// WorkingCrs, Network, Snaps, ReachSets, the network searches and service areas.

#include "arrays.hpp"
#include "bindings.hpp"
#include "bridge.hpp"
#include "documents.hpp"
#include "engine_types.hpp"

#include "lifecircle/isochrone.hpp"
#include "lifecircle/roads.hpp"
#include "lifecircle/travel.hpp"

#include <pybind11/stl.h>

#include <cmath>
#include <cstddef>

namespace lifecircle::python {
namespace {

// A field of every element of a vector of structs, as a strided view that keeps `owner` alive.
template <class Field, class Struct>
py::array field_view(const std::vector<Struct>& elements, const Field* first, const py::object& owner) {
    return py::array(py::dtype::of<Field>(), {static_cast<py::ssize_t>(elements.size())},
                     {static_cast<py::ssize_t>(sizeof(Struct))}, elements.empty() ? nullptr : first, owner);
}

template <class T>
py::array vector_view(const std::vector<T>& values, const py::object& owner) {
    return py::array(py::dtype::of<T>(), {static_cast<py::ssize_t>(values.size())}, {}, values.data(), owner);
}

std::span<const Snap> snaps_of(const PySnaps& snaps, const PyNetwork& network, const char* argument) {
    if (snaps.network != network.identity) {
        argument_error(argument, "was snapped to another network: snap it to this one");
    }
    return snaps.snaps;
}

Metres positive_metres(double value, const char* argument) {
    if (!std::isfinite(value) || value < 0.0) {
        argument_error(argument, "must be a finite number of metres, at least 0");
    }
    return Metres{value};
}

PyNetwork make_network(WalkingGraph graph, std::uint32_t min_component_nodes) {
    PyNetwork network;
    network.graph = std::make_unique<WalkingGraph>(std::move(graph));
    network.index = std::make_unique<EdgeIndex>(*network.graph, min_component_nodes);
    return network;
}

// Polylines over shared vertices, checked before the graph trusts them.
RoadSource topology_of(std::size_t vertex_count, std::span<const std::uint32_t> offsets,
                       std::span<const std::uint32_t> vertices) {
    if (offsets.empty() || offsets.front() != 0 || offsets.back() != vertices.size()) {
        argument_error("polyline_offsets", "must start at 0 and end at len(polyline_vertices)");
    }
    RoadSource topology;
    topology.polyline_offsets.assign(offsets.begin(), offsets.end());
    for (std::size_t polyline = 0; polyline + 1 < offsets.size(); ++polyline) {
        if (offsets[polyline + 1] < offsets[polyline] + 2) {
            argument_error("polyline_offsets", "polyline " + std::to_string(polyline) +
                                                   " has fewer than two vertices (offsets must ascend by 2 or more)");
        }
    }
    for (std::size_t i = 0; i < vertices.size(); ++i) {
        if (vertices[i] >= vertex_count) {
            argument_error("polyline_vertices", "value " + std::to_string(i) + " (" + std::to_string(vertices[i]) +
                                                    ") is not a vertex: there are " + std::to_string(vertex_count));
        }
    }
    topology.polyline_vertices.assign(vertices.begin(), vertices.end());
    topology.report.source = "arrays";
    topology.report.features_read = topology.report.features_used = topology.polyline_count();
    return topology;
}

void require_finite(std::span<const PlanarPoint> points, const char* argument) {
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!std::isfinite(points[i].x) || !std::isfinite(points[i].y)) {
            argument_error(argument, "row " + std::to_string(i) + " is not a finite position");
        }
    }
}

void bind_crs(py::module_& module) {
    py::class_<WorkingCrs>(module, "WorkingCrs",
                           "The metric CRS the engines compute in: a UTM zone chosen for a place, or one named")
        .def(py::init([](const std::string& definition, std::pair<double, double> centre) {
                 return WorkingCrs::choose(definition, LonLat{centre.first, centre.second});
             }),
             py::arg("definition") = "auto", py::arg("centre") = std::pair<double, double>{0.0, 0.0},
             "'auto' takes the UTM zone of centre (longitude, latitude); else a projected CRS in metres, "
             "e.g. 'EPSG:4547'")
        .def_property_readonly("name", &WorkingCrs::name)
        .def_property_readonly("wkt", &WorkingCrs::wkt)
        .def(
            "project",
            [](const WorkingCrs& crs, const InArray<double>& lonlat) {
                const std::span<const PlanarPoint> positions = planar_points(lonlat, "lonlat");
                std::vector<LonLat> wgs84(positions.size());
                std::transform(positions.begin(), positions.end(), wgs84.begin(), [](PlanarPoint point) {
                    return LonLat{point.x, point.y};
                });
                const std::vector<PlanarPoint> planar = [&] {
                    const py::gil_scoped_release release;
                    return crs.project(wgs84, ErrorContext{}.with_field("lonlat"));
                }();
                return to_numpy(planar);
            },
            py::arg("lonlat"), "WGS 84 longitude, latitude (n, 2) to x, y in metres")
        .def(
            "unproject",
            [](const WorkingCrs& crs, const InArray<double>& xy) {
                const std::vector<LonLat> wgs84 = [&] {
                    const py::gil_scoped_release release;
                    return crs.unproject(planar_points(xy, "xy"));
                }();
                py::array_t<double> result({static_cast<py::ssize_t>(wgs84.size()), py::ssize_t{2}});
                std::copy_n(reinterpret_cast<const double*>(wgs84.data()), 2 * wgs84.size(), result.mutable_data());
                return result;
            },
            py::arg("xy"), "x, y in metres (n, 2) to WGS 84 longitude, latitude")
        .def("__repr__", [](const WorkingCrs& crs) { return "WorkingCrs('" + crs.name() + "')"; });
}

void bind_snaps_and_reach(py::module_& module) {
    py::class_<PySnaps>(module, "Snaps", "Where points join the network: edge, distance along it, connector")
        .def("__len__", [](const PySnaps& snaps) { return snaps.snaps.size(); })
        .def_property_readonly("edge",
                               [](py::object self) {
                                   const auto& snaps = self.cast<const PySnaps&>().snaps;
                                   return field_view(snaps, snaps.empty() ? nullptr : &snaps[0].edge, self);
                               })
        .def_property_readonly("along",
                               [](py::object self) {
                                   const auto& snaps = self.cast<const PySnaps&>().snaps;
                                   return field_view(snaps, snaps.empty() ? nullptr : &snaps[0].along.value, self);
                               })
        .def_property_readonly("connector",
                               [](py::object self) {
                                   const auto& snaps = self.cast<const PySnaps&>().snaps;
                                   return field_view(snaps, snaps.empty() ? nullptr : &snaps[0].connector.value, self);
                               })
        .def_property_readonly("snapped",
                               [](const PySnaps& snaps) {
                                   std::vector<bool> snapped(snaps.snaps.size());
                                   for (std::size_t i = 0; i < snapped.size(); ++i) {
                                       snapped[i] = snaps.snaps[i].snapped();
                                   }
                                   return to_numpy(snapped);
                               })
        .def_property_readonly("report", [](const PySnaps& snaps) {
            py::dict report;
            report["points"] = snaps.report.points;
            report["beyond_limit"] = snaps.report.beyond_limit;
            report["on_minor_component"] = snaps.report.on_minor_component;
            report["largest_connector_m"] = snaps.report.largest_connector.value;
            return report;
        });

    py::class_<ReachSets>(module, "ReachSets",
                          "For every source, the demand points it reaches within a bound, with costs: "
                          "source s holds demand[offsets[s]:offsets[s+1]]")
        .def(py::init([](const InArray<std::uint64_t>& offsets, const InArray<std::uint32_t>& demand,
                         const InArray<double>& cost) {
                 const auto offset_values = values(offsets, "offsets");
                 const auto demand_values = values(demand, "demand");
                 const auto cost_values = values(cost, "cost", demand.shape(0));
                 if (offset_values.empty() || offset_values.front() != 0 ||
                     offset_values.back() != demand_values.size() ||
                     !std::is_sorted(offset_values.begin(), offset_values.end())) {
                     argument_error("offsets", "must ascend from 0 to len(demand)");
                 }
                 for (const double value : cost_values) {
                     if (!(value >= 0.0) || !std::isfinite(value)) {
                         argument_error("cost", "must be finite and at least 0");
                     }
                 }
                 ReachSets reach;
                 reach.offsets.assign(offset_values.begin(), offset_values.end());
                 reach.demand.assign(demand_values.begin(), demand_values.end());
                 reach.cost.assign(cost_values.begin(), cost_values.end());
                 return reach;
             }),
             py::arg("offsets"), py::arg("demand"), py::arg("cost"))
        .def("__len__", [](const ReachSets& reach) { return reach.offsets.size() - 1; })
        .def_property_readonly("offsets",
                               [](py::object self) { return vector_view(self.cast<const ReachSets&>().offsets, self); })
        .def_property_readonly("demand",
                               [](py::object self) { return vector_view(self.cast<const ReachSets&>().demand, self); })
        .def_property_readonly("cost",
                               [](py::object self) { return vector_view(self.cast<const ReachSets&>().cost, self); });
}

py::tuple costs_to_python(NearestFacilityCosts&& costs) {
    return py::make_tuple(to_numpy(std::move(costs.cost_m)), to_numpy(std::move(costs.nearest_facility)));
}

void bind_network_class(py::module_& module) {
    py::class_<PyNetwork>(module, "Network",
                          "A walking network: a graph of road edges and an index to snap points to it")
        .def_static(
            "from_arrays",
            [](const InArray<double>& vertices, const InArray<std::uint32_t>& polyline_offsets,
               const InArray<std::uint32_t>& polyline_vertices, double endpoint_tolerance, bool join_near_endpoints,
               std::uint32_t min_component_nodes) {
                const std::span<const PlanarPoint> positions = planar_points(vertices, "vertices");
                require_finite(positions, "vertices");
                RoadSource topology = topology_of(positions.size(), values(polyline_offsets, "polyline_offsets"),
                                                  values(polyline_vertices, "polyline_vertices"));
                topology.from_line_layer = join_near_endpoints;
                GraphOptions options;
                options.endpoint_tolerance = positive_metres(endpoint_tolerance, "endpoint_tolerance");
                const py::gil_scoped_release release;
                return make_network(WalkingGraph::build(positions, topology, options), min_component_nodes);
            },
            py::arg("vertices"), py::arg("polyline_offsets"), py::arg("polyline_vertices"),
            py::arg("endpoint_tolerance") = 0.5, py::arg("join_near_endpoints") = false,
            py::arg("min_component_nodes") = 1,
            "Polylines over shared vertices (x, y in metres): polyline i runs through "
            "vertices[polyline_vertices[polyline_offsets[i]:polyline_offsets[i+1]]]")
        .def_static(
            "read",
            [](const std::string& path, const std::string& layer, const std::string& crs,
               std::uint32_t min_component_nodes, const py::object& progress) {
                return without_gil(progress, [&](const ProgressCallback& report) {
                    SourceSpec spec;
                    spec.path = path;
                    spec.layer = layer;
                    report_progress(report, 0.0, "reading roads");
                    const RoadSource roads = read_roads(spec);
                    if (roads.vertices.empty()) {
                        throw Error(ExitCode::input_invalid, spec.context(), "holds no walkable ways");
                    }
                    LonLatExtent extent;
                    extent.add(roads.vertices);
                    PyNetwork network;
                    network.crs = WorkingCrs::choose(crs, extent.centre());
                    report_progress(report, 0.5, "building the walking network");
                    network.graph = std::make_unique<WalkingGraph>(build_walking_graph(roads, *network.crs));
                    network.index = std::make_unique<EdgeIndex>(*network.graph, min_component_nodes);
                    network.report = roads.report;
                    report_progress(report, 1.0, "building the walking network");
                    return network;
                });
            },
            py::arg("path"), py::arg("layer") = "", py::arg("crs") = "auto", py::arg("min_component_nodes") = 1,
            py::arg("progress") = py::none(),
            "Roads from OpenStreetMap (.osm.pbf, .osm) or any GDAL line layer, projected into crs "
            "('auto': the UTM zone of their centre)")
        .def_property_readonly("node_count", [](const PyNetwork& network) { return network.graph->node_count(); })
        .def_property_readonly("edge_count", [](const PyNetwork& network) { return network.graph->edge_count(); })
        .def_property_readonly("total_length",
                               [](const PyNetwork& network) { return network.graph->total_length().value; })
        .def_property_readonly("crs", [](const PyNetwork& network) { return network.crs; })
        .def_property_readonly("report", [](const PyNetwork& network) { return to_python(network.report); })
        .def_property_readonly("adjustments", [](const PyNetwork& network) { return network.graph->adjustments(); })
        .def("node_positions",
             [](const PyNetwork& network) {
                 std::vector<PlanarPoint> positions(network.graph->node_count());
                 for (std::uint32_t node = 0; node < positions.size(); ++node) {
                     positions[node] = network.graph->node_position(node);
                 }
                 return to_numpy(positions);
             })
        .def(
            "edges",
            [](const PyNetwork& network) {
                const WalkingGraph& graph = *network.graph;
                std::vector<std::uint32_t> from(graph.edge_count());
                std::vector<std::uint32_t> to(graph.edge_count());
                std::vector<double> length(graph.edge_count());
                for (std::uint32_t edge = 0; edge < graph.edge_count(); ++edge) {
                    from[edge] = graph.edge_from(edge);
                    to[edge] = graph.edge_to(edge);
                    length[edge] = graph.edge_length(edge).value;
                }
                py::dict edges;
                edges["from"] = to_numpy(std::move(from));
                edges["to"] = to_numpy(std::move(to));
                edges["length"] = to_numpy(std::move(length));
                return edges;
            },
            "Every edge's end nodes and length in metres (dict of arrays)")
        .def(
            "snap",
            [](const PyNetwork& network, const InArray<double>& points, double limit) {
                const std::span<const PlanarPoint> positions = planar_points(points, "points");
                require_finite(positions, "points");
                const Metres bound = positive_metres(limit, "limit");
                PySnaps snaps;
                snaps.network = network.identity;
                const py::gil_scoped_release release;
                snaps.snaps = network.index->snap(positions, bound, &snaps.report);
                return snaps;
            },
            py::arg("points"), py::arg("limit") = default_snap_limit.value,
            "The nearest position on the network of each point (x, y in metres); none beyond limit")
        .def(
            "node_costs",
            [](const PyNetwork& network, const PySnaps& sources, double bound) {
                const Metres within = positive_metres(bound, "bound");
                const std::span<const Snap> reaching = snaps_of(sources, network, "sources");
                NodeCosts costs = [&] {
                    const py::gil_scoped_release release;
                    return nearest_source_costs(*network.graph, reaching, within);
                }();
                return py::make_tuple(to_numpy(std::move(costs.cost)), to_numpy(std::move(costs.source)));
            },
            py::arg("sources"), py::arg("bound"),
            "Every node's walking cost (m) to its nearest source, inf beyond bound, and which source")
        .def(
            "nearest_facility",
            [](const PyNetwork& network, const PySnaps& demand, const PySnaps& facilities, double bound) {
                const Metres within = positive_metres(bound, "bound");
                const std::span<const Snap> people = snaps_of(demand, network, "demand");
                const std::span<const Snap> sites = snaps_of(facilities, network, "facilities");
                NearestFacilityCosts costs = [&] {
                    const py::gil_scoped_release release;
                    return nearest_facility_by_network(*network.graph, people, sites, within);
                }();
                return costs_to_python(std::move(costs));
            },
            py::arg("demand"), py::arg("facilities"), py::arg("bound"),
            "Each demand point's walking cost (m) to its nearest facility, inf when none is within bound, "
            "and that facility's index (2**32 - 1 when none)")
        .def(
            "routes",
            [](const PyNetwork& network, const PySnaps& demand, const PySnaps& facilities, double bound) {
                if (std::isnan(bound) || bound < 0.0) {
                    argument_error("bound", "must be a number of metres, at least 0 (inf: any distance)");
                }
                const std::span<const Snap> people = snaps_of(demand, network, "demand");
                const std::span<const Snap> sites = snaps_of(facilities, network, "facilities");
                const std::vector<WalkingRoute> routes = [&] {
                    const py::gil_scoped_release release;
                    return nearest_facility_routes(*network.graph, people, sites, Metres{bound});
                }();
                py::list walks;
                for (const WalkingRoute& route : routes) {
                    py::dict walk;
                    walk["facility"] = route.facility == no_index ? py::object(py::none()) : py::int_(route.facility);
                    walk["cost"] = route.cost;
                    walk["edges"] = to_numpy(std::vector<std::uint32_t>(route.edges));
                    walk["line"] = to_numpy(std::span<const PlanarPoint>(route.line));
                    walks.append(std::move(walk));
                }
                return walks;
            },
            py::arg("demand"), py::arg("facilities"), py::arg("bound") = std::numeric_limits<double>::infinity(),
            "Each demand point's walk to its nearest facility within bound (any distance by default): a dict of "
            "its facility index (None when none), cost (m), the edges walked in order, and the line (x, y) from "
            "where the point joins the network to where the facility does")
        .def(
            "reach_sets",
            [](const PyNetwork& network, const PySnaps& demand, const PySnaps& sources, double bound) {
                const Metres within = positive_metres(bound, "bound");
                const std::span<const Snap> people = snaps_of(demand, network, "demand");
                const std::span<const Snap> reaching = snaps_of(sources, network, "sources");
                const py::gil_scoped_release release;
                return reach_sets(*network.graph, people, reaching, within);
            },
            py::arg("demand"), py::arg("sources"), py::arg("bound"),
            "For every source, the demand points within bound on the network, with costs")
        .def(
            "service_areas",
            [](const PyNetwork& network, const PySnaps& facilities, const InArray<double>& positions,
               std::vector<double> thresholds, double width, bool per_facility) {
                const std::span<const PlanarPoint> planar = planar_points(positions, "positions");
                if (planar.size() != facilities.snaps.size()) {
                    argument_error("positions", "must have one row per snapped facility");
                }
                ServiceAreaOptions options;
                for (const double threshold : thresholds) {
                    options.thresholds.push_back(positive_metres(threshold, "thresholds"));
                }
                if (thresholds.empty() || !std::is_sorted(thresholds.begin(), thresholds.end())) {
                    argument_error("thresholds", "must be one or more distances in ascending order");
                }
                options.width = positive_metres(width, "width");
                options.per_facility = per_facility;
                const std::span<const Snap> sites = snaps_of(facilities, network, "facilities");
                const std::vector<ServiceArea> areas = [&] {
                    const py::gil_scoped_release release;
                    return service_areas(*network.graph, sites, planar, options);
                }();
                py::list result;
                for (const ServiceArea& area : areas) {
                    py::dict record;
                    record["facility"] =
                        area.facility == no_index ? py::object(py::none()) : py::object(py::int_(area.facility));
                    record["threshold"] = area.threshold.value;
                    record["area_m2"] = area.area_m2;
                    record["holes"] = area.holes;
                    record["wkb"] = py::bytes(reinterpret_cast<const char*>(area.wkb.data()), area.wkb.size());
                    result.append(std::move(record));
                }
                return result;
            },
            py::arg("facilities"), py::arg("positions"), py::arg("thresholds"), py::arg("width") = 25.0,
            py::arg("per_facility") = false,
            "Service areas (WKB polygons in the network's CRS): every facility's together at each "
            "threshold, then each facility's when per_facility");
}

} // namespace

void bind_network(py::module_& module) {
    bind_crs(module);
    bind_snaps_and_reach(module);
    bind_network_class(module);
}

} // namespace lifecircle::python
