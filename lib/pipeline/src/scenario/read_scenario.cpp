#include "lifecircle/error.hpp"
#include "lifecircle/scenario.hpp"

#include "scenario/json_object.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iomanip>
#include <limits>
#include <set>
#include <sstream>

namespace lifecircle {
namespace fs = std::filesystem;
using detail::JsonObject;
using nlohmann::json;

namespace {

// Group, level and service names become parts of file names.
bool is_identifier(const std::string& name) {
    if (name.empty()) {
        return false;
    }
    for (char c : name) {
        const bool allowed =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!allowed) {
            return false;
        }
    }
    return true;
}

// A bound as a message gives it: 120, 0.5, 1000000 (never 1e+06).
std::string format_number(double value) {
    std::ostringstream text;
    text << std::setprecision(12) << value;
    return text.str();
}

constexpr std::size_t max_label_bytes = 200; // about 66 Chinese characters

class ScenarioReader {
public:
    ScenarioReader(std::string origin, fs::path base_directory)
        : origin_(std::move(origin)), base_directory_(std::move(base_directory)) {}

    Scenario read(const json& document) {
        JsonObject top(document, "", origin_);
        Scenario scenario;
        scenario.name = top.required_string("name");
        if (scenario.name.find_first_not_of(" \t\r\n") == std::string::npos) {
            top.fail("name", "must not be empty: it titles the report and the comparison");
        }
        scenario.crs = top.optional_string("crs").value_or("auto");
        if (scenario.crs.empty()) {
            top.fail("crs", "must not be empty; use \"auto\" for the local UTM zone");
        }
        for_each_member(top, "population", true, [&](const std::string& name, JsonObject& group) {
            scenario.population[name] = read_population(group);
        });
        for_each_member(top, "units", false, [&](const std::string& name, JsonObject& level) {
            UnitSpec unit;
            unit.source = read_source(level);
            unit.fields.code = level.required_string("code");
            unit.fields.name = level.optional_string("name").value_or("");
            unit.fields.parent = level.optional_string("parent").value_or("");
            unit.label = read_label(level);
            scenario.units[name] = std::move(unit);
        });
        for_each_member(top, "facilities", true, [&](const std::string& name, JsonObject& type) {
            FacilitySpec facility;
            if (type.find("path") != nullptr) { // none: no facility of the type exists yet
                facility.source = read_source(type);
            }
            facility.capacity_field = type.optional_string("capacity").value_or("");
            facility.name_field = type.optional_string("name").value_or("");
            facility.type_field = type.optional_string("type").value_or("");
            facility.label = read_label(type);
            scenario.facilities[name] = std::move(facility);
        });
        if (const json* roads = top.find("roads")) {
            JsonObject object(*roads, top.path_of("roads"), origin_);
            RoadSpec spec;
            spec.source = read_source(object);
            spec.snap_limit = Metres{
                bounded_number(object, "snap_limit_m", default_snap_limit.value, Zero::refused, max_snap_limit_m, "m")};
            spec.graph.endpoint_tolerance =
                Metres{bounded_number(object, "endpoint_tolerance_m", spec.graph.endpoint_tolerance.value,
                                      Zero::allowed, max_endpoint_tolerance_m, "m")};
            spec.area_width = Metres{
                bounded_number(object, "area_width_m", spec.area_width.value, Zero::refused, max_area_width_m, "m")};
            if (const json* joinable = object.find("min_component_nodes")) {
                if (joinable->is_string() && joinable->get<std::string>() == "largest") {
                    spec.largest_component_only = true;
                } else if (joinable->is_number_unsigned() && joinable->get<std::uint64_t>() >= 1 &&
                           joinable->get<std::uint64_t>() <= std::numeric_limits<std::uint32_t>::max()) {
                    spec.min_component_nodes = joinable->get<std::uint32_t>();
                } else {
                    object.fail("min_component_nodes", "expected a whole number of nodes from 1, or \"largest\"");
                }
            }
            if (const json* dem = object.find("dem")) { // a path, or a source with "path" and "crs"
                if (dem->is_string()) {
                    spec.dem = SourceSpec{};
                    spec.dem->path = existing_path(object.path_of("dem"), dem->get<std::string>());
                } else {
                    JsonObject dem_object(*dem, object.path_of("dem"), origin_);
                    spec.dem = read_source(dem_object);
                    dem_object.reject_unknown_keys();
                }
            }
            spec.elevation_spacing = Metres{bounded_number(object, "elevation_spacing_m", spec.elevation_spacing.value,
                                                           Zero::refused, max_elevation_spacing_m, "m")};
            object.reject_unknown_keys();
            scenario.roads = std::move(spec);
        }
        for_each_member(top, "profiles", false, [&](const std::string& name, JsonObject& profile) {
            scenario.profiles[name] = read_profile(name, profile);
        });
        read_services(top, scenario);
        if (const json* targets = top.find("targets")) {
            if (!targets->is_array()) {
                top.fail("targets", "expected an array of targets");
            }
            for (std::size_t i = 0; i < targets->size(); ++i) {
                JsonObject target((*targets)[i], top.path_of("targets") + "/" + std::to_string(i), origin_);
                scenario.targets.push_back(read_target(target, i));
                target.reject_unknown_keys();
            }
        }
        if (const json* changes = top.find("changes")) {
            if (!changes->is_array()) {
                top.fail("changes", "expected an array of changes");
            }
            for (std::size_t i = 0; i < changes->size(); ++i) {
                JsonObject change((*changes)[i], top.path_of("changes") + "/" + std::to_string(i), origin_);
                scenario.changes.push_back(read_change(change));
                change.reject_unknown_keys();
            }
        }
        if (const auto baseline = top.optional_string("baseline")) {
            scenario.baseline = existing_path(top.path_of("baseline"), *baseline);
        }
        scenario.study_area = top.optional_string("study_area").value_or("");
        if (const json* references = top.find("references")) {
            if (!references->is_array()) {
                top.fail("references", "expected an array of reference totals");
            }
            for (std::size_t i = 0; i < references->size(); ++i) {
                JsonObject object((*references)[i], top.path_of("references") + "/" + std::to_string(i), origin_);
                ReferenceTotal reference;
                reference.json_path = object.path();
                reference.population = object.required_string("population");
                reference.units = object.optional_string("units").value_or("");
                reference.total = object.optional_number("total").value_or(-1.0);
                if (!(reference.total >= 0.0) || !std::isfinite(reference.total)) {
                    object.fail("total", "expected a count of people, 0 or more");
                }
                reference.label = read_label(object);
                if (reference.label.empty()) {
                    object.fail("label", "say what the total counts, e.g. \"江岸区 2020年人口普查 60岁及以上\"");
                }
                reference.source = object.optional_string("source").value_or("");
                object.reject_unknown_keys();
                scenario.references.push_back(std::move(reference));
            }
        }
        if (const json* siting = top.find("siting")) {
            JsonObject object(*siting, top.path_of("siting"), origin_);
            scenario.siting = read_siting(object);
            object.reject_unknown_keys();
        }
        if (const json* outputs = top.find("outputs")) {
            JsonObject object(*outputs, top.path_of("outputs"), origin_);
            scenario.outputs.demand_points = object.optional_bool("demand_points").value_or(false);
            scenario.outputs.od_matrix = object.optional_bool("od_matrix").value_or(false);
            if (const json* routes = object.find("routes")) {
                JsonObject routes_object(*routes, object.path_of("routes"), origin_);
                scenario.outputs.routes = read_routes(routes_object);
                routes_object.reject_unknown_keys();
            }
            if (const std::optional<std::string> language = object.optional_string("language")) {
                scenario.outputs.language = language_named(*language);
                if (!scenario.outputs.language) {
                    object.fail("language", "unknown language '" + *language + "': use \"zh\" or \"en\"");
                }
            }
            object.reject_unknown_keys();
        }
        top.reject_unknown_keys();
        return scenario;
    }

private:
    template <typename Visit>
    void for_each_member(JsonObject& parent, const std::string& key, bool required, Visit visit) {
        const json* members = required ? &parent.required(key) : parent.find(key);
        if (members == nullptr) {
            return;
        }
        JsonObject object(*members, parent.path_of(key), origin_);
        if (members->empty() && required) {
            parent.fail(key, "needs at least one entry");
        }
        for (const auto& [name, value] : members->items()) {
            if (!is_identifier(name)) {
                object.fail(name, "name '" + name + "' may use only letters, digits, '_' and '-'");
            }
            JsonObject member(value, object.path_of(name), origin_);
            visit(name, member);
            member.reject_unknown_keys();
        }
    }

