// Each stage of the main job on the hand-made grid (tests/data/grid/README.md),
// called on its own, as a library user would, and checked against the
// figures worked out by hand there or by a brute force written here.

#include "lifecircle/run.hpp"
#include "lifecircle/stages.hpp"
#include "lifecircle/targets.hpp"

#include "test_raster.hpp"
#include "test_support.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>
#include <tuple>

using namespace lifecircle;

namespace {

std::string grid_scenario(const std::string& extra = "", const std::string& threshold = R"("metres": 150)") {
    return R"({
  "name": "grid",
  "population": {"people": {"rasters": ["grid/pop_a.asc", "grid/pop_b.asc"]}},
  "units": {"street": {"path": "grid/units.geojson", "code": "code", "name": "name", "parent": "parent"}},
  "facilities": {"care": {"path": "grid/facility.geojson", "capacity": "beds"}},
  "services": [{"id": "care", "facility": "care", "demand": "people", )" +
           threshold + "}]" + extra + "\n}";
}

Scenario parse(const std::string& text) {
    return parse_scenario(text, "grid.json", test::fixture(""));
}

const std::string with_roads = R"(,
  "roads": {"path": "grid/streets.geojson"})";

std::int64_t cell_field(const DemandPoints& points, std::size_t row, const char* name) {
    const auto field = points.attributes.field_index(name);
    REQUIRE(field);
    return std::get<std::int64_t>(points.attributes.value(row, *field));
}

} // namespace

TEST_CASE("load_inputs: the grid's people, units and facility, in one UTM zone") {
    const Scenario scenario = parse(grid_scenario());
    const Inputs inputs = load_inputs(scenario);
    CHECK(inputs.crs.name() == "EPSG:32650");
    const DemandGroup& people = inputs.demand.at("people");
    CHECK(people.points.size() == 16);
    double total = 0.0;
    for (const double weight : people.points.weights) {
        total += weight;
    }
    CHECK(total == doctest::Approx(76.0));
    // Row 3 lies in no unit: its populated cells (3,0), (3,3), (3,4) hold 15 people.
    const UnitAssignment& streets = people.units.at("street");
    CHECK(streets.points_outside == 3);
    CHECK(streets.weight_outside == doctest::Approx(15.0));
    CHECK(inputs.units.at("street").layer.codes.size() == 2);
    CHECK(inputs.facilities.at("care").planar.size() == 1);
    CHECK(inputs.facilities.at("care").capacity == std::vector<double>{50.0});
    CHECK_FALSE(inputs.roads);
}

TEST_CASE("load_inputs warns about facilities listed twice at one place, and counts both") {
    test::ScratchDirectory scratch("repeated-facilities");
    const std::string point = R"({"type": "Point", "coordinates": [114.512969944928, 30.4768025794233]})";
    test::write_text(scratch.path() / "care.geojson",
                     R"({"type": "FeatureCollection", "features": [)"
                     R"({"type": "Feature", "properties": {"beds": 50}, "geometry": )" +
                         point + R"(}, {"type": "Feature", "properties": {"beds": 50}, "geometry": )" + point +
                         R"(}, {"type": "Feature", "properties": {"beds": 20}, "geometry": )"
                         R"({"type": "Point", "coordinates": [114.5135, 30.4768]}}]})");
    std::string text = grid_scenario();
    text.replace(text.find("grid/facility.geojson"), std::string("grid/facility.geojson").size(),
                 (scratch.path() / "care.geojson").string());
    const Inputs inputs = load_inputs(parse(text));
    const FacilityLayer& care = inputs.facilities.at("care");
    CHECK(care.capacity == std::vector<double>{50.0, 50.0, 20.0});
    REQUIRE(care.points.report.warnings.size() == 1);
    CHECK(care.points.report.warnings[0] ==
          "1 facilities lie at exactly the place of another (the first: features 0 and 1); each counts, with its "
          "capacity. If they are one facility listed twice, remove one");
    // The grid's own layer has one facility, and no such warning.
    CHECK(load_inputs(parse(grid_scenario())).facilities.at("care").points.report.warnings.empty());
}

TEST_CASE("compute_services in a straight line: 36 of 76 people within 150 m") {
    const Scenario scenario = parse(grid_scenario());
    const Inputs inputs = load_inputs(scenario);
    const std::vector<ServiceResult> services = compute_services(scenario.services, inputs, nullptr);
    REQUIRE(services.size() == 1);
    CHECK(services[0].mode == RunMode::radius);
    CHECK(services[0].totals.demand_covered == doctest::Approx(36.0));
    CHECK(services[0].totals.points_covered == 8);
    // 甲 12 of 20, 乙 24 of 41.
    const std::vector<CoverageTotals>& by_street = services[0].by_unit.at("street");
    CHECK(by_street[0].demand_covered == doctest::Approx(12.0));
    CHECK(by_street[0].demand_total == doctest::Approx(20.0));
    CHECK(by_street[1].demand_covered == doctest::Approx(24.0));
    CHECK(by_street[1].demand_total == doctest::Approx(41.0));
}

