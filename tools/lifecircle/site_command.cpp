// lifecircle site: where should the next K facilities go? Maximal covering
// over candidate sites, with the existing facilities kept.

#include "command.hpp"
#include "output_options.hpp"
#include "service_options.hpp"

#include "lifecircle/error.hpp"

namespace lifecircle::cli {
namespace {

class SiteCommand final : public Command {
public:
    CLI::App* add_to(CLI::App& program) override {
        CLI::App* command = program.add_subcommand(
            "site", "Rank candidate sites: the K that bring the most people within reach (maximal covering)");
        service_.add_to(*command);
        command->add_option("--candidates", candidates_, "candidate sites: points, or polygons such as parcels (SRC)")
            ->required();
        command->add_option("--candidates-crs", candidates_crs_, "CRS of the candidate layer (e.g. GCJ-02)");
        auto* add = command->add_option("--add", add_, "maximal covering: how many new sites to choose")
                        ->check(CLI::Range(1, 100000));
        auto* target =
            command
                ->add_option("--target-share", target_share_,
                             "set covering: the fewest new sites that bring this share of the demand within reach")
                ->check(CLI::Range(0.0, 1.0));
        add->excludes(target);
        command_ = command;
        add_output_options(*command, flags_, true);
        return command;
    }

    int execute(Console& console) override {
        if (command_->count("--add") + command_->count("--target-share") != 1) {
            throw Error(ExitCode::usage, {}, "give --add K or --target-share S");
        }
        Scenario scenario = service_.scenario("site", "site");
        scenario.siting = SitingSpec{"site", service_.source(candidates_, candidates_crs_), add_, std::nullopt};
        if (command_->count("--target-share") > 0) {
            scenario.siting->target_share = target_share_;
        }
        return run_and_report(scenario, flags_, console);
    }

private:
    ServiceOptions service_;
    std::string candidates_;
    std::string candidates_crs_;
    std::uint32_t add_ = 0;
    double target_share_ = 0.0;
    CLI::App* command_ = nullptr;
    OutputFlags flags_;
};

} // namespace

std::unique_ptr<Command> make_site_command() {
    return std::make_unique<SiteCommand>();
}

} // namespace lifecircle::cli