    // `json_path` points at the string that holds the path.
    fs::path existing_path(const std::string& json_path, const std::string& text) {
        if (text.empty()) {
            throw Error(ExitCode::scenario_invalid, ErrorContext::in_file(origin_).with_json_path(json_path),
                        "path is empty");
        }
        const fs::path path = fs::path(text).is_absolute() ? fs::path(text) : base_directory_ / text;
        std::error_code ignored;
        if (!fs::exists(path, ignored)) {
            const ErrorContext where =
                ErrorContext::in_file(path.lexically_normal().string()).with_json_path(json_path);
            throw Error(ExitCode::input_unreadable, where, "file does not exist (named in " + origin_ + ")");
        }
        return path.lexically_normal();
    }

    SourceSpec read_source(JsonObject& object) {
        SourceSpec source;
        source.path = existing_path(object.path_of("path"), object.required_string("path"));
        source.layer = object.optional_string("layer").value_or("");
        source.crs = object.optional_string("crs").value_or("");
        source.skip_invalid = object.optional_bool("skip_invalid").value_or(false);
        source.where = object.optional_string("where").value_or("");
        source.encoding = object.optional_string("encoding").value_or("");
        if (!source.encoding.empty() && !is_known_text_encoding(source.encoding)) {
            object.fail("encoding", "unknown text encoding '" + source.encoding + "' (try GBK, GB18030 or UTF-8)");
        }
        return source;
    }

    // A number in (0, at_most], or [0, at_most] with Zero::allowed; `unit` for the message ("m").
    enum class Zero { refused, allowed };
    static double bounded_number(JsonObject& object, const std::string& key, double fallback, Zero zero, double at_most,
                                 const std::string& unit) {
        const double value = object.optional_number(key).value_or(fallback);
        const bool above_floor = zero == Zero::allowed ? value >= 0.0 : value > 0.0;
        if (!above_floor || !(value <= at_most)) {
            object.fail(key, std::string("must be ") + (zero == Zero::allowed ? "at least 0" : "above 0") +
                                 " and at most " + format_number(at_most) + (unit.empty() ? "" : " " + unit));
        }
        return value;
    }

    // {"units": "community"} or {"from": {"path": ..., "name": ...}}, and optionally "services": [ids].
    RouteSpec read_routes(JsonObject& object) {
        RouteSpec routes;
        routes.units = object.optional_string("units").value_or("");
        if (const json* places = object.find("from")) {
            JsonObject source(*places, object.path_of("from"), origin_);
            routes.places = read_source(source);
            routes.name_field = source.optional_string("name").value_or("");
            source.reject_unknown_keys();
        }
        if (routes.units.empty() == !routes.places) {
            object.fail("", "name the places to route from: \"units\" (a unit level) or \"from\" (a layer), one "
                            "of the two");
        }
        routes.services = object.optional_strings("services").value_or(std::vector<std::string>{});
        return routes;
    }

    PopulationSpec read_population(JsonObject& group) {
        PopulationSpec population;
        const json* raster = group.find("raster");
        const json* rasters = group.find("rasters");
        const json* path = group.find("path");
        const int given = (raster != nullptr) + (rasters != nullptr) + (path != nullptr);
        if (given != 1) {
            group.fail("", "give exactly one of \"raster\", \"rasters\" (summed) or \"path\" with \"field\"");
        }
        const std::string crs = group.optional_string("crs").value_or("");
        if (raster != nullptr) {
            const std::string text = group.required_string("raster");
            population.rasters.push_back({existing_path(group.path_of("raster"), text), {}, crs, false, {}, {}});
        } else if (rasters != nullptr) {
            const std::vector<std::string> paths = *group.optional_strings("rasters");
            for (std::size_t i = 0; i < paths.size(); ++i) {
                const std::string element = group.path_of("rasters") + "/" + std::to_string(i);
                population.rasters.push_back({existing_path(element, paths[i]), {}, crs, false, {}, {}});
            }
        } else {
            population.layer = read_source(group);
            population.field = group.required_string("field");
        }
        if (raster != nullptr || rasters != nullptr) {
            for (const char* vector_only : {"layer", "field", "skip_invalid"}) {
                if (group.find(vector_only) != nullptr) {
                    group.fail(vector_only,
                               std::string("\"") + vector_only + "\" applies to a population layer, not to rasters");
                }
            }
        }
        return population;
    }

