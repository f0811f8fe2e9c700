#pragma once
// NumPy arrays in and out of the engines: planar points are read in place as
// PlanarPoint (two doubles), and results move into arrays that own them.

#include "lifecircle/error.hpp"
#include "lifecircle/geo.hpp"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lifecircle::python {

namespace py = pybind11;

template <class T>
using InArray = py::array_t<T, py::array::c_style | py::array::forcecast>;

static_assert(sizeof(PlanarPoint) == 2 * sizeof(double) && alignof(PlanarPoint) == alignof(double),
              "an (n, 2) float64 array is read as PlanarPoint in place");

// A bad argument: lifecircle.Error with the usage exit code and the argument's name as its field.
[[noreturn]] inline void argument_error(const std::string& argument, const std::string& message) {
    throw Error(ExitCode::usage, ErrorContext{}.with_field(argument), message);
}

// An (n, 2) array of x, y in metres of one planar CRS, without a copy when it is C-contiguous float64.
inline std::span<const PlanarPoint> planar_points(const InArray<double>& array, const std::string& argument) {
    if (array.ndim() != 2 || array.shape(1) != 2) {
        argument_error(argument, "must be an array of shape (n, 2): x and y in metres");
    }
    return {reinterpret_cast<const PlanarPoint*>(array.data()), static_cast<std::size_t>(array.shape(0))};
}

// A one-dimensional array of `expected` values (any length when expected is -1).
template <class T>
std::span<const T> values(const InArray<T>& array, const std::string& argument, py::ssize_t expected = -1) {
    if (array.ndim() != 1) {
        argument_error(argument, "must be a one-dimensional array");
    }
    if (expected >= 0 && array.shape(0) != expected) {
        argument_error(argument, "has " + std::to_string(array.shape(0)) + " values where " + std::to_string(expected) +
                                     " are needed");
    }
    return {array.data(), static_cast<std::size_t>(array.shape(0))};
}

// A vector handed to NumPy: the array owns it and frees it.
template <class T>
py::array_t<T> to_numpy(std::vector<T>&& values) {
    auto* owned = new std::vector<T>(std::move(values));
    const py::capsule free_when_done(owned, [](void* vector) { delete static_cast<std::vector<T>*>(vector); });
    return py::array_t<T>(static_cast<py::ssize_t>(owned->size()), owned->data(), free_when_done);
}

inline py::array_t<bool> to_numpy(const std::vector<bool>& flags) {
    py::array_t<bool> array(static_cast<py::ssize_t>(flags.size()));
    auto out = array.mutable_unchecked<1>();
    for (std::size_t i = 0; i < flags.size(); ++i) {
        out(static_cast<py::ssize_t>(i)) = flags[i];
    }
    return array;
}

inline py::array_t<double> to_numpy(std::span<const PlanarPoint> points) {
    py::array_t<double> array({static_cast<py::ssize_t>(points.size()), py::ssize_t{2}});
    std::copy_n(reinterpret_cast<const double*>(points.data()), 2 * points.size(), array.mutable_data());
    return array;
}

} // namespace lifecircle::python
