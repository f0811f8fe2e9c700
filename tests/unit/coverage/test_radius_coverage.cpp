// Radius coverage against a plain brute-force loop over every pair.

#include "lifecircle/coverage.hpp"

#include <doctest/doctest.h>

#include <boost/geometry.hpp>

#include <cmath>
#include <limits>
#include <random>

using namespace lifecircle;

namespace {

std::vector<PlanarPoint> random_points(std::mt19937_64& random, std::size_t count, double extent, bool on_lattice) {
    std::uniform_real_distribution<double> coordinate(0.0, extent);
    std::uniform_int_distribution<int> lattice(0, static_cast<int>(extent / 100.0));
    std::vector<PlanarPoint> points(count);
    for (PlanarPoint& point : points) {
        // On a 100 m lattice, many demand points are equally near several facilities.
        point = on_lattice ? PlanarPoint{lattice(random) * 100.0, lattice(random) * 100.0}
                           : PlanarPoint{coordinate(random), coordinate(random)};
    }
    return points;
}

// The independent reference: every facility for every demand point, lowest index on ties.
NearestFacilityCosts brute_force(const std::vector<PlanarPoint>& demand, const std::vector<PlanarPoint>& facilities) {
    NearestFacilityCosts result;
    for (const PlanarPoint& point : demand) {
        double best = std::numeric_limits<double>::infinity();
        std::uint32_t best_index = no_index;
        for (std::size_t j = 0; j < facilities.size(); ++j) {
            const double dx = point.x - facilities[j].x;
            const double dy = point.y - facilities[j].y;
            const double distance = std::sqrt(dx * dx + dy * dy);
            if (distance < best) {
                best = distance;
                best_index = static_cast<std::uint32_t>(j);
            }
        }
        result.cost_m.push_back(best);
        result.nearest_facility.push_back(best_index);
    }
    return result;
}

// The independent reference for unit assignment: covered_by over every unit, lowest index first.
std::uint32_t first_unit_covering(PlanarPoint point, const std::vector<PlanarMultiPolygon>& units) {
    for (std::size_t u = 0; u < units.size(); ++u) {
        if (boost::geometry::covered_by(point, units[u])) {
            return static_cast<std::uint32_t>(u);
        }
    }
    return no_index;
}

PlanarMultiPolygon square(double x0, double y0, double size) {
    PlanarMultiPolygon squares;
    squares.resize(1);
    squares[0].outer() = {{x0, y0}, {x0, y0 + size}, {x0 + size, y0 + size}, {x0 + size, y0}, {x0, y0}};
    return squares;
}

} // namespace

TEST_CASE("nearest facility equals brute force on random instances, ties included") {
    std::mt19937_64 random(42);
    for (int instance = 0; instance < 200; ++instance) {
        const bool lattice = instance % 2 == 0;
        const std::size_t facility_count = 1 + static_cast<std::size_t>(instance % 40);
        const auto facilities = random_points(random, facility_count, 3000.0, lattice);
        const auto demand = random_points(random, 300, 3000.0, lattice);
        const NearestFacilityCosts engine = nearest_facility_by_radius(demand, facilities);
        const NearestFacilityCosts reference = brute_force(demand, facilities);
        CAPTURE(instance);
        REQUIRE(engine.cost_m == reference.cost_m); // same formula: exactly equal
        REQUIRE(engine.nearest_facility == reference.nearest_facility);
    }
}

TEST_CASE("without facilities every cost is infinite") {
    const std::vector<PlanarPoint> demand{{0, 0}, {5, 5}};
    const NearestFacilityCosts costs = nearest_facility_by_radius(demand, {});
    CHECK(std::isinf(costs.cost_m[0]));
    CHECK(costs.nearest_facility[1] == no_index);
    const std::vector<double> weights{1.0, 2.0};
    const CoverageTotals totals = summarise_coverage(costs.cost_m, weights, Metres{1000});
    CHECK(totals.demand_total == 3.0);
    CHECK(totals.demand_covered == 0.0);
    CHECK(totals.covered_share() == 0.0);
}

TEST_CASE("the threshold is inclusive") {
    const std::vector<double> costs{999.0, 1000.0, 1000.0001};
    const std::vector<double> weights{1.0, 10.0, 100.0};
    const CoverageTotals totals = summarise_coverage(costs, weights, Metres{1000});
    CHECK(totals.demand_covered == 11.0);
    CHECK(totals.points_covered == 2);
    CHECK(totals.covered_share() == doctest::Approx(11.0 / 111.0));
}

