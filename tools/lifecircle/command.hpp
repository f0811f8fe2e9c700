#pragma once
// One subcommand of the program: it declares its options on a CLI11 app,
// then executes once they are parsed (the shape of PDAL's kernels).

#include "console.hpp"

#include <CLI/CLI.hpp>

namespace lifecircle::cli {

class Command {
public:
    Command() = default;
    virtual ~Command() = default;
    Command(const Command&) = delete;
    Command& operator=(const Command&) = delete;
    Command(Command&&) = delete;
    Command& operator=(Command&&) = delete;
    // Adds the subcommand and its options to `program`; returns the subcommand.
    virtual CLI::App* add_to(CLI::App& program) = 0;
    // Runs after parsing; returns the process exit code. May throw lifecircle::Error.
    virtual int execute(Console& console) = 0;
};

std::unique_ptr<Command> make_run_command();
std::unique_ptr<Command> make_coverage_command();
std::unique_ptr<Command> make_site_command();
std::unique_ptr<Command> make_compare_command();
std::unique_ptr<Command> make_isochrones_command();
std::unique_ptr<Command> make_check_boundaries_command();
std::unique_ptr<Command> make_check_names_command();

} // namespace lifecircle::cli
