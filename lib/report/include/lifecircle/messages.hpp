#pragma once
// What lifecircle says to people, in Simplified Chinese (the default) or
// English. Every sentence, heading, legend and label of the reports and the
// console lives in one catalogue per language (lib/report/src/messages/); the
// renderers name a message and fill its {} slots, in order, with figures
// already formatted. Both catalogues are checked at compile time: every
// message present once, with the same number of slots in each language.

#include "lifecircle/report_export.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace lifecircle {

enum class Language : std::uint8_t { zh, en };

// "zh", "zh-CN", "zh_CN", "en", "en-GB" … (case-insensitive); nullopt for others.
LIFECIRCLE_REPORT_EXPORT std::optional<Language> language_named(std::string_view name);
// "zh-CN" or "en": the page's lang attribute.
LIFECIRCLE_REPORT_EXPORT std::string_view language_tag(Language language);

// One key per message. Grouped by where they appear; the catalogues hold the words.
enum class Msg : std::uint16_t {
    // Shared words
    unit_people,   // "{} people"
    unit_metres,   // "{} m"
    unit_km,       // "{} km"
    unit_minutes,  // "{} min"
    unit_hectares, // "{} ha"
    no_value,      // a value not computed
    none_found,
    north,
    feature_n, // a feature without a name or fid
    severity_error,
    severity_warning,
    met,
    not_met,
    of_total, // "{} of {}"
    meta_version,
    working_crs,
    // Tables of findings (both checks)
    col_rule,
    col_severity,
    col_findings,
    col_meaning,
    col_code,
    col_name,
    col_message,
    col_level,
    col_source,
    col_filter,
    col_crs,
    col_read,
    col_used,
    col_skipped,
    col_warnings,
    col_input,
    findings_listed, // "The first {} of {} findings …"
    section_rules,
    section_findings,
    section_map,
    section_inputs,
    // Run report: title, navigation, headline cards
    run_title_default,
    run_meta,
    nav_targets,
    nav_siting,
    nav_inputs,
    nav_parameters,
    card_units_coverage,
    card_all_demand,
    card_coverage,
    card_targets_met,
    // Thresholds
    threshold_walking,
    threshold_straight,
    threshold_walking_minutes,
    threshold_straight_minutes,
    threshold_profile_minutes,
    threshold_profile_metres,
    profile_walk,
    profile_elderly,
    profile_wheelchair,
    profile_slope,
    profile_step_penalty,
    profile_no_steps,
    profile_crossing,
    profile_wheelchair_ways,
    profile_max_incline,
    // Targets
    section_targets,
    col_target,
    col_indicator,
    col_value,
    col_target_value,
    col_met,
    col_gap,
    col_units_failing,
    chart_shares_label,
    chart_shares_caption,
    chart_ratios_label,
    chart_ratios_caption,
    failing_units_heading,
    failing_units_of_target,
    failing_units_more,
    indicator_population_coverage,
    indicator_unit_coverage,
    indicator_attribute_ratio,
    indicator_capacity_per_demand,
    indicator_unit_attribute_range,
    // Service section and its map
    section_service,
    service_summary,
    legend_streets,
    legend_service_area,
    service_area_within,
    legend_unit_share,
    no_demand,
    legend_uncovered,
    legend_facility,
    chosen_site_title,
    legend_chosen_site,
    map_label,
    map_caption,
    credits_data,
    credits_osm,
    credits_worldpop,
    credits_rest,
    bands_heading,
    band_within,
    access_heading,
    access_mean,
    access_gini,
    access_palma,
    units_heading,
    col_people,
    col_covered,
    col_share,
    col_access,
    units_more,
    routes_heading,
    col_place,
    col_walk,
    col_walked_m,
    col_in_reach,
    answer_yes,
    answer_no,
    routes_more,
    fragments_heading,
    fragments_demand,
    fragments_facilities,
    fragments_advice,
    // Siting
    section_siting,
    siting_summary,
    median_before,
    median_after,
    median_bound,
    covered_before,
    covered_after,
    coverage_bound,
    set_target_reached,
    set_target_unreachable,
    chart_before_after,
    col_rank,
    col_site,
    col_saves,
    col_adds,
    col_capacity,
    col_serves,
    one_per_unit,
    // Plan changes
    section_changes,
    col_change,
    col_facility,
    col_features,
    // Inputs and parameters
    section_run_inputs,
    kind_population,
    kind_facilities,
    kind_units,
    kind_roads,
    kind_candidates,
    references_heading,
    col_reference,
    col_published,
    col_demand_counted,
    col_ratio,
    reference_all,
    reference_inside,
    references_note,
    network_summary,
    provenance_heading,
    provenance_missing,
    section_parameters,
    col_service,
    col_demand,
    col_mode,
    col_threshold,
    col_bands,
    mode_network,
    mode_radius,
    parameters_version,
    files_written,
    scenario_file_heading,
    // Interactive map
    section_explore,
    explore_intro,
    layer_cells,
    layer_service_areas,
    layer_units,
    layer_facilities,
    layer_sites,
    layer_streets,
    layer_routes,
    popup_route,
    popup_cell,
    popup_cell_beyond,
    popup_unit,
    popup_unit_fails,
    explore_beyond,
    explore_unreachable,
    explore_cells_legend,
    explore_needs_script,
    // Isochrones
    isochrones_title,
    isochrones_meta,
    areas_card,
    areas_within,
    areas_legend,
    areas_caption,
    areas_none,
    section_areas,
    col_within,
    col_metres,
    col_area_ha,
    col_holes,
    areas_note,
    col_beyond_snap,
    nodes_edges,
    // Comparison
    comparison_title,
    comparison_meta,
    comparison_card,
    section_targets_compared,
    col_failing_in,
    points_change,
    comparison_service,
    chart_share_each_run,
    legend_gained,
    legend_lost,
    legend_kept,
    legend_facilities_before,
    legend_facilities_after,
    legend_facilities_removed,
    section_not_compared,
    only_in,
    // Boundary check
    boundary_title,
    card_errors,
    card_warnings,
    card_slivers,
    card_units_read,
    boundaries_clean,
    legend_borders,
    legend_error_finding,
    legend_warning,
    findings_caption,
    col_other_unit,
    col_area_m2,
    col_width_m,
    sliver,
    col_usable,
    col_repairs,
    section_tolerances,
    inputs_unchanged,
    // Name check
    names_title,
    card_names,
    card_romanisations,
    names_clean,
    col_group,
    col_encoding,
    col_name_field,
    col_code_field,
    col_names,
    col_undecodable,
    names_notes,
    no_gazetteer,
    gazetteer_notes,
    // Console
    console_written,
    console_covered,
    console_units_covered,
    console_targets,
    console_routes,
    console_report,
    console_stage_done,
    console_siting_median,
    console_siting_coverage,
    console_siting_serves,
    console_siting_target_reached,
    console_siting_target_unreachable,
    console_siting_bound,
    count_ // not a message: how many there are
};

