// lifecircle check-names: place names and division codes checked before publication.

#include "command.hpp"
#include "input_options.hpp"
#include "output_options.hpp"

#include "lifecircle/error.hpp"
#include "lifecircle/name_check.hpp"

namespace lifecircle::cli {
namespace {

class CheckNamesCommand final : public Command {
public:
    CLI::App* add_to(CLI::App& program) override {
        CLI::App* command = program.add_subcommand(
            "check-names", "Check place names and codes: characters, duplicates, homophones, generics, codes, pinyin");
        command->add_option("--input", inputs_, "a table or layer of names (CSV, GPKG, SHP ...); repeat for several")
            ->required();
        command->add_option("--where", where_, "an attribute filter for every input: \"cityCode = '4201'\"");
        command->add_option("--name-field", fields_.name, "field holding the name")->required();
        command->add_option("--code-field", fields_.code, "field holding the division code");
        command->add_option("--parent-field", fields_.parent, "field holding the parent's code");
        command->add_option("--pinyin-field", fields_.pinyin, "field holding a romanisation to check");
        add_encoding_option(*command, "--encoding", encoding_, "files");
        command->add_option(
            "--gazetteer", options_.gazetteer,
            "folder of the official code list to compare with (areas.csv, streets.csv, villages.csv ...)");
        add_encoding_option(*command, "--gazetteer-encoding", options_.gazetteer_encoding, "gazetteer's files");
        command
            ->add_option("--readings", options_.readings_per_name,
                         "homophones: compare at most this many readings of each name")
            ->capture_default_str()
            ->check(CLI::PositiveNumber);
        add_output_options(*command, flags_, true);
        return command;
    }

    int execute(Console& console) override {
        console.speak(language_of(flags_));
        std::vector<NameSourceSpec> sources;
        for (const std::string& input : inputs_) {
            NameSourceSpec& spec = sources.emplace_back();
            spec.source = parse_source(input);
            spec.source.where = where_;
            spec.fields = fields_;
            spec.encoding = encoding_;
        }
        const NameCheckResult result = check_names(sources, options_, console.progress());
        const NameCheckSummary summary =
            write_name_check(result, flags_.directory, parse_vector_format(flags_.format), language_of(flags_));
        report_findings(console, summary.counts, std::to_string(summary.names) + " names: ");
        report_written(console, flags_, to_document(summary));
        return static_cast<int>(result.findings.empty() ? ExitCode::success : ExitCode::findings);
    }

private:
    std::vector<std::string> inputs_;
    std::string where_;
    NameFields fields_;
    std::string encoding_;
    NameCheckOptions options_;
    OutputFlags flags_;
};

} // namespace

std::unique_ptr<Command> make_check_names_command() {
    return std::make_unique<CheckNamesCommand>();
}

} // namespace lifecircle::cli
