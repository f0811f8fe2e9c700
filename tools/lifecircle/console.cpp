#include "console.hpp"

#include "lifecircle/plan.hpp"

#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <type_traits>

namespace lifecircle::cli {
namespace {

constexpr int ticks_per_stage = 40; // GDAL draws a tick every 2.5 %

std::string percent(double share) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f%%", share * 100.0);
    return buffer;
}

// Up to four significant digits: shares, ratios, beds per 1,000.
std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", value);
    return text;
}

std::string count(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
}

} // namespace

Console::Console(bool quiet) : quiet_(quiet) {}

void Console::install_warning_handler(bool quiet) {
    if (quiet) {
        set_warning_handler({});
        return;
    }
    set_warning_handler([](std::string_view message) { std::cerr << "lifecircle: warning: " << message << '\n'; });
}

ProgressCallback Console::progress() {
    if (quiet_) {
        return {};
    }
    return [this](double fraction, std::string_view stage) { draw(fraction, stage); };
}

void Console::draw(double fraction, std::string_view stage) {
    if (stage == finished_stage_ && fraction >= 1.0) {
        return; // a stage that reports its end twice has one line, not a second empty one
    }
    if (stage != stage_) {
        if (!stage_.empty() && ticks_drawn_ <= ticks_per_stage) {
            std::cerr << '\n';
        }
        stage_ = stage;
        stage_start_ = std::chrono::steady_clock::now();
        ticks_drawn_ = 0;
        std::cerr << stage_name(words_.language(), stage_) << ": ";
    }
    const int target = static_cast<int>(fraction * ticks_per_stage + 1e-9);
    while (ticks_drawn_ <= target && ticks_drawn_ <= ticks_per_stage) {
        if (ticks_drawn_ % 4 == 0) {
            std::cerr << ticks_drawn_ * 10 / 4;
        } else {
            std::cerr << '.';
        }
        ++ticks_drawn_;
    }
    if (ticks_drawn_ > ticks_per_stage) {
        // The time a stage took tells a planner which input to clip, and is what bench/ reads.
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - stage_start_;
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.2f", took.count());
        std::cerr << " - " << words_(Msg::console_stage_done, {seconds}) << '\n';
        ++ticks_drawn_; // the line is finished
        finished_stage_ = stage_;
        stage_.clear();
    }
    std::cerr.flush();
}

void Console::message(const std::string& text) const {
    if (!quiet_) {
        std::cerr << text << '\n';
    }
}

void Console::warning(const std::string& text) const {
    if (!quiet_) {
        std::cerr << "lifecircle: warning: " << text << '\n';
    }
}

namespace {

// One line a planner can read aloud: what the new sites change, and how far
// from the best possible the answer can be.
std::string siting_line(const SitingResult& siting, const Words& words) {
    const RankedSites& chosen = siting.chosen();
    const std::string model(to_string(siting.spec.model));
    const std::string sites = std::to_string(chosen.sites.size());
    if (const auto* median = std::get_if<MedianAnswer>(&siting.answer)) {
        const double demand = median->total_demand > 0.0 ? median->total_demand : 1.0;
        return words(Msg::console_siting_median,
                     {model, siting.spec.service, sites, count(median->cost_before / demand),
                      count(median->cost_after / demand), count(siting.search_bound.value),
                      count(median->lower_bound / demand), percent(median->gap())});
    }
    const auto& coverage = std::visit(
        [](const auto& answer) -> const ChosenSites& {
            if constexpr (std::is_base_of_v<ChosenSites, std::decay_t<decltype(answer)>>) {
                return answer;
            } else {
                throw std::logic_error("not a coverage model");
            }
        },
        siting.answer);
    const double total = coverage.total_demand > 0.0 ? coverage.total_demand : 1.0;
    const bool serves = siting.spec.model == SitingModel::capacitated_coverage;
    const std::string line =
        words(serves ? Msg::console_siting_serves : Msg::console_siting_coverage,
              {model, siting.spec.service, sites, count(coverage.covered_after - coverage.covered_before),
               percent(coverage.covered_before / total), percent(coverage.covered_after / total)});
    if (const auto* set = std::get_if<SetCoveringAnswer>(&siting.answer)) {
        const std::string target = percent(*siting.spec.target_share);
        return line + (set->target_reached
                           ? words(Msg::console_siting_target_reached, {target, std::to_string(set->fewest_possible)})
                           : words(Msg::console_siting_target_unreachable, {target}));
    }
    const auto* covering = std::get_if<SitingAnswer>(&siting.answer);
    const auto* capacitated = std::get_if<CapacitatedAnswer>(&siting.answer);
    return line + words(Msg::console_siting_bound,
                        {sites, count(covering != nullptr ? covering->upper_bound : capacitated->upper_bound),
                         percent(covering != nullptr ? covering->gap() : capacitated->gap())});
}

OutputOptions output_options(const OutputFlags& flags, const Scenario& scenario) {
    OutputOptions options;
    options.directory = flags.directory;
    options.format = parse_vector_format(flags.format);
    options.demand_points = flags.demand_points;
    options.language = language_of(flags, &scenario);
    return options;
}

} // namespace

