#include "lifecircle/error.hpp"
#include "lifecircle/scenario.hpp"

#include "test_support.hpp"

using namespace lifecircle;

namespace {

// A valid scenario over the fixtures; tests edit one thing at a time.
std::string valid_scenario() {
    return R"({
  "name": "fixture",
  "population": {"elderly": {"rasters": ["grid/pop_a.asc", "grid/pop_b.asc"]}},
  "units": {"street": {"path": "grid/units.geojson", "code": "code", "name": "name", "parent": "parent"}},
  "facilities": {"elderly_care": {"path": "grid/facility.geojson", "capacity": "beds"}},
  "services": [{"facility": "elderly_care", "demand": "elderly", "minutes": 15}]
})";
}

Scenario parse(const std::string& text) {
    return parse_scenario(text, "test.json", test::fixture(""));
}

Error parse_error(const std::string& text) {
    return test::expect_error([&] { (void)parse(text); });
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("a valid scenario: paths resolve against its folder, thresholds become metres") {
    const Scenario scenario = parse(valid_scenario());
    CHECK(scenario.name == "fixture");
    CHECK(scenario.crs == "auto");
    REQUIRE(scenario.population.at("elderly").rasters.size() == 2);
    CHECK(scenario.population.at("elderly").rasters[1].path ==
          (test::fixture("") / "grid/pop_b.asc").lexically_normal());
    CHECK(scenario.units.at("street").fields.parent == "parent");
    CHECK(scenario.facilities.at("elderly_care").capacity_field == "beds");
    REQUIRE(scenario.services.size() == 1);
    CHECK(scenario.services[0].threshold.value == doctest::Approx(1000.0));
    CHECK(scenario.services[0].walk_kmh == 4.0);
    CHECK(scenario.services[0].id == "elderly_care_elderly_15min");
    CHECK(scenario.input_files().size() == 4);
}

TEST_CASE("outputs: raster demand's cells as points only when asked") {
    CHECK_FALSE(parse(valid_scenario()).outputs.demand_points);
    const Scenario scenario = parse(replace(valid_scenario(), R"("name": "fixture",)",
                                            R"("name": "fixture", "outputs": {"demand_points": true},)"));
    CHECK(scenario.outputs.demand_points);
}

TEST_CASE("metres, walking speed and explicit ids") {
    Scenario scenario = parse(replace(valid_scenario(), R"("minutes": 15)", R"("metres": 800, "id": "care_800")"));
    CHECK(scenario.services[0].threshold.value == 800.0);
    CHECK_FALSE(scenario.services[0].minutes.has_value());
    CHECK(scenario.services[0].id == "care_800");
    scenario = parse(replace(valid_scenario(), R"("minutes": 15)", R"("minutes": 10, "walk_kmh": 3)"));
    CHECK(scenario.services[0].threshold.value == doctest::Approx(500.0));
}

TEST_CASE("scenario errors name the JSON path") {
    struct Case {
        std::string what;
        std::string text;
        ExitCode code;
        std::string json_path;
        std::string message_part;
    };
    const std::string valid = valid_scenario();
    // The valid scenario with a roads member carrying one more option.
    const auto with_roads = [&](const std::string& option) {
        return replace(valid, R"("name": "fixture",)",
                       R"("name": "fixture", "roads": {"path": "grid/streets.geojson", )" + option + "},");
    };
    const Case cases[] = {
        {"unknown top-level key", replace(valid, R"("name": "fixture",)", R"("name": "fixture", "colour": "red",)"),
         ExitCode::scenario_invalid, "/colour", "unknown key 'colour'"},
        {"unknown nested key", replace(valid, R"("capacity": "beds")", R"("capacity": "beds", "bedz": 1)"),
         ExitCode::scenario_invalid, "/facilities/elderly_care/bedz", "unknown key"},
        {"wrong type", replace(valid, R"("minutes": 15)", R"("minutes": "15")"), ExitCode::scenario_invalid,
         "/services/0/minutes", "expected a number, got string"},
        {"missing required key", replace(valid, R"("name": "fixture",)", ""), ExitCode::scenario_invalid, "/name",
         "required key is missing"},
        {"path that does not exist", replace(valid, "grid/facility.geojson", "grid/nowhere.geojson"),
         ExitCode::input_unreadable, "/facilities/elderly_care/path", "does not exist"},
        {"raster path that does not exist", replace(valid, "grid/pop_b.asc", "grid/pop_z.asc"),
         ExitCode::input_unreadable, "/population/elderly/rasters/1", "does not exist"},
        {"raster path of the wrong type", replace(valid, R"("grid/pop_b.asc")", "7"), ExitCode::scenario_invalid,
         "/population/elderly/rasters/1", "expected a string, got number"},
        {"service naming an unknown facility layer",
         replace(valid, R"("facility": "elderly_care")", R"("facility": "cemetery")"), ExitCode::scenario_invalid,
         "/services/0/facility", "no facility layer named 'cemetery'"},
        {"service naming an unknown demand group", replace(valid, R"("demand": "elderly")", R"("demand": "children")"),
         ExitCode::scenario_invalid, "/services/0/demand", "no population group named 'children'"},
        {"both minutes and metres", replace(valid, R"("minutes": 15)", R"("minutes": 15, "metres": 1000)"),
         ExitCode::scenario_invalid, "/services/0", "exactly one of"},
        {"a negative threshold", replace(valid, R"("minutes": 15)", R"("metres": -5)"), ExitCode::scenario_invalid,
         "/services/0/metres", "above 0"},
        {"a threshold that would make minutes of work take hours",
         replace(valid, R"("minutes": 15)", R"("minutes": 1e8)"), ExitCode::scenario_invalid, "/services/0/minutes",
         "at most 120 min"},
        {"a distance past any walk", replace(valid, R"("minutes": 15)", R"("metres": 1e300)"),
         ExitCode::scenario_invalid, "/services/0/metres", "at most 10000 m"},
        {"a speed no one walks", replace(valid, R"("minutes": 15)", R"("minutes": 15, "walk_kmh": 400)"),
         ExitCode::scenario_invalid, "/services/0/walk_kmh", "at most 30 km/h"},
        {"a snap limit no one walks from", with_roads(R"("snap_limit_m": 1e9)"), ExitCode::scenario_invalid,
         "/roads/snap_limit_m", "at most 5000 m"},
        {"an endpoint tolerance that would merge streets", with_roads(R"("endpoint_tolerance_m": 500)"),
         ExitCode::scenario_invalid, "/roads/endpoint_tolerance_m", "at most 50 m"},
        {"a service-area width wider than a block", with_roads(R"("area_width_m": 1e6)"), ExitCode::scenario_invalid,
         "/roads/area_width_m", "at most 500 m"},
        {"a capacity no facility has",
         replace(valid, R"("name": "fixture",)",
                 R"("name": "fixture", "changes": [{"add": [{"lon": 114.51, "lat": 30.47}], "to": "elderly_care",
                     "capacity": 1e12}],)"),
         ExitCode::scenario_invalid, "/changes/0/capacity", "at most 1000000"},
        {"walking speed with metres", replace(valid, R"("minutes": 15)", R"("metres": 500, "walk_kmh": 4)"),
         ExitCode::scenario_invalid, "/services/0/walk_kmh", "only with"},
        {"no services", replace(valid, R"([{"facility": "elderly_care", "demand": "elderly", "minutes": 15}])", "[]"),
         ExitCode::scenario_invalid, "/services", "non-empty"},
        {"a group name unfit for file names", replace(valid, R"("elderly_care": {)", R"("elderly care": {)"),
         ExitCode::scenario_invalid, "/facilities/elderly care", "letters, digits"},
        {"two services with one id",
         replace(valid, R"([{"facility": "elderly_care", "demand": "elderly", "minutes": 15}])",
                 R"([{"facility": "elderly_care", "demand": "elderly", "minutes": 15},
                     {"facility": "elderly_care", "demand": "elderly", "minutes": 15}])"),
         ExitCode::scenario_invalid, "/services/1/id", "share the id"},
        {"an unknown output key",
         replace(valid, R"("name": "fixture",)", R"("name": "fixture", "outputs": {"points": true},)"),
         ExitCode::scenario_invalid, "/outputs/points", "unknown key"},
        {"demand_points not a boolean",
         replace(valid, R"("name": "fixture",)", R"("name": "fixture", "outputs": {"demand_points": "yes"},)"),
         ExitCode::scenario_invalid, "/outputs/demand_points", "expected true or false"},
        {"routes without roads",
         replace(valid, R"("name": "fixture",)", R"("name": "fixture", "outputs": {"routes": {"units": "street"}},)"),
         ExitCode::scenario_invalid, "/outputs/routes", "give \"roads\""},
        {"routes from nowhere", with_roads(R"("snap_limit_m": 300}, "outputs": {"routes": {})"),
         ExitCode::scenario_invalid, "/outputs/routes", "one of the two"},
        {"routes from an unknown unit level",
         with_roads(R"("snap_limit_m": 300}, "outputs": {"routes": {"units": "county"})"), ExitCode::scenario_invalid,
         "/outputs/routes/units", "no unit level named 'county'"},
        {"routes for an unknown service",
         with_roads(R"("snap_limit_m": 300}, "outputs": {"routes": {"units": "street", "services": ["care", 3]})"),
         ExitCode::scenario_invalid, "/outputs/routes/services/1", "expected a string, got number"},
        {"routes for a service of another name",
         with_roads(R"("snap_limit_m": 300}, "outputs": {"routes": {"units": "street", "services": ["bus"]})"),
         ExitCode::scenario_invalid, "/outputs/routes/services/0", "no service with the id 'bus'"},
        {"a crossing that makes walkers wait a negative time",
         replace(valid, R"("name": "fixture",)",
                 R"("name": "fixture", "roads": {"path": "grid/streets.geojson"},
                    "changes": [{"crossings": [1], "wait_s": -1}],)"),
         ExitCode::scenario_invalid, "/changes/0/wait_s", "at least 0"},
        {"crossings on a way id that is not a number",
         replace(valid, R"("name": "fixture",)",
                 R"("name": "fixture", "roads": {"path": "grid/streets.geojson"},
                    "changes": [{"crossings": [1, "bridge"]}],)"),
         ExitCode::scenario_invalid, "/changes/0/crossings/1", "expected a whole number, got string"},
        {"rasters and a field together",
         replace(valid, R"("rasters": ["grid/pop_a.asc", "grid/pop_b.asc"])",
                 R"("raster": "grid/pop_a.asc", "field": "pop")"),
         ExitCode::scenario_invalid, "/population/elderly/field", "applies to a population layer"},
    };
    for (const Case& test_case : cases) {
        INFO(test_case.what);
        const Error error = parse_error(test_case.text);
        CHECK(error.code() == test_case.code);
        CHECK(error.context().json_path == test_case.json_path);
        CHECK(error.message().find(test_case.message_part) != std::string::npos);
        CHECK(std::string(error.what()).find("test.json") != std::string::npos);
    }
}

