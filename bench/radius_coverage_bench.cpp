// Radius coverage over the whole-Wuhan 60+ grid (WorldPop, ten age/sex bands
// summed, ~494k populated cells) against a few hundred facility points: load,
// projection, nearest-facility, unit assignment and writing times, and peak memory.
//
//   bench_radius_coverage [SHARED_DATA_DIR] [FACILITIES] [THRESHOLD_M]

#include "lifecircle/lifecircle.hpp"

#include "bench_support.hpp"

#include <ogr_geometry.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

using namespace lifecircle;
namespace fs = std::filesystem;
using bench::Clock;
using bench::peak_resident_mib;
using bench::seconds_since;

namespace {

void report(const char* stage, double seconds, const std::string& detail = {}) {
    std::printf("%-34s %9.3f s   peak RSS %7.1f MiB   %s\n", stage, seconds, peak_resident_mib(), detail.c_str());
}

// Square "units" of `size` metres over the extent of the demand, as a stand-in
// for sub-districts when measuring point-in-polygon assignment.
std::vector<PlanarMultiPolygon> grid_units(const std::vector<PlanarPoint>& points, double size) {
    double min_x = points.front().x;
    double min_y = points.front().y;
    double max_x = min_x;
    double max_y = min_y;
    for (const PlanarPoint& point : points) {
        min_x = std::min(min_x, point.x);
        min_y = std::min(min_y, point.y);
        max_x = std::max(max_x, point.x);
        max_y = std::max(max_y, point.y);
    }
    std::vector<PlanarMultiPolygon> units;
    for (double x = min_x; x <= max_x; x += size) {
        for (double y = min_y; y <= max_y; y += size) {
            PlanarMultiPolygon unit;
            unit.resize(1);
            unit[0].outer() = {{x, y}, {x, y + size}, {x + size, y + size}, {x + size, y}, {x, y}};
            units.push_back(std::move(unit));
        }
    }
    return units;
}

} // namespace