Language language_of(const OutputFlags& flags, const Scenario* scenario) {
    OutputOptions options;
    if (!flags.language.empty()) {
        options.language = language_named(flags.language); // CLI11 checked the name
    }
    return scenario != nullptr ? report_language(options, *scenario) : options.language.value_or(Language::zh);
}

int run_and_report(const Scenario& scenario, const OutputFlags& flags, Console& console) {
    console.speak(language_of(flags, &scenario));
    const RunResult result = run_scenario(scenario, console.progress());
    const RunSummary summary = write_results(result, output_options(flags, scenario), console.progress());
    report_run(result, summary, console);
    report_written(console, flags, to_document(summary));
    return static_cast<int>(ExitCode::success);
}

int run_plan_and_report(const Scenario& plan, const Scenario& baseline, const OutputFlags& flags, Console& console) {
    console.speak(language_of(flags, &plan));
    const Words& words = console.words();
    const PlanResult result = run_plan(plan, baseline, console.progress());
    const PlanSummaries summaries = write_plan(result, output_options(flags, plan), console.progress());
    const std::filesystem::path directory(flags.directory);
    console.message("baseline: " + baseline.name);
    report_run(result.baseline, summaries.baseline, console);
    console.message(words(Msg::console_written, {(directory / "baseline").string()}));
    console.message("plan: " + plan.name);
    report_run(result.plan, summaries.plan, console);
    console.message(words(Msg::console_written, {directory.string()}));
    report_comparison(result.comparison.summary, console);
    OutputFlags comparison_flags = flags;
    comparison_flags.directory = (directory / "comparison").string();
    report_written(console, comparison_flags, to_document(summaries.comparison));
    return static_cast<int>(ExitCode::success);
}