TEST_CASE("roads: a walking network with its snap limit") {
    const std::string with_roads = replace(valid_scenario(), R"("services":)",
                                           R"("roads": {"path": "roads.osm", "snap_limit_m": 300}, "services":)");
    const Scenario scenario = parse(with_roads);
    REQUIRE(scenario.roads.has_value());
    CHECK(scenario.roads->snap_limit.value == 300.0);
    CHECK(scenario.roads->graph.endpoint_tolerance.value == 0.5);
    CHECK(scenario.input_files().size() == 5);
    CHECK_FALSE(parse(valid_scenario()).roads.has_value());

    const Error negative = parse_error(replace(with_roads, "300", "-1"));
    CHECK(negative.context().json_path == "/roads/snap_limit_m");
    CHECK(scenario.roads->min_component_nodes == 1); // every component joinable, fragments reported
    CHECK_FALSE(scenario.roads->largest_component_only);
    const auto joinable = [&](const std::string& value) {
        return replace(with_roads, R"("snap_limit_m": 300)", R"("min_component_nodes": )" + value);
    };
    CHECK(parse(joinable("50")).roads->min_component_nodes == 50);
    CHECK(parse(joinable(R"("largest")")).roads->largest_component_only);
    for (const std::string bad : {"0", "-3", "2.5", R"("biggest")", "1e12"}) {
        CAPTURE(bad);
        CHECK(parse_error(joinable(bad)).context().json_path == "/roads/min_component_nodes");
    }
    const Error unknown = parse_error(replace(with_roads, R"("snap_limit_m")", R"("snap_limit")"));
    CHECK(unknown.context().json_path == "/roads/snap_limit");
}

