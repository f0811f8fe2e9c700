// lifecircle._lifecircle: the engines for Python. The package lifecircle
// (python/lifecircle) re-exports it and adds the GeoDataFrame helpers.

#include "bindings.hpp"

#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"
#include "lifecircle/version.hpp"

namespace lifecircle::python {
namespace {

// lifecircle.Error: every failure, with the exit code the program would give
// and where in the inputs it lies.
void bind_error(py::module_& module) {
    static PyObject* error_type = nullptr; // owned by the module, which lives as long as the interpreter
    error_type = py::exception<Error>(module, "Error", PyExc_Exception).ptr();
    py::register_exception_translator([](std::exception_ptr failure) {
        try {
            if (failure) {
                std::rethrow_exception(failure);
            }
        } catch (const Error& error) {
            const py::object instance = py::reinterpret_borrow<py::object>(error_type)(error.what());
            instance.attr("exit_code") = static_cast<int>(error.code());
            instance.attr("exit_name") = std::string(describe(error.code()));
            instance.attr("message") = error.message();
            const ErrorContext& where = error.context();
            instance.attr("file") = where.file;
            instance.attr("layer") = where.layer;
            instance.attr("feature") = where.feature;
            instance.attr("field") = where.field;
            instance.attr("json_path") = where.json_path;
            PyErr_SetObject(error_type, instance.ptr());
        }
    });
}

// lifecircle.LifecircleWarning: what the library says besides its results (an earlier
// run replaced in the output folder, GDAL's own warnings) as Python warnings,
// so they can be seen, filtered or made errors. The handler holds no Python
// object: it may outlive the interpreter.
void bind_warnings(py::module_& module) {
    module.add_object("LifecircleWarning",
                      py::reinterpret_steal<py::object>(
                          PyErr_NewException("lifecircle._lifecircle.LifecircleWarning", PyExc_UserWarning, nullptr)));
    set_warning_handler([](std::string_view message) {
        if (Py_IsInitialized() == 0) {
            return;
        }
        const py::gil_scoped_acquire acquire;
        try {
            const py::object category = py::module_::import("lifecircle._lifecircle").attr("LifecircleWarning");
            py::module_::import("warnings").attr("warn")(py::str(message.data(), message.size()), category, 2);
        } catch (py::error_already_set& raised) {
            // A warning filter that raises cannot raise through the library: Python reports it as unraisable.
            raised.discard_as_unraisable("lifecircle warning");
        }
    });
}

} // namespace
} // namespace lifecircle::python

PYBIND11_MODULE(_lifecircle, module) {
    using namespace lifecircle::python;
    module.doc() = "lifecircle engines: walking networks, coverage, access, siting, checks";
    module.attr("__version__") = LIFECIRCLE_VERSION;
    bind_error(module);
    bind_warnings(module);
    bind_network(module);
    bind_measures(module);
    bind_siting(module);
    bind_runs(module);
}
