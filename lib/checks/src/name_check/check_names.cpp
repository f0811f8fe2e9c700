#include "lifecircle/name_check.hpp"

#include "lifecircle/division_code.hpp"
#include "lifecircle/error.hpp"
#include "lifecircle/hanzi.hpp"
#include "lifecircle/pinyin.hpp"
#include "lifecircle/place_name.hpp"

#include "name_check/gazetteer.hpp"
#include "name_check/read_names.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace lifecircle {
namespace {
using detail::Gazetteer;

NameLevel level_of(const NameRecord& record) {
    if (is_division_code(record.code)) {
        return record.code.size() == 6 ? NameLevel::county
                                       : (record.code.size() == 9 ? NameLevel::township : NameLevel::village);
    }
    if (township_kind_of_name(record.name)) {
        return NameLevel::township;
    }
    if (village_kind_of_name(record.name)) {
        return NameLevel::village;
    }
    const std::string generic = split_place_name(record.name).generic;
    for (const char* county : {"区", "县", "市", "旗", "自治县", "自治旗", "林区", "特区"}) {
        if (generic == county) {
            return NameLevel::county;
        }
    }
    return NameLevel::other;
}

// Where a name must be unique (地名管理条例 第九条(七)(八)): county-level
// and higher names in all of China, 乡 and 镇 (and 街道) names within their
// province, community and village names within their county. Empty when the
// code (or, without one, the parent code) does not say.
std::string scope_of(NameLevel level, const std::string& code, const std::string& parent) {
    const std::string& known = is_division_code(code) ? code : parent;
    switch (level) {
    case NameLevel::county:
        return "CN";
    case NameLevel::township:
        return known.size() >= 2 && is_division_code(known) ? std::string("province ") + known.substr(0, 2)
                                                            : std::string();
    case NameLevel::village:
        return known.size() >= 9 && is_division_code(known) ? std::string("county ") + known.substr(0, 6)
                                                            : std::string();
    case NameLevel::other:
        break;
    }
    return {};
}

// The name read with each character's most customary reading, toneless, syllables apart.
std::string customary_reading(const std::string& name) {
    std::string reading;
    for (const char32_t character : hanzi::decode_utf8(name).value_or(std::u32string())) {
        const std::vector<std::string_view> readings = hanzi::readings(character);
        reading += reading.empty() ? "" : " ";
        reading += readings.empty() ? hanzi::encode_utf8(character) : strip_tones(readings.front());
    }
    return reading;
}

// How many syllables of two readings differ ("cheng shi" and "sheng shi": 1).
std::size_t syllables_apart(const std::string& a, const std::string& b) {
    std::istringstream one(a);
    std::istringstream other(b);
    std::size_t apart = 0;
    std::string x;
    std::string y;
    while (true) {
        const bool more_x = static_cast<bool>(one >> x);
        const bool more_y = static_cast<bool>(other >> y);
        if (!more_x && !more_y) {
            return apart;
        }
        apart += !more_x || !more_y || x != y ? 1U : 0U;
    }
}

std::string label(const std::string& code, const std::string& name) {
    return code.empty() ? name : code + " " + name;
}

// A name compared within its scope: from the input, or from the gazetteer.
struct Participant {
    std::string scope;
    std::string canonical;
    std::string code;
    std::string name;
    std::optional<std::size_t> record; // none: a gazetteer unit
    [[nodiscard]] std::string shown() const { return label(code, name) + (record ? "" : " (gazetteer)"); }
};

class Checker {
public:
    Checker(NameCheckResult& result, const NameCheckOptions& options, const ProgressCallback& progress)
        : result_(result), options_(options), progress_(progress) {}

    void run(const Gazetteer* gazetteer) {
        report_progress(progress_, 0.0, "checking each name");
        for (std::size_t index = 0; index < result_.records.size(); ++index) {
            check_one(index);
            if (index % 20000 == 0) {
                report_progress(progress_, static_cast<double>(index) / static_cast<double>(result_.records.size()),
                                "checking each name");
            }
        }
        check_codes();
        gather_participants(gazetteer);
        report_progress(progress_, 0.0, "duplicates and homophones");
        check_duplicates();
        check_homophones();
        if (gazetteer != nullptr) {
            report_progress(progress_, 0.0, "comparing with the gazetteer");
            check_against(*gazetteer);
        }
        report_progress(progress_, 1.0, "comparing with the gazetteer");
    }

private:
    NameFinding& add(std::optional<std::size_t> record, NameRule rule, std::string message) {
        NameFinding& finding = result_.findings.emplace_back();
        finding.rule = rule;
        finding.severity = describe(rule).severity;
        finding.record = record;
        finding.message = std::move(message);
        return finding;
    }