void report_run(const RunResult& result, const RunSummary& summary, const Console& console) {
    const Words& words = console.words();
    constexpr std::size_t shown_warnings = 10;
    const auto warn_about = [&](const std::string& what, const InputReport& report) {
        for (const auto& [reason, skipped] : report.skipped) {
            if (reason != "nodata" && reason != "zero_population") {
                console.warning(what + ": skipped " + std::to_string(skipped) + " feature(s): " + reason);
            }
        }
        for (std::size_t i = 0; i < report.warnings.size() && i < shown_warnings; ++i) {
            console.warning(what + ": " + report.warnings[i]);
        }
        if (report.warnings.size() > shown_warnings) {
            console.warning(what + ": " + std::to_string(report.warnings.size() - shown_warnings) +
                            " more warnings in summary.json");
        }
    };
    for (const auto& [name, group] : result.inputs.demand) {
        warn_about("population '" + name + "'", group.points.report);
    }
    for (const auto& [name, facilities] : result.inputs.facilities) {
        warn_about("facilities '" + name + "'", facilities.points.report);
    }
    for (const auto& [name, level] : result.inputs.units) {
        warn_about("units '" + name + "'", level.layer.report);
    }
    if (result.routing) {
        warn_about("roads", result.routing->network.report());
        for (const auto& [name, snapping] : result.routing->demand) {
            if (snapping.report.beyond_limit > 0) {
                console.warning("population '" + name + "': " + std::to_string(snapping.report.beyond_limit) +
                                " points lie beyond the snap limit of the road network and count as unreachable");
            }
            if (snapping.report.on_minor_component > 0) {
                const double total = summary.inputs.population.at(name).demand_total;
                console.warning("population '" + name + "': " + std::to_string(snapping.report.on_minor_component) +
                                " of " + std::to_string(snapping.report.points) + " points (" +
                                count(snapping.demand_on_minor_component) + " people, " +
                                percent(total > 0.0 ? snapping.demand_on_minor_component / total : 0.0) +
                                ") join fragments of the network apart from its largest part, and reach only "
                                "facilities on the same fragment; see --min-component-nodes");
            }
        }
        for (const auto& [type, snapping] : result.routing->facilities) {
            if (snapping.report.on_minor_component > 0) {
                console.warning("facilities '" + type + "': " + std::to_string(snapping.report.on_minor_component) +
                                " of " + std::to_string(snapping.report.points) +
                                " join fragments of the network apart from its largest part, and serve only "
                                "people on the same fragment; see --min-component-nodes");
            }
        }
    }
    if (result.siting) {
        warn_about("candidates", result.siting->candidates.report);
        if (result.siting->snapping.beyond_limit > 0) {
            console.warning("candidates: " + std::to_string(result.siting->snapping.beyond_limit) +
                            " lie beyond the snap limit of the road network and can serve nobody");
        }
    }
    for (const ServiceSummary& service : summary.services) {
        // A distance reads best on the console; a walking profile's metres are not one.
        const std::string within =
            service.profile && !service.profile->walks_a_distance()
                ? threshold_text(words, service)
                : words(service.mode == "network" ? Msg::threshold_walking : Msg::threshold_straight,
                        {count(service.threshold_m)});
        if (const auto* level = headline_units(service, summary.scenario)) {
            // The planner's area leads; everything read follows.
            const UnitLevelSummary& units = level->second;
            console.message(
                percent(units.covered_inside_units / units.demand_inside_units) + " · " +
                words(Msg::console_units_covered,
                      {display_name(service), count(units.covered_inside_units), count(units.demand_inside_units),
                       display_name(summary.scenario.unit_labels, level->first), within}) +
                " (" + words(Msg::card_all_demand, {percent(service.covered_share), count(service.demand_total)}) +
                ")");
        } else {
            console.message(percent(service.covered_share) + " · " +
                            words(Msg::console_covered, {display_name(service), count(service.demand_covered),
                                                         count(service.demand_total), within}));
        }
        if (const std::optional<RouteSummary>& routes = service.routes) {
            console.message(words(Msg::console_routes,
                                  {display_name(service), std::to_string(routes->places),
                                   std::to_string(routes->routed), std::to_string(routes->within_threshold), within,
                                   std::to_string(routes->beyond_snap_limit), std::to_string(routes->no_facility)}));
        }
    }
    std::size_t met = 0;
    for (const TargetResult& target : result.targets) {
        std::string line = display_name(target.spec) + " (" + to_string(target.spec.indicator) +
                           "): " + (target.value ? number(*target.value) : std::string("–"));
        line += target.spec.min ? ", ≥ " + number(*target.spec.min) : "";
        line += target.spec.max ? ", ≤ " + number(*target.spec.max) : "";
        line += ": " + words(target.met ? Msg::met : Msg::not_met) +
                (!target.met && target.value ? " (" + words(Msg::col_gap) + " " + number(target.gap) + ")" : "");
        if (!target.failing_units.empty()) {
            line += "; " + words(Msg::col_units_failing) + " " +
                    words(Msg::of_total,
                          {std::to_string(target.failing_units.size()), std::to_string(target.units_considered)});
        }
        met += target.met ? 1 : 0;
        console.message(line);
    }
    if (!result.targets.empty()) {
        console.message(words(Msg::console_targets, {std::to_string(met), std::to_string(result.targets.size())}));
    }
    if (result.siting) {
        console.message(siting_line(*result.siting, words));
        if (result.siting->units && !result.siting->units->without_candidate.empty()) {
            std::string codes;
            for (const std::string& code : result.siting->units->without_candidate) {
                codes += (codes.empty() ? "" : ", ") + code;
            }
            console.warning("units needing a site but holding no candidate (the rule cannot be met there): " + codes);
        }
    }
}

