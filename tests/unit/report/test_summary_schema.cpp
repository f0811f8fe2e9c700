// The typed summary.json schema: what is written reads back to the same
// document, keys stay in their documented order, and a misspelt or mistyped
// key is an error naming its JSON pointer.

#include "lifecircle/comparison_summary.hpp"
#include "lifecircle/run_summary.hpp"

#include "test_support.hpp"

using namespace lifecircle;
using nlohmann::ordered_json;

namespace {

template <class Summary>
ordered_json round_trip(const Summary& summary) {
    const ordered_json written = to_document(summary);
    // Through text, as compare reads a run's summary.json back.
    const nlohmann::json parsed = nlohmann::json::parse(written.dump());
    return to_document(from_document<Summary>(parsed, "summary.json"));
}

SitingSummary siting_with(decltype(SitingSummary::figures) figures) {
    SitingSummary siting;
    siting.service = "care";
    siting.model = "some_model";
    siting.chosen = 1;
    siting.figures = std::move(figures);
    SiteSummary& site = siting.sites.emplace_back();
    site.rank = 1;
    site.source_fid = 7;
    site.adds_demand = 12.5;
    return siting;
}

RunSummary small_summary() {
    RunSummary summary;
    summary.lifecircle_version = "0.1.0";
    summary.scenario = {"洪山区", "plan.json", {}, {}, {}};
    summary.working_crs = "EPSG:32650";
    summary.inputs.population["elderly"] = {{"pop.tif", "EPSG:4326", 4, 3, {{"nodata", 1}}, {}}, 3, 76.0, {}};
    ServiceSummary& service = summary.services.emplace_back();
    service.id = "care";
    service.mode = "network";
    service.minutes = 15.0;
    service.nodes_settled = 10;
    service.bands = {{15.0, 1000.0, 36.0, 0.47}};
    TargetSummary& target = summary.targets.emplace_back();
    target.id = "circle";
    target.indicator = "population_coverage";
    target.units = "street";
    target.failing_units = std::vector<FailingUnitSummary>{{"420111001", "甲街道", std::nullopt}};
    summary.outputs = {"summary.json"};
    return summary;
}

} // namespace

TEST_CASE("a run summary reads back to the document it was written from, every siting model included") {
    RunSummary summary = small_summary();
    CHECK(round_trip(summary) == to_document(summary));

    MaximalCoveringSummary covering;
    covering.one_per_unit = OnePerUnitSummary{"street", 10.0, {"a"}, {"b"}, {}};
    CapacitatedSummary capacitated;
    capacitated.existing_facilities = {{3, 50.0, 36.0}};
    for (const auto& figures : std::vector<decltype(SitingSummary::figures)>{
             covering, SetCoveringSummary{0.9, 68.4, true, 2, 0.0}, MedianSummary{}, capacitated}) {
        summary.siting = siting_with(figures);
        summary.siting->coverage = std::holds_alternative<MedianSummary>(figures)
                                       ? std::nullopt
                                       : std::optional(SitingCoverageSummary{76.0, 36.0, 48.5, 0.47, 0.64});
        const ordered_json written = to_document(summary);
        CAPTURE(written.dump());
        const RunSummary read = from_document<RunSummary>(nlohmann::json::parse(written.dump()), "summary.json");
        CHECK(read.siting->figures.index() == figures.index()); // told apart by their marker keys
        CHECK(read.siting->coverage.has_value() == summary.siting->coverage.has_value());
        CHECK(to_document(read) == written);
    }
}

TEST_CASE("keys follow the documented order; empty optional parts are absent or null as documented") {
    const ordered_json written = to_document(small_summary());
    std::vector<std::string> keys;
    for (const auto& [key, value] : written.items()) {
        keys.push_back(key);
    }
    CHECK(keys == std::vector<std::string>{"lifecircle_version", "scenario", "working_crs", "inputs", "services",
                                           "targets", "outputs"}); // no changes, no siting
    const ordered_json& service = written["services"][0];
    CHECK(service["walk_kmh"].is_null());          // optional: written as null
    CHECK(service.contains("nodes_settled"));      // network mode
    CHECK_FALSE(service.contains("arcs_relaxed")); // omitted when empty
    CHECK_FALSE(service.contains("access"));
    CHECK_FALSE(written["inputs"].contains("roads"));
    CHECK(written["inputs"]["population"]["elderly"]["source"] == "pop.tif"); // the read report, flattened
    CHECK(written["targets"][0]["failing_units"][0]["value"].is_null());
}

TEST_CASE("a misspelt, missing or mistyped key names the file and its JSON pointer") {
    ordered_json written = to_document(small_summary());
    const auto error_for = [](const ordered_json& document) {
        return test::expect_error(
            [&] { (void)from_document<RunSummary>(nlohmann::json::parse(document.dump()), "runs/a/summary.json"); });
    };

    ordered_json misspelt = written;
    misspelt["services"][0].erase("covered_share");
    misspelt["services"][0]["covered_shar"] = 0.4;
    const Error missing = error_for(misspelt);
    CHECK(missing.code() == ExitCode::input_invalid);
    CHECK(missing.context().file == "runs/a/summary.json");
    CHECK(missing.context().json_path == "/services/0/covered_share");
    CHECK(missing.message().find("missing") != std::string::npos);

    ordered_json mistyped = written;
    mistyped["services"][0]["points_total"] = "16";
    CHECK(error_for(mistyped).context().json_path == "/services/0/points_total");
    mistyped = written;
    mistyped["services"][0]["points_total"] = -1;
    CHECK(error_for(mistyped).message().find("count") != std::string::npos);
    mistyped = written;
    mistyped["inputs"]["population"]["elderly"]["skipped"]["nodata"] = true;
    CHECK(error_for(mistyped).context().json_path == "/inputs/population/elderly/skipped/nodata");
    CHECK(error_for(ordered_json::array()).context().json_path == "/");

    // A siting block whose model-specific keys are all gone cannot be told apart.
    RunSummary with_siting = small_summary();
    with_siting.siting = siting_with(MedianSummary{});
    ordered_json no_model = to_document(with_siting);
    no_model["siting"].erase("cost_cap_m");
    CHECK(error_for(no_model).context().json_path == "/siting");
}

TEST_CASE("a comparison summary: failing units appear, as a pair, only for targets over units") {
    ComparisonSummary summary;
    summary.run_a = "baseline";
    summary.run_b = "plan";
    summary.services.push_back({"care", 76.0, 36.0, 63.0, 36.0 / 76.0, 63.0 / 76.0, 27.0, 0.0, 16, 5, 0});
    TargetComparison over_units;
    over_units.id = "by_street";
    over_units.failing_units = FailingUnitsComparison{3, std::nullopt};
    TargetComparison whole;
    whole.id = "circle";
    whole.value_a = 0.4;
    summary.targets = {over_units, whole};
    const ordered_json written = to_document(summary);
    CHECK(written["targets"][0]["failing_units_a"] == 3);
    CHECK(written["targets"][0]["failing_units_b"].is_null());
    CHECK_FALSE(written["targets"][1].contains("failing_units_a"));
    CHECK(round_trip(summary) == written);
}
