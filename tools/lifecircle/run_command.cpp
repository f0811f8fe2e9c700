// lifecircle run SCENARIO.json [-o OUTDIR]: everything a scenario asks for.

#include "command.hpp"
#include "output_options.hpp"

#include "lifecircle/scenario.hpp"

namespace lifecircle::cli {
namespace {

class RunCommand final : public Command {
public:
    CLI::App* add_to(CLI::App& program) override {
        CLI::App* command = program.add_subcommand("run", "Run a scenario file: coverage of every service it lists");
        command->add_option("scenario", scenario_file_, "scenario JSON file (see docs/scenario.md)")->required();
        add_output_options(*command, flags_, false);
        add_demand_points_flag(*command, flags_);
        command->footer("Without -o, results go to output/<scenario name>/ under the current directory.");
        return command;
    }

    int execute(Console& console) override {
        const Scenario scenario = read_scenario(scenario_file_);
        if (flags_.directory.empty()) {
            flags_.directory =
                (std::filesystem::path("output") / std::filesystem::path(scenario_file_).stem()).string();
        }
        if (scenario.baseline.empty()) {
            return run_and_report(scenario, flags_, console);
        }
        // A plan compared with its baseline: the baseline's results go to
        // baseline/, the plan's beside them, and the difference to comparison/.
        return run_plan_and_report(scenario, read_scenario(scenario.baseline), flags_, console);
    }

private:
    std::string scenario_file_;
    OutputFlags flags_;
};

} // namespace

std::unique_ptr<Command> make_run_command() {
    return std::make_unique<RunCommand>();
}

} // namespace lifecircle::cli
