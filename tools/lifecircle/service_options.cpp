#include "service_options.hpp"

#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include <cstdlib>
#include <filesystem>

namespace lifecircle::cli {

void ServiceOptions::add_to(CLI::App& command_app, Facilities facilities) {
    CLI::App* command = &command_app;
    command
        ->add_option("--population", population_,
                     "population raster(s), summed cell by cell; or, with --population-field, a point or "
                     "polygon layer (SRC is path or path:layer)")
        ->required();
    command->add_option("--population-field", population_field_, "population field of a vector population layer");
    command->add_option("--population-crs", population_crs_,
                        "CRS of the population source if it declares none "
                        "(or GCJ-02 / BD-09)");
    add_encoding_option(*command, "--population-encoding", population_encoding_, "population layer");
    auto* existing = command->add_option("--facilities", facilities_,
                                         facilities == Facilities::required
                                             ? "facility layer (SRC)"
                                             : "existing facilities (SRC); without it, siting starts from none");
    existing->required(facilities == Facilities::required);
    command->add_option("--facilities-crs", facilities_crs_, "CRS of the facility layer (e.g. GCJ-02)");
    add_encoding_option(*command, "--facilities-encoding", facilities_encoding_, "facility layer");
    command->add_option("--capacity-field", capacity_field_, "facility capacity field (beds)");
    command->add_option("--units", units_, "unit polygons (communities, sub-districts) for per-unit coverage");
    command->add_option("--unit-code-field", unit_fields_.code, "unit code field (required with --units)");
    command->add_option("--unit-name-field", unit_fields_.name, "unit name field");
    command->add_option("--unit-parent-field", unit_fields_.parent, "unit parent-code field");
    command->add_flag("--study-area", within_units_,
                      "count only demand (and candidates) inside the --units: the planner's area; roads and "
                      "facilities outside still serve it");
    command->add_option("--units-crs", units_crs_, "CRS of the unit layer");
    add_encoding_option(*command, "--units-encoding", units_encoding_, "unit layer");
    command->add_option("--roads", roads_,
                        "walking network: an OSM file (.osm.pbf, .osm) or a line layer (SRC); without it "
                        "distances are straight lines");
    command->add_option("--roads-crs", roads_crs_, "CRS of a roads line layer that declares none");
    add_encoding_option(*command, "--roads-encoding", roads_encoding_, "roads line layer");
    command->add_option("--roads-where", roads_where_,
                        "attribute filter for a roads line layer, in OGR SQL: \"kind NOT IN ('rail', 'ferry')\"");
    command->add_option("--facilities-where", facilities_where_,
                        "attribute filter for the facility layer, in OGR SQL: \"type = '养老院'\"");
    command->add_option("--snap-limit", snap_limit_, "metres beyond which a point cannot join the network")
        ->capture_default_str()
        ->check(CLI::PositiveNumber & CLI::Range(0.0, max_snap_limit_m));
    command->add_option("--min-component-nodes", min_component_nodes_,
                        "points join only parts of the network with at least N nodes, or only the largest "
                        "(N or 'largest'; default: every part, with those on fragments reported)");
    auto* minutes = command->add_option("--minutes", minutes_, "walking time threshold")
                        ->check(CLI::PositiveNumber & CLI::Range(0.0, max_minutes));
    auto* metres = command->add_option("--metres", metres_, "distance threshold")
                       ->check(CLI::PositiveNumber & CLI::Range(0.0, max_metres));
    command->add_option("--walk-kmh", walk_kmh_, "walking speed for --minutes (default: the profile's)")
        ->check(CLI::PositiveNumber & CLI::Range(0.0, max_walk_kmh))
        ->needs(minutes);
    command
        ->add_option("--profile", profile_,
                     "how people walk on the network: walk (4 km/h), elderly (3 km/h, waits at steps and "
                     "major-road crossings) or wheelchair (no steps); docs/profiles.md")
        ->capture_default_str()
        ->check(CLI::IsMember({"walk", "elderly", "wheelchair"}));
    minutes->excludes(metres);
    command->add_option("--crs", working_crs_, "working CRS in metres (default: the local UTM zone)")
        ->capture_default_str();
    command->add_flag("--skip-invalid", skip_invalid_,
                      "count and report unusable features instead of stopping at the first");
    command_ = command;
}

Scenario ServiceOptions::scenario(const std::string& name, const std::string& service_id) const {
    if (command_->count("--minutes") + command_->count("--metres") != 1) {
        throw Error(ExitCode::usage, {}, "give --minutes or --metres");
    }
    if (!units_.empty() && unit_fields_.code.empty()) {
        throw Error(ExitCode::usage, {}, "--units needs --unit-code-field");
    }
    if (within_units_ && units_.empty()) {
        throw Error(ExitCode::usage, {}, "--study-area takes the --units layer as the area: give --units");
    }
    Scenario scenario;
    scenario.name = name;
    scenario.crs = working_crs_;

    PopulationSpec population;
    if (population_field_.empty()) {
        for (const std::string& raster : population_) {
            population.rasters.push_back({raster, {}, population_crs_, false, {}, {}});
        }
    } else {
        if (population_.size() != 1) {
            throw Error(ExitCode::usage, {}, "--population-field takes exactly one --population layer");
        }
        population.layer = source(population_.front(), population_crs_, population_encoding_);
        population.field = population_field_;
    }
    scenario.population["population"] = std::move(population);

    FacilitySpec facilities;
    if (!facilities_.empty()) {
        facilities.source = source(facilities_, facilities_crs_, facilities_encoding_);
        facilities.source.where = facilities_where_;
    }
    facilities.capacity_field = capacity_field_;
    facilities.label = label_of(facilities.source);
    scenario.facilities["facilities"] = std::move(facilities);

    if (!units_.empty()) {
        SourceSpec units = source(units_, units_crs_, units_encoding_);
        std::string label = label_of(units);
        scenario.units["units"] = UnitSpec{std::move(units), unit_fields_, std::move(label)};
        if (within_units_) {
            scenario.study_area = "units";
        }
    }

    if (!roads_.empty()) {
        RoadSpec roads;
        roads.source = source(roads_, roads_crs_, roads_encoding_);
        roads.source.where = roads_where_;
        roads.snap_limit = Metres{snap_limit_};
        if (min_component_nodes_ == "largest") {
            roads.largest_component_only = true;
        } else if (!min_component_nodes_.empty()) {
            char* end = nullptr;
            const unsigned long long nodes = std::strtoull(min_component_nodes_.c_str(), &end, 10);
            if (end == min_component_nodes_.c_str() || *end != '\0' || nodes < 1 || nodes > 0xFFFFFFFFULL ||
                min_component_nodes_.front() == '-') {
                throw Error(ExitCode::usage, {}, "--min-component-nodes takes a whole number from 1, or 'largest'");
            }
            roads.min_component_nodes = static_cast<std::uint32_t>(nodes);
        }
        scenario.roads = roads;
    }

    ServiceSpec service;
    service.facility = "facilities";
    service.demand = "population";
    service.profile = *builtin_profile(profile_);
    if (command_->count("--minutes") > 0) {
        const double speed = command_->count("--walk-kmh") > 0 ? walk_kmh_ : service.profile.flat_kmh;
        service.minutes = minutes_;
        service.walk_kmh = speed;
        service.profile.flat_kmh = speed;
        service.threshold = walking_distance(Minutes{minutes_}, KilometresPerHour{speed});
    } else {
        service.threshold = Metres{metres_};
    }
    service.bands = default_bands(service);
    service.id = service_id;
    scenario.services.push_back(service);
    return scenario;
}

// What the report and console call a layer given on the command line: its
// layer name, else its file name without extension ("养老机构", "communities").
std::string ServiceOptions::label_of(const SourceSpec& source) {
    return !source.layer.empty() ? source.layer : std::filesystem::path(source.path).stem().string();
}

SourceSpec ServiceOptions::source(const std::string& text, const std::string& crs, const std::string& encoding) const {
    SourceSpec spec = parse_source(text);
    spec.crs = crs;
    spec.encoding = encoding;
    spec.skip_invalid = skip_invalid_;
    return spec;
}

} // namespace lifecircle::cli
