#pragma once
// Documents the library describes for JSON (summary.json and its parts) as
// plain Python dicts and lists, through the same descriptions.

#include "lifecircle/json_schema.hpp"

#include <pybind11/pybind11.h>

namespace lifecircle::python {

namespace py = pybind11;

inline py::object to_python(const nlohmann::ordered_json& json) {
    return py::module_::import("json").attr("loads")(json.dump());
}

template <schema::Described Document>
py::object to_python(const Document& document) {
    return to_python(to_document(document));
}

} // namespace lifecircle::python