    SitingSpec read_siting(JsonObject& object) {
        SitingSpec spec;
        spec.service = object.required_string("service");
        const json& candidates = object.required("candidates");
        if (candidates.is_string()) {
            spec.candidates.path = existing_path(object.path_of("candidates"), candidates.get<std::string>());
        } else {
            JsonObject source(candidates, object.path_of("candidates"), origin_);
            spec.candidates = read_source(source);
            source.reject_unknown_keys();
        }
        spec.name_field = object.optional_string("name").value_or("");
        const json* add = object.find("add");
        spec.target_share = object.optional_number("target_share");
        const std::optional<std::string> model = object.optional_string("model");
        if (!model) {
            spec.model = spec.target_share ? SitingModel::set_covering : SitingModel::maximal_covering;
        } else if (const auto known = parse_model(*model)) {
            spec.model = *known;
        } else {
            object.fail("model", "unknown model '" + *model +
                                     "'; expected maximal_covering, set_covering, p_median or capacitated_coverage");
        }
        const json* one_per_unit = object.find("one_per_unit");
        if (spec.model == SitingModel::set_covering) {
            if (add != nullptr || !spec.target_share) {
                object.fail("", "set covering takes \"target_share\" (the share to reach), not \"add\"");
            }
            if (!(*spec.target_share > 0.0 && *spec.target_share <= 1.0)) {
                object.fail("target_share", "expected a share above 0 and at most 1");
            }
        } else {
            if (spec.target_share) {
                object.fail("target_share", "applies to set covering only; this model takes \"add\"");
            }
            if (add == nullptr && (spec.model != SitingModel::maximal_covering || one_per_unit == nullptr)) {
                object.fail("",
                            std::string("give \"add\": how many new sites ") + to_string(spec.model) + " may choose");
            }
            if (add != nullptr) {
                if (!add->is_number_integer() || add->get<std::int64_t>() < 1 || add->get<std::int64_t>() > 100000) {
                    object.fail("add", "expected a whole number of sites from 1 to 100000");
                }
                spec.add = static_cast<std::uint32_t>(add->get<std::int64_t>());
            }
        }
        if (const json* capacity = object.find("capacity")) {
            if (spec.model != SitingModel::capacitated_coverage) {
                object.fail("capacity", "candidate capacities apply to capacitated_coverage only");
            }
            if (capacity->is_string()) {
                spec.capacity_field = capacity->get<std::string>();
            } else if (capacity->is_number()) {
                spec.capacity = capacity_number(object, "capacity");
            } else {
                object.fail("capacity", "expected the candidates' capacity field, or one capacity");
            }
        } else if (spec.model == SitingModel::capacitated_coverage) {
            object.fail("", "capacitated_coverage needs \"capacity\": the candidates' capacity field or a number");
        }
        if (object.find("cost_cap_metres") != nullptr) {
            if (spec.model != SitingModel::p_median) {
                object.fail("cost_cap_metres", "applies to p_median only");
            }
            spec.cost_cap = Metres{bounded_number(object, "cost_cap_metres", 1.0, Zero::refused, max_cost_cap_m, "m")};
        }
        if (one_per_unit != nullptr) {
            if (spec.model != SitingModel::maximal_covering) {
                object.fail("one_per_unit", "applies to maximal_covering only");
            }
            JsonObject rule(*one_per_unit, object.path_of("one_per_unit"), origin_);
            OnePerUnit units;
            units.level = rule.required_string("units");
            if (const json* codes = rule.find("codes")) {
                if (!codes->is_array()) {
                    rule.fail("codes", "expected an array of unit codes");
                }
                for (std::size_t i = 0; i < codes->size(); ++i) {
                    if (!(*codes)[i].is_string()) {
                        throw Error(ExitCode::scenario_invalid,
                                    ErrorContext::in_file(origin_).with_json_path(rule.path_of("codes") + "/" +
                                                                                  std::to_string(i)),
                                    "expected a unit code as a string, got " + detail::json_type_name((*codes)[i]));
                    }
                    units.codes.push_back((*codes)[i].get<std::string>());
                }
            }
            units.min_capacity = bounded_number(rule, "min_capacity", 0.0, Zero::allowed, max_capacity, "");
            rule.reject_unknown_keys();
            spec.one_per_unit = std::move(units);
        }
        return spec;
    }

    TargetSpec read_target(JsonObject& object, std::size_t index) {
        TargetSpec target;
        target.json_path = object.path();
        const std::string indicator = object.required_string("indicator");
        bool known = false;
        for (const IndicatorKind kind :
             {IndicatorKind::population_coverage, IndicatorKind::unit_coverage, IndicatorKind::capacity_per_demand,
              IndicatorKind::attribute_ratio, IndicatorKind::unit_attribute_range}) {
            if (indicator == to_string(kind)) {
                target.indicator = kind;
                known = true;
            }
        }
        if (!known) {
            object.fail("indicator", "unknown indicator '" + indicator +
                                         "'; expected population_coverage, unit_coverage, capacity_per_demand, "
                                         "attribute_ratio or unit_attribute_range (docs/indicators.md)");
        }
        target.id = object.optional_string("id").value_or(indicator + "_" + std::to_string(index));
        if (!is_identifier(target.id)) {
            object.fail("id", "may use only letters, digits, '_' and '-'; a name in Chinese goes in \"label\"");
        }
        target.label = read_label(object);
        target.service = object.optional_string("service").value_or("");
        target.facility = object.optional_string("facility").value_or("");
        target.demand = object.optional_string("demand").value_or("");
        target.units = object.optional_string("units").value_or("");
        if (const auto rule = object.optional_string("rule")) {
            if (*rule == "demand_share") {
                target.rule = TargetSpec::Rule::demand_share;
            } else if (*rule != "facility_inside") {
                object.fail("rule", "expected \"facility_inside\" or \"demand_share\"");
            }
        }
        if (const auto share = object.optional_number("share")) {
            if (!(*share > 0.0 && *share <= 1.0)) {
                object.fail("share", "expected a share above 0 and at most 1");
            }
            target.share = *share;
        }
        target.per = bounded_number(object, "per", 1000.0, Zero::refused, max_per_people, "people");
        target.facility_filter = read_filters(object, "facility_filter");
        target.unit_filter = read_filters(object, "unit_filter");
        if (const auto township = object.optional_string("township")) {
            for (const TownshipKind kind : {TownshipKind::sub_district, TownshipKind::town, TownshipKind::township}) {
                if (*township == to_string(kind)) {
                    target.township = kind;
                }
            }
            if (!target.township) {
                object.fail("township", "expected \"sub_district\" (001-099), \"town\" (100-199) or \"township\" "
                                        "(200-399)");
            }
        }
        target.numerator = object.optional_string("numerator").value_or("");
        target.denominator = object.optional_string("denominator").value_or("");
        target.range.field = object.optional_string("field").value_or("");
        target.range.min = object.optional_number("range_min");
        target.range.max = object.optional_number("range_max");
        target.min = object.optional_number("min");
        target.max = object.optional_number("max");
        if (!target.min && !target.max) {
            object.fail("", "give the target: \"min\", \"max\" or both");
        }
        // What each indicator needs; names are checked against the scenario later.
        const auto need = [&](const std::string& value, const char* key) {
            if (value.empty()) {
                object.fail("", std::string(to_string(target.indicator)) + " needs \"" + key + "\"");
            }
        };
        switch (target.indicator) {
        case IndicatorKind::population_coverage:
            need(target.service, "service");
            break;
        case IndicatorKind::unit_coverage:
            need(target.units, "units");
            if (target.rule == TargetSpec::Rule::demand_share) {
                need(target.service, "service");
                if (target.share == 0.0) {
                    object.fail("", "the demand_share rule needs \"share\": the covered share a unit needs");
                }
            } else {
                need(target.facility, "facility");
            }
            break;
        case IndicatorKind::capacity_per_demand:
            need(target.facility, "facility");
            need(target.demand, "demand");
            break;
        case IndicatorKind::attribute_ratio:
            need(target.facility, "facility");
            need(target.numerator, "numerator");
            need(target.denominator, "denominator");
            break;
        case IndicatorKind::unit_attribute_range:
            need(target.units, "units");
            need(target.range.field, "field");
            if (!target.range.min && !target.range.max) {
                object.fail("", "unit_attribute_range needs \"range_min\", \"range_max\" or both");
            }
            break;
        }
        return target;
    }

