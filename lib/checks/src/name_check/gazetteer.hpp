#pragma once
// The official code list the names are checked against (统计用区划代码, as in
// ../shared/data/gazetteer-nbs2023): code → name, and which units it lists
// under each parent.

#include "lifecircle/progress.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace lifecircle::detail {

class Gazetteer {
public:
    // Reads whichever of provinces.csv, cities.csv, areas.csv, streets.csv and
    // villages.csv the directory holds (columns code and name); at least one.
    // Provinces and prefectures get their GB/T 2260 six digits (42 → 420000);
    // the statistical placeholders 市辖区 and 县 are left out.
    static Gazetteer read(const std::filesystem::path& directory, const std::string& encoding,
                          const ProgressCallback& progress);

    // The name listed for a code; nullptr when there is none.
    [[nodiscard]] const std::string* name_of(const std::string& code) const;

    // The codes listed with `length` digits under a parent (parent_prefix of
    // each); nullptr when the gazetteer lists none there.
    [[nodiscard]] const std::vector<std::string>* children(std::size_t length, const std::string& parent) const;

    [[nodiscard]] std::size_t size() const noexcept { return names_.size(); }

    // Every unit, for the checks that compare names within a scope.
    [[nodiscard]] const std::unordered_map<std::string, std::string>& units() const noexcept { return names_; }

private:
    // Adds a unit; a code already listed keeps its first name, which is
    // returned if it differs from `name` (nullptr otherwise).
    const std::string* add(std::string code, std::string name);

    std::unordered_map<std::string, std::string> names_;
    std::unordered_map<std::string, std::vector<std::string>> children_; // "length:parent" → codes
};

} // namespace lifecircle::detail