TEST_CASE("unit assignment equals a brute-force covered_by over every unit") {
    std::mt19937_64 random(7);
    // A 4 x 4 block of 500 m squares with a gap column, so some points fall in no unit.
    std::vector<PlanarMultiPolygon> units;
    for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) {
            if (i != 2) {
                units.push_back(square(i * 500.0, j * 500.0, 500.0));
            }
        }
    }
    const auto demand = random_points(random, 2000, 2100.0, false);
    const std::vector<double> weights(demand.size(), 2.0);
    const UnitAssignment assignment = assign_to_units(demand, weights, units);
    std::uint64_t outside = 0;
    for (std::size_t i = 0; i < demand.size(); ++i) {
        const std::uint32_t expected = first_unit_covering(demand[i], units);
        outside += expected == no_index ? 1U : 0U;
        REQUIRE(assignment.unit_of_point[i] == expected);
    }
    CHECK(outside > 0);
    CHECK(assignment.points_outside == outside);
    CHECK(assignment.weight_outside == 2.0 * static_cast<double>(outside));
}

// A star-shaped ring about `centre` on whole metres, clockwise and closed as
// Boost.Geometry wants it: radii between `inner` and `outer` at 5-16 angles.
PlanarPolygon::ring_type star(std::mt19937_64& random, PlanarPoint centre, double inner, double outer) {
    std::uniform_int_distribution<int> corners(5, 16);
    std::uniform_real_distribution<double> radius(inner, outer);
    const int count = corners(random);
    PlanarPolygon::ring_type ring;
    for (int k = 0; k < count; ++k) {
        const double angle = -2.0 * 3.141592653589793 * k / count; // clockwise
        const double r = radius(random);
        ring.push_back({std::round(centre.x + r * std::cos(angle)), std::round(centre.y + r * std::sin(angle))});
    }
    ring.push_back(ring.front());
    return ring;
}

TEST_CASE("units with holes, several parts and whole-metre corners, queried on the metre lattice: as covered_by") {
    // Points on the lattice lie on horizontal and vertical edges, on corners and
    // on the rows of corners: every case the banded crossing count must hand on
    // to covered_by or get right by itself.
    std::mt19937_64 random(23);
    std::uniform_real_distribution<double> where(40.0, 360.0);
    std::vector<PlanarMultiPolygon> units;
    for (int unit = 0; unit < 12; ++unit) {
        PlanarMultiPolygon area;
        for (int part = 0; part < 1 + unit % 3; ++part) {
            PlanarPolygon polygon;
            const PlanarPoint centre{std::round(where(random)), std::round(where(random))};
            polygon.outer() = star(random, centre, 20.0, 45.0);
            if ((unit + part) % 2 == 0) {
                polygon.inners().push_back(star(random, centre, 4.0, 15.0));
                std::reverse(polygon.inners().back().begin(), polygon.inners().back().end()); // holes anticlockwise
            }
            area.push_back(std::move(polygon));
        }
        units.push_back(std::move(area));
    }
    std::vector<PlanarPoint> demand;
    for (int x = 0; x <= 400; x += 1) {
        for (int y = 0; y <= 400; y += 2) {
            demand.push_back({static_cast<double>(x), static_cast<double>(y)});
        }
    }
    const std::vector<std::uint32_t> found = units_containing(demand, units);
    std::size_t inside = 0;
    for (std::size_t i = 0; i < demand.size(); ++i) {
        const std::uint32_t expected = first_unit_covering(demand[i], units);
        inside += expected != no_index ? 1U : 0U;
        if (found[i] != expected) {
            CAPTURE(demand[i].x);
            CAPTURE(demand[i].y);
            REQUIRE(found[i] == expected);
        }
    }
    CHECK(inside > demand.size() / 20); // the units cover a good share of the lattice, holes and all
}

TEST_CASE("a point on a shared border goes to the lower-index unit") {
    const std::vector<PlanarMultiPolygon> units{square(0, 0, 100), square(100, 0, 100)};
    const std::vector<PlanarPoint> demand{{100, 50}, {150, 50}};
    const std::vector<double> weights{1, 1};
    const UnitAssignment assignment = assign_to_units(demand, weights, units);
    CHECK(assignment.unit_of_point == std::vector<std::uint32_t>{0, 1});
    CHECK(assignment.points_in_several == 0); // a shared border is not an overlap
}