TEST_CASE("walking profiles: built in, the scenario's own, and the roads' elevation model") {
    const auto with = [](const std::string& profiles, const std::string& service_keys) {
        return replace(replace(valid_scenario(), R"("services":)", profiles + R"("services":)"), R"("minutes": 15)",
                       R"("minutes": 15)" + service_keys);
    };
    // Today's walk unless a service names a profile; a profile's speed sets the threshold.
    CHECK(parse(valid_scenario()).services[0].profile.costs_are_lengths());
    const Scenario elderly = parse(with("", R"(, "profile": "elderly")"));
    CHECK(elderly.services[0].profile.id == "elderly");
    CHECK(elderly.services[0].threshold.value == doctest::Approx(750.0)); // 15 min at 3 km/h
    CHECK(elderly.services[0].profile.step_penalty_s == 30.0);
    // walk_kmh overrides the profile's speed, and the profile walks at it.
    const Scenario faster = parse(with("", R"(, "profile": "elderly", "walk_kmh": 3.6)"));
    CHECK(faster.services[0].threshold.value == doctest::Approx(900.0));
    CHECK(faster.services[0].profile.flat_kmh == 3.6);
    CHECK_FALSE(parse(with("", R"(, "profile": "wheelchair")")).services[0].profile.step_penalty_s.has_value());

    const Scenario own = parse(with(R"("profiles": {"frail": {"like": "elderly", "walk_kmh": 2.4,
        "step_penalty_s": "forbidden", "crossing_penalty_s": 45, "max_incline": 0.05}},)",
                                    R"(, "profile": "frail")"));
    const WalkingProfile& frail = own.services[0].profile;
    CHECK(frail.id == "frail");
    CHECK(frail.slope); // from elderly
    CHECK_FALSE(frail.step_penalty_s.has_value());
    CHECK(frail.crossing_penalty_s == 45.0);
    CHECK(frail.max_incline == 0.05);
    CHECK(own.services[0].threshold.value == doctest::Approx(600.0));

    CHECK(parse_error(with("", R"(, "profile": "jogging")")).context().json_path == "/services/0/profile");
    CHECK(parse_error(with(R"("profiles": {"elderly": {}},)", "")).context().json_path == "/profiles/elderly");
    CHECK(parse_error(with(R"("profiles": {"p": {"like": "run"}},)", "")).context().json_path == "/profiles/p/like");
    CHECK(parse_error(with(R"("profiles": {"p": {"crossing_penalty_s": -5}},)", "")).context().json_path ==
          "/profiles/p/crossing_penalty_s");
    CHECK(parse_error(with(R"("profiles": {"p": {"max_incline": 2}},)", "")).context().json_path ==
          "/profiles/p/max_incline");
    CHECK(parse_error(with(R"("profiles": {"p": {"stairs": 1}},)", "")).context().json_path == "/profiles/p/stairs");

    // The elevation model is an input file like the others.
    const Scenario dem = parse(replace(valid_scenario(), R"("services":)",
                                       R"("roads": {"path": "roads.osm", "dem": "grid/pop_a.asc",
                                                    "elevation_spacing_m": 10}, "services":)"));
    REQUIRE(dem.roads->dem.has_value());
    CHECK(dem.roads->dem->path.filename() == "pop_a.asc");
    CHECK(dem.roads->elevation_spacing.value == 10.0);
    CHECK(dem.input_files().size() == 6);
    const Error missing = parse_error(replace(valid_scenario(), R"("services":)",
                                              R"("roads": {"path": "roads.osm", "dem": "nowhere.tif"}, "services":)"));
    CHECK(missing.context().json_path == "/roads/dem");
}

