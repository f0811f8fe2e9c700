// lifecircle compare RUN_A RUN_B -o OUTDIR: what the second run changes --
// demand newly covered and newly lost per service, and a layer to map it.

#include "command.hpp"
#include "output_options.hpp"

#include "lifecircle/compare.hpp"

#include <cstdio>

namespace lifecircle::cli {
namespace {

class CompareCommand final : public Command {
public:
    CLI::App* add_to(CLI::App& program) override {
        CLI::App* command =
            program.add_subcommand("compare", "Compare two runs: demand newly covered and newly lost, per service");
        command->add_option("run_a", run_a_, "output directory of the first run (the baseline)")->required();
        command->add_option("run_b", run_b_, "output directory of the second run (the plan)")->required();
        add_output_options(*command, flags_, true);
        return command;
    }

    int execute(Console& console) override { return compare_and_report(run_a_, run_b_, flags_, console); }

private:
    std::string run_a_;
    std::string run_b_;
    OutputFlags flags_;
};

} // namespace

std::unique_ptr<Command> make_compare_command() {
    return std::make_unique<CompareCommand>();
}

} // namespace lifecircle::cli