    std::vector<ValueFilter> read_filters(JsonObject& object, const std::string& key) {
        std::vector<ValueFilter> filters;
        const json* list = object.find(key);
        if (list == nullptr) {
            return filters;
        }
        if (!list->is_array()) {
            object.fail(key, "expected an array of filters ({\"field\": .., \"min\"/\"max\"/\"one_of\": ..})");
        }
        for (std::size_t i = 0; i < list->size(); ++i) {
            JsonObject entry((*list)[i], object.path_of(key) + "/" + std::to_string(i), origin_);
            ValueFilter filter;
            filter.field = entry.required_string("field");
            filter.min = entry.optional_number("min");
            filter.max = entry.optional_number("max");
            if (const json* one_of = entry.find("one_of")) {
                if (!one_of->is_array() || one_of->empty()) {
                    entry.fail("one_of", "expected a non-empty array of values");
                }
                for (const json& value : *one_of) {
                    if (value.is_string()) {
                        filter.one_of.push_back(value.get<std::string>());
                    } else if (value.is_number_integer()) {
                        filter.one_of.push_back(std::to_string(value.get<std::int64_t>()));
                    } else {
                        entry.fail("one_of", "expected strings or whole numbers");
                    }
                }
            }
            if (!filter.min && !filter.max && filter.one_of.empty()) {
                entry.fail("", "give \"min\", \"max\" or \"one_of\"");
            }
            entry.reject_unknown_keys();
            filters.push_back(std::move(filter));
        }
        return filters;
    }

    FacilityChange read_change(JsonObject& object) {
        using Kind = FacilityChange::Kind;
        FacilityChange change;
        change.json_path = object.path();
        const json* add = object.find("add");
        const json* remove = object.find("remove");
        const json* set_capacity = object.find("set_capacity");
        const json* chosen = object.find("add_chosen_sites");
        const json* close_ways = object.find("close_ways");
        const json* barrier = object.find("barrier");
        const json* add_ways = object.find("add_ways");
        const json* crossings = object.find("crossings");
        if ((add != nullptr) + (remove != nullptr) + (set_capacity != nullptr) + (chosen != nullptr) +
                (close_ways != nullptr) + (barrier != nullptr) + (add_ways != nullptr) + (crossings != nullptr) !=
            1) {
            object.fail("", "give exactly one of \"add\", \"remove\", \"set_capacity\", \"add_chosen_sites\", "
                            "\"close_ways\", \"barrier\", \"add_ways\" or \"crossings\"");
        }
        // An array of way ids (OSM way ids, or a line layer's feature ids).
        const auto read_way_ids = [&](const char* key, const json& ids) {
            if (!ids.is_array() || ids.empty()) {
                object.fail(key, "expected a non-empty array of way ids (OSM way ids, or feature ids)");
            }
            for (std::size_t i = 0; i < ids.size(); ++i) {
                if (!ids[i].is_number_integer()) {
                    throw Error(
                        ExitCode::scenario_invalid,
                        ErrorContext::in_file(origin_).with_json_path(object.path_of(key) + "/" + std::to_string(i)),
                        "expected a whole number, got " + detail::json_type_name(ids[i]));
                }
                change.way_ids.push_back(ids[i].get<std::int64_t>());
            }
        };
        // {"field": .., "values": [..]}: the features whose field holds one of the values, as text.
        const auto read_match = [&](const char* key, const json& match) {
            JsonObject where(match, object.path_of(key), origin_);
            change.match_field = where.required_string("field");
            const json& values = where.required("values");
            if (!values.is_array() || values.empty()) {
                where.fail("values", "expected a non-empty array of field values");
            }
            for (std::size_t i = 0; i < values.size(); ++i) {
                if (values[i].is_string()) {
                    change.match_values.push_back(values[i].get<std::string>());
                } else if (values[i].is_number_integer()) {
                    change.match_values.push_back(std::to_string(values[i].get<std::int64_t>()));
                } else {
                    throw Error(ExitCode::scenario_invalid,
                                ErrorContext::in_file(origin_).with_json_path(where.path_of("values") + "/" +
                                                                              std::to_string(i)),
                                "expected a string or whole number, got " + detail::json_type_name(values[i]));
                }
            }
            where.reject_unknown_keys();
        };
        if (close_ways != nullptr) {
            change.kind = Kind::close_ways;
            if (close_ways->is_object()) { // a line layer's ways by a field: a bridge by its name
                read_match("close_ways", *close_ways);
            } else {
                read_way_ids("close_ways", *close_ways);
            }
        } else if (crossings != nullptr) {
            // The ways whose junctions with major roads become crossings, or points nearest them.
            change.kind = Kind::crossings;
            if (crossings->is_array()) {
                read_way_ids("crossings", *crossings);
            } else if (crossings->is_string()) {
                change.layer = SourceSpec{
                    existing_path(object.path_of("crossings"), crossings->get<std::string>()), {}, {}, false, {}, {}};
            } else {
                JsonObject source(*crossings, object.path_of("crossings"), origin_);
                change.layer = read_source(source);
                source.reject_unknown_keys();
            }
            change.wait_s = bounded_number(object, "wait_s", 0.0, Zero::allowed, max_penalty_s, "s");
            if (change.layer) {
                change.join =
                    Metres{bounded_number(object, "join_m", change.join.value, Zero::allowed, max_join_m, "m")};
            }
        } else if (barrier != nullptr || add_ways != nullptr) {
            change.kind = barrier != nullptr ? Kind::barrier : Kind::add_ways;
            const char* key = barrier != nullptr ? "barrier" : "add_ways";
            const json& lines = barrier != nullptr ? *barrier : *add_ways;
            if (add_ways != nullptr && lines.is_array()) {
                change.lines = inline_ways(lines, object.path_of(key));
            } else if (lines.is_string()) {
                change.layer =
                    SourceSpec{existing_path(object.path_of(key), lines.get<std::string>()), {}, {}, false, {}, {}};
            } else {
                JsonObject source(lines, object.path_of(key), origin_);
                change.layer = read_source(source);
                source.reject_unknown_keys();
            }
            if (add_ways != nullptr) {
                change.join =
                    Metres{bounded_number(object, "join_m", change.join.value, Zero::allowed, max_join_m, "m")};
            }
        } else if (add != nullptr) {
            change.kind = Kind::add;
            change.facility = object.required_string("to");
            if (add->is_string()) {
                change.layer =
                    SourceSpec{existing_path(object.path_of("add"), add->get<std::string>()), {}, {}, false, {}, {}};
            } else if (add->is_array()) {
                change.points = inline_points(*add, object.path_of("add"));
            } else {
                JsonObject source(*add, object.path_of("add"), origin_);
                change.layer = read_source(source);
                source.reject_unknown_keys();
            }
            if (object.find("capacity") != nullptr) {
                change.capacity = capacity_number(object, "capacity");
            }
        } else if (chosen != nullptr) {
            change.kind = Kind::add_chosen_sites;
            if (!chosen->is_boolean() || !chosen->get<bool>()) {
                object.fail("add_chosen_sites", "expected true");
            }
            if (object.find("capacity") != nullptr) {
                change.capacity = capacity_number(object, "capacity");
            }
        } else {
            change.kind = remove != nullptr ? Kind::remove : Kind::set_capacity;
            const char* key = remove != nullptr ? "remove" : "where";
            change.facility = object.required_string(remove != nullptr ? "from" : "in");
            if (set_capacity != nullptr) {
                change.capacity = capacity_number(object, "set_capacity");
            }
            read_match(key, object.required(key));
        }
        return change;
    }