TEST_CASE("compute_services with 2SFCA: 50 beds over the 36 people in reach, by person and by unit") {
    const Scenario scenario = parse(grid_scenario("", R"("metres": 150, "access": "2sfca")"));
    const Inputs inputs = load_inputs(scenario);
    const std::vector<ServiceResult> services = compute_services(scenario.services, inputs, nullptr);
    REQUIRE(services[0].equity);
    const AccessEquity& equity = *services[0].equity;
    // Each of the 36 people within reach has 50/36 beds; the other 40 none.
    CHECK(equity.mean_per_1000 == doctest::Approx(1000.0 * 50.0 / 76.0));
    const std::vector<std::optional<double>>& by_street = equity.mean_by_unit.at("street");
    REQUIRE(by_street.size() == 2);
    CHECK(*by_street[0] == doctest::Approx(12.0 * 50.0 / 36.0 / 20.0)); // 甲: 12 of 20 in reach
    CHECK(*by_street[1] == doctest::Approx(24.0 * 50.0 / 36.0 / 41.0)); // 乙: 24 of 41
    // Gini over people: a share p = 36/76 holds everything, so G = 1 - p.
    CHECK(equity.gini == doctest::Approx(1.0 - 36.0 / 76.0));
    // A facility exists and there are no roads: nobody is cut off.
    CHECK(services[0].unreachable.points == 0);
    CHECK(services[0].unreachable.demand == 0.0);
}

TEST_CASE("route and compute_services on the streets: every cell's walk is its Manhattan distance") {
    const Scenario scenario = parse(grid_scenario(with_roads, R"("metres": 250)"));
    const Inputs inputs = load_inputs(scenario);
    REQUIRE(inputs.roads);
    const Routing routing = route(*scenario.roads, scenario.services, inputs);
    // Two streets crossing at the facility: four ends and the crossing.
    CHECK(routing.network.graph().node_count() == 5);
    CHECK(routing.network.graph().edge_count() == 4);
    CHECK(routing.demand.at("people").report.beyond_limit == 0);
    CHECK(routing.facilities.at("care").warnings.empty());

    const std::vector<ServiceResult> services = compute_services(scenario.services, inputs, &routing);
    REQUIRE(services.size() == 1);
    CHECK(services[0].mode == RunMode::network);
    const DemandPoints& points = inputs.demand.at("people").points;
    double within_150 = 0.0;
    for (std::size_t point = 0; point < points.size(); ++point) {
        const auto row = cell_field(points, point, "row");
        const auto col = cell_field(points, point, "col");
        const double manhattan = 100.0 * static_cast<double>(std::abs(row - 1) + std::abs(col - 2));
        INFO("cell ", row, ", ", col);
        if (manhattan <= 250.0) {
            CHECK(services[0].costs.cost_m[point] == doctest::Approx(manhattan));
        } else {
            CHECK(std::isinf(services[0].costs.cost_m[point]));
        }
        within_150 += manhattan <= 150.0 ? points.weights[point] : 0.0;
    }
    CHECK(within_150 == doctest::Approx(28.0));
    CHECK(services[0].totals.demand_covered == doctest::Approx(52.0));
    CHECK(services[0].totals.points_covered == 10);
}

TEST_CASE("route refuses facilities that all lie beyond the snap limit, naming their file") {
    const Scenario scenario = parse(grid_scenario(with_roads));
    Inputs inputs = load_inputs(scenario);
    // 800 m east of the crossing: 550 m past the end of the row street.
    for (PlanarPoint& point : inputs.facilities.at("care").planar) {
        point.x += 800.0;
    }
    const Error error = test::expect_error([&] { (void)route(*scenario.roads, scenario.services, inputs); });
    CHECK(error.code() == ExitCode::input_invalid);
    CHECK(error.context().file == test::fixture("grid/facility.geojson").string());
}