int main(int argc, char** argv) {
    const fs::path shared = argc > 1 ? fs::path(argv[1]) : fs::path(LIFECIRCLE_SHARED_DATA);
    const std::size_t facility_count = argc > 2 ? std::stoul(argv[2]) : 300;
    const Metres threshold{argc > 3 ? std::stod(argv[3]) : 1000.0};
    const fs::path worldpop = shared / "wuhan-worldpop";
    if (!fs::exists(worldpop / "pop_60_f_wuhan.tif")) {
        std::fprintf(stderr, "bench_radius_coverage: %s not found; pass the shared data folder\n", worldpop.c_str());
        return 2;
    }
    std::printf("radius coverage, whole-Wuhan 60+ grid, %zu facilities, %.0f m\n\n", facility_count, threshold.value);

    PopulationSpec population;
    for (const char* band : {"60", "65", "70", "75", "80"}) {
        for (const char* sex : {"f", "m"}) {
            population.rasters.push_back(
                {worldpop / (std::string("pop_") + band + "_" + sex + "_wuhan.tif"), {}, {}, false, {}});
        }
    }
    auto start = Clock::now();
    const DemandPoints demand = read_population(population);
    report("load 10 rasters, summed", seconds_since(start),
           std::to_string(demand.report.features_read) + " cells, " + std::to_string(demand.size()) + " populated");

    PopulationSpec derived;
    derived.rasters = {{worldpop / "derived_pop60plus.tif", {}, {}, false, {}}};
    start = Clock::now();
    const DemandPoints derived_demand = read_population(derived);
    report("load 1 raster (derived 60+)", seconds_since(start), std::to_string(derived_demand.size()) + " populated");

    // Facilities where people live: every k-th populated cell, deterministic.
    std::vector<LonLat> facility_positions;
    for (std::size_t i = 0; i < facility_count; ++i) {
        facility_positions.push_back(demand.positions[i * demand.size() / facility_count]);
    }

    start = Clock::now();
    const WorkingCrs crs = WorkingCrs::choose("auto", demand.positions[demand.size() / 2]);
    const std::vector<PlanarPoint> demand_planar = crs.project(demand.positions);
    const std::vector<PlanarPoint> facility_planar = crs.project(facility_positions);
    report("project to working CRS", seconds_since(start), crs.name());

    start = Clock::now();
    const NearestFacilityCosts costs = nearest_facility_by_radius(demand_planar, facility_planar);
    const double nearest_seconds = seconds_since(start);
    const CoverageTotals totals = summarise_coverage(costs.cost_m, demand.weights, threshold);
    char detail[160];
    std::snprintf(detail, sizeof detail, "%.0f points/s; %.1f%% of %.0f people covered",
                  static_cast<double>(demand.size()) / nearest_seconds, 100.0 * totals.covered_share(),
                  totals.demand_total);
    report("nearest facility (R-tree)", nearest_seconds, detail);

    const std::vector<PlanarMultiPolygon> units = grid_units(demand_planar, 3000.0);
    start = Clock::now();
    const UnitAssignment assignment = assign_to_units(demand_planar, demand.weights, units);
    const auto by_unit = coverage_by_unit(assignment, units.size(), costs.cost_m, demand.weights, threshold);
    report("assign to units + per-unit totals", seconds_since(start),
           std::to_string(units.size()) + " square units of 3 km, " + std::to_string(assignment.points_outside) +
               " points outside");

    // The whole job through the library facade, outputs included.
    const fs::path scratch = fs::temp_directory_path() / "lifecircle-bench-radius";
    fs::remove_all(scratch);
    fs::create_directories(scratch);
    OutputLayer sites;
    sites.name = "sites";
    sites.points = facility_positions;
    sites.attributes = AttributeTable({{"site", FieldType::integer}, {"beds", FieldType::integer}});
    for (std::size_t i = 0; i < facility_positions.size(); ++i) {
        sites.attributes.add_row({static_cast<std::int64_t>(i), static_cast<std::int64_t>(50 + (i * 37) % 200)});
    }
    write_layer(sites, VectorFormat::geojson, scratch / "sites.geojson");
    // Units for the indicators: squares of 0.03 degrees (about 3 km) over the
    // demand, with 9-digit codes (townships 001-399 in turn) and households.
    OutputLayer squares;
    squares.name = "squares";
    squares.attributes = AttributeTable({{"code", FieldType::string}, {"households", FieldType::integer}});
    {
        LonLat low = demand.positions.front();
        LonLat high = low;
        for (const LonLat& position : demand.positions) {
            low = {std::min(low.lon, position.lon), std::min(low.lat, position.lat)};
            high = {std::max(high.lon, position.lon), std::max(high.lat, position.lat)};
        }
        std::size_t index = 0;
        for (double lon = low.lon; lon <= high.lon; lon += 0.03) {
            for (double lat = low.lat; lat <= high.lat; lat += 0.03, ++index) {
                OGRLinearRing ring;
                ring.addPoint(lon, lat);
                ring.addPoint(lon + 0.03, lat);
                ring.addPoint(lon + 0.03, lat + 0.03);
                ring.addPoint(lon, lat + 0.03);
                ring.closeRings();
                OGRPolygon square;
                square.addRing(&ring);
                std::vector<unsigned char> wkb(static_cast<std::size_t>(square.WkbSize()));
                square.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
                squares.wkb_wgs84.push_back(std::move(wkb));
                char code[16];
                std::snprintf(code, sizeof code, "420100%03zu", 1 + index % 399);
                squares.attributes.add_row({std::string(code), static_cast<std::int64_t>((index * 613) % 8000)});
            }
        }
    }
    write_layer(squares, VectorFormat::geojson, scratch / "squares.geojson");
    Scenario scenario;
    scenario.name = "bench";
    scenario.population["elderly"] = population;
    scenario.units["square"] = UnitSpec{{scratch / "squares.geojson", {}, {}, false, {}}, {"code", {}, {}}};
    scenario.facilities["sites"] = FacilitySpec{{scratch / "sites.geojson", {}, {}, false, {}}, "beds", {}, {}};
    ServiceSpec service;
    service.id = "sites_1000m";
    service.facility = "sites";
    service.demand = "elderly";
    service.threshold = threshold;
    service.bands = {threshold.value / 3.0, 2.0 * threshold.value / 3.0, threshold.value};
    service.access = DistanceDecay{DistanceDecay::Kind::gaussian, {}};
    scenario.services.push_back(service);
    const auto target = [](IndicatorKind kind, double min) {
        TargetSpec spec;
        spec.indicator = kind;
        spec.id = to_string(kind);
        spec.min = min;
        spec.units = "square";
        spec.service = "sites_1000m";
        spec.facility = "sites";
        spec.demand = "elderly";
        return spec;
    };
    scenario.targets = {target(IndicatorKind::population_coverage, 0.9), target(IndicatorKind::unit_coverage, 1.0),
                        target(IndicatorKind::capacity_per_demand, 40.0),
                        target(IndicatorKind::unit_attribute_range, 1.0)};
    scenario.targets.back().range = {"households", 1000.0, 5000.0, {}};
    scenario.targets[2].township = TownshipKind::town;
    start = Clock::now();
    const RunResult result = run_scenario(scenario);
    report("run_scenario (load + compute)", seconds_since(start),
           std::to_string(result.inputs.units.at("square").planar.size()) + " units; bands, Gaussian E2SFCA, 4 targets");
    start = Clock::now();
    const std::vector<TargetResult> targets = evaluate_targets({scenario.targets, result.inputs, result.services});
    std::string verdicts;
    for (const TargetResult& evaluated : targets) {
        char text[96];
        std::snprintf(text, sizeof text, "%s%s %.3f (%zu failing)", verdicts.empty() ? "" : "; ",
                      evaluated.spec.id.c_str(), evaluated.value.value_or(-1.0), evaluated.failing_units.size());
        verdicts += text;
    }
    report("evaluate 4 targets again", seconds_since(start), verdicts);
    const auto& access = *result.services.front().access;
    start = Clock::now();
    const double gini_points = gini(access.access, demand.weights);
    const double palma_points = palma(access.access, demand.weights);
    std::snprintf(detail, sizeof detail, "Gini %.3f, Palma %.3f over %zu points", gini_points, palma_points,
                  demand.size());
    report("Gini + Palma of access", seconds_since(start), detail);
    start = Clock::now();
    (void)write_results(result, {scratch / "out", VectorFormat::geojson});
    std::uintmax_t bytes = 0;
    for (const auto& entry : fs::directory_iterator(scratch / "out")) {
        bytes += entry.file_size();
    }
    const std::string page = read_text_file(scratch / "out" / "report.html").value_or("");
    std::size_t shapes = 0;
    for (const char* shape : {"<rect ", "<path ", "<circle "}) {
        for (std::size_t at = page.find(shape); at != std::string::npos; at = page.find(shape, at + 1)) {
            ++shapes;
        }
    }
    report("write_results (GeoJSON + CSV + report.html)", seconds_since(start),
           std::to_string(bytes / (1024 * 1024)) + " MiB written; report.html " +
               std::to_string(page.size() / 1024) + " KiB, " + std::to_string(shapes) + " SVG shapes");
    fs::remove_all(scratch);
    std::printf("\npeak resident memory: %.1f MiB\n", peak_resident_mib());
    return 0;
}