    void check_one(std::size_t index) {
        NameRecord& record = result_.records[index];
        record.level = level_of(record);
        const std::string canonical = canonical_name(record.name);
        const Romanisation romanised = romanise(canonical);
        record.romanised = romanised.text;
        record.polyphonic = romanised.polyphonic;
        if (record.name.empty()) {
            if (record.decoded) {
                add(index, NameRule::name_missing, "has no name");
            }
            return;
        }
        if (!record.pinyin.empty()) {
            ++result_.pinyin_checked;
            for (const CharacterFinding& pinyin : check_pinyin(record.name, record.pinyin)) {
                NameFinding& finding = add(index, pinyin.rule, "'" + record.pinyin + "': " + pinyin.message);
                finding.characters = pinyin.characters;
            }
        }
        check_generic(index);
    }

    // The generic must agree with the code: 街道 001-099, 镇 100-199, 乡
    // 200-399 in a 9-digit code; a 12-digit 001-199 is usually a 社区 or
    // 居委会, 200-399 a 村 (a warning: the ranges are a custom, not a rule).
    void check_generic(std::size_t index) {
        const NameRecord& record = result_.records[index];
        if (record.code.size() == 9) {
            const std::optional<TownshipKind> by_code = township_kind(record.code);
            const std::optional<TownshipKind> by_name = township_kind_of_name(record.name);
            if (by_code && by_name != by_code) {
                add(index, NameRule::generic_code,
                    "code " + record.code + " is in the range of a " + generic_and_range(*by_code) + ", but the name " +
                        (by_name ? std::string("says ") + generic_and_range(*by_name)
                                 : std::string("ends in no township generic (街道, 镇, 乡)")));
            }
        } else if (record.code.size() == 12) {
            const std::optional<VillageKind> by_code = village_kind(record.code);
            const std::optional<VillageKind> by_name = village_kind_of_name(record.name);
            if (by_code && by_name != by_code) {
                const auto what = [](VillageKind kind) {
                    return kind == VillageKind::community ? "社区 or 居委会 (001-199)" : "村 (200-399)";
                };
                add(index, NameRule::generic_code_village,
                    "code " + record.code + " is in the range usually of a " + what(*by_code) + ", but the name " +
                        (by_name ? std::string("says ") + what(*by_name)
                                 : std::string("ends in neither 社区, 居委会 nor 村")));
            }
        }
    }

    void check_codes() {
        std::unordered_map<std::string, std::size_t> first_use;
        for (std::size_t index = 0; index < result_.records.size(); ++index) {
            const NameRecord& record = result_.records[index];
            if (result_.sources[record.source].spec.fields.code.empty() || !record.decoded) {
                continue;
            }
            if (record.code.empty()) {
                add(index, NameRule::code_missing, "has no code");
                continue;
            }
            if (!is_division_code(record.code)) {
                add(index, NameRule::code_format,
                    "code '" + record.code +
                        "' is neither a 6-digit GB/T 2260 code nor a 9- or 12-digit statistical code");
                continue;
            }
            const auto [earlier, first] = first_use.emplace(record.code, index);
            if (!first) {
                const NameRecord& other = result_.records[earlier->second];
                NameFinding& finding =
                    add(index, NameRule::code_duplicate, "has the code of " + label(other.code, other.name));
                finding.group.push_back(label(other.code, other.name));
            }
            if (is_division_code(record.parent_code)) {
                const std::string prefix = code_prefix(record.parent_code);
                if (!record.code.starts_with(prefix) || record.code.size() <= record.parent_code.size()) {
                    add(index, NameRule::code_parent_prefix,
                        "code " + record.code + " does not extend its parent's " + record.parent_code);
                }
            }
        }
        codes_in_input_.reserve(first_use.size());
        for (const auto& [code, index] : first_use) {
            codes_in_input_.insert(code);
        }
    }

