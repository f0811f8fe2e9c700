// lifecircle isochrones: service areas of a facility layer, for maps.

#include "command.hpp"
#include "input_options.hpp"
#include "output_options.hpp"

#include "lifecircle/error.hpp"
#include "lifecircle/run.hpp"

#include <algorithm>
#include <cstdio>

namespace lifecircle::cli {
namespace {

class IsochronesCommand final : public Command {
public:
    CLI::App* add_to(CLI::App& program) override {
        CLI::App* command = program.add_subcommand(
            "isochrones", "Service areas: the streets reached within each time or distance, buffered, for maps");
        command->add_option("--roads", roads_, "walking network: an OSM file or a line layer (SRC)")->required();
        command->add_option("--roads-crs", roads_crs_, "CRS of a roads line layer that declares none");
        command->add_option("--facilities", facilities_, "facility layer (SRC)")->required();
        command->add_option("--facilities-crs", facilities_crs_, "CRS of the facility layer (e.g. GCJ-02)");
        add_encoding_option(*command, "--facilities-encoding", facilities_encoding_, "facility layer");
        auto* minutes = command->add_option("--minutes", minutes_, "walking times, comma separated (e.g. 5,10,15)")
                            ->delimiter(',')
                            ->check(CLI::PositiveNumber & CLI::Range(0.0, max_minutes));
        auto* metres = command->add_option("--metres", metres_, "distances, comma separated")
                           ->delimiter(',')
                           ->check(CLI::PositiveNumber & CLI::Range(0.0, max_metres));
        minutes->excludes(metres);
        command->add_option("--walk-kmh", walk_kmh_, "walking speed for --minutes")
            ->capture_default_str()
            ->check(CLI::PositiveNumber & CLI::Range(0.0, max_walk_kmh));
        command->add_option("--width", width_, "metres either side of a reached street that count as reached")
            ->capture_default_str()
            ->check(CLI::PositiveNumber & CLI::Range(0.0, max_area_width_m));
        command->add_option("--snap-limit", snap_limit_, "metres beyond which a facility cannot join the network")
            ->capture_default_str()
            ->check(CLI::PositiveNumber & CLI::Range(0.0, max_snap_limit_m));
        command->add_flag("--per-facility", per_facility_, "also one area per facility");
        command->add_option("--facility-name", facility_name_,
                            "the facilities' field that names each one in the report and per-facility areas");
        command->add_option("--crs", crs_, "working CRS in metres (default: the local UTM zone)")
            ->capture_default_str();
        add_output_options(*command, flags_, true);
        command_ = command;
        return command;
    }

    int execute(Console& console) override {
        console.speak(language_of(flags_));
        IsochroneRequest request;
        const bool by_time = command_->count("--minutes") > 0;
        request.bounds = by_time ? minutes_ : metres_;
        if (request.bounds.empty()) {
            throw Error(ExitCode::usage, {}, "give --minutes 5,10,15 or --metres 400,800");
        }
        if (!std::is_sorted(request.bounds.begin(), request.bounds.end()) ||
            std::adjacent_find(request.bounds.begin(), request.bounds.end()) != request.bounds.end() ||
            request.bounds.front() <= 0.0) {
            throw Error(ExitCode::usage, {}, "thresholds must be positive and ascending");
        }
        if (by_time) {
            request.walk_kmh = walk_kmh_;
        }
        request.roads.source = parse_source(roads_);
        request.roads.source.crs = roads_crs_;
        request.roads.snap_limit = Metres{snap_limit_};
        request.roads.area_width = Metres{width_};
        request.facilities = parse_source(facilities_);
        request.facilities.crs = facilities_crs_;
        request.facilities.encoding = facilities_encoding_;
        request.per_facility = per_facility_;
        request.name_field = facility_name_;
        request.crs = crs_;
        OutputOptions options;
        options.directory = flags_.directory;
        options.format = parse_vector_format(flags_.format);
        options.language = language_of(flags_);
        const IsochroneSummary summary = run_isochrones(request, options, console.progress());
        for (const DissolvedAreaSummary& area : summary.service_areas) {
            char line[128];
            std::snprintf(line, sizeof line, "within %g %s: %.2f ha, %llu holes", area.upto, by_time ? "min" : "m",
                          area.area_m2 / 1e4, static_cast<unsigned long long>(area.holes));
            console.message(line);
        }
        report_written(console, flags_, to_document(summary));
        return static_cast<int>(ExitCode::success);
    }

private:
    std::string roads_;
    std::string roads_crs_;
    std::string facilities_;
    std::string facilities_crs_;
    std::string facility_name_;
    std::string facilities_encoding_;
    std::vector<double> minutes_;
    std::vector<double> metres_;
    double walk_kmh_ = default_walking_speed.value;
    double width_ = 25.0;
    double snap_limit_ = default_snap_limit.value;
    bool per_facility_ = false;
    std::string crs_ = "auto";
    CLI::App* command_ = nullptr;
    OutputFlags flags_;
};

} // namespace

std::unique_ptr<Command> make_isochrones_command() {
    return std::make_unique<IsochronesCommand>();
}

} // namespace lifecircle::cli
