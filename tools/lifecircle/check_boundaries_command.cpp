// lifecircle check-boundaries: administrative boundaries checked before publication.

#include "command.hpp"
#include "output_options.hpp"

#include "lifecircle/boundary_check.hpp"
#include "lifecircle/error.hpp"

#include <map>

namespace lifecircle::cli {
namespace {

// "NAME=VALUE" as a level option writes it.
std::pair<std::string, std::string> split_named(const std::string& text, const char* option) {
    const std::size_t equals = text.find('=');
    if (equals == std::string::npos || equals == 0) {
        throw Error(ExitCode::usage, {}, std::string(option) + " takes LEVEL=VALUE, not '" + text + "'");
    }
    return {text.substr(0, equals), text.substr(equals + 1)};
}

class CheckBoundariesCommand final : public Command {
public:
    CLI::App* add_to(CLI::App& program) override {
        CLI::App* command = program.add_subcommand(
            "check-boundaries", "Check unit boundaries: validity, overlaps, gaps, borders, nesting, enclaves, codes");
        command
            ->add_option("--level", levels_,
                         "a level of units as NAME=SRC, from the top down (county=districts.gpkg); repeat per level")
            ->required();
        command->add_option("--where", filters_, "an attribute filter for a level: NAME=\"admin_level = '8'\"");
        command->add_option("--code-field", fields_.code, "field holding the division code");
        command->add_option("--name-field", fields_.name, "field holding the name");
        command->add_option("--parent-field", fields_.parent,
                            "field holding the parent's code (without it, the parent is found by location)");
        command->add_option("--codes", codes_, "gb: GB/T 2260 and statistical codes; any: duplicates only")
            ->capture_default_str()
            ->check(CLI::IsMember({"gb", "any"}));
        command
            ->add_option("--edge-tolerance", tolerances_.edge_distance.value,
                         "metres within which neighbouring borders must match vertex for vertex")
            ->capture_default_str()
            ->check(CLI::NonNegativeNumber);
        command
            ->add_option("--sliver-width", tolerances_.sliver_width.value, "gaps and overlaps narrower are slivers (m)")
            ->capture_default_str()
            ->check(CLI::NonNegativeNumber);
        command
            ->add_option("--sliver-thinness", tolerances_.sliver_thinness,
                         "gaps and overlaps less compact than this (4πA/P²) are slivers")
            ->capture_default_str()
            ->check(CLI::Range(0.0, 1.0));
        command
            ->add_option("--gap-width", tolerances_.gap_width.value,
                         "holes wider than this (m) are warnings (a lake?), narrower ones errors")
            ->capture_default_str()
            ->check(CLI::NonNegativeNumber);
        command
            ->add_option("--nesting-tolerance", tolerances_.nesting_area_m2,
                         "square metres a unit may stick out of its parent, or leave it uncovered")
            ->capture_default_str()
            ->check(CLI::NonNegativeNumber);
        command->add_option("--crs", crs_, "working CRS in metres (default: the local UTM zone)")
            ->capture_default_str();
        add_output_options(*command, flags_, true);
        return command;
    }

    int execute(Console& console) override {
        console.speak(language_of(flags_));
        std::vector<BoundaryLevelSpec> specs;
        for (const std::string& level : levels_) {
            auto [name, source] = split_named(level, "--level");
            BoundaryLevelSpec& spec = specs.emplace_back();
            spec.name = name;
            spec.source = parse_source(source);
            spec.fields = fields_;
        }
        for (const std::string& filter : filters_) {
            const auto [name, where] = split_named(filter, "--where");
            const auto level = std::find_if(specs.begin(), specs.end(),
                                            [&](const BoundaryLevelSpec& spec) { return spec.name == name; });
            if (level == specs.end()) {
                throw Error(ExitCode::usage, {}, "--where names level '" + name + "', which no --level defines");
            }
            level->source.where = where;
        }
        tolerances_.codes = codes_ == "gb" ? CodeStandard::gb : CodeStandard::any;
        const BoundaryCheckResult result = check_boundaries(specs, tolerances_, crs_, console.progress());
        const BoundaryCheckSummary summary =
            write_boundary_check(result, flags_.directory, parse_vector_format(flags_.format), language_of(flags_));
        report_findings(console, summary.counts);
        report_written(console, flags_, to_document(summary));
        return static_cast<int>(result.findings.empty() ? ExitCode::success : ExitCode::findings);
    }

private:
    std::vector<std::string> levels_;
    std::vector<std::string> filters_;
    UnitFields fields_;
    std::string codes_ = "gb";
    BoundaryTolerances tolerances_;
    std::string crs_ = "auto";
    OutputFlags flags_;
};

} // namespace

std::unique_ptr<Command> make_check_boundaries_command() {
    return std::make_unique<CheckBoundariesCommand>();
}

} // namespace lifecircle::cli
