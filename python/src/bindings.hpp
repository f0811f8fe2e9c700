#pragma once
// The module's parts, each bound in its own file.

#include <pybind11/pybind11.h>

namespace lifecircle::python {

namespace py = pybind11;

void bind_network(py::module_& module);  // WorkingCrs, Network, Snaps, ReachSets, searches, service areas
void bind_measures(py::module_& module); // coverage, per unit, 2SFCA, Gini, Palma
void bind_siting(py::module_& module);   // the four siting models
void bind_runs(py::module_& module);     // reading demand, scenario runs and the checks

} // namespace lifecircle::python
