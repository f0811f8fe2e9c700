#pragma once
// Checks of place names and division codes before publication (地名管理条例
// 第九条): characters outside 通用规范汉字表 and traditional forms, names
// repeated or sounding alike where the regulation forbids it, generics that
// disagree with the code, codes against the official gazetteer, and
// romanisations against the rules. Every finding carries a stable rule id
// (docs/check-names.md). The input is never changed.

#include "lifecircle/check_summary.hpp"
#include "lifecircle/checks_export.hpp"
#include "lifecircle/io.hpp"
#include "lifecircle/messages.hpp"
#include "lifecircle/name_rule.hpp"
#include "lifecircle/progress.hpp"
#include "lifecircle/severity.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lifecircle {

// Which fields of a table or layer hold what; only the name is required.
struct NameFields {
    std::string name;
    std::string code;   // the division code (6, 9 or 12 digits)
    std::string parent; // the parent's code
    std::string pinyin; // a romanisation to check
};

struct NameSourceSpec {
    SourceSpec source; // any table or layer GDAL opens: CSV, GeoPackage, Shapefile, GeoJSON ...
    NameFields fields;
    std::string encoding; // of the bytes in the file (GBK, GB18030, UTF-8 ...); empty: a Shapefile's .cpg, else UTF-8
};

// The level a name belongs to, by its code's length or else its generic: it
// decides where the name must be unique (第九条(七)(八)).
enum class NameLevel { county, township, village, other };
LIFECIRCLE_CHECKS_EXPORT const char* to_string(NameLevel level) noexcept;

struct NameRecord {
    std::size_t source = 0;      // index into NameCheckResult::sources
    std::int64_t feature_id = 0; // as GDAL numbers it (a CSV's first data row is 1)
    std::string name;            // decoded and in Unicode NFC; empty when undecodable
    std::string code;
    std::string parent_code;
    std::string pinyin;
    NameLevel level = NameLevel::other;
    bool decoded = true;                  // false when a field was not in the file's encoding
    std::string romanised;                // the standard romanisation lifecircle writes for it
    std::vector<std::string> polyphonic;  // characters of the romanisation a person must confirm
    std::vector<unsigned char> wkb_wgs84; // the feature's geometry when the input has one
};

struct NameFinding {
    NameRule rule = NameRule::undecodable;
    Severity severity = Severity::error; // the rule's
    std::optional<std::size_t> record;   // the name concerned; none for a unit missing from the input
    std::string code;
    std::string name;
    std::string characters; // the characters concerned
    std::string message;
    std::vector<std::string> group; // the other names of a duplicate or homophone group: "code name"
};

struct NameCheckOptions {
    // The official code list (provinces.csv, cities.csv, areas.csv,
    // streets.csv, villages.csv as in ../shared/data/gazetteer-nbs2023); empty: no gazetteer checks.
    std::filesystem::path gazetteer;
    std::string gazetteer_encoding;     // its text encoding; empty: UTF-8
    std::size_t readings_per_name = 64; // homophones are looked for among at most this many readings of a name
};

struct NameSourceResult {
    NameSourceSpec spec;
    InputReport report;
    std::uint64_t undecodable = 0;
};

struct GazetteerUse {
    std::filesystem::path directory;
    std::uint64_t units = 0;            // read from its files
    std::uint64_t outside_coverage = 0; // input codes whose parent the gazetteer lists no units under
};

struct NameCheckResult {
    std::vector<NameSourceResult> sources;
    std::vector<NameRecord> records;
    std::vector<NameFinding> findings;
    std::optional<GazetteerUse> gazetteer;
    std::uint64_t pinyin_checked = 0;
    std::uint64_t unscoped = 0; // names whose level or code does not say where they must be unique
};

LIFECIRCLE_CHECKS_EXPORT NameCheckResult check_names(const std::vector<NameSourceSpec>& sources,
                                                     const NameCheckOptions& options,
                                                     const ProgressCallback& progress = {});

// summary.json of a check (docs/check-names.md).
LIFECIRCLE_CHECKS_EXPORT NameCheckSummary summarise(const NameCheckResult& result);

// Writes findings.csv (every finding, with its group), names.csv (every name
// with its level and standard romanisation), the findings as a layer in
// `format` when the input has geometry, summary.json and report.html (in
// `language`), all or nothing, never over an input.
LIFECIRCLE_CHECKS_EXPORT NameCheckSummary write_name_check(const NameCheckResult& result,
                                                           const std::filesystem::path& directory, VectorFormat format,
                                                           Language language = Language::zh);

} // namespace lifecircle
