// Name checks on every community and village of China: the 620,573 names of
// ../shared/data/gazetteer-nbs2023/villages.csv, compared with the whole
// gazetteer (every unit takes part in the duplicate and homophone checks of
// its scope). Prints time and peak memory per phase and the findings per rule.
//
//   bench_name_check [SHARED_DATA_DIR] [READINGS_PER_NAME]

#include "bench_support.hpp"

#include "lifecircle/name_check.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace lifecircle;
using bench::Clock;
using bench::peak_resident_mib;
using bench::seconds_since;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
    const fs::path shared = argc > 1 ? fs::path(argv[1]) : fs::path(LIFECIRCLE_SHARED_DATA);
    const fs::path gazetteer = shared / "gazetteer-nbs2023";
    if (!fs::exists(gazetteer / "villages.csv")) {
        std::printf("skipped: %s not found\n", (gazetteer / "villages.csv").string().c_str());
        return 0;
    }
    NameSourceSpec villages;
    villages.source.path = gazetteer / "villages.csv";
    villages.fields = {"name", "code", "streetCode", {}};
    NameCheckOptions options;
    options.gazetteer = gazetteer;
    if (argc > 2) {
        options.readings_per_name = std::stoul(argv[2]);
    }
    std::vector<std::pair<std::string, double>> stages; // each stage, when it was first reported
    const auto start = Clock::now();
    const NameCheckResult result = check_names({villages}, options, [&](double, std::string_view stage) {
        if (stages.empty() || stages.back().first != stage) {
            stages.emplace_back(std::string(stage), seconds_since(start));
        }
    });
    const double checking = seconds_since(start);
    std::printf("name checks: %zu names, %zu readings per name at most\n", result.records.size(),
                options.readings_per_name);
    for (const auto& [stage, at] : stages) {
        std::printf("  %-40s from %7.2f s\n", stage.c_str(), at);
    }
    std::printf("check_names                %8.2f s   peak RSS %7.1f MiB   %zu findings\n", checking,
                peak_resident_mib(), result.findings.size());
    const fs::path output = fs::temp_directory_path() / "lifecircle-bench-names";
    fs::remove_all(output);
    const auto write_start = Clock::now();
    const auto summary = write_name_check(result, output, VectorFormat::csv);
    std::printf("write_name_check (CSV)     %8.2f s   peak RSS %7.1f MiB\n", seconds_since(write_start),
                peak_resident_mib());
    std::printf("\n%-22s %-8s %9s\n", "rule", "severity", "findings");
    for (const auto& [rule, counts] : summary.counts.by_rule) {
        std::printf("%-22s %-8s %9llu\n", rule.c_str(), counts.severity.c_str(),
                    static_cast<unsigned long long>(counts.count));
    }
    if (std::getenv("LIFECIRCLE_BENCH_KEEP") == nullptr) {
        fs::remove_all(output);
    } else {
        std::printf("kept %s\n", output.string().c_str());
    }
    return 0;
}