TEST_CASE("siting: candidates, K and the service they serve") {
    const std::string with_siting =
        replace(valid_scenario(), R"("services":)",
                R"("siting": {"service": "care", "candidates": "grid/candidates.csv", "add": 2}, "services":)");
    const std::string named = replace(with_siting, R"("minutes": 15})", R"("minutes": 15, "id": "care"})");
    const Scenario scenario = parse(named);
    REQUIRE(scenario.siting.has_value());
    CHECK(scenario.siting->add == 2);
    CHECK(scenario.siting->candidates.path.filename() == "candidates.csv");
    CHECK(parse_error(with_siting).context().json_path == "/siting/service"); // no service "care"
    CHECK(parse_error(replace(named, R"("add": 2)", R"("add": 2.5)")).context().json_path == "/siting/add");
    CHECK(parse_error(replace(named, R"("add": 2)", R"("add": 0)")).context().json_path == "/siting/add");
    const Scenario share = parse(replace(named, R"("add": 2)", R"("target_share": 0.9)"));
    CHECK(share.siting->target_share == 0.9);
    CHECK(parse_error(replace(named, R"("add": 2)", R"("add": 2, "target_share": 0.9)")).context().json_path ==
          "/siting");
    CHECK(parse_error(replace(named, R"("add": 2)", R"("target_share": 1.5)")).context().json_path ==
          "/siting/target_share");
}