TEST_CASE("site and add_chosen_sites: B then A bring 36 to 63 people, and join the facilities") {
    const std::string siting = R"(,
  "siting": {"service": "care", "candidates": "grid/candidates.csv", "add": 2},
  "changes": [{"add_chosen_sites": true, "capacity": 30}])";
    const Scenario scenario = parse(grid_scenario(siting));
    const Inputs inputs = load_inputs(scenario);
    const std::vector<ServiceResult> services = compute_services(scenario.services, inputs, nullptr);
    const SitingResult sited = site(*scenario.siting, inputs, nullptr, services);
    const auto& answer = std::get<SitingAnswer>(sited.answer);
    REQUIRE(answer.sites.size() == 2);
    CHECK(sited.candidates.feature_ids.size() == 3);
    CHECK(answer.covered_before == doctest::Approx(36.0));
    CHECK(answer.covered_after == doctest::Approx(63.0));
    CHECK(answer.marginal_gain[0] == doctest::Approx(17.0)); // B
    CHECK(answer.marginal_gain[1] == doctest::Approx(10.0)); // A

    const FacilitiesWithSites joined = add_chosen_sites(scenario.changes.front(), sited, inputs, "care", nullptr);
    CHECK(joined.facilities.planar.size() == 3);
    CHECK(joined.facilities.capacity == std::vector<double>{50.0, 30.0, 30.0});
    CHECK(joined.facilities.plan_change == std::vector<std::string>{"", "chosen_site", "chosen_site"});
    CHECK(joined.change.kind == FacilityChange::Kind::add_chosen_sites);
    CHECK(joined.change.features == 2);
    CHECK(inputs.facilities.at("care").planar.size() == 1); // the stage's input is left as it was
}

TEST_CASE("evaluate_targets from stage results: coverage 36/76 fails 0.5; one street of two has a facility") {
    const std::string targets = R"(,
  "targets": [
    {"id": "circle", "indicator": "population_coverage", "service": "care", "min": 0.5},
    {"id": "streets", "indicator": "unit_coverage", "units": "street", "facility": "care", "min": 0.5}])";
    const Scenario scenario = parse(grid_scenario(targets));
    const Inputs inputs = load_inputs(scenario);
    const std::vector<ServiceResult> services = compute_services(scenario.services, inputs, nullptr);
    const std::vector<TargetResult> results = evaluate_targets({scenario.targets, inputs, services});
    REQUIRE(results.size() == 2);
    CHECK(*results[0].value == doctest::Approx(36.0 / 76.0));
    CHECK_FALSE(results[0].met);
    CHECK(results[0].gap == doctest::Approx(0.5 - 36.0 / 76.0));
    CHECK(*results[1].value == doctest::Approx(0.5));
    CHECK(results[1].met);
    REQUIRE(results[1].failing_units.size() == 1);
    CHECK(results[1].failing_units[0].code == "420111001"); // 甲 has none inside
}

TEST_CASE("run_scenario: chosen sites join, and the service is computed again with them") {
    const std::string plan = R"(,
  "siting": {"service": "care", "candidates": "grid/candidates.csv", "add": 2},
  "changes": [{"add_chosen_sites": true, "capacity": 30}])";
    const RunResult result = run_scenario(parse(grid_scenario(plan)));
    CHECK(result.mode() == RunMode::radius);
    REQUIRE(result.services.size() == 1);
    CHECK(result.services[0].totals.demand_covered == doctest::Approx(63.0));
    CHECK(result.inputs.facilities.at("care").planar.size() == 3);
    REQUIRE(result.inputs.changes.size() == 1);
    CHECK(result.inputs.changes[0].kind == FacilityChange::Kind::add_chosen_sites);
}

TEST_CASE("run_scenario with roads: service areas are drawn for every band, and snaps follow the new sites") {
    const std::string plan = with_roads + R"(,
  "siting": {"service": "care", "candidates": "grid/candidates.csv", "add": 1},
  "changes": [{"add_chosen_sites": true, "capacity": 30}])";
    const RunResult result = run_scenario(parse(grid_scenario(plan)));
    REQUIRE(result.routing);
    CHECK(result.routing->facilities.at("care").snaps.size() == 2);
    REQUIRE(result.services.size() == 1);
    CHECK(result.services[0].areas.size() == result.services[0].spec.bands.size());
    for (const ServiceArea& area : result.services[0].areas) {
        CHECK(area.area_m2 > 0.0);
    }
}