    // Ways written in the scenario: {"line": [[lon, lat], ..], other keys as OSM tags: "highway": "footway"}.
    RoadSource inline_ways(const json& ways, const std::string& path) {
        RoadSource roads;
        roads.from_line_layer = true; // their ends join the streets by distance, as a line layer's do
        roads.report.source = origin_ + " at " + path;
        roads.report.crs = "EPSG:4326";
        for (std::size_t i = 0; i < ways.size(); ++i) {
            JsonObject way(ways[i], path + "/" + std::to_string(i), origin_);
            const json& line = way.required("line");
            if (!line.is_array() || line.size() < 2) {
                way.fail("line", "expected two or more [lon, lat] positions (WGS 84)");
            }
            std::vector<std::uint32_t> polyline;
            for (std::size_t at = 0; at < line.size(); ++at) {
                const json& position = line[at];
                if (!position.is_array() || position.size() != 2 || !position[0].is_number() ||
                    !position[1].is_number() || std::abs(position[0].get<double>()) > 180.0 ||
                    std::abs(position[1].get<double>()) > 90.0) {
                    throw Error(
                        ExitCode::scenario_invalid,
                        ErrorContext::in_file(origin_).with_json_path(way.path_of("line") + "/" + std::to_string(at)),
                        "expected [lon, lat] in degrees (WGS 84)");
                }
                polyline.push_back(static_cast<std::uint32_t>(roads.vertices.size()));
                roads.vertices.push_back({position[0].get<double>(), position[1].get<double>()});
            }
            std::map<std::string, std::string> tags;
            for (const auto& item : ways[i].items()) {
                if (item.key() == "line") {
                    continue;
                }
                (void)way.find(item.key()); // every other key is a tag
                if (!item.value().is_string()) {
                    way.fail(item.key(),
                             "expected a tag's value as a string, got " + detail::json_type_name(item.value()));
                }
                tags[item.key()] = item.value().get<std::string>();
            }
            roads.add_polyline(polyline);
            roads.ways.push_back(way_from_tags(static_cast<std::int64_t>(i), tags));
            way.reject_unknown_keys();
        }
        if (roads.polyline_count() == 0) {
            throw Error(ExitCode::scenario_invalid, ErrorContext::in_file(origin_).with_json_path(path),
                        "no ways to add");
        }
        return roads;
    }

    // Points written in the scenario: {"lon": .., "lat": .., other fields}.
    PointLayer inline_points(const json& points, const std::string& path) {
        PointLayer layer;
        layer.report.source = origin_ + " at " + path;
        layer.report.crs = "EPSG:4326";
        std::vector<FieldDefinition> fields;
        std::vector<std::map<std::string, FieldValue>> rows;
        for (std::size_t i = 0; i < points.size(); ++i) {
            JsonObject point(points[i], path + "/" + std::to_string(i), origin_);
            const json& lon = point.required("lon");
            const json& lat = point.required("lat");
            if (!lon.is_number() || !lat.is_number() || std::abs(lon.get<double>()) > 180.0 ||
                std::abs(lat.get<double>()) > 90.0) {
                point.fail("", "expected \"lon\" and \"lat\" in degrees (WGS 84)");
            }
            layer.positions.push_back({lon.get<double>(), lat.get<double>()});
            layer.feature_ids.push_back(static_cast<std::int64_t>(i + 1));
            std::map<std::string, FieldValue> row;
            for (const auto& item : points[i].items()) { // no structured binding: captured below
                const std::string& key = item.key();
                const auto& value = item.value();
                if (key == "lon" || key == "lat") {
                    continue;
                }
                (void)point.find(key); // every other key is a field
                if (!value.is_string() && !value.is_number()) {
                    point.fail(key, "expected a string or a number, got " + detail::json_type_name(value));
                }
                const FieldType type = value.is_string()           ? FieldType::string
                                       : value.is_number_integer() ? FieldType::integer
                                                                   : FieldType::real;
                const auto known = std::find_if(fields.begin(), fields.end(),
                                                [&](const FieldDefinition& field) { return field.name == key; });
                if (known == fields.end()) {
                    fields.push_back({key, type});
                } else {
                    known->type = wider_type(known->type, type);
                }
                if (value.is_string()) {
                    row[key] = value.get<std::string>();
                } else if (value.is_number_integer()) {
                    row[key] = value.get<std::int64_t>();
                } else {
                    row[key] = value.get<double>();
                }
            }
            rows.push_back(std::move(row));
            point.reject_unknown_keys();
        }
        if (layer.positions.empty()) {
            throw Error(ExitCode::scenario_invalid, ErrorContext::in_file(origin_).with_json_path(path),
                        "no points to add");
        }
        layer.attributes = AttributeTable(fields);
        for (const auto& row : rows) {
            std::vector<FieldValue> values;
            for (const FieldDefinition& field : fields) {
                const auto at = row.find(field.name);
                values.push_back(at == row.end() ? FieldValue{} : widen_value(at->second, field.type));
            }
            layer.attributes.add_row(std::move(values));
        }
        layer.report.features_read = layer.report.features_used = layer.positions.size();
        return layer;
    }

    static double capacity_number(JsonObject& object, const std::string& key) {
        const auto value = object.optional_number(key);
        if (!value || !(*value >= 0.0) || !(*value <= max_capacity)) {
            object.fail(key,
                        "expected a capacity (beds, places) of at least 0 and at most " + format_number(max_capacity));
        }
        return *value;
    }

    static std::optional<SitingModel> parse_model(const std::string& name) {
        for (const SitingModel model : {SitingModel::maximal_covering, SitingModel::set_covering, SitingModel::p_median,
                                        SitingModel::capacitated_coverage}) {
            if (name == to_string(model)) {
                return model;
            }
        }
        return std::nullopt;
    }

