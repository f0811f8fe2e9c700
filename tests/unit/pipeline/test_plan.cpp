// Comparing runs in memory and from their written files, and a plan run
// with its baseline, on the hand-made grid (tests/data/grid/README.md).

#include "lifecircle/plan.hpp"

#include "test_support.hpp"

#include <nlohmann/json.hpp>

using namespace lifecircle;
namespace fs = std::filesystem;

namespace {

const char* const baseline_text = R"({
  "name": "grid today",
  "population": {"people": {"rasters": ["grid/pop_a.asc", "grid/pop_b.asc"]}},
  "units": {"street": {"path": "grid/units.geojson", "code": "code", "name": "name", "parent": "parent"}},
  "facilities": {"care": {"path": "grid/facility.geojson", "capacity": "beds"}},
  "services": [{"id": "care", "facility": "care", "demand": "people", "metres": 150}],
  "targets": [{"id": "circle", "indicator": "population_coverage", "service": "care", "min": 0.8}]
})";

// The same with the two best candidates (B and A) added: 36 -> 63 people.
std::string plan_text() {
    std::string text = baseline_text;
    text.replace(text.find("\"grid today\""), 12, "\"grid plan\"");
    text.replace(text.rfind('}'), 1, R"(,
  "siting": {"service": "care", "candidates": "grid/candidates.csv", "add": 2},
  "changes": [{"add_chosen_sites": true, "capacity": 30}]
})");
    return text;
}

Scenario parse(const std::string& text) {
    return parse_scenario(text, "grid.json", test::fixture(""));
}

} // namespace

TEST_CASE("a comparison made in memory equals the one read back from the written runs") {
    const RunResult baseline = run_scenario(parse(baseline_text));
    const RunResult plan = run_scenario(parse(plan_text()));
    const RunComparison in_memory = compare_runs(compared_run(baseline, "a"), compared_run(plan, "b"));
    REQUIRE(in_memory.summary.services.size() == 1);
    const ServiceComparison& service = in_memory.summary.services[0];
    const OutputLayer& difference = in_memory.differences.at(0);
    CHECK(service.demand_total == doctest::Approx(76.0));
    CHECK(service.covered_a == doctest::Approx(36.0));
    CHECK(service.covered_b == doctest::Approx(63.0));
    CHECK(service.newly_covered == doctest::Approx(27.0));
    CHECK(service.newly_lost == doctest::Approx(0.0));
    CHECK(service.points == 16);
    REQUIRE(in_memory.summary.targets.size() == 1);
    const TargetComparison& target = in_memory.summary.targets[0];
    CHECK(*target.value_a == doctest::Approx(36.0 / 76.0));
    CHECK(*target.value_b == doctest::Approx(63.0 / 76.0));
    CHECK(*target.change == doctest::Approx(27.0 / 76.0));
    CHECK(*target.met_b);

    test::ScratchDirectory scratch("compare-memory");
    for (const auto& [run, name] : {std::pair{&baseline, "a"}, std::pair{&plan, "b"}}) {
        OutputOptions options;
        options.directory = scratch.path() / name;
        (void)write_results(*run, options);
    }
    const RunComparison from_files = compare_runs(scratch.path() / "a", scratch.path() / "b");
    REQUIRE(from_files.summary.services.size() == 1);
    const ServiceComparison& read = from_files.summary.services[0];
    CHECK(read.newly_covered == doctest::Approx(service.newly_covered));
    CHECK(read.points_newly_covered == service.points_newly_covered);
    CHECK(read.points_newly_lost == service.points_newly_lost);
    const OutputLayer& read_difference = from_files.differences.at(0);
    REQUIRE(read_difference.attributes.row_count() == difference.attributes.row_count());
    for (std::size_t row = 0; row < read_difference.attributes.row_count(); ++row) {
        CHECK(read_difference.attributes.value(row, 0) == difference.attributes.value(row, 0)); // status
    }
    CHECK(from_files.summary.targets[0].value_b == target.value_b);
}

TEST_CASE("run_plan and write_plan: baseline, plan and comparison, each with its summary") {
    const Scenario baseline = parse(baseline_text);
    const PlanResult result = run_plan(parse(plan_text()), baseline);
    CHECK(result.baseline.services[0].totals.demand_covered == doctest::Approx(36.0));
    CHECK(result.plan.services[0].totals.demand_covered == doctest::Approx(63.0));
    CHECK(result.comparison.summary.services[0].newly_covered == doctest::Approx(27.0));

    test::ScratchDirectory scratch("plan");
    OutputOptions options;
    options.directory = scratch.path() / "plan";
    const PlanSummaries summaries = write_plan(result, options);
    CHECK(fs::exists(options.directory / "summary.json"));
    CHECK(fs::exists(options.directory / "baseline" / "summary.json"));
    CHECK(fs::exists(options.directory / "comparison" / "difference_care.geojson"));
    CHECK(summaries.comparison.run_a == "baseline");
    CHECK(summaries.comparison.run_b == "plan");
    CHECK(summaries.comparison.services[0].newly_covered == doctest::Approx(27.0));
    CHECK(summaries.plan.services[0].demand_covered == doctest::Approx(63.0));
    CHECK(summaries.baseline.outputs.back() == "summary.json");
}

TEST_CASE("run_plan refuses a baseline that names a baseline of its own") {
    Scenario baseline = parse(baseline_text);
    baseline.baseline = test::fixture("elsewhere.json");
    Scenario plan = parse(plan_text());
    plan.baseline = test::fixture("baseline.json");
    const Error error = test::expect_error([&] { (void)run_plan(plan, baseline); });
    CHECK(error.code() == ExitCode::scenario_invalid);
    CHECK(error.context().json_path == "/baseline");
}
