#pragma once
// summary.json of the boundary and name checks as typed values
// (docs/check-boundaries.md, docs/check-names.md).

#include "lifecircle/features.hpp"
#include "lifecircle/io.hpp"
#include "lifecircle/json_schema.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lifecircle {

struct RuleCount {
    std::string severity; // "error" or "warning"
    std::uint64_t count = 0;
    std::string meaning;
};
void describe(Of<RuleCount> auto& self, auto& field) {
    field("severity", self.severity);
    field("count", self.count);
    field("meaning", self.meaning);
}

// What every check counts: rules in their documented order, and per level.
struct FindingCounts {
    std::uint64_t findings = 0;
    std::uint64_t errors = 0;
    std::uint64_t warnings = 0;
    schema::Keyed<RuleCount> by_rule;                     // the rules that found something
    schema::Keyed<schema::Keyed<std::uint64_t>> by_level; // every level, its rules in documented order
};
void describe(Of<FindingCounts> auto& self, auto& field) {
    field("findings", self.findings);
    field("errors", self.errors);
    field("warnings", self.warnings);
    field("by_rule", self.by_rule);
    field("by_level", self.by_level);
}

// ---- check-boundaries ------------------------------------------------------

struct ToleranceSummary {
    double edge_distance_m = 0.0;
    double sliver_width_m = 0.0;
    double sliver_thinness = 0.0;
    double gap_width_m = 0.0;
    double nesting_area_m2 = 0.0;
    double enclave_share = 0.0;
    std::string codes; // "gb" or "any"
};
void describe(Of<ToleranceSummary> auto& self, auto& field) {
    field("edge_distance_m", self.edge_distance_m);
    field("sliver_width_m", self.sliver_width_m);
    field("sliver_thinness", self.sliver_thinness);
    field("gap_width_m", self.gap_width_m);
    field("nesting_area_m2", self.nesting_area_m2);
    field("enclave_share", self.enclave_share);
    field("codes", self.codes);
}

struct BoundaryLevelSummary {
    InputReport read;
    std::string level;
    std::string where;
    std::string code_field;
    std::string name_field;
    std::string parent_field;
    std::uint64_t repairs = 0;
};
void describe(Of<BoundaryLevelSummary> auto& self, auto& field) {
    field.flatten(self.read);
    field("level", self.level);
    field("where", self.where);
    field("code_field", self.code_field);
    field("name_field", self.name_field);
    field("parent_field", self.parent_field);
    field("repairs", self.repairs);
}

struct BoundaryCheckSummary {
    std::string lifecircle_version;
    std::string check = "boundaries";
    std::string working_crs;
    ToleranceSummary tolerances;
    std::vector<BoundaryLevelSummary> levels; // coarsest first
    FindingCounts counts;
    std::uint64_t slivers = 0;
    std::vector<std::string> outputs; // every file written, summary.json last
};
void describe(Of<BoundaryCheckSummary> auto& self, auto& field) {
    field("lifecircle_version", self.lifecircle_version);
    field("check", self.check);
    field("working_crs", self.working_crs);
    field("tolerances", self.tolerances);
    field("levels", self.levels);
    field.flatten(self.counts);
    field("slivers", self.slivers);
    field("outputs", self.outputs);
}

// ---- check-names -----------------------------------------------------------

struct NameSourceSummary {
    InputReport read;
    std::string where;
    std::string encoding;
    std::string name_field;
    std::string code_field;
    std::string parent_field;
    std::string pinyin_field;
    std::uint64_t undecodable_fields = 0;
};
void describe(Of<NameSourceSummary> auto& self, auto& field) {
    field.flatten(self.read);
    field("where", self.where);
    field("encoding", self.encoding);
    field("name_field", self.name_field);
    field("code_field", self.code_field);
    field("parent_field", self.parent_field);
    field("pinyin_field", self.pinyin_field);
    field("undecodable_fields", self.undecodable_fields);
}

struct GazetteerSummary {
    std::string directory;
    std::uint64_t units = 0;
    std::uint64_t codes_outside_its_coverage = 0;
};
void describe(Of<GazetteerSummary> auto& self, auto& field) {
    field("directory", self.directory);
    field("units", self.units);
    field("codes_outside_its_coverage", self.codes_outside_its_coverage);
}

struct NameCheckSummary {
    std::string lifecircle_version;
    std::string check = "names";
    std::vector<NameSourceSummary> sources;
    std::uint64_t names = 0;
    std::map<std::string, std::uint64_t> names_by_level;
    std::uint64_t names_without_scope = 0;
    std::uint64_t pinyin_checked = 0;
    std::uint64_t romanisations_to_confirm = 0;
    std::optional<GazetteerSummary> gazetteer;
    FindingCounts counts;
    std::vector<std::string> outputs;
};
void describe(Of<NameCheckSummary> auto& self, auto& field) {
    field("lifecircle_version", self.lifecircle_version);
    field("check", self.check);
    field("sources", self.sources);
    field("names", self.names);
    field("names_by_level", self.names_by_level);
    field("names_without_scope", self.names_without_scope);
    field("pinyin_checked", self.pinyin_checked);
    field("romanisations_to_confirm", self.romanisations_to_confirm);
    field("gazetteer", self.gazetteer);
    field.flatten(self.counts);
    field("outputs", self.outputs);
}

} // namespace lifecircle