TEST_CASE("walking profiles through the stages: a DEM's slope by direction, and a wheelchair kept off the steps") {
    const test::ScratchDirectory scratch("profile_stages");
    // The grid's streets, the east-west one a footway and the north-south one steps.
    std::string streets = test::read_text(test::fixture("grid/streets.geojson"));
    for (const std::string name : {"东西街", "南北街"}) {
        const auto at = streets.find("\"name\": \"" + name);
        REQUIRE(at != std::string::npos);
        streets.insert(at, name == "东西街" ? R"("highway": "footway", )" : R"("highway": "steps", )");
    }
    test::write_text(scratch.path() / "streets.geojson", streets);
    // Ground rising 5 m in every 100 m eastward, on a 10 m grid in the grid's own UTM zone.
    const std::filesystem::path dem = scratch.path() / "dem.tif";
    test::write_float_tiff(dem, 80, 80, {260800.0, 10.0, 0.0, 3374600.0, 0.0, -10.0}, 32650,
                           [](int column, int) { return 0.05 * (260800.0 + 10.0 * (column + 0.5) - 261000.0); });
    const std::string text = R"({
  "name": "grid on a slope",
  "population": {"people": {"rasters": ["grid/pop_a.asc", "grid/pop_b.asc"]}},
  "facilities": {"care": {"path": "grid/facility.geojson"}},
  "roads": {"path": ")" + (scratch.path() / "streets.geojson").string() +
                             R"(", "dem": ")" + dem.string() + R"("},
  "profiles": {"hills": {"slope": true}},
  "services": [{"id": "walk", "facility": "care", "demand": "people", "metres": 400},
               {"id": "hills", "facility": "care", "demand": "people", "metres": 400, "profile": "hills"},
               {"id": "wheelchair", "facility": "care", "demand": "people", "metres": 400, "profile": "wheelchair"}]
})";
    const Scenario scenario = parse(text);
    const Inputs inputs = load_inputs(scenario);
    const Routing routing = route(*scenario.roads, scenario.services, inputs);
    REQUIRE(routing.elevations);
    CHECK(routing.elevations->outside == 0);
    const std::vector<ServiceResult> services = compute_services(scenario.services, inputs, &routing);
    const DemandPoints& points = inputs.demand.at("people").points;
    const auto point_at = [&](std::int64_t row, std::int64_t col) {
        for (std::size_t point = 0; point < points.size(); ++point) {
            if (cell_field(points, point, "row") == row && cell_field(points, point, "col") == col) {
                return point;
            }
        }
        FAIL("no cell ", row, ", ", col);
        return std::size_t{0};
    };
    // 200 m up to the facility from the west, 200 m down to it from the east.
    const std::size_t west = point_at(1, 0);
    const std::size_t east = point_at(1, 4);
    CHECK(services[0].costs.cost_m[west] == doctest::Approx(200.0));
    CHECK(services[0].costs.cost_m[east] == doctest::Approx(200.0));
    CHECK(services[1].costs.cost_m[west] == doctest::Approx(200.0 * std::exp(3.5 * 0.10 - 0.175)).epsilon(1e-6));
    CHECK(services[1].costs.cost_m[east] ==
          doctest::Approx(200.0 * std::exp(-0.175)).epsilon(1e-6)); // Tobler's quickest

    // The wheelchair joins no one to the steps: the cell north of the facility
    // snaps to the footway 100 m away; today's walk takes the steps' edge.
    const std::size_t north = point_at(0, 2);
    const WalkingGraph& graph = routing.network.graph();
    const Snap walk_snap = routing.demand_snapping("people", scenario.services[0].profile).snaps[north];
    const Snap wheelchair_snap = routing.demand_snapping("people", scenario.services[2].profile).snaps[north];
    CHECK(graph.edge_way(walk_snap.edge).kind == WayClass::steps);
    CHECK(graph.edge_way(wheelchair_snap.edge).kind == WayClass::footway);
    CHECK(wheelchair_snap.connector.value == doctest::Approx(100.0).epsilon(1e-3));
    CHECK(routing.costs(scenario.services[2].profile)->exclusions().steps == 2);
    CHECK(services[2].costs.cost_m[north] == doctest::Approx(100.0).epsilon(1e-3));
}

