#pragma once
// The engine values Python holds: a network with its index and CRS, a
// layer's snaps, reach sets. NumPy views of their arrays keep them alive.

#include "lifecircle/coverage.hpp"
#include "lifecircle/features.hpp"
#include "lifecircle/network.hpp"
#include "lifecircle/working_crs.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace lifecircle::python {

// A walking graph and its edge index (which refers to the graph: they live together).
struct PyNetwork {
    std::unique_ptr<WalkingGraph> graph;
    std::unique_ptr<EdgeIndex> index;
    std::optional<WorkingCrs> crs; // when read from a file: the CRS its positions were projected into
    InputReport report;            // when read from a file: what was read and skipped
    // Snaps name edges of one network: they carry its identity, which a search checks.
    std::shared_ptr<const char> identity = std::make_shared<const char>('n');
};

struct PySnaps {
    std::vector<Snap> snaps;
    SnapReport report;
    std::shared_ptr<const char> network; // PyNetwork::identity of the network snapped to
};

} // namespace lifecircle::python
