#include "scenario/json_object.hpp"

namespace lifecircle::detail {

std::string json_type_name(const nlohmann::json& value) {
    if (value.is_number()) {
        return "number";
    }
    return value.type_name();
}

std::string append_pointer(const std::string& path, const std::string& key) {
    std::string escaped;
    for (char c : key) {
        if (c == '~') {
            escaped += "~0";
        } else if (c == '/') {
            escaped += "~1";
        } else {
            escaped += c;
        }
    }
    return path + "/" + escaped;
}

JsonObject::JsonObject(const nlohmann::json& value, std::string path, std::string origin)
    : value_(value), path_(std::move(path)), origin_(std::move(origin)) {
    if (!value_.is_object()) {
        throw Error(ExitCode::scenario_invalid,
                    ErrorContext::in_file(origin_).with_json_path(path_.empty() ? "/" : path_),
                    "expected an object, got " + json_type_name(value_));
    }
}

std::string JsonObject::path_of(const std::string& key) const {
    if (key.empty()) {
        return path_.empty() ? "/" : path_; // the object itself
    }
    return append_pointer(path_, key);
}

ErrorContext JsonObject::context(const std::string& key) const {
    return ErrorContext::in_file(origin_).with_json_path(path_of(key));
}

void JsonObject::fail(const std::string& key, const std::string& message) const {
    throw Error(ExitCode::scenario_invalid, context(key), message);
}

const nlohmann::json* JsonObject::find(const std::string& key) {
    known_.insert(key);
    const auto found = value_.find(key);
    return found == value_.end() ? nullptr : &*found;
}

const nlohmann::json& JsonObject::required(const std::string& key) {
    const nlohmann::json* value = find(key);
    if (value == nullptr) {
        fail(key, "required key is missing");
    }
    return *value;
}

std::string JsonObject::required_string(const std::string& key) {
    (void)required(key);
    return *optional_string(key);
}

template <typename Value>
std::optional<Value> JsonObject::optional_value(const std::string& key,
                                                bool (nlohmann::json::*is_type)() const noexcept,
                                                const char* expected) {
    const nlohmann::json* value = find(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!(value->*is_type)()) {
        fail(key, std::string("expected ") + expected + ", got " + json_type_name(*value));
    }
    return value->get<Value>();
}

std::optional<std::string> JsonObject::optional_string(const std::string& key) {
    return optional_value<std::string>(key, &nlohmann::json::is_string, "a string");
}

std::optional<double> JsonObject::optional_number(const std::string& key) {
    return optional_value<double>(key, &nlohmann::json::is_number, "a number");
}

std::optional<bool> JsonObject::optional_bool(const std::string& key) {
    return optional_value<bool>(key, &nlohmann::json::is_boolean, "true or false");
}

std::optional<std::vector<std::string>> JsonObject::optional_strings(const std::string& key) {
    const nlohmann::json* value = find(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_array() || value->empty()) {
        fail(key, "expected a non-empty array of strings, got " + json_type_name(*value));
    }
    std::vector<std::string> strings;
    for (std::size_t i = 0; i < value->size(); ++i) {
        if (!(*value)[i].is_string()) {
            throw Error(ExitCode::scenario_invalid,
                        ErrorContext::in_file(origin_).with_json_path(path_of(key) + "/" + std::to_string(i)),
                        "expected a string, got " + json_type_name((*value)[i]));
        }
        strings.push_back((*value)[i].get<std::string>());
    }
    return strings;
}

void JsonObject::reject_unknown_keys() const {
    for (const auto& [key, value] : value_.items()) {
        if (known_.count(key) == 0) {
            std::string allowed;
            for (const std::string& known : known_) {
                allowed += (allowed.empty() ? "" : ", ") + known;
            }
            fail(key, "unknown key '" + key + "' (allowed here: " + allowed + ")");
        }
    }
}

} // namespace lifecircle::detail
