#pragma once
// The scenario file: which layers, which services, which thresholds. Parsing
// is strict: unknown keys and wrong types are errors naming the JSON path, and
// relative paths resolve against the scenario file's folder.

#include "lifecircle/accessibility.hpp"
#include "lifecircle/geo.hpp"
#include "lifecircle/indicators.hpp"
#include "lifecircle/io.hpp"
#include "lifecircle/messages.hpp"
#include "lifecircle/pipeline_export.hpp"
#include "lifecircle/population.hpp"
#include "lifecircle/roads.hpp"
#include "lifecircle/walking_costs.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lifecircle {

struct FacilitySpec {
    SourceSpec source;          // no path: no facility of this type exists yet (siting starts from none)
    std::string capacity_field; // optional: beds, places
    std::string name_field;     // optional
    std::string type_field;     // optional
    std::string label;          // a display name, e.g. 养老机构; empty: the key

    [[nodiscard]] bool exists() const { return !source.path.empty(); }
};

// The walking network. Without it, coverage is straight-line ("radius").
struct RoadSpec {
    SourceSpec source;
    Metres snap_limit = default_snap_limit; // a point farther from every edge is unreachable
    GraphOptions graph;
    Metres area_width{25.0}; // service areas: how far either side of a reached street counts
    // Points join only components of at least this many nodes, or only the
    // largest; by default every component, and those on fragments are reported.
    std::uint32_t min_component_nodes = 1;
    bool largest_component_only = false;
    // Heights for the profiles that feel slopes: a raster in any CRS; none: every way is flat.
    std::optional<SourceSpec> dem;
    Metres elevation_spacing{25.0}; // samples along the streets at most this far apart
};

struct UnitSpec {
    SourceSpec source;
    UnitFields fields;
    std::string label; // a display name of the level, e.g. 社区; empty: the key
};

// One service: a facility type serving a demand group within a threshold.
struct ServiceSpec {
    std::string id;       // names the output files: demand_<id>, units_<level>_<id>
    std::string label;    // a display name in any script, e.g. 15分钟养老服务圈; empty: the id
    std::string facility; // key into Scenario::facilities
    std::string demand;   // key into Scenario::population
    Metres threshold;
    std::optional<double> minutes; // when the threshold was given as time
    std::optional<double> walk_kmh;
    // How people walk to the facilities (walking_costs.hpp), its flat speed the
    // service's walk_kmh where given. "walk" (the default) is a distance at one speed.
    WalkingProfile profile = *builtin_profile("walk");
    // Cost bands for reporting, in the threshold's unit (minutes, or metres),
    // ascending, the last at most the threshold (default: every 5 minutes,
    // or thirds of a distance threshold).
    std::vector<double> bands;
    [[nodiscard]] Metres band_metres(double bound) const {
        return minutes ? Metres{bound / *minutes * threshold.value} : Metres{bound};
    }
    // Supply-to-demand access by the 2SFCA family within the threshold
    // (needs the facilities' capacities); none when absent.
    std::optional<DistanceDecay> access;
};

// Where should new facilities of a service go? See siting.hpp for the models.
enum class SitingModel { maximal_covering, set_covering, p_median, capacitated_coverage };
LIFECIRCLE_PIPELINE_EXPORT const char* to_string(SitingModel model);
// "2sfca", "e2sfca_steps", "e2sfca_gaussian": a service's "access", as the scenario and summary.json name it.
LIFECIRCLE_PIPELINE_EXPORT const char* to_string(DistanceDecay::Kind kind);

// "At least one per unit": the units of a level that must have a qualifying
// facility (one inside them), new if no existing one qualifies.
struct OnePerUnit {
    std::string level;              // key into Scenario::units
    std::vector<std::string> codes; // empty: every unit of the level
    double min_capacity = 0.0;      // an existing facility qualifies from this capacity on
};

struct SitingSpec {
    std::string service; // the id of the service whose facilities, demand and threshold it uses
    SourceSpec candidates;
    std::string name_field; // optional: the candidates' field that names a site, e.g. candidate_id
    SitingModel model = SitingModel::maximal_covering;
    std::uint32_t add = 0;                  // new sites, for every model but set covering (0: one per unit needing one)
    std::optional<double> target_share;     // set covering: the fewest sites that reach this share
    std::string capacity_field;             // capacitated coverage: the candidates' capacity field ...
    std::optional<double> capacity;         // ... or one capacity for every candidate
    std::optional<Metres> cost_cap;         // p-median: costs count at most this (default 3 x the threshold)
    std::optional<OnePerUnit> one_per_unit; // maximal covering only
};

// One change a plan makes to the facilities, applied in order after they are
// read: new facilities (a layer or points given inline), removed ones, new
// capacities, or the sites the scenario's own siting chose.
// A plan's change to the streets is one too: ways closed by id, cut where a
// barrier crosses them, added, or crossings built where ways meet major roads.
struct FacilityChange {
    enum class Kind { add, remove, set_capacity, add_chosen_sites, close_ways, barrier, add_ways, crossings };
    Kind kind = Kind::add;
    std::string facility;                  // the facility type changed (for add_chosen_sites: the siting's)
    std::string json_path;                 // where the change is written, for messages
    std::optional<SourceSpec> layer;       // add: a layer ...
    std::optional<PointLayer> points;      // ... or points given inline (WGS 84)
    std::optional<double> capacity;        // add: one capacity for every added point; set_capacity: the new one
    std::string match_field;               // remove, set_capacity (close_ways): the facilities (ways) whose field ...
    std::vector<std::string> match_values; // ... holds one of these values (each must match one at least)
    std::vector<std::int64_t> way_ids;     // close_ways, crossings: OSM way ids, or a line layer's feature ids
    // barrier, add_ways: `layer` holds the lines; crossings: the ways in `way_ids`, or the points in `layer`
    std::optional<RoadSource> lines; // add_ways: lines written inline instead (WGS 84), with their tags
    Metres join{10.0};   // add_ways: an added way's end joins a road this near; crossings: a point, a junction
    double wait_s = 0.0; // crossings: what a walker waits there under the plan