TEST_CASE("a plan's changes to the streets: a barrier cuts the west off, a closed way leaves the network") {
    const test::ScratchDirectory scratch("road_changes");
    // A north-south barrier 50 m west of the centre of column 1, across the east-west street.
    const WorkingCrs utm = WorkingCrs::choose("EPSG:32650", {114.51, 30.47});
    const std::vector<LonLat> ends =
        utm.unproject(std::vector<PlanarPoint>{{261100.0, 3373950.0}, {261100.0, 3374450.0}});
    std::ostringstream barrier;
    barrier.precision(12);
    barrier << R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
      "geometry": {"type": "LineString", "coordinates": [[)"
            << ends[0].lon << ", " << ends[0].lat << "], [" << ends[1].lon << ", " << ends[1].lat << "]]}}]}";
    test::write_text(scratch.path() / "barrier.geojson", barrier.str());

    const auto run = [&](const std::string& changes) {
        const Scenario scenario = parse(grid_scenario(with_roads + changes, R"("metres": 250)"));
        const Inputs inputs = load_inputs(scenario);
        const Routing routing = route(*scenario.roads, scenario.services, inputs);
        return std::tuple{inputs.changes, routing.network.graph().edge_count(),
                          compute_services(scenario.services, inputs, &routing)[0]};
    };
    const auto [no_changes, edges_before, before] = run("");
    CHECK(before.totals.demand_covered == doctest::Approx(52.0));

    const auto [cut, edges_cut, after] =
        run(R"(, "changes": [{"barrier": ")" + (scratch.path() / "barrier.geojson").string() + R"("}])");
    REQUIRE(cut.size() == 1);
    CHECK(cut[0].kind == FacilityChange::Kind::barrier);
    CHECK(cut[0].features == 1);          // one segment of the east-west street
    CHECK(edges_cut == edges_before + 1); // the west end is an edge of its own
    // Cell (1, 0), 6 people 200 m west of the facility, is cut off; every other cell keeps its walk.
    CHECK(after.totals.demand_covered == doctest::Approx(52.0 - 6.0));

    // A footpath around the barrier's north end, from the cut-off street to the north-south one, brings them back.
    const std::vector<LonLat> path = utm.unproject(std::vector<PlanarPoint>{
        {261050.0, 3374250.0}, {261050.0, 3374500.0}, {261250.0, 3374500.0}, {261250.0, 3374380.0}});
    std::ostringstream footpath;
    footpath.precision(12);
    footpath << R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"highway": "footway"},
      "geometry": {"type": "LineString", "coordinates": [)";
    for (std::size_t i = 0; i < path.size(); ++i) {
        footpath << (i > 0 ? ", [" : "[") << path[i].lon << ", " << path[i].lat << "]";
    }
    footpath << "]}}]}";
    test::write_text(scratch.path() / "footpath.geojson", footpath.str());
    const std::string barrier_change = R"({"barrier": ")" + (scratch.path() / "barrier.geojson").string() + R"("})";
    const std::string path_change = R"({"add_ways": ")" + (scratch.path() / "footpath.geojson").string() + R"("})";
    const Scenario longer = parse(grid_scenario(
        with_roads + R"(, "changes": [)" + barrier_change + ", " + path_change + "]", R"("metres": 800)"));
    const Inputs around_inputs = load_inputs(longer);
    REQUIRE(around_inputs.changes.size() == 2);
    CHECK(around_inputs.changes[1].kind == FacilityChange::Kind::add_ways);
    CHECK(around_inputs.changes[1].features == 1);
    CHECK(around_inputs.roads->report.warnings.empty()); // both ends joined a street
    const Routing around_routing = route(*longer.roads, longer.services, around_inputs);
    const ServiceResult around = compute_services(longer.services, around_inputs, &around_routing)[0];
    const DemandPoints& cells = around_inputs.demand.at("people").points;
    int west_cells = 0;
    for (std::size_t point = 0; point < cells.size(); ++point) {
        if (cell_field(cells, point, "row") == 1 && cell_field(cells, point, "col") == 0) {
            ++west_cells;
            // 250 m north, 200 m east, 120 m south, then 130 m down the north-south street (slanted by a few metres).
            CHECK(around.costs.cost_m[point] == doctest::Approx(700.0).epsilon(0.005));
        }
    }
    CHECK(west_cells == 1);

    // The same footpath written inline in the plan walks the same.
    std::ostringstream inline_path;
    inline_path.precision(12);
    inline_path << R"({"add_ways": [{"highway": "footway", "line": [)";
    for (std::size_t i = 0; i < path.size(); ++i) {
        inline_path << (i > 0 ? ", [" : "[") << path[i].lon << ", " << path[i].lat << "]";
    }
    inline_path << "]}]}";
    const Scenario written = parse(grid_scenario(
        with_roads + R"(, "changes": [)" + barrier_change + ", " + inline_path.str() + "]", R"("metres": 800)"));
    const Inputs written_inputs = load_inputs(written);
    REQUIRE(written_inputs.changes.size() == 2);
    CHECK(written_inputs.changes[1].features == 1);
    CHECK(written_inputs.changes[1].source == "/changes/1/add_ways");
    const Routing written_routing = route(*written.roads, written.services, written_inputs);
    CHECK(compute_services(written.services, written_inputs, &written_routing)[0].costs.cost_m == around.costs.cost_m);
    std::string bad_position = inline_path.str();
    bad_position.insert(bad_position.find("[", bad_position.find("line")) + 1, R"("here", )");
    const Error not_a_position = test::expect_error(
        [&] { (void)parse(grid_scenario(with_roads + R"(, "changes": [)" + bad_position + "]", R"("metres": 800)")); });
    CHECK(not_a_position.context().json_path == "/changes/0/add_ways/0/line/0");

    const auto [closed, edges_closed, without] = run(R"(, "changes": [{"close_ways": [1]}])");
    REQUIRE(closed.size() == 1);
    CHECK(closed[0].features == 1);
    CHECK(edges_closed == 1); // the east-west street alone, no longer split at the crossing
    CHECK(without.totals.demand_total == doctest::Approx(before.totals.demand_total));

    const Error unknown = test::expect_error([&] { (void)run(R"(, "changes": [{"close_ways": [1, 99]}])"); });
    CHECK(unknown.context().json_path == "/changes/0/close_ways/1");

    // The same street closed by its name, as a planner knows it.
    const auto [by_name, edges_by_name, without_by_name] = run(
        R"x(, "changes": [{"close_ways": {"field": "name", "values": ["南北街 (through the centres of column 2)"]}}])x");
    REQUIRE(by_name.size() == 1);
    CHECK(by_name[0].features == 1);
    CHECK(edges_by_name == 1);
    CHECK(without_by_name.totals.demand_covered == doctest::Approx(without.totals.demand_covered));
    const Error no_such_name = test::expect_error([&] {
        (void)run(
            R"x(, "changes": [{"close_ways": {"field": "name", "values": ["南北街 (through the centres of column 2)",
                                                                                  "长江大桥"]}}])x");
    });
    CHECK(no_such_name.context().json_path == "/changes/0/close_ways/values/1");
    CHECK(no_such_name.message().find("长江大桥") != std::string::npos);

    // A barrier may be an area, a construction site no walk enters: a square across the east-west street between
    // columns 0 and 1 cuts cell (1, 0) off as the line did.
    const std::vector<LonLat> square = utm.unproject(std::vector<PlanarPoint>{
        {261080.0, 3374200.0}, {261120.0, 3374200.0}, {261120.0, 3374300.0}, {261080.0, 3374300.0}});
    std::ostringstream site;
    site.precision(12);
    site << R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
      "geometry": {"type": "Polygon", "coordinates": [[)";
    for (std::size_t corner = 0; corner <= square.size(); ++corner) { // the ring closes on its first corner
        const LonLat& at = square[corner % square.size()];
        site << (corner > 0 ? ", [" : "[") << at.lon << ", " << at.lat << "]";
    }
    site << "]]}}]}";
    test::write_text(scratch.path() / "site.geojson", site.str());
    const auto [fenced, edges_fenced, fenced_off] =
        run(R"(, "changes": [{"barrier": ")" + (scratch.path() / "site.geojson").string() + R"("}])");
    REQUIRE(fenced.size() == 1);
    CHECK(fenced[0].features >= 1);
    CHECK(fenced_off.totals.demand_covered == doctest::Approx(52.0 - 6.0));
    const Error needs_roads = test::expect_error(
        [&] { (void)parse(grid_scenario(R"(, "changes": [{"close_ways": [1]}])", R"("metres": 250)")); });
    CHECK(needs_roads.context().json_path == "/changes/0");
}

TEST_CASE("the OD matrix lists every demand-facility pair within the threshold; its least costs are the service's") {
    const test::ScratchDirectory scratch("od_matrix");
    const Scenario scenario =
        parse(grid_scenario(with_roads + R"(, "outputs": {"od_matrix": true})", R"("minutes": 4)"));
    const RunResult result = run_scenario(scenario);
    (void)write_results(result, {scratch.path() / "out", VectorFormat::geojson, false, Language::en});
    std::istringstream csv(test::read_text(scratch.path() / "out" / "od_care.csv"));
    std::string line;
    std::getline(csv, line);
    CHECK(line == "demand_fid,row,col,facility_fid,cost_m,minutes");
    std::map<std::pair<int, int>, double> least;
    int rows = 0;
    while (std::getline(csv, line)) {
        int row = 0;
        int col = 0;
        long long facility = -1;
        double cost = 0.0;
        double minutes = 0.0;
        REQUIRE(std::sscanf(line.c_str(), ",%d,%d,%lld,%lf,%lf", &row, &col, &facility, &cost, &minutes) == 5);
        CHECK(facility == 0);
        CHECK(minutes == doctest::Approx(cost / 1000.0 * 15.0).epsilon(0.01)); // 4 km/h: 1,000 m in 15 min
        auto [at, inserted] = least.try_emplace({row, col}, cost);
        at->second = std::min(at->second, cost);
        ++rows;
    }
    const ServiceResult& service = result.services[0];
    const DemandPoints& points = result.inputs.demand.at("people").points;
    std::size_t covered = 0;
    for (std::size_t point = 0; point < points.size(); ++point) {
        const auto key = std::pair{static_cast<int>(cell_field(points, point, "row")),
                                   static_cast<int>(cell_field(points, point, "col"))};
        if (service.covers(point)) {
            ++covered;
            REQUIRE(least.count(key) == 1);
            CHECK(least.at(key) == doctest::Approx(service.costs.cost_m[point]).epsilon(1e-4));
        } else {
            CHECK(least.count(key) == 0);
        }
    }
    CHECK(covered == least.size());
    CHECK(rows == static_cast<int>(covered)); // one facility: one row per covered cell
    CHECK(covered > 5);
}

TEST_CASE("routes: each place's walk to the nearest facility, its cost and its line, and a row for a place too far") {
    const test::ScratchDirectory scratch("routes");
    // The three candidates at cell centres, and a place 2 km east of the grid, beyond the 500 m snap limit.
    std::string places = test::read_text(test::fixture("grid/candidates.csv"));
    places += "far east,114.5355,30.4770\n";
    test::write_text(scratch.path() / "places.csv", places);
    const Scenario scenario =
        parse(grid_scenario(with_roads + R"(, "outputs": {"routes": {"from": {"path": ")" +
                                (scratch.path() / "places.csv").string() + R"(", "name": "site"}}})",
                            R"("minutes": 4)"));
    const RunResult result = run_scenario(scenario);
    REQUIRE(result.routes.size() == 1);
    const ServiceRoutes& routes = result.routes[0];
    CHECK(routes.service == "care");
    REQUIRE(routes.routes.size() == 4);
    // A (3,0) and C (3,4) lie 200 m from both streets, 400 m by either; B (1,4) is on the east-west street, 200 m.
    const double expected[] = {400.0, 200.0, 400.0};
    const std::vector<PlanarPoint>& planar = result.inputs.route_places->planar;
    const PlanarPoint facility = result.inputs.facilities.at("care").planar[0];
    for (std::size_t place = 0; place < 3; ++place) {
        INFO("place " << place);
        const WalkingRoute& route = routes.routes[place];
        CHECK(route.facility == 0);
        CHECK(route.cost == doctest::Approx(expected[place]).epsilon(1e-3));
        // Along the streets from where the place joins them to the facility, which lies on the crossing.
        const double on_streets = route.cost - routes.places[place].connector.value;
        double length = 0.0;
        for (std::size_t i = 1; i < route.line.size(); ++i) {
            length += std::hypot(route.line[i].x - route.line[i - 1].x, route.line[i].y - route.line[i - 1].y);
        }
        CHECK(length == doctest::Approx(on_streets).epsilon(1e-6));
        CHECK(std::hypot(route.line.back().x - facility.x, route.line.back().y - facility.y) < 1.0);
        CHECK(std::hypot(route.line.front().x - planar[place].x, route.line.front().y - planar[place].y) ==
              doctest::Approx(routes.places[place].connector.value).epsilon(1e-6));
    }
    CHECK_FALSE(routes.places[3].snapped());
    CHECK(routes.routes[3].facility == no_index);
    CHECK(routes.snapping.beyond_limit == 1);

    const RunSummary summary =
        write_results(result, {scratch.path() / "out", VectorFormat::geojson, false, Language::en});
    REQUIRE(summary.services[0].routes);
    CHECK(summary.services[0].routes->places == 4);
    CHECK(summary.services[0].routes->beyond_snap_limit == 1);
    CHECK(summary.services[0].routes->no_facility == 0);
    CHECK(summary.services[0].routes->routed == 3);
    CHECK(summary.services[0].routes->within_threshold == 1); // B: 3 minutes
    const nlohmann::json layer = nlohmann::json::parse(test::read_text(scratch.path() / "out" / "routes_care.geojson"));
    REQUIRE(layer["features"].size() == 4);
    const nlohmann::json& b = layer["features"][1];
    CHECK(b["properties"]["site"] == "B (cell 1 4)");
    CHECK(b["properties"]["facility_fid"] == 0);
    CHECK(b["properties"]["minutes"].get<double>() == doctest::Approx(3.0).epsilon(1e-3)); // 200 m at 4 km/h
    CHECK(b["properties"]["covered"] == 1);
    CHECK(layer["features"][0]["properties"]["covered"] == 0); // 6 minutes, beyond 4
    CHECK(b["geometry"]["type"] == "MultiLineString");
    const nlohmann::json& far = layer["features"][3];
    CHECK(far["geometry"].is_null()); // kept, without a line
    CHECK(far["properties"]["facility_fid"].is_null());
    CHECK(far["properties"]["covered"] == 0);
    // The report lists the walks farthest first, a place with none the first of all.
    const std::string report = test::read_text(scratch.path() / "out" / "report.html");
    const std::size_t table = report.find("Walking routes: each place to its nearest facility (farthest first)");
    REQUIRE(table != std::string::npos);
    const std::size_t row_a = report.find("A (cell 3 0)", table);
    const std::size_t row_b = report.find("B (cell 1 4)", table);
    CHECK(report.find("far east", table) < row_a);
    CHECK(row_a < row_b);
    CHECK(report.find("6.0 min", table) < row_b);
    CHECK(report.find("3.0 min", table) > row_b);
    // The line starts at the place as read (GeoJSON keeps 7 decimals, about a centimetre).
    const nlohmann::json& first = layer["features"][0]["geometry"]["coordinates"][0][0];
    CHECK(std::abs(first[0].get<double>() - 114.510934116586) < 1e-6);
    CHECK(std::abs(first[1].get<double>() - 30.4749597599448) < 1e-6);
}

