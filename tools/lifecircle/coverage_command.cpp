// lifecircle coverage: one service from command-line sources, without a
// scenario file.

#include "command.hpp"
#include "output_options.hpp"
#include "service_options.hpp"

namespace lifecircle::cli {
namespace {

class CoverageCommand final : public Command {
public:
    CLI::App* add_to(CLI::App& program) override {
        CLI::App* command =
            program.add_subcommand("coverage", "Share of a population within a walking time or distance of facilities");
        service_.add_to(*command);
        add_output_options(*command, flags_, true);
        add_demand_points_flag(*command, flags_);
        return command;
    }

    int execute(Console& console) override {
        return run_and_report(service_.scenario("coverage", "coverage"), flags_, console);
    }

private:
    ServiceOptions service_;
    OutputFlags flags_;
};

} // namespace

std::unique_ptr<Command> make_coverage_command() {
    return std::make_unique<CoverageCommand>();
}

} // namespace lifecircle::cli