TEST_CASE("siting models: each takes its own keys, and names the JSON path of what is wrong") {
    const std::string base =
        replace(replace(valid_scenario(), R"("services":)",
                        R"("siting": {"service": "care", "candidates": "grid/candidates.csv", "add": 2}, "services":)"),
                R"("minutes": 15})", R"("minutes": 15, "id": "care"})");
    const auto with = [&](const std::string& keys) { return replace(base, R"("add": 2)", keys); };

    const Scenario median = parse(with(R"("model": "p_median", "add": 2, "cost_cap_metres": 2500)"));
    CHECK(median.siting->model == SitingModel::p_median);
    CHECK(median.siting->cost_cap->value == 2500.0);
    const Scenario capacitated = parse(with(R"("model": "capacitated_coverage", "add": 1, "capacity": "beds")"));
    CHECK(capacitated.siting->capacity_field == "beds");
    CHECK(parse(with(R"("model": "capacitated_coverage", "add": 1, "capacity": 30)")).siting->capacity == 30.0);
    const Scenario units =
        parse(with(R"("one_per_unit": {"units": "street", "codes": ["420111001"], "min_capacity": 100})"));
    CHECK(units.siting->model == SitingModel::maximal_covering);
    CHECK(units.siting->add == 0); // one per unit that needs one
    CHECK(units.siting->one_per_unit->codes == std::vector<std::string>{"420111001"});
    CHECK(units.siting->one_per_unit->min_capacity == 100.0);

    CHECK(parse_error(with(R"("model": "p-median", "add": 2)")).context().json_path == "/siting/model");
    CHECK(parse_error(with(R"("model": "p_median")")).context().json_path == "/siting");
    CHECK(parse_error(with(R"("add": 2, "capacity": "beds")")).context().json_path == "/siting/capacity");
    CHECK(parse_error(with(R"("model": "capacitated_coverage", "add": 1)")).context().json_path == "/siting");
    CHECK(parse_error(with(R"("model": "capacitated_coverage", "add": 1, "capacity": -1)")).context().json_path ==
          "/siting/capacity");
    CHECK(parse_error(with(R"("add": 2, "cost_cap_metres": 900)")).context().json_path == "/siting/cost_cap_metres");
    CHECK(parse_error(with(R"("model": "p_median", "add": 2, "one_per_unit": {"units": "street"})"))
              .context()
              .json_path == "/siting/one_per_unit");
    CHECK(parse_error(with(R"("one_per_unit": {"units": "county"})")).context().json_path ==
          "/siting/one_per_unit/units");
    CHECK(parse_error(with(R"("one_per_unit": {"units": "street", "codes": [420111001]})")).context().json_path ==
          "/siting/one_per_unit/codes/0");
    CHECK(parse_error(with(R"("one_per_unit": {"units": "street", "level": 1})")).context().json_path ==
          "/siting/one_per_unit/level");
    // Capacitated coverage needs the existing facilities' capacities too.
    const std::string no_beds =
        replace(with(R"("model": "capacitated_coverage", "add": 1, "capacity": 5)"), R"(, "capacity": "beds"})", "}");
    CHECK(parse_error(no_beds).context().json_path == "/facilities/elderly_care");
}