TEST_CASE("routes from a unit level start inside each unit") {
    const Scenario scenario =
        parse(grid_scenario(with_roads + R"(, "outputs": {"routes": {"units": "street"}})", R"("metres": 150)"));
    const RunResult result = run_scenario(scenario);
    REQUIRE(result.routes.size() == 1);
    REQUIRE(result.routes[0].routes.size() == 2);
    // 甲街道 spans cols 0-1 and 乙街道 cols 2-4 of rows 0-2: a point inside each, by the east-west street, walks
    // about 150 m and 100 m (the units' corners are in WGS 84, so the points stray by a metre or two).
    CHECK(std::abs(result.routes[0].routes[0].cost - 150.0) < 5.0);
    CHECK(std::abs(result.routes[0].routes[1].cost - 100.0) < 5.0);
}

TEST_CASE("a plan's crossings: the elderly wait what the plan says where a footway meets a major road") {
    const test::ScratchDirectory scratch("crossings");
    // The grid's streets, the east-west one a primary road and the north-south one a footway crossing it at the
    // facility.
    std::string streets = test::read_text(test::fixture("grid/streets.geojson"));
    const auto tag = [&](const std::string& name, const std::string& highway) {
        const std::string key = R"("name": ")" + name;
        streets.replace(streets.find(key), key.size(), R"("highway": ")" + highway + R"(", )" + key);
    };
    tag("东西街", "primary");
    tag("南北街", "footway");
    test::write_text(scratch.path() / "streets.geojson", streets);
    // One crossing at the facility, and one 300 m east of it, where no way meets the road.
    const PlanarPoint facility{261250.0, 3374250.0};
    const WorkingCrs utm = WorkingCrs::choose("EPSG:32650", {114.51, 30.47});
    const std::vector<LonLat> at =
        utm.unproject(std::vector<PlanarPoint>{{facility.x + 2.0, facility.y + 1.0}, {facility.x + 300.0, facility.y}});
    std::ostringstream points;
    points.precision(12);
    points << "name,lon,lat\nby the facility," << at[0].lon << "," << at[0].lat << "\nmid-block," << at[1].lon << ","
           << at[1].lat << "\n";
    test::write_text(scratch.path() / "crossings.csv", points.str());

    const auto cell_costs = [&](const std::string& changes) {
        const Scenario scenario = parse(grid_scenario(R"(,
  "roads": {"path": ")" + (scratch.path() / "streets.geojson").string() +
                                                          R"("})" + changes,
                                                      R"("minutes": 15, "profile": "elderly")"));
        const Inputs inputs = load_inputs(scenario);
        const Routing routing = route(*scenario.roads, scenario.services, inputs);
        const ServiceResult service = compute_services(scenario.services, inputs, &routing)[0];
        std::map<std::pair<std::int64_t, std::int64_t>, double> costs;
        const DemandPoints& cells = inputs.demand.at("people").points;
        for (std::size_t point = 0; point < cells.size(); ++point) {
            costs[{cell_field(cells, point, "row"), cell_field(cells, point, "col")}] = service.costs.cost_m[point];
        }
        return std::tuple{costs, inputs.changes, inputs.roads->report.warnings};
    };
    const auto [today, no_changes, no_warnings] = cell_costs("");
    const auto [at_once, by_way, by_way_warnings] = cell_costs(R"(, "changes": [{"crossings": [1]}])");
    const auto [slower, slow_change, slow_warnings] = cell_costs(R"(, "changes": [{"crossings": [1], "wait_s": 60}])");
    const auto [by_points, by_point, point_warnings] =
        cell_costs(R"(, "changes": [{"crossings": ")" + (scratch.path() / "crossings.csv").string() + R"("}])");
    REQUIRE(by_way.size() == 1);
    CHECK(by_way[0].kind == FacilityChange::Kind::crossings);
    CHECK(by_way[0].features == 1);
    CHECK(by_way_warnings.empty());
    // Cell (0, 2) is on the footway north of the crossing; (1, 4) is on the primary road, which it walks along.
    const std::pair<std::int64_t, std::int64_t> north{0, 2};
    const std::pair<std::int64_t, std::int64_t> east{1, 4};
    CHECK(at_once.at(north) < today.at(north));
    CHECK(slower.at(north) > today.at(north));
    CHECK(at_once.at(east) == today.at(east));
    CHECK(slower.at(east) == today.at(east));
    // The point by the facility finds the same junction; the mid-block one finds none and says so.
    CHECK(by_points == at_once);
    REQUIRE(by_point.size() == 1);
    CHECK(by_point[0].features == 1);
    REQUIRE(point_warnings.size() == 1);
    CHECK(point_warnings[0].find("1 crossings of crossings.csv lie more than 10 m") != std::string::npos);

    const Error unknown = test::expect_error([&] { (void)cell_costs(R"(, "changes": [{"crossings": [1, 7]}])"); });
    CHECK(unknown.context().json_path == "/changes/0/crossings/1");
}