    [[nodiscard]] bool changes_roads() const {
        return kind == Kind::close_ways || kind == Kind::barrier || kind == Kind::add_ways || kind == Kind::crossings;
    }
};

// "add", "remove", "set_capacity", "add_chosen_sites", "close_ways", "barrier", "add_ways", "crossings": as
// summary.json names them.
LIFECIRCLE_PIPELINE_EXPORT const char* to_string(FacilityChange::Kind kind);

// A published total the demand is checked against, such as a census count:
// the report sets the grid's own total beside it, so a planner sees how far
// modelled people stray from counted ones before trusting the shares.
struct ReferenceTotal {
    std::string population; // key into Scenario::population
    std::string units;      // a unit level: the demand counted inside its units; empty: all of it
    double total = 0.0;
    std::string label;     // what was counted: 江岸区 2020年第七次全国人口普查 60岁及以上
    std::string source;    // where the figure comes from, as text
    std::string json_path; // where it is written, for messages
};

// outputs.routes: the walk from chosen places to each service's nearest
// facility, for "show me the way". Places are a unit level's units (a point
// inside each) or a layer of their own.
struct RouteSpec {
    std::string units;                 // a unit level; or
    std::optional<SourceSpec> places;  // a layer: points, or polygons (a point inside each)
    std::string name_field;            // with `places`: the field that names each place; optional
    std::vector<std::string> services; // by id; empty: every service
};

// Routes are for the few a planner asks to see, not for every cell: a layer
// of more places than this is refused.
inline constexpr std::size_t max_route_places = 10'000;

// What a run writes beyond its defaults.
struct OutputSpec {
    bool demand_points = false;       // raster demand: a point layer of its cells beside the GeoTIFF
    bool od_matrix = false;           // od_<service>.csv: every demand-facility pair within the threshold
    std::optional<RouteSpec> routes;  // routes_<service>: with roads only
    std::optional<Language> language; // of report.html: "zh" (the default) or "en"
};

struct LIFECIRCLE_PIPELINE_EXPORT Scenario {
    std::string name;
    std::filesystem::path file; // empty when built from command-line options
    std::string crs = "auto";
    std::map<std::string, PopulationSpec> population;
    std::map<std::string, UnitSpec> units;
    std::map<std::string, FacilitySpec> facilities;
    std::optional<RoadSpec> roads;
    std::vector<ServiceSpec> services;
    std::map<std::string, WalkingProfile> profiles; // the scenario's own, beside the built-in ones
    std::optional<SitingSpec> siting;
    std::vector<TargetSpec> targets;
    std::vector<FacilityChange> changes;
    std::vector<ReferenceTotal> references;
    // A unit level whose units bound the planner's area: demand and candidates
    // outside them are left out (and counted); roads and facilities are not,
    // so a walk across the border still counts. Empty: no such bound.
    std::string study_area;
    std::filesystem::path baseline; // a scenario this one is compared with; empty when none
    OutputSpec outputs;

    // Whether the siting places new facilities of this type: then the existing
    // ones may be none, or all far away, without that being a mistake.
    [[nodiscard]] bool sites_facility(const std::string& type) const;

    // Every file the scenario reads, so outputs can never overwrite one.
    [[nodiscard]] std::vector<std::filesystem::path> input_files() const;
};

LIFECIRCLE_PIPELINE_EXPORT Scenario read_scenario(const std::filesystem::path& file);
// `origin` names the text in messages; relative paths resolve against base_directory.
LIFECIRCLE_PIPELINE_EXPORT Scenario parse_scenario(const std::string& text, const std::string& origin,
                                                   const std::filesystem::path& base_directory);

// Checks that cross references resolve (services name defined facilities and
// demand groups, thresholds positive); throws naming the JSON path. `origin`
// names the scenario in messages (default: its file).
LIFECIRCLE_PIPELINE_EXPORT void validate_scenario(const Scenario& scenario, const std::string& origin = {});

// The bands a service reports when the scenario gives none: every 5 minutes
// up to a time threshold, or thirds of a distance threshold. In the
// threshold's own unit, like ServiceSpec::bands.
LIFECIRCLE_PIPELINE_EXPORT std::vector<double> default_bands(const ServiceSpec& service);

// What a service's numbers may be, so work that grows with them stays
// bounded: a 15-minute circle is the use, and a 2-hour walk is far past it.
inline constexpr double max_minutes = 120.0;
inline constexpr double max_metres = 10'000.0;
inline constexpr double max_walk_kmh = 30.0;
inline constexpr double max_penalty_s = 3'600.0;
inline constexpr double max_elevation_spacing_m = 1'000.0;
inline constexpr double max_join_m = 100.0;
inline constexpr std::size_t max_bands = 24;
// The network's and the plan's other numbers, for the same reason: a point
// 5 km from every street is not reached on foot, and a million beds is no one
// facility.
inline constexpr double max_snap_limit_m = 5'000.0;
inline constexpr double max_endpoint_tolerance_m = 50.0;
inline constexpr double max_area_width_m = 500.0;
inline constexpr double max_cost_cap_m = 3.0 * max_metres;
inline constexpr double max_capacity = 1'000'000.0;
inline constexpr double max_per_people = 1'000'000.0;

// "<facility>_<demand>_<15min|800m>": the id of a service that names none.
LIFECIRCLE_PIPELINE_EXPORT std::string default_service_id(const ServiceSpec& service);

} // namespace lifecircle
