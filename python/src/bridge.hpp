#pragma once
// What every long call shares: the GIL released while the engines work, a
// Python callable as the progress callback, and Ctrl-C (or an exception the
// callback raises, as a cancel button does) stopping the call.

#include "lifecircle/progress.hpp"

#include <pybind11/pybind11.h>

#include <optional>
#include <utility>

namespace lifecircle::python {

namespace py = pybind11;

// Thrown through the library when Python wants the call to stop; the
// exception Python raised is then raised again in the caller.
struct Stopped {};

class ProgressBridge {
public:
    explicit ProgressBridge(py::object callback) : callback_(std::move(callback)) {}

    // Called from any thread: takes the GIL, checks for Ctrl-C, calls the callable.
    [[nodiscard]] ProgressCallback callback() {
        return [this](double fraction, std::string_view stage) {
            const py::gil_scoped_acquire acquire;
            if (raised_) {
                throw Stopped{};
            }
            try {
                if (PyErr_CheckSignals() != 0) {
                    throw py::error_already_set();
                }
                if (!callback_.is_none()) {
                    callback_(fraction, py::str(stage.data(), stage.size()));
                }
            } catch (py::error_already_set& raised) {
                raised_ = std::move(raised);
                throw Stopped{};
            }
        };
    }

    [[noreturn]] void raise_again() {
        if (!raised_) {
            throw std::logic_error("lifecircle: a call was stopped without a Python exception");
        }
        throw std::move(*raised_);
    }

private:
    py::object callback_;
    std::optional<py::error_already_set> raised_;
};

// Runs `work(progress)` without the GIL; what the progress callable raised is raised here.
template <class Work>
auto without_gil(const py::object& progress, Work&& work) {
    ProgressBridge bridge(progress);
    try {
        const py::gil_scoped_release release;
        return std::forward<Work>(work)(bridge.callback());
    } catch (const Stopped&) {
        bridge.raise_again();
    }
}

} // namespace lifecircle::python
