#include "lifecircle/roads.hpp"

namespace lifecircle {

WalkingGraph build_walking_graph(const RoadSource& roads, const WorkingCrs& crs, const GraphOptions& options) {
    const std::vector<PlanarPoint> planar = crs.project(roads.vertices);
    return WalkingGraph::build(planar, roads, options);
}

} // namespace lifecircle