// A message in `language`, its {} slots filled in order; slots left without a
// value stay empty, values beyond the slots are ignored.
LIFECIRCLE_REPORT_EXPORT std::string say(Language language, Msg message,
                                         std::initializer_list<std::string_view> values = {});

// What a check's rule (by id: "overlap", "char_variant" …) means in
// `language`; nullopt where the catalogue leaves it to the check's own
// (English) meaning.
LIFECIRCLE_REPORT_EXPORT std::optional<std::string_view> rule_meaning(Language language, std::string_view rule);

// A progress stage as the library names it ("reading units 'street'",
// "costs from 'care' to 'elderly'") in `language`: a known pattern's words
// translated around the names it holds, else a known opening translated and
// the rest kept; a stage the catalogue lacks stays as given.
LIFECIRCLE_REPORT_EXPORT std::string stage_name(Language language, std::string_view stage);

// The words of one language, as the renderers use them.
class LIFECIRCLE_REPORT_EXPORT Words {
public:
    explicit Words(Language language) noexcept : language_(language) {}
    [[nodiscard]] Language language() const noexcept { return language_; }
    [[nodiscard]] std::string operator()(Msg message, std::initializer_list<std::string_view> values = {}) const {
        return say(language_, message, values);
    }

private:
    Language language_;
};

} // namespace lifecircle