    // A display name: any script, one line, short enough for a table's cell.
    static std::string read_label(JsonObject& object) {
        const std::optional<std::string> label = object.optional_string("label");
        if (!label) {
            return {};
        }
        if (label->empty() || label->size() > max_label_bytes ||
            std::any_of(label->begin(), label->end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
            object.fail("label", "expected one line of 1 to " + std::to_string(max_label_bytes) + " bytes");
        }
        return *label;
    }

    // A profile of the scenario's own: a built-in one ("like", default walk) with what it changes.
    static WalkingProfile read_profile(const std::string& name, JsonObject& object) {
        if (!is_identifier(name) || builtin_profile(name)) {
            object.fail("", "a profile's name may use only letters, digits, '_' and '-', and may not be one of the "
                            "built-in walk, elderly, wheelchair");
        }
        const std::string like = object.optional_string("like").value_or("walk");
        std::optional<WalkingProfile> profile = builtin_profile(like);
        if (!profile) {
            object.fail("like", "expected one of the built-in profiles walk, elderly, wheelchair");
        }
        profile->id = name;
        profile->flat_kmh = bounded_number(object, "walk_kmh", profile->flat_kmh, Zero::refused, max_walk_kmh, "km/h");
        profile->slope = object.optional_bool("slope").value_or(profile->slope);
        profile->crossing_penalty_s = bounded_number(object, "crossing_penalty_s", profile->crossing_penalty_s,
                                                     Zero::allowed, max_penalty_s, "s");
        profile->wheelchair = object.optional_bool("wheelchair").value_or(profile->wheelchair);
        if (const json* steps = object.find("step_penalty_s")) {
            if (steps->is_string() && steps->get<std::string>() == "forbidden") {
                profile->step_penalty_s.reset();
            } else {
                profile->step_penalty_s =
                    bounded_number(object, "step_penalty_s", 0.0, Zero::allowed, max_penalty_s, "s");
            }
        }
        if (const json* incline = object.find("max_incline")) {
            if (incline->is_null()) {
                profile->max_incline.reset();
            } else {
                profile->max_incline =
                    bounded_number(object, "max_incline", 0.0, Zero::refused, 1.0, "(rise over run)");
            }
        }
        object.reject_unknown_keys();
        return *profile;
    }

    // Bands in the threshold's own unit (minutes or metres), stored in metres.
    static void read_bands(JsonObject& object, ServiceSpec& service) {
        const double threshold = service.minutes ? *service.minutes : service.threshold.value;
        std::vector<double>& bands = service.bands;
        if (const json* given = object.find("bands")) {
            if (!given->is_array() || given->empty()) {
                object.fail("bands", "expected a non-empty array of ascending bounds");
            }
            for (const json& bound : *given) {
                if (!bound.is_number() || !(bound.get<double>() > 0.0) ||
                    (!bands.empty() && !(bound.get<double>() > bands.back()))) {
                    object.fail("bands", "expected ascending positive bounds");
                }
                bands.push_back(bound.get<double>());
            }
            if (bands.back() > threshold * (1.0 + 1e-12)) {
                object.fail("bands", "the last band may not exceed the service's threshold");
            }
        } else {
            bands = default_bands(service);
        }
    }

    void read_services(JsonObject& top, Scenario& scenario) {
        const json& services = top.required("services");
        if (!services.is_array() || services.empty()) {
            top.fail("services", "expected a non-empty array of services");
        }
        for (std::size_t i = 0; i < services.size(); ++i) {
            JsonObject object(services[i], top.path_of("services") + "/" + std::to_string(i), origin_);
            ServiceSpec service;
            service.facility = object.required_string("facility");
            service.demand = object.required_string("demand");
            const auto minutes = object.optional_number("minutes");
            const auto metres = object.optional_number("metres");
            const auto walk_kmh = object.optional_number("walk_kmh");
            if (const auto profile = object.optional_string("profile")) {
                const auto own = scenario.profiles.find(*profile);
                if (own != scenario.profiles.end()) {
                    service.profile = own->second;
                } else if (const auto builtin = builtin_profile(*profile)) {
                    service.profile = *builtin;
                } else {
                    object.fail("profile", "no profile '" + *profile +
                                               "': expected walk, elderly, wheelchair or one under \"profiles\"");
                }
            }
            if (minutes.has_value() == metres.has_value()) {
                object.fail("", "give exactly one of \"minutes\" or \"metres\"");
            }
            if (metres) {
                if (walk_kmh) {
                    object.fail("walk_kmh", "a walking speed applies only with \"minutes\"");
                }
                if (!(*metres > 0.0) || !(*metres <= max_metres)) {
                    object.fail("metres", "must be a distance above 0 and at most " + format_number(max_metres) + " m");
                }
                service.threshold = Metres{*metres};
            } else {
                if (!(*minutes > 0.0) || !(*minutes <= max_minutes)) {
                    object.fail("minutes", "must be a time above 0 and at most " + format_number(max_minutes) + " min");
                }
                const double speed = walk_kmh.value_or(service.profile.flat_kmh);
                if (!(speed > 0.0) || !(speed <= max_walk_kmh)) {
                    object.fail("walk_kmh",
                                "must be a speed above 0 and at most " + format_number(max_walk_kmh) + " km/h");
                }
                service.minutes = *minutes;
                service.walk_kmh = speed;
                service.profile.flat_kmh = speed;
                service.threshold = walking_distance(Minutes{*minutes}, KilometresPerHour{speed});
            }
            read_bands(object, service);
            if (const auto access = object.optional_string("access")) {
                using Kind = DistanceDecay::Kind;
                const auto named = [&](Kind kind) { return *access == to_string(kind); };
                if (named(Kind::none)) {
                    service.access = DistanceDecay{};
                } else if (named(Kind::steps)) {
                    service.access = luo_qi_steps(service.threshold);
                } else if (named(Kind::gaussian)) {
                    service.access = DistanceDecay{Kind::gaussian, {}};
                } else {
                    object.fail("access", "expected \"2sfca\", \"e2sfca_steps\" or \"e2sfca_gaussian\"");
                }
            }
            service.id = object.optional_string("id").value_or("");
            if (service.id.empty()) {
                service.id = default_service_id(service);
            } else if (!is_identifier(service.id)) {
                object.fail("id", "may use only letters, digits, '_' and '-' (it names files); a name in Chinese "
                                  "goes in \"label\"");
            }
            service.label = read_label(object);
            object.reject_unknown_keys();
            scenario.services.push_back(std::move(service));
        }
    }

    std::string origin_;
    fs::path base_directory_;
};

} // namespace

bool Scenario::sites_facility(const std::string& type) const {
    return siting && std::any_of(services.begin(), services.end(), [&](const ServiceSpec& service) {
               return service.id == siting->service && service.facility == type;
           });
}

std::vector<fs::path> Scenario::input_files() const {
    std::vector<fs::path> files;
    for (const auto& [group_name, group] : population) {
        for (const SourceSpec& raster : group.rasters) {
            files.push_back(raster.path);
        }
        if (group.layer) {
            files.push_back(group.layer->path);
        }
    }
    for (const auto& [level_name, level] : units) {
        files.push_back(level.source.path);
    }
    for (const auto& [type_name, type] : facilities) {
        if (type.exists()) {
            files.push_back(type.source.path);
        }
    }
    if (roads) {
        files.push_back(roads->source.path);
        if (roads->dem) {
            files.push_back(roads->dem->path);
        }
    }
    if (siting) {
        files.push_back(siting->candidates.path);
    }
    if (outputs.routes && outputs.routes->places) {
        files.push_back(outputs.routes->places->path);
    }
    for (const FacilityChange& change : changes) {
        if (change.layer) {
            files.push_back(change.layer->path);
        }
    }
    if (!baseline.empty()) {
        files.push_back(baseline);
    }
    if (!file.empty()) {
        files.push_back(file);
    }
    return files;
}

namespace {

// Finds, while parsing, the first key an object repeats, as a JSON pointer:
// nlohmann keeps the last value of a repeated key, so "minutes": 15,
// "minutes": 30 would silently be 30.
class RepeatedKeyFinder {
public:
    bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
        switch (event) {
        case json::parse_event_t::object_start:
        case json::parse_event_t::array_start:
            enter_value();
            frames_.push_back({event == json::parse_event_t::array_start, 0, {}, {}});
            break;
        case json::parse_event_t::key: { // `parsed` is the key
            Frame& object = frames_.back();
            object.current = parsed.get<std::string>();
            if (!object.keys.insert(object.current).second && !repeated_) {
                repeated_ = pointer();
            }
            break;
        }
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            frames_.pop_back();
            break;
        case json::parse_event_t::value:
            enter_value();
            break;
        }
        return true;
    }
    [[nodiscard]] const std::optional<std::string>& repeated() const { return repeated_; }

private:
    struct Frame {
        bool array;
        std::size_t next_index;
        std::set<std::string> keys;
        std::string current; // the key, or the index, of the value being read
    };
    void enter_value() {
        if (!frames_.empty() && frames_.back().array) {
            frames_.back().current = std::to_string(frames_.back().next_index++);
        }
    }
    [[nodiscard]] std::string pointer() const {
        std::string path;
        for (const Frame& frame : frames_) {
            path += '/';
            for (const char c : frame.current) { // RFC 6901: ~ is ~0, / is ~1
                path += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
            }
        }
        return path;
    }
    std::vector<Frame> frames_;
    std::optional<std::string> repeated_;
};

} // namespace

