// lifecircle site: where should the next K facilities go? One of four models
// over candidate sites, with the existing facilities kept.

#include "command.hpp"
#include "output_options.hpp"
#include "service_options.hpp"

#include "lifecircle/error.hpp"

#include <cmath>
#include <map>

namespace lifecircle::cli {
namespace {

class SiteCommand final : public Command {
public:
    CLI::App* add_to(CLI::App& program) override {
        CLI::App* command = program.add_subcommand(
            "site", "Rank candidate sites for new facilities (maximal covering, set covering, p-median, "
                    "capacitated coverage)");
        service_.add_to(*command, ServiceOptions::Facilities::optional);
        command->add_option("--candidates", candidates_, "candidate sites: points, or polygons such as parcels (SRC)")
            ->required();
        command->add_option("--candidates-crs", candidates_crs_, "CRS of the candidate layer (e.g. GCJ-02)");
        add_encoding_option(*command, "--candidates-encoding", candidates_encoding_, "candidate layer");
        command->add_option("--candidate-name", candidate_name_,
                            "the candidates' field that names a site in the report (e.g. candidate_id)");
        const std::map<std::string, SitingModel> models{{"maximal_covering", SitingModel::maximal_covering},
                                                        {"set_covering", SitingModel::set_covering},
                                                        {"p_median", SitingModel::p_median},
                                                        {"capacitated_coverage", SitingModel::capacitated_coverage}};
        command->add_option("--model", model_, "default: maximal_covering with --add, set_covering with --target-share")
            ->transform(CLI::CheckedTransformer(models));
        auto* add = command->add_option("--add", add_, "how many new sites to choose")->check(CLI::Range(1, 100000));
        auto* target = command
                           ->add_option("--target-share", target_share_,
                                        "set covering: the fewest new sites that bring this share within reach")
                           ->check(CLI::Range(0.0, 1.0));
        add->excludes(target);
        command->add_option("--candidate-capacity", capacity_,
                            "capacitated coverage: the candidates' capacity field, or one number for all");
        command
            ->add_option("--cost-cap-metres", cost_cap_, "p-median: costs count at most this (default 3 x threshold)")
            ->check(CLI::PositiveNumber & CLI::Range(0.0, max_cost_cap_m));
        command->add_flag("--one-per-unit", one_per_unit_,
                          "maximal covering: every unit of --units without a facility gets a new site");
        command
            ->add_option("--min-capacity", min_capacity_,
                         "with --one-per-unit: an existing facility qualifies from this capacity")
            ->check(CLI::Range(0.0, max_capacity));
        command
            ->add_option("--site-capacity", site_capacity_,
                         "the capacity each chosen site brings to the facilities after the plan (default: the "
                         "candidates' field named by --capacity-field)")
            ->check(CLI::Range(0.0, max_capacity));
        command_ = command;
        add_output_options(*command, flags_, true);
        add_demand_points_flag(*command, flags_);
        return command;
    }

    int execute(Console& console) override {
        const bool set_covering = command_->count("--target-share") > 0;
        SitingSpec siting;
        // The service is named as `coverage` names its own, and the chosen
        // sites join the facilities: the run written is the plan's after
        // state, which `compare` sets beside the coverage run it started from.
        siting.service = "coverage";
        siting.candidates = service_.source(candidates_, candidates_crs_, candidates_encoding_);
        siting.name_field = candidate_name_;
        siting.model = command_->count("--model") > 0 ? model_
                       : set_covering                 ? SitingModel::set_covering
                                                      : SitingModel::maximal_covering;
        siting.add = add_;
        if (set_covering) {
            siting.target_share = target_share_;
        }
        if ((siting.model == SitingModel::set_covering) != set_covering) {
            throw Error(ExitCode::usage, {}, "set_covering takes --target-share; the other models take --add");
        }
        if (!set_covering && add_ == 0 && !one_per_unit_) {
            throw Error(ExitCode::usage, {}, "give --add K (or --target-share S for set covering)");
        }
        if (!capacity_.empty()) {
            if (siting.model != SitingModel::capacitated_coverage) {
                throw Error(ExitCode::usage, {}, "--candidate-capacity applies to --model capacitated_coverage");
            }
            char* end = nullptr;
            const double number = std::strtod(capacity_.c_str(), &end);
            if (end != capacity_.c_str() && *end == '\0') {
                if (!(number >= 0.0 && number <= max_capacity)) {
                    throw Error(ExitCode::usage, {},
                                "--candidate-capacity: a capacity must be at least 0 and at most 1000000");
                }
                siting.capacity = number;
            } else {
                siting.capacity_field = capacity_;
            }
        } else if (siting.model == SitingModel::capacitated_coverage) {
            throw Error(ExitCode::usage, {}, "capacitated_coverage needs --candidate-capacity (a field or a number)");
        }
        if (command_->count("--cost-cap-metres") > 0) {
            siting.cost_cap = Metres{cost_cap_};
        }
        Scenario scenario = service_.scenario("site", "coverage");
        if (one_per_unit_) {
            if (scenario.units.empty()) {
                throw Error(ExitCode::usage, {}, "--one-per-unit needs --units and --unit-code-field");
            }
            siting.one_per_unit = OnePerUnit{"units", {}, min_capacity_};
        }
        scenario.siting = std::move(siting);
        FacilityChange take_sites;
        take_sites.kind = FacilityChange::Kind::add_chosen_sites;
        take_sites.facility = "facilities";
        take_sites.json_path = "--site-capacity";
        if (command_->count("--site-capacity") > 0) {
            take_sites.capacity = site_capacity_;
        }
        scenario.changes.push_back(std::move(take_sites));
        validate_scenario(scenario, "command line");
        return run_and_report(scenario, flags_, console);
    }

private:
    ServiceOptions service_;
    std::string candidates_;
    std::string candidates_crs_;
    std::string candidate_name_;
    std::string candidates_encoding_;
    SitingModel model_ = SitingModel::maximal_covering;
    std::uint32_t add_ = 0;
    double target_share_ = 0.0;
    std::string capacity_;
    double cost_cap_ = 0.0;
    bool one_per_unit_ = false;
    double min_capacity_ = 0.0;
    double site_capacity_ = 0.0;
    CLI::App* command_ = nullptr;
    OutputFlags flags_;
};

} // namespace

std::unique_ptr<Command> make_site_command() {
    return std::make_unique<SiteCommand>();
}

} // namespace lifecircle::cli