    // The input's names, and the gazetteer's units of the same scopes that the
    // input does not hold, all compared with one another.
    void gather_participants(const Gazetteer* gazetteer) {
        std::unordered_set<std::string> scopes;
        for (std::size_t index = 0; index < result_.records.size(); ++index) {
            const NameRecord& record = result_.records[index];
            std::string scope = scope_of(record.level, record.code, record.parent_code);
            if (scope.empty() || record.name.empty()) {
                result_.unscoped += record.name.empty() ? 0U : 1U;
                continue;
            }
            scopes.insert(scope);
            participants_.push_back({std::move(scope), canonical_name(record.name), record.code, record.name, index});
        }
        if (gazetteer == nullptr) {
            return;
        }
        for (const auto& [code, name] : gazetteer->units()) {
            if (codes_in_input_.count(code) > 0) {
                continue;
            }
            const NameLevel level =
                code.size() == 6 ? NameLevel::county : (code.size() == 9 ? NameLevel::township : NameLevel::village);
            std::string scope = scope_of(level, code, {});
            if (scopes.count(scope) > 0) {
                participants_.push_back({std::move(scope), canonical_name(name), code, name, std::nullopt});
            }
        }
        // The same order whatever the hash tables did.
        std::sort(participants_.begin(), participants_.end(), [](const Participant& a, const Participant& b) {
            return std::tie(a.scope, a.code, a.name) < std::tie(b.scope, b.code, b.name);
        });
    }

    void check_duplicates() {
        std::map<std::pair<std::string_view, std::string_view>, std::vector<std::size_t>> groups;
        for (std::size_t at = 0; at < participants_.size(); ++at) {
            groups[{participants_[at].scope, participants_[at].canonical}].push_back(at);
        }
        for (const auto& [key, members] : groups) {
            if (members.size() < 2) {
                continue;
            }
            for (const std::size_t member : members) {
                const Participant& participant = participants_[member];
                if (!participant.record) {
                    continue;
                }
                NameFinding& finding = add(participant.record, NameRule::duplicate_name, {});
                for (const std::size_t other : members) {
                    if (other != member) {
                        finding.group.push_back(participants_[other].shown());
                    }
                }
                finding.message = "the name is used " + std::to_string(members.size()) + " times in " +
                                  describe_scope(participant.scope) + " (地名管理条例 第九条)";
            }
        }
    }

    static std::string describe_scope(const std::string& scope) {
        if (scope == "CN") {
            return "China (county level and above)";
        }
        return scope + (scope.starts_with("province") ? " (乡, 镇 and 街道)" : " (社区 and 村)");
    }

    // Names that sound alike: one toneless reading in common, the names
    // themselves different. Readings are hashed with their scope and sorted,
    // so that 620,000 names need no table of strings.
    void check_homophones() {
        std::vector<std::pair<std::uint64_t, std::uint32_t>> keys;
        const std::hash<std::string> hash;
        for (std::size_t at = 0; at < participants_.size(); ++at) {
            const Participant& participant = participants_[at];
            for (const std::string& reading : toneless_readings(participant.canonical, options_.readings_per_name)) {
                keys.emplace_back(hash(participant.scope + '|' + reading), static_cast<std::uint32_t>(at));
            }
        }
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        std::map<std::size_t, std::set<std::size_t>> sounds_like; // participant → others
        for (std::size_t first = 0; first < keys.size();) {
            std::size_t last = first;
            while (last < keys.size() && keys[last].first == keys[first].first) {
                ++last;
            }
            for (std::size_t a = first; a < last; ++a) {
                const Participant& one = participants_[keys[a].second];
                if (!one.record) {
                    continue;
                }
                for (std::size_t b = first; b < last; ++b) {
                    const Participant& other = participants_[keys[b].second];
                    if (a != b && other.canonical != one.canonical && other.scope == one.scope) {
                        sounds_like[keys[a].second].insert(keys[b].second);
                    }
                }
            }
            first = last;
        }
        for (const auto& [member, others] : sounds_like) {
            const Participant& participant = participants_[member];
            const std::vector<std::string> own = toneless_readings(participant.canonical, options_.readings_per_name);
            NameFinding& finding = add(participant.record, NameRule::homophone, {});
            // Shown: of the readings the names share, the nearest to the customary one.
            const std::string customary = customary_reading(participant.canonical);
            std::string shared;
            std::size_t shared_distance = SIZE_MAX;
            for (const std::size_t other : others) {
                // A hash is not proof: keep only the names that truly share a reading.
                const std::vector<std::string> theirs =
                    toneless_readings(participants_[other].canonical, options_.readings_per_name);
                bool sounds_alike = false;
                for (const std::string& reading : own) {
                    if (std::find(theirs.begin(), theirs.end(), reading) == theirs.end()) {
                        continue;
                    }
                    sounds_alike = true;
                    const std::size_t distance = syllables_apart(reading, customary);
                    if (distance < shared_distance) {
                        shared = reading;
                        shared_distance = distance;
                    }
                }
                if (sounds_alike) {
                    finding.group.push_back(participants_[other].shown());
                }
            }
            if (finding.group.empty()) {
                result_.findings.pop_back();
                continue;
            }
            finding.message = "sounds like " + std::to_string(finding.group.size()) + " other name" +
                              std::string(finding.group.size() == 1 ? "" : "s") + " in " +
                              describe_scope(participant.scope) + " (toneless: " + shared + ")";
        }
    }