Scenario parse_scenario(const std::string& text, const std::string& origin, const fs::path& base_directory) {
    // Every nlohmann exception is the scenario's fault, not ours: a syntax
    // error, a number beyond a double (1e400), a value of the wrong type.
    const auto scenario_error = [&origin](const json::exception& error) {
        std::string message = error.what();
        const auto bracket = message.find("] ");
        if (bracket != std::string::npos) {
            message = message.substr(bracket + 2);
        }
        return Error(ExitCode::scenario_invalid, ErrorContext::in_file(origin), "JSON " + message);
    };
    json document;
    RepeatedKeyFinder repeated_keys;
    try {
        document = json::parse(text, std::ref(repeated_keys));
    } catch (const json::exception& error) {
        throw scenario_error(error);
    }
    if (const std::optional<std::string>& pointer = repeated_keys.repeated()) {
        throw Error(ExitCode::scenario_invalid, ErrorContext::in_file(origin).with_json_path(*pointer),
                    "the key is given twice in one object; JSON would keep only the last");
    }
    try {
        Scenario scenario = ScenarioReader(origin, base_directory).read(document);
        validate_scenario(scenario, origin);
        return scenario;
    } catch (const json::exception& error) {
        throw scenario_error(error);
    }
}

Scenario read_scenario(const fs::path& file) {
    const ErrorContext where = ErrorContext::in_file(file.string());
    std::error_code error;
    const fs::file_status status = fs::status(file, error);
    if (!fs::exists(status)) {
        throw Error(ExitCode::input_unreadable, where, "scenario file does not exist");
    }
    // Read whole, so only what a scenario can be: a directory, a device such
    // as /dev/zero or a pipe would be read without end.
    if (!fs::is_regular_file(status)) {
        throw Error(ExitCode::input_unreadable, where,
                    "is not a regular file; a scenario is a JSON file (not a directory, device or pipe)");
    }
    constexpr std::uintmax_t largest_scenario_bytes = std::uintmax_t{16} << 20;
    const std::uintmax_t bytes = fs::file_size(file, error);
    if (!error && bytes > largest_scenario_bytes) {
        throw Error(ExitCode::scenario_invalid, where,
                    "is " + std::to_string(bytes) +
                        " bytes; a scenario file may be at most 16 MiB (layers are "
                        "named by path, not written into it)");
    }
    const std::optional<std::string> text = read_text_file(file);
    if (!text) {
        throw Error(ExitCode::input_unreadable, where, "cannot read the scenario file");
    }
    Scenario scenario = parse_scenario(*text, file.string(), file.parent_path());
    scenario.file = file;
    return scenario;
}

namespace {

void validate_siting(const Scenario& scenario, const std::string& origin) {
    const SitingSpec& siting = *scenario.siting;
    const auto fail = [&](const std::string& path, const std::string& message) {
        throw Error(ExitCode::scenario_invalid, ErrorContext::in_file(origin).with_json_path(path), message);
    };
    const auto service = std::find_if(scenario.services.begin(), scenario.services.end(),
                                      [&](const ServiceSpec& s) { return s.id == siting.service; });
    if (service == scenario.services.end()) {
        fail("/siting/service", "no service with the id '" + siting.service + "' under /services");
    }
    const FacilitySpec& facilities = scenario.facilities.at(service->facility);
    const bool needs_capacities = siting.model == SitingModel::capacitated_coverage ||
                                  (siting.one_per_unit && siting.one_per_unit->min_capacity > 0.0);
    if (needs_capacities && facilities.capacity_field.empty()) {
        fail("/facilities/" + service->facility,
             "the siting needs the capacities of the existing facilities: give \"capacity\" (their "
             "capacity field; --capacity-field on the command line)");
    }
    if (siting.one_per_unit && scenario.units.count(siting.one_per_unit->level) == 0) {
        fail("/siting/one_per_unit/units", "no unit level named '" + siting.one_per_unit->level + "' under /units");
    }
}

void validate_routes(const Scenario& scenario, const std::string& origin) {
    const RouteSpec& routes = *scenario.outputs.routes;
    const auto fail = [&](const std::string& key, const std::string& message) {
        throw Error(ExitCode::scenario_invalid, ErrorContext::in_file(origin).with_json_path("/outputs/routes" + key),
                    message);
    };
    if (!scenario.roads) {
        fail("", "routes follow the walking network: give \"roads\" (straight-line runs have no routes)");
    }
    if (!routes.units.empty() && scenario.units.count(routes.units) == 0) {
        fail("/units", "no unit level named '" + routes.units + "' under /units");
    }
    for (std::size_t i = 0; i < routes.services.size(); ++i) {
        const bool known = std::any_of(scenario.services.begin(), scenario.services.end(),
                                       [&](const ServiceSpec& service) { return service.id == routes.services[i]; });
        if (!known) {
            fail("/services/" + std::to_string(i),
                 "no service with the id '" + routes.services[i] + "' under /services");
        }
    }
}

} // namespace

const char* to_string(SitingModel model) {
    switch (model) {
    case SitingModel::maximal_covering:
        return "maximal_covering";
    case SitingModel::set_covering:
        return "set_covering";
    case SitingModel::p_median:
        return "p_median";
    case SitingModel::capacitated_coverage:
        return "capacitated_coverage";
    }
    return "unknown";
}