TEST_CASE("points inside overlapping units are counted against a brute-force within") {
    std::mt19937_64 random(11);
    // Squares of 500 m every 400 m: each overlaps its neighbours by 100 m.
    std::vector<PlanarMultiPolygon> units;
    for (int i = 0; i < 4; ++i) {
        units.push_back(square(i * 400.0, 0.0, 500.0));
    }
    units.push_back(units[1]); // and a copy, as a unit given twice
    auto demand = random_points(random, 3000, 2000.0, false);
    demand.push_back({400, 100}); // on the border of unit 1 and inside unit 0
    const std::vector<double> weights(demand.size(), 3.0);
    const UnitAssignment assignment = assign_to_units(demand, weights, units);
    std::uint64_t in_several = 0;
    for (const PlanarPoint& point : demand) {
        int containing = 0;
        for (const PlanarMultiPolygon& unit : units) {
            containing += boost::geometry::within(point, unit) ? 1 : 0;
        }
        in_several += containing > 1 ? 1U : 0U;
    }
    CHECK(in_several > 100);
    CHECK(assignment.points_in_several == in_several);
    CHECK(assignment.weight_in_several == 3.0 * static_cast<double>(in_several));
}

TEST_CASE("units no plan could mean: self-intersecting, a continent across, or not projected") {
    PlanarMultiPolygon bow_tie;
    bow_tie.resize(1);
    bow_tie[0].outer() = {{0, 0}, {100, 100}, {100, 0}, {0, 60}, {0, 0}}; // lobes of unequal area
    PlanarMultiPolygon unprojected = square(0, 0, 10);
    unprojected[0].outer()[1].y = std::numeric_limits<double>::infinity();
    const std::vector<PlanarMultiPolygon> units{square(0, 0, 100),       bow_tie,     square(0, 0, 1'000'001),
                                                square(0, 0, 1'000'000), unprojected, PlanarMultiPolygon{}};
    const std::vector<ImplausibleUnit> found = implausible_units(units);
    REQUIRE(found.size() == 3);
    CHECK(found[0].unit == 1);
    CHECK(found[0].reason == "is not a valid polygon (its boundary crosses itself)");
    CHECK(found[1].unit == 2);
    CHECK(found[1].reason.find("is 1000001 m across") == 0);
    CHECK(found[2].unit == 4);
    CHECK(found[2].reason.find("do not project") != std::string::npos);
}

TEST_CASE("per-unit totals add up to the totals of points inside units") {
    const std::vector<PlanarMultiPolygon> units{square(0, 0, 100), square(100, 0, 100)};
    const std::vector<PlanarPoint> demand{{10, 10}, {20, 20}, {150, 50}, {500, 500}};
    const std::vector<double> weights{1, 2, 4, 8};
    const std::vector<double> costs{100, 2000, 50, 10};
    const UnitAssignment assignment = assign_to_units(demand, weights, units);
    const auto totals = coverage_by_unit(assignment, units.size(), costs, weights, Metres{1000});
    CHECK(totals[0].demand_total == 3.0);
    CHECK(totals[0].demand_covered == 1.0);
    CHECK(totals[1].demand_total == 4.0);
    CHECK(totals[1].demand_covered == 4.0);
    CHECK(assignment.weight_outside == 8.0);
}

TEST_CASE("straight-line reach sets equal a scan of every pair") {
    std::mt19937_64 random(11);
    const auto demand = random_points(random, 800, 3000.0, false);
    const auto sources = random_points(random, 40, 3000.0, true);
    const Metres radius{450.0};
    const ReachSets reach = reach_by_radius(demand, sources, radius);
    REQUIRE(reach.offsets.size() == sources.size() + 1);
    for (std::size_t s = 0; s < sources.size(); ++s) {
        std::vector<std::uint32_t> expected;
        for (std::size_t d = 0; d < demand.size(); ++d) {
            const double dx = demand[d].x - sources[s].x;
            const double dy = demand[d].y - sources[s].y;
            if (std::sqrt(dx * dx + dy * dy) <= radius.value) {
                expected.push_back(static_cast<std::uint32_t>(d));
            }
        }
        const std::vector<std::uint32_t> found(reach.demand.begin() + static_cast<std::ptrdiff_t>(reach.offsets[s]),
                                               reach.demand.begin() +
                                                   static_cast<std::ptrdiff_t>(reach.offsets[s + 1]));
        REQUIRE(found == expected);
    }
}