TEST_CASE("targets: each indicator checks its parameters and names the JSON path") {
    const std::string base = replace(valid_scenario(), R"("services":)", R"("targets": [TARGET], "services":)");
    const auto with = [&](const std::string& target) { return replace(base, "TARGET", target); };
    const Scenario scenario = parse(with(
        R"({"id": "comprehensive", "indicator": "unit_coverage", "units": "street", "facility": "elderly_care",
            "facility_filter": [{"field": "beds", "min": 100}, {"field": "kind", "one_of": ["综合", 3]}],
            "township": "town", "min": 1})"));
    REQUIRE(scenario.targets.size() == 1);
    const TargetSpec& target = scenario.targets[0];
    CHECK(target.indicator == IndicatorKind::unit_coverage);
    CHECK(target.facility_filter[1].one_of == std::vector<std::string>{"综合", "3"});
    CHECK(target.township == TownshipKind::town);
    CHECK(target.json_path == "/targets/0");
    CHECK(parse(with(R"({"indicator": "capacity_per_demand", "facility": "elderly_care", "demand": "elderly",
                        "min": 40})"))
              .targets[0]
              .id == "capacity_per_demand_0");

    const auto path_of = [&](const std::string& target_text) {
        return parse_error(with(target_text)).context().json_path;
    };
    CHECK(path_of(R"({"indicator": "coverage", "min": 1})") == "/targets/0/indicator");
    CHECK(path_of(R"({"indicator": "population_coverage", "service": "elderly_care_elderly_15min"})") == "/targets/0");
    CHECK(path_of(R"({"indicator": "population_coverage", "min": 1})") == "/targets/0"); // needs "service"
    CHECK(path_of(R"({"indicator": "population_coverage", "service": "nope", "min": 1})") == "/targets/0/service");
    CHECK(path_of(R"({"indicator": "unit_coverage", "units": "county", "facility": "elderly_care", "min": 1})") ==
          "/targets/0/units");
    CHECK(path_of(R"({"indicator": "unit_coverage", "units": "street", "facility": "elderly_care",
                     "facility_filter": [{"field": "beds"}], "min": 1})") == "/targets/0/facility_filter/0");
    CHECK(path_of(R"({"indicator": "unit_coverage", "units": "street", "facility": "elderly_care",
                     "township": "village", "min": 1})") == "/targets/0/township");
    CHECK(path_of(R"({"indicator": "unit_coverage", "units": "street", "rule": "demand_share",
                     "service": "elderly_care_elderly_15min", "min": 1})") == "/targets/0"); // needs "share"
    CHECK(path_of(R"({"indicator": "unit_attribute_range", "units": "street", "field": "households", "min": 1})") ==
          "/targets/0");
    CHECK(path_of(R"({"indicator": "attribute_ratio", "facility": "elderly_care", "numerator": "nursing",
                     "denominator": "beds", "unit_filter": [{"field": "class", "one_of": ["urban"]}], "min": 0.5})") ==
          "/targets/0"); // unit filters need "units"
}

TEST_CASE("a facility type without a path has none yet, and reads no file") {
    const Scenario scenario =
        parse(replace(valid_scenario(), R"("elderly_care": {"path": "grid/facility.geojson", "capacity": "beds"})",
                      R"("elderly_care": {"capacity": "beds", "label": "公益性骨灰堂"})"));
    const FacilitySpec& none = scenario.facilities.at("elderly_care");
    CHECK_FALSE(none.exists());
    CHECK(none.label == "公益性骨灰堂");
    for (const auto& file : scenario.input_files()) {
        CHECK_FALSE(file.empty());
    }
    // Layer keys without a path are refused, not ignored.
    const Error error =
        parse_error(replace(valid_scenario(), R"("path": "grid/facility.geojson", )", R"("layer": "x", )"));
    CHECK(error.context().json_path == "/facilities/elderly_care/layer");
}