int compare_and_report(const std::filesystem::path& run_a, const std::filesystem::path& run_b, const OutputFlags& flags,
                       Console& console) {
    console.speak(language_of(flags));
    const ProgressCallback progress = console.progress();
    report_progress(progress, 0.0, "comparing runs");
    const RunComparison comparison = compare_runs(run_a, run_b);
    const ComparisonSummary summary =
        write_comparison(comparison, flags.directory, parse_vector_format(flags.format), console.words().language());
    report_progress(progress, 1.0, "comparing runs");
    report_comparison(comparison.summary, console);
    report_written(console, flags, to_document(summary));
    return static_cast<int>(ExitCode::success);
}

void report_comparison(const ComparisonSummary& comparison, const Console& console) {
    const Words& words = console.words();
    for (const ServiceComparison& service : comparison.services) {
        // A sign only where people moved: "+27", "0".
        const auto moved = [](double people, const char* sign) {
            const std::string text = count(people);
            return text == "0" ? text : sign + text;
        };
        console.message(percent(service.share_a) + " -> " + percent(service.share_b) + " · " +
                        words(Msg::comparison_card,
                              {service.id, moved(service.newly_covered, "+"), moved(service.newly_lost, "-")}));
    }
    // Each target before and after, as the plan's meeting will ask.
    const auto value = [](const std::optional<double>& figure) { return figure ? number(*figure) : std::string("-"); };
    const auto verdict = [&](const std::optional<bool>& met) {
        return met ? words(*met ? Msg::met : Msg::not_met) : std::string("-");
    };
    for (const TargetComparison& target : comparison.targets) {
        console.message(target.id + ": " + value(target.value_a) + " (" + verdict(target.met_a) + ") -> " +
                        value(target.value_b) + " (" + verdict(target.met_b) + ")");
    }
    for (const std::string& id : comparison.only_in_a) {
        console.warning("service '" + id + "' is only in the first run");
    }
    for (const std::string& id : comparison.only_in_b) {
        console.warning("service '" + id + "' is only in the second run");
    }
}

void report_findings(const Console& console, const FindingCounts& counts, const std::string& lead) {
    for (const auto& [rule, counted] : counts.by_rule) {
        console.message(rule + " (" + counted.severity + "): " + std::to_string(counted.count));
    }
    console.message(lead + std::to_string(counts.errors) + " errors, " + std::to_string(counts.warnings) + " warnings");
}

void report_written(const Console& console, const OutputFlags& flags, const nlohmann::ordered_json& summary) {
    const Words& words = console.words();
    console.message(words(Msg::console_written, {flags.directory}));
    const std::filesystem::path report = std::filesystem::path(flags.directory) / "report.html";
    if (std::filesystem::exists(report)) {
        console.message(words(Msg::console_report, {report.string()}));
    }
    if (flags.json) {
        std::cout << summary.dump(2) << '\n';
    }
}

} // namespace lifecircle::cli
