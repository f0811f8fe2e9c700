// The walking-network engine: graph build from the OSM extracts (time per
// million nodes read), then a synthetic city -- a perturbed grid with missing
// links, at least a million nodes -- with 500k demand points and 1,000
// facilities: snapping, full coverage at 1,000 m, arcs relaxed per second,
// reach sets, and bytes per edge.
//
//   bench_network [SHARED_DATA_DIR] [GRID_SIDE (0 skips)] [SERVICE_AREA_GRID_SIDE]

#include "lifecircle/lifecircle.hpp"

#include "bench_support.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <osmium/handler.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>

using namespace lifecircle;
namespace fs = std::filesystem;
using bench::Clock;
using bench::peak_resident_mib;
using bench::seconds_since;

namespace {

struct NodeCounter : osmium::handler::Handler {
    std::uint64_t nodes = 0;
    void node(const osmium::Node&) { ++nodes; }
};

void osm_graphs(const fs::path& shared) {
    std::printf("graph build from OpenStreetMap (libosmium, two passes; graph in UTM)\n");
    std::printf("%-24s %10s %9s %8s %8s %8s %8s %11s\n", "extract", "OSM nodes", "ways used", "nodes", "edges",
                "read s", "build s", "s per 1M n");
    double total_seconds = 0.0;
    std::uint64_t total_nodes = 0;
    for (const char* name :
         {"osm/monaco.osm.pbf", "osm/andorra.osm.pbf", "osm/liechtenstein.osm.pbf", "osm/porto.osm.pbf",
          "osm/baltimore.osm.pbf", "osm/munich.osm.pbf", "wuhan-guanggu/wuhan-guanggu.osm.pbf"}) {
        const fs::path file = shared / name;
        if (!fs::exists(file)) {
            continue;
        }
        NodeCounter counter;
        osmium::io::Reader reader{file.string(), osmium::osm_entity_bits::node};
        osmium::apply(reader, counter);
        reader.close();

        auto start = Clock::now();
        const RoadSource roads = read_osm_roads(file);
        const double read_seconds = seconds_since(start);
        start = Clock::now();
        const WalkingGraph graph = build_walking_graph(roads, WorkingCrs::choose("auto", roads.vertices.front()));
        const double build_seconds = seconds_since(start);
        total_seconds += read_seconds + build_seconds;
        total_nodes += counter.nodes;
        std::printf("%-24s %10llu %9llu %8u %8u %8.3f %8.3f %11.3f\n", file.filename().c_str(),
                    static_cast<unsigned long long>(counter.nodes),
                    static_cast<unsigned long long>(roads.report.features_used), graph.node_count(), graph.edge_count(),
                    read_seconds, build_seconds,
                    (read_seconds + build_seconds) * 1e6 / static_cast<double>(counter.nodes));
    }
    if (total_nodes > 0) {
        std::printf("all extracts: %.3f s per million OSM nodes read; peak RSS so far %.1f MiB\n\n",
                    total_seconds * 1e6 / static_cast<double>(total_nodes), peak_resident_mib());
    }
}

// A side x side grid, 50 m apart, each node jittered by up to 10 m, 10% of the
// links missing: a city-sized street network with dead ends and detours.
struct SyntheticCity {
    std::vector<PlanarPoint> vertices;
    RoadSource topology;
};

SyntheticCity synthetic_city(std::uint32_t side, std::mt19937_64& random) {
    std::uniform_real_distribution<double> jitter(-10.0, 10.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    SyntheticCity city;
    city.vertices.reserve(static_cast<std::size_t>(side) * side);
    for (std::uint32_t row = 0; row < side; ++row) {
        for (std::uint32_t column = 0; column < side; ++column) {
            city.vertices.push_back({column * 50.0 + jitter(random), row * 50.0 + jitter(random)});
        }
    }
    city.topology.vertices.resize(city.vertices.size());
    for (std::uint32_t row = 0; row < side; ++row) {
        for (std::uint32_t column = 0; column < side; ++column) {
            const std::uint32_t node = row * side + column;
            if (column + 1 < side && unit(random) > 0.1) {
                city.topology.add_polyline(std::vector<std::uint32_t>{node, node + 1});
            }
            if (row + 1 < side && unit(random) > 0.1) {
                city.topology.add_polyline(std::vector<std::uint32_t>{node, node + side});
            }
        }
    }
    return city;
}

std::vector<PlanarPoint> random_points(std::mt19937_64& random, std::size_t count, double extent) {
    std::uniform_real_distribution<double> coordinate(0.0, extent);
    std::vector<PlanarPoint> points(count);
    for (PlanarPoint& point : points) {
        point = {coordinate(random), coordinate(random)};
    }
    return points;
}

// Rolling ground over the city, 30 m high hills 2.5 km apart on a 1% tilt, as a
// GeoTIFF of 30 m cells (SRTM's) read back through io as a scenario's DEM is.
fs::path write_synthetic_dem(double extent) {
    const fs::path file = fs::temp_directory_path() / "lifecircle_bench_dem.tif";
    const int cells = static_cast<int>(extent / 30.0) + 2;
    GDALAllRegister();
    char** options = CSLSetNameValue(nullptr, "COMPRESS", "DEFLATE");
    options = CSLSetNameValue(options, "TILED", "YES");
    GDALDataset* dataset = GetGDALDriverManager()->GetDriverByName("GTiff")->Create(file.string().c_str(), cells, cells,
                                                                                    1, GDT_Float32, options);
    CSLDestroy(options);
    double geotransform[6] = {-30.0, 30.0, 0.0, extent + 30.0, 0.0, -30.0};
    dataset->SetGeoTransform(geotransform);
    OGRSpatialReference utm;
    utm.importFromEPSG(32650);
    dataset->SetSpatialRef(&utm);
    std::vector<float> row(static_cast<std::size_t>(cells));
    for (int r = 0; r < cells; ++r) {
        const double y = extent + 30.0 - 30.0 * (r + 0.5);
        for (int c = 0; c < cells; ++c) {
            const double x = -30.0 + 30.0 * (c + 0.5);
            row[static_cast<std::size_t>(c)] =
                static_cast<float>(30.0 * std::sin(x / 400.0) * std::cos(y / 400.0) + 0.01 * x);
        }
        if (dataset->GetRasterBand(1)->RasterIO(GF_Write, 0, r, cells, 1, row.data(), cells, 1, GDT_Float32, 0, 0,
                                                nullptr) != CE_None) {
            std::fprintf(stderr, "cannot write the synthetic DEM %s\n", file.c_str());
            std::exit(1);
        }
    }
    GDALClose(dataset);
    return file;
}

// The elderly profile on a synthetic DEM: heights sampled along every edge,
// directed costs built, and the same coverage search as above over them.
void walking_profile_costs(const WalkingGraph& graph, std::span<const Snap> demand, std::span<const Snap> facilities,
                           double extent) {
    auto start = Clock::now();
    const fs::path dem = write_synthetic_dem(extent);
    std::printf("  write a 30 m DEM      %8.3f s   (GeoTIFF, DEFLATE)\n", seconds_since(start));
    const WorkingCrs crs = WorkingCrs::choose("EPSG:32650", {117.0, 0.2});
    start = Clock::now();
    ElevationSamples counts;
    const EdgeElevations elevations =
        read_edge_elevations({dem, {}, {}, false, {}, {}}, graph, crs, Metres{25.0}, &counts);
    std::printf("  sample heights        %8.3f s   %llu places (%.1f per edge), %llu off the DEM\n",
                seconds_since(start), static_cast<unsigned long long>(counts.points),
                static_cast<double>(counts.points) / graph.edge_count(),
                static_cast<unsigned long long>(counts.outside + counts.on_nodata));
    start = Clock::now();
    const WalkingCosts costs = WalkingCosts::build(graph, *builtin_profile("elderly"), &elevations);
    std::printf("  elderly costs         %8.3f s   %.1f bytes per edge; peak RSS %.0f MiB\n", seconds_since(start),
                static_cast<double>(costs.memory_bytes()) / graph.edge_count(), peak_resident_mib());
    double undirected_seconds = 0.0;
    for (const bool directed : {false, true}) {
        TravelStatistics statistics;
        start = Clock::now();
        const NearestFacilityCosts found =
            directed ? nearest_facility_by_network(graph, costs, demand, facilities, Metres{1000.0}, &statistics)
                     : nearest_facility_by_network(graph, demand, facilities, Metres{1000.0}, &statistics);
        const double seconds = seconds_since(start);
        undirected_seconds = directed ? undirected_seconds : seconds;
        const std::vector<double> weights(demand.size(), 1.0);
        const CoverageTotals totals = summarise_coverage(found.cost_m, weights, Metres{1000.0});
        const std::string ratio =
            directed ? " (" + std::to_string(seconds / undirected_seconds).substr(0, 4) + " x lengths)" : "";
        std::printf("  coverage %-12s %8.3f s   %llu nodes settled; %.1f%% within 1000 m%s\n",
                    directed ? "elderly, DEM" : "lengths", seconds,
                    static_cast<unsigned long long>(statistics.nodes_settled), 100.0 * totals.covered_share(),
                    ratio.c_str());
    }
    std::filesystem::remove(dem);
}

void synthetic(std::uint32_t side) {
    std::mt19937_64 random(42);
    const double extent = (side - 1) * 50.0;
    std::printf("synthetic city: %u x %u grid, 50 m apart, 10%% of links missing (%.1f km across)\n", side, side,
                extent / 1000.0);
    auto start = Clock::now();
    const SyntheticCity city = synthetic_city(side, random);
    const WalkingGraph graph = WalkingGraph::build(city.vertices, city.topology);
    std::printf(
        "  build graph           %8.3f s   %u nodes, %u edges, %u components; %.1f bytes per edge; peak RSS %.0f MiB\n",
        seconds_since(start), graph.node_count(), graph.edge_count(), graph.components().count,
        static_cast<double>(graph.memory_bytes()) / graph.edge_count(), peak_resident_mib());

    start = Clock::now();
    const EdgeIndex index(graph);
    std::printf("  edge R-tree           %8.3f s   %.1f bytes per edge (entries)\n", seconds_since(start),
                static_cast<double>(index.memory_bytes()) / graph.edge_count());

    const std::vector<PlanarPoint> demand_points = random_points(random, 500000, extent);
    const std::vector<PlanarPoint> facility_points = random_points(random, 1000, extent);
    start = Clock::now();
    SnapReport report;
    const std::vector<Snap> demand = index.snap(demand_points, default_snap_limit, &report);
    const std::vector<Snap> facilities = index.snap(facility_points, default_snap_limit);
    const double snap_seconds = seconds_since(start);
    std::printf("  snap 501,000 points   %8.3f s   %.0f points/s; %llu beyond the limit\n", snap_seconds,
                501000.0 / snap_seconds, static_cast<unsigned long long>(report.beyond_limit));

    for (const double bound : {1000.0, 1e300}) {
        TravelStatistics statistics;
        start = Clock::now();
        const NearestFacilityCosts costs =
            nearest_facility_by_network(graph, demand, facilities, Metres{bound}, &statistics);
        const double seconds = seconds_since(start);
        const std::vector<double> weights(demand.size(), 1.0);
        const CoverageTotals totals = summarise_coverage(costs.cost_m, weights, Metres{1000.0});
        std::printf(
            "  coverage, bound %-6s %7.3f s   %llu nodes settled, %.1f M arcs relaxed/s; %.1f%% within 1000 m\n",
            bound < 1e299 ? "1000 m" : "none", seconds, static_cast<unsigned long long>(statistics.nodes_settled),
            static_cast<double>(statistics.arcs_relaxed) / seconds / 1e6, 100.0 * totals.covered_share());
    }

    // Routes for the few a planner asks about: 1,000 demand points, one unbounded search and the walks back.
    {
        const std::vector<Snap> asked(demand.begin(), demand.begin() + 1000);
        start = Clock::now();
        const std::vector<WalkingRoute> routes = nearest_facility_routes(graph, asked, facilities, Metres{1e300});
        const double seconds = seconds_since(start);
        std::size_t vertices = 0;
        std::size_t routed = 0;
        for (const WalkingRoute& route : routes) {
            vertices += route.line.size();
            routed += route.facility != no_index ? 1U : 0U;
        }
        std::printf("  routes, 1000 points   %8.3f s   %zu routed, %.1f vertices per route, unbounded\n", seconds,
                    routed, routed > 0 ? static_cast<double>(vertices) / static_cast<double>(routed) : 0.0);
    }

    walking_profile_costs(graph, demand, facilities, extent);

    TravelStatistics statistics;
    start = Clock::now();
    const ReachSets reach = reach_sets(graph, demand, facilities, Metres{1000.0}, &statistics);
    const double reach_seconds = seconds_since(start);
    std::printf("  reach sets, 1000 src  %8.3f s   %zu (source, demand) pairs, %.1f M arcs relaxed/s\n", reach_seconds,
                reach.demand.size(), static_cast<double>(statistics.arcs_relaxed) / reach_seconds / 1e6);
    std::printf("  peak RSS              %8.0f MiB\n", peak_resident_mib());

    // Siting: 1,000 candidates, the 1,000 facilities above as existing ones;
    // spread over the city (their coverage sets barely overlap) or clustered in
    // an 8 km square (they overlap heavily: the harder case).
    CoverageInstance instance;
    instance.weight.assign(demand.size(), 1.0);
    const NearestFacilityCosts existing = nearest_facility_by_network(graph, demand, facilities, Metres{1000.0});
    for (const double cost : existing.cost_m) {
        instance.covered_by_existing.push_back(cost <= 1000.0);
    }
    for (const double spread : {extent, 8000.0}) {
        const std::vector<PlanarPoint> candidate_points = random_points(random, 1000, spread);
        start = Clock::now();
        const std::vector<Snap> candidates = index.snap(candidate_points, default_snap_limit);
        instance.candidates = reach_sets(graph, demand, candidates, Metres{1000.0});
        std::printf("  siting, candidates in %2.0f km: coverage sets %.3f s, %zu (candidate, demand) pairs\n",
                    spread / 1000.0, seconds_since(start), instance.candidates.demand.size());
        for (const std::uint32_t k : {5U, 10U, 20U, 50U}) {
            start = Clock::now();
            const SitingAnswer answer = maximal_covering(instance, k);
            std::printf("    K = %-3u %7.3f s   covered %.0f -> %.0f of %.0f; bound %.0f; gap %.3f%%; %u swaps\n", k,
                        seconds_since(start), answer.covered_before, answer.covered_after, answer.total_demand,
                        answer.upper_bound, 100.0 * answer.gap(), answer.swaps);
        }
    }

    // P-median: the same 1,000 existing facilities, 1,000 candidates spread
    // over the city, costs capped at 3,000 m (3 x the threshold).
    const Metres cap{3000.0};
    MedianInstance median;
    median.weight.assign(demand.size(), 1.0);
    median.cost_cap = cap.value;
    start = Clock::now();
    median.existing_cost = nearest_facility_by_network(graph, demand, facilities, cap).cost_m;
    const std::vector<Snap> spread_candidates = index.snap(random_points(random, 1000, extent), default_snap_limit);
    median.candidates = reach_sets(graph, demand, spread_candidates, cap);
    std::printf("  p-median, cap 3000 m: costs and reach sets %.3f s, %zu (candidate, demand) pairs\n",
                seconds_since(start), median.candidates.demand.size());
    for (const std::uint32_t k : {5U, 10U, 20U, 50U}) {
        start = Clock::now();
        const MedianAnswer answer = p_median(median, k);
        std::printf("    K = %-3u %7.3f s   mean cost %.1f -> %.1f m; lower bound %.1f m; gap %.3f%%; %u swaps\n", k,
                    seconds_since(start), answer.cost_before / answer.total_demand,
                    answer.cost_after / answer.total_demand, answer.lower_bound / answer.total_demand,
                    100.0 * answer.gap(), answer.swaps);
    }

    // Capacitated coverage over the same 1,000 candidates, existing facilities
    // of 200 places; candidates of 300 places (they fill up) or 5,000 (they
    // rarely do, so it is nearly maximal covering through a flow).
    CapacitatedInstance capacitated;
    capacitated.weight.assign(demand.size(), 1.0);
    start = Clock::now();
    capacitated.existing = reach_sets(graph, demand, facilities, Metres{1000.0});
    capacitated.existing_capacity.assign(facilities.size(), 200.0);
    capacitated.candidates = reach_sets(graph, demand, spread_candidates, Metres{1000.0});
    std::printf("  capacitated, 1000 candidates: reach sets %.3f s\n", seconds_since(start));
    for (const double places : {300.0, 5000.0}) {
        capacitated.candidate_capacity.assign(spread_candidates.size(), places);
        for (const std::uint32_t k : {5U, 10U, 20U, 50U}) {
            start = Clock::now();
            const CapacitatedAnswer answer = capacitated_coverage(capacitated, k);
            std::printf("    %4.0f places, K = %-3u %7.3f s   served %.0f -> %.0f; bound %.0f; gap %.3f%%; %u swaps\n",
                        places, k, seconds_since(start), answer.covered_before, answer.covered_after,
                        answer.upper_bound, 100.0 * answer.gap(), answer.swaps);
        }
    }
    std::printf("  peak RSS              %8.0f MiB\n", peak_resident_mib());
}

// Service areas of 1,000 facilities at 5, 10 and 15 minutes, dissolved and then
// one per facility, on a city of side x side junctions (GEOS buffering and
// union dominate; a whole 1,000 x 1,000 city takes too long to be a benchmark).
void service_area_bench(std::uint32_t side) {
    std::mt19937_64 random(7);
    const double extent = (side - 1) * 50.0;
    const SyntheticCity city = synthetic_city(side, random);
    const WalkingGraph graph = WalkingGraph::build(city.vertices, city.topology);
    const EdgeIndex index(graph);
    const std::vector<PlanarPoint> facility_points = random_points(random, 1000, extent);
    const std::vector<Snap> facilities = index.snap(facility_points, default_snap_limit);
    std::printf("service areas: %u x %u city (%.1f km across, %u edges), 1,000 facilities, width 25 m\n", side, side,
                extent / 1000.0, graph.edge_count());
    for (const bool per_facility : {false, true}) {
        ServiceAreaOptions options;
        options.thresholds = {Metres{1000.0 / 3.0}, Metres{2000.0 / 3.0}, Metres{1000.0}};
        options.per_facility = per_facility;
        const auto start = Clock::now();
        const std::vector<ServiceArea> areas = service_areas(graph, facilities, facility_points, options);
        double area = 0.0;
        std::uint64_t holes = 0;
        for (const ServiceArea& one : areas) {
            area += one.facility == no_index && one.threshold.value == 1000.0 ? one.area_m2 : 0.0;
            holes += one.facility == no_index && one.threshold.value == 1000.0 ? one.holes : 0U;
        }
        std::printf("  %-24s %8.3f s   %zu polygons; 15-min dissolved %.1f km2, %llu holes; peak RSS %.0f MiB\n",
                    per_facility ? "dissolved + each facility" : "dissolved", seconds_since(start), areas.size(),
                    area / 1e6, static_cast<unsigned long long>(holes), peak_resident_mib());
    }
}

} // namespace

int main(int argc, char** argv) {
    const fs::path shared = argc > 1 ? fs::path(argv[1]) : fs::path(LIFECIRCLE_SHARED_DATA);
    const auto side = static_cast<std::uint32_t>(argc > 2 ? std::stoul(argv[2]) : 1000);
    std::printf("peak RSS at start: %.1f MiB\n\n", peak_resident_mib());
    if (fs::exists(shared / "osm")) {
        osm_graphs(shared);
    } else {
        std::printf("(%s not found: OSM extracts skipped)\n\n", shared.c_str());
    }
    if (side > 0) { // 0 skips the synthetic city: service areas only
        synthetic(side);
        std::printf("\n");
    }
    service_area_bench(argc > 3 ? static_cast<std::uint32_t>(std::stoul(argv[3])) : 150);
    return 0;
}