TEST_CASE("a study area and reference totals name what they count") {
    const Scenario scenario = parse(replace(valid_scenario(), R"("name": "fixture",)", R"("name": "fixture",
      "study_area": "street",
      "references": [{"population": "elderly", "units": "street", "total": 80, "label": "甲乙街道 普查60岁及以上",
                       "source": "census.csv"}],)"));
    CHECK(scenario.study_area == "street");
    REQUIRE(scenario.references.size() == 1);
    CHECK(scenario.references[0].total == 80.0);
    CHECK(scenario.references[0].label == "甲乙街道 普查60岁及以上");
    const auto path_of = [&](const std::string& keys) {
        return parse_error(replace(valid_scenario(), R"("name": "fixture",)", R"("name": "fixture", )" + keys + ","))
            .context()
            .json_path;
    };
    CHECK(path_of(R"("study_area": "district")") == "/study_area");
    CHECK(path_of(R"("references": [{"population": "elderly", "total": 80}])") == "/references/0/label");
    CHECK(path_of(R"("references": [{"population": "elderly", "total": -1, "label": "x"}])") == "/references/0/total");
    CHECK(path_of(R"("references": [{"population": "kids", "total": 1, "label": "x"}])") == "/references/0/population");
    CHECK(path_of(R"("references": [{"population": "elderly", "units": "x", "total": 1, "label": "x"}])") ==
          "/references/0/units");
}

TEST_CASE("service bands and access") {
    const Scenario defaults = parse(valid_scenario());
    const ServiceSpec& service = defaults.services[0]; // 15 min at 4 km/h: every 5 minutes
    CHECK(service.bands == std::vector<double>{5.0, 10.0, 15.0});
    CHECK(service.band_metres(5.0).value == doctest::Approx(1000.0 / 3.0));
    CHECK(service.band_metres(15.0).value == doctest::Approx(1000.0));
    const Scenario given = parse(replace(valid_scenario(), R"("minutes": 15})",
                                         R"("minutes": 15, "bands": [10, 15], "access": "e2sfca_gaussian"})"));
    CHECK(given.services[0].bands.size() == 2);
    CHECK(given.services[0].access->kind == DistanceDecay::Kind::gaussian);
    const auto path_of = [&](const std::string& keys) {
        return parse_error(replace(valid_scenario(), R"("minutes": 15})", R"("minutes": 15, )" + keys + "}"))
            .context()
            .json_path;
    };
    CHECK(path_of(R"("bands": [10, 5])") == "/services/0/bands");
    CHECK(path_of(R"("bands": [20])") == "/services/0/bands"); // beyond the threshold
    std::string many = "[";
    for (int bound = 1; bound <= 25; ++bound) {
        many += (bound > 1 ? ", " : "") + std::to_string(bound * 0.5);
    }
    CHECK(path_of(R"("bands": )" + many + "]") == "/services/0/bands"); // 25 bands: more than a table shows
    // The longest walk allowed still gets a bounded number of default bands.
    const Scenario longest = parse(replace(valid_scenario(), R"("minutes": 15})", R"("minutes": 120})"));
    CHECK(longest.services[0].bands.size() == 24);
    CHECK(longest.services[0].bands.back() == 120.0);
    CHECK(path_of(R"("access": "3sfca")") == "/services/0/access");
    const std::string no_capacity = replace(replace(valid_scenario(), R"(, "capacity": "beds")", ""),
                                            R"("minutes": 15})", R"("minutes": 15, "access": "2sfca"})");
    CHECK(parse_error(no_capacity).context().json_path == "/services/0/access");
}

TEST_CASE("a JSON syntax error gives the line and column") {
    const Error error = parse_error("{\n  \"name\": \"x\",\n  \"crs\" \"auto\"\n}");
    CHECK(error.code() == ExitCode::scenario_invalid);
    CHECK(error.message().find("line 3") != std::string::npos);
    CHECK(error.context().file == "test.json");
}

TEST_CASE("reading a scenario file") {
    const Error missing = test::expect_error([] { (void)read_scenario(test::fixture("no_such_scenario.json")); });
    CHECK(missing.code() == ExitCode::input_unreadable);

    const Scenario shipped = read_scenario(test::source_dir() / "scenarios" / "wuhan-guanggu.json");
    CHECK(shipped.population.at("elderly").rasters.size() == 10);
    CHECK(shipped.file.filename() == "wuhan-guanggu.json");
    for (const auto& file : shipped.input_files()) {
        CHECK(std::filesystem::exists(file));
    }
}

TEST_CASE("a number beyond a double is the scenario's error, with its file, not an internal one") {
    const Error overflow = parse_error(replace(valid_scenario(), R"("minutes": 15)", R"("minutes": 1e400)"));
    CHECK(overflow.code() == ExitCode::scenario_invalid);
    CHECK(overflow.context().file == "test.json");
    CHECK(overflow.message().find("overflow") != std::string::npos);
}

TEST_CASE("only a regular file of sensible size is read as a scenario") {
    test::ScratchDirectory scratch("scenario_files");
    const Error directory = test::expect_error([&] { (void)read_scenario(scratch.path()); });
    CHECK(directory.code() == ExitCode::input_unreadable);
    CHECK(directory.message().find("not a regular file") != std::string::npos);
    if (std::filesystem::exists("/dev/zero")) { // a device that never ends
        const Error device = test::expect_error([] { (void)read_scenario("/dev/zero"); });
        CHECK(device.code() == ExitCode::input_unreadable);
    }
    const auto huge = scratch.path() / "huge.json";
    test::write_text(huge, "{\"name\": \"" + std::string(std::size_t{17} << 20, 'x') + "\"}");
    const Error too_large = test::expect_error([&] { (void)read_scenario(huge); });
    CHECK(too_large.code() == ExitCode::scenario_invalid);
    CHECK(too_large.message().find("at most 16 MiB") != std::string::npos);
}
