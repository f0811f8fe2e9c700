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

    int execute(Console& console) override {
        const ProgressCallback progress = console.progress();
        report_progress(progress, 0.0, "comparing runs");
        const RunComparison comparison = compare_runs(run_a_, run_b_);
        const nlohmann::ordered_json summary =
            write_comparison(comparison, flags_.directory, parse_vector_format(flags_.format));
        report_progress(progress, 1.0, "comparing runs");
        for (const ServiceComparison& service : comparison.services) {
            char line[256];
            std::snprintf(line, sizeof line, "%s: %.1f%% -> %.1f%%; %.0f people newly covered, %.0f newly lost",
                          service.id.c_str(), 100.0 * service.covered_a / service.demand_total,
                          100.0 * service.covered_b / service.demand_total, service.newly_covered, service.newly_lost);
            console.message(line);
        }
        for (const std::string& id : comparison.only_in_a) {
            console.warning("service '" + id + "' is only in the first run");
        }
        for (const std::string& id : comparison.only_in_b) {
            console.warning("service '" + id + "' is only in the second run");
        }
        report_written(console, flags_, summary);
        return static_cast<int>(ExitCode::success);
    }

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
