// lifecircle site: where should the next K facilities go? Maximal covering
// over candidate sites, with the existing facilities kept.

#include "command.hpp"
#include "output_options.hpp"
#include "service_options.hpp"

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
        command->add_option("--add", add_, "how many new sites to choose")->required()->check(CLI::Range(1, 100000));
        add_output_options(*command, flags_, true);
        return command;
    }

    int execute(Console& console) override {
        Scenario scenario = service_.scenario("site", "site");
        scenario.siting = SitingSpec{"site", service_.source(candidates_, candidates_crs_), add_};
        return run_and_report(scenario, flags_, console);
    }

private:
    ServiceOptions service_;
    std::string candidates_;
    std::string candidates_crs_;
    std::uint32_t add_ = 0;
    OutputFlags flags_;
};

} // namespace

std::unique_ptr<Command> make_site_command() {
    return std::make_unique<SiteCommand>();
}

} // namespace lifecircle::cli