    void check_against(const Gazetteer& gazetteer) {
        GazetteerUse& use = *result_.gazetteer;
        std::set<std::pair<std::size_t, std::string>> parents; // length, parent prefix
        for (std::size_t index = 0; index < result_.records.size(); ++index) {
            const NameRecord& record = result_.records[index];
            if (!is_division_code(record.code)) {
                continue;
            }
            const std::string parent = parent_prefix(record.code);
            if (gazetteer.children(record.code.size(), parent) == nullptr) {
                ++use.outside_coverage; // the gazetteer lists nothing here to compare with
                continue;
            }
            parents.emplace(record.code.size(), parent);
            const std::string* listed = gazetteer.name_of(record.code);
            if (listed == nullptr) {
                add(index, NameRule::gazetteer_unknown,
                    "code " + record.code + " is not in the gazetteer, which lists its siblings");
            } else if (!record.name.empty() && canonical_name(*listed) != canonical_name(record.name)) {
                NameFinding& finding =
                    add(index, NameRule::gazetteer_renamed, "the gazetteer names " + record.code + " " + *listed);
                finding.group.push_back(label(record.code, *listed) + " (gazetteer)");
            }
        }
        for (const auto& [length, parent] : parents) {
            for (const std::string& code : *gazetteer.children(length, parent)) {
                if (codes_in_input_.count(code) == 0) {
                    NameFinding& finding =
                        add(std::nullopt, NameRule::gazetteer_missing,
                            "the gazetteer lists this unit under " + parent + ", but the input does not hold it");
                    finding.code = code;
                    finding.name = *gazetteer.name_of(code);
                }
            }
        }
    }

    NameCheckResult& result_;
    const NameCheckOptions& options_;
    const ProgressCallback& progress_;
    std::unordered_set<std::string> codes_in_input_;
    std::vector<Participant> participants_;
};

} // namespace

const char* to_string(NameLevel level) noexcept {
    switch (level) {
    case NameLevel::county:
        return "county";
    case NameLevel::township:
        return "township";
    case NameLevel::village:
        return "village";
    case NameLevel::other:
        break;
    }
    return "other";
}

NameCheckResult check_names(const std::vector<NameSourceSpec>& sources, const NameCheckOptions& options,
                            const ProgressCallback& progress) {
    if (sources.empty()) {
        throw Error(ExitCode::usage, {}, "give at least one table or layer of names to check");
    }
    NameCheckResult result;
    report_progress(progress, 0.0, "reading names");
    for (std::size_t index = 0; index < sources.size(); ++index) {
        NameSourceResult& source = result.sources.emplace_back();
        source.spec = sources[index];
        detail::read_names(sources[index], index, source, result.records, result.findings);
    }
    std::optional<Gazetteer> gazetteer;
    if (!options.gazetteer.empty()) {
        gazetteer = Gazetteer::read(options.gazetteer, options.gazetteer_encoding, progress);
        result.gazetteer = GazetteerUse{options.gazetteer, gazetteer->size(), 0};
    }
    Checker(result, options, progress).run(gazetteer ? &*gazetteer : nullptr);
    // Each finding names its unit; findings in the order of the input.
    for (NameFinding& finding : result.findings) {
        if (finding.record) {
            finding.code = result.records[*finding.record].code;
            finding.name = result.records[*finding.record].name;
        }
    }
    std::stable_sort(result.findings.begin(), result.findings.end(), [](const NameFinding& a, const NameFinding& b) {
        return a.record.value_or(SIZE_MAX) < b.record.value_or(SIZE_MAX);
    });
    return result;
}

} // namespace lifecircle
