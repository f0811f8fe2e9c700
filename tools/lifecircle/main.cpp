// lifecircle: one program, one subcommand per task. main parses options, runs
// the chosen subcommand and maps failures to the stable exit codes of
// lifecircle::ExitCode.

#include "command.hpp"

#include "lifecircle/error.hpp"
#include "lifecircle/version.hpp"

#include <iostream>

namespace {

int run_program(int argc, char** argv) {
    using namespace lifecircle;
    CLI::App program{"lifecircle " LIFECIRCLE_VERSION " - 15-minute life-circle planning", "lifecircle"};
    program.set_version_flag("--version", LIFECIRCLE_VERSION);
    program.require_subcommand(1);
    program.footer("Exit codes: 0 success, 1 internal error, 2 usage, 3 invalid scenario, 4 input unreadable,\n"
                   "5 input invalid, 6 CRS problem, 7 output failed (docs/exit-codes.md).");

    std::vector<std::unique_ptr<cli::Command>> commands;
    commands.push_back(cli::make_run_command());
    commands.push_back(cli::make_coverage_command());
    commands.push_back(cli::make_site_command());
    commands.push_back(cli::make_isochrones_command());
    commands.push_back(cli::make_check_boundaries_command());
    commands.push_back(cli::make_check_names_command());
    commands.push_back(cli::make_compare_command());
    std::vector<std::pair<CLI::App*, cli::Command*>> parsed;
    for (const auto& command : commands) {
        parsed.emplace_back(command->add_to(program), command.get());
    }

    try {
        program.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = program.exit(error);
        return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
    }

    for (const auto& [subcommand, command] : parsed) {
        if (!subcommand->parsed()) {
            continue;
        }
        const bool quiet = subcommand->count("--quiet") > 0;
        cli::Console::install_warning_handler(quiet);
        cli::Console console(quiet);
        try {
            return command->execute(console);
        } catch (const Error& error) {
            std::cerr << "\nlifecircle: error: " << error.what() << '\n';
            return static_cast<int>(error.code());
        } catch (const std::exception& error) {
            std::cerr << "\nlifecircle: internal error: " << error.what() << '\n';
            return static_cast<int>(ExitCode::internal_error);
        }
    }
    return static_cast<int>(ExitCode::usage);
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run_program(argc, argv);
    } catch (const std::exception& error) {
        std::cerr << "lifecircle: internal error: " << error.what() << '\n';
    } catch (...) {
        std::cerr << "lifecircle: internal error: unknown exception\n";
    }
    return static_cast<int>(lifecircle::ExitCode::internal_error);
}