void validate_scenario(const Scenario& scenario, const std::string& origin_name) {
    const std::string origin = !origin_name.empty()    ? origin_name
                               : scenario.file.empty() ? std::string("scenario")
                                                       : scenario.file.string();
    std::set<std::string> ids;
    for (std::size_t i = 0; i < scenario.services.size(); ++i) {
        const ServiceSpec& service = scenario.services[i];
        const std::string path = "/services/" + std::to_string(i);
        const auto fail = [&](const std::string& key, const std::string& message) {
            throw Error(ExitCode::scenario_invalid, ErrorContext::in_file(origin).with_json_path(path + key), message);
        };
        if (scenario.facilities.count(service.facility) == 0) {
            fail("/facility", "no facility layer named '" + service.facility + "' under /facilities");
        }
        if (scenario.population.count(service.demand) == 0) {
            fail("/demand", "no population group named '" + service.demand + "' under /population");
        }
        if (!(service.threshold.value > 0.0)) {
            fail("", "the threshold must be positive");
        }
        if (service.bands.empty() || service.bands.size() > max_bands) {
            fail("/bands", "a service reports 1 to " + std::to_string(max_bands) + " bands (default_bands gives them)");
        }
        if (service.id.empty()) {
            fail("/id", "the service has no id");
        }
        if (service.access && scenario.facilities.at(service.facility).capacity_field.empty()) {
            fail("/access",
                 "2SFCA needs the facilities' capacities: give \"capacity\" under /facilities/" + service.facility);
        }
        if (!ids.insert(service.id).second) {
            fail("/id", "two services share the id '" + service.id + "'; give one an \"id\"");
        }
    }
    if (scenario.siting) {
        validate_siting(scenario, origin);
    }
    if (!scenario.study_area.empty() && scenario.units.count(scenario.study_area) == 0) {
        throw Error(ExitCode::scenario_invalid, ErrorContext::in_file(origin).with_json_path("/study_area"),
                    "no unit level named '" + scenario.study_area + "' under /units");
    }
    if (scenario.outputs.routes) {
        validate_routes(scenario, origin);
    }
    for (const ReferenceTotal& reference : scenario.references) {
        const auto fail = [&](const std::string& key, const std::string& message) {
            throw Error(ExitCode::scenario_invalid,
                        ErrorContext::in_file(origin).with_json_path(reference.json_path + key), message);
        };
        if (scenario.population.count(reference.population) == 0) {
            fail("/population", "no population group named '" + reference.population + "' under /population");
        }
        if (!reference.units.empty()) {
            if (scenario.units.count(reference.units) == 0) {
                fail("/units", "no unit level named '" + reference.units + "' under /units");
            }
            const bool served =
                std::any_of(scenario.services.begin(), scenario.services.end(),
                            [&](const ServiceSpec& service) { return service.demand == reference.population; });
            if (!served) {
                fail("/population",
                     "counting '" + reference.population + "' inside units needs a service of that population");
            }
        }
    }
    std::set<std::string> target_ids;
    for (const TargetSpec& target : scenario.targets) {
        const auto fail = [&](const std::string& key, const std::string& message) {
            throw Error(ExitCode::scenario_invalid,
                        ErrorContext::in_file(origin).with_json_path(target.json_path + key), message);
        };
        if (!target_ids.insert(target.id).second) {
            fail("/id", "two targets share the id '" + target.id + "'");
        }
        if (!target.service.empty() && ids.count(target.service) == 0) {
            fail("/service", "no service with the id '" + target.service + "' under /services");
        }
        if (!target.facility.empty() && scenario.facilities.count(target.facility) == 0) {
            fail("/facility", "no facility layer named '" + target.facility + "' under /facilities");
        }
        if (!target.demand.empty() && scenario.population.count(target.demand) == 0) {
            fail("/demand", "no population group named '" + target.demand + "' under /population");
        }
        if (!target.units.empty() && scenario.units.count(target.units) == 0) {
            fail("/units", "no unit level named '" + target.units + "' under /units");
        }
        if (target.indicator == IndicatorKind::capacity_per_demand &&
            scenario.facilities.at(target.facility).capacity_field.empty()) {
            fail("/facility",
                 "capacity_per_demand needs the facilities' \"capacity\" field under /facilities/" + target.facility);
        }
        const bool per_unit = target.indicator != IndicatorKind::attribute_ratio &&
                              target.indicator != IndicatorKind::capacity_per_demand &&
                              target.indicator != IndicatorKind::population_coverage;
        if (target.units.empty() && (per_unit || !target.unit_filter.empty() || target.township)) {
            fail("", "unit filters need \"units\": the level they apply to");
        }
    }
    for (const FacilityChange& change : scenario.changes) {
        if (change.kind == FacilityChange::Kind::add_chosen_sites) {
            if (!scenario.siting) {
                throw Error(ExitCode::scenario_invalid, ErrorContext::in_file(origin).with_json_path(change.json_path),
                            "\"add_chosen_sites\" needs a \"siting\" in the same scenario");
            }
        } else if (change.changes_roads()) {
            if (!scenario.roads) {
                throw Error(ExitCode::scenario_invalid, ErrorContext::in_file(origin).with_json_path(change.json_path),
                            "a change to the streets needs \"roads\" in the same scenario");
            }
        } else if (scenario.facilities.count(change.facility) == 0) {
            throw Error(ExitCode::scenario_invalid, ErrorContext::in_file(origin).with_json_path(change.json_path),
                        "no facility layer named '" + change.facility + "' under /facilities");
        }
    }
}

const char* to_string(DistanceDecay::Kind kind) {
    switch (kind) {
    case DistanceDecay::Kind::none:
        return "2sfca";
    case DistanceDecay::Kind::steps:
        return "e2sfca_steps";
    case DistanceDecay::Kind::gaussian:
        return "e2sfca_gaussian";
    }
    return "?";
}

const char* to_string(FacilityChange::Kind kind) {
    switch (kind) {
    case FacilityChange::Kind::add:
        return "add";
    case FacilityChange::Kind::remove:
        return "remove";
    case FacilityChange::Kind::set_capacity:
        return "set_capacity";
    case FacilityChange::Kind::add_chosen_sites:
        return "add_chosen_sites";
    case FacilityChange::Kind::close_ways:
        return "close_ways";
    case FacilityChange::Kind::barrier:
        return "barrier";
    case FacilityChange::Kind::add_ways:
        return "add_ways";
    case FacilityChange::Kind::crossings:
        return "crossings";
    }
    return "?";
}

std::vector<double> default_bands(const ServiceSpec& service) {
    if (!service.minutes) {
        const double threshold = service.threshold.value;
        return {threshold / 3.0, 2.0 * threshold / 3.0, threshold};
    }
    std::vector<double> bands;
    for (double bound = 5.0; bound < *service.minutes && bands.size() + 1 < max_bands; bound += 5.0) {
        bands.push_back(bound);
    }
    bands.push_back(*service.minutes);
    return bands;
}

std::string default_service_id(const ServiceSpec& service) {
    const std::string threshold =
        service.minutes ? format_number(*service.minutes) + "min" : format_number(service.threshold.value) + "m";
    return service.facility + "_" + service.demand + "_" + threshold;
}

} // namespace lifecircle
