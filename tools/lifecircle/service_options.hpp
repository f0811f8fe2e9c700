#pragma once
// The options that name one service from command-line sources (population,
// facilities, roads, units, threshold), shared by the commands that compute
// one: coverage and site. They build the same Scenario a file would.

#include "input_options.hpp"

#include "lifecircle/scenario.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace lifecircle::cli {

class ServiceOptions {
public:
    // Facilities are required unless the command can start from none (site).
    enum class Facilities { required, optional };
    void add_to(CLI::App& command, Facilities facilities = Facilities::required);
    // One service, `service_id`, of facilities "facilities" for demand "population".
    [[nodiscard]] Scenario scenario(const std::string& name, const std::string& service_id) const;
    [[nodiscard]] SourceSpec source(const std::string& text, const std::string& crs,
                                    const std::string& encoding = {}) const;
    [[nodiscard]] static std::string label_of(const SourceSpec& source);

private:
    CLI::App* command_ = nullptr;
    std::vector<std::string> population_;
    std::string population_field_;
    std::string population_crs_;
    std::string population_encoding_;
    std::string facilities_;
    std::string facilities_crs_;
    std::string facilities_encoding_;
    std::string capacity_field_;
    std::string units_;
    UnitFields unit_fields_;
    std::string units_crs_;
    std::string units_encoding_;
    std::string roads_;
    std::string roads_crs_;
    std::string roads_encoding_;
    std::string roads_where_;
    std::string min_component_nodes_;
    bool within_units_ = false;
    std::string facilities_where_;
    double snap_limit_ = default_snap_limit.value;
    double minutes_ = 0.0;
    double metres_ = 0.0;
    double walk_kmh_ = default_walking_speed.value;
    std::string profile_ = "walk";
    std::string working_crs_ = "auto";
    bool skip_invalid_ = false;
};

} // namespace lifecircle::cli
