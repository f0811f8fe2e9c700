#pragma once
// Strict reading of one JSON object: typed accessors that name the JSON path
// (RFC 6901) of whatever is wrong, and a final check that rejects keys no
// accessor asked for.

#include "lifecircle/error.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lifecircle::detail {

class JsonObject {
public:
    JsonObject(const nlohmann::json& value, std::string path, std::string origin);

    [[nodiscard]] std::string path_of(const std::string& key) const;
    [[nodiscard]] ErrorContext context(const std::string& key) const;
    [[noreturn]] void fail(const std::string& key, const std::string& message) const;

    [[nodiscard]] const nlohmann::json* find(const std::string& key);
    [[nodiscard]] const nlohmann::json& required(const std::string& key);
    [[nodiscard]] std::string required_string(const std::string& key);
    [[nodiscard]] std::optional<std::string> optional_string(const std::string& key);
    [[nodiscard]] std::optional<double> optional_number(const std::string& key);
    [[nodiscard]] std::optional<bool> optional_bool(const std::string& key);
    // A non-empty array of strings; an element of another type fails at its own path.
    [[nodiscard]] std::optional<std::vector<std::string>> optional_strings(const std::string& key);

    // Throws for the first key that no accessor asked for.
    void reject_unknown_keys() const;

    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    [[nodiscard]] const std::string& origin() const noexcept { return origin_; }

private:
    template <typename Value>
    std::optional<Value> optional_value(const std::string& key, bool (nlohmann::json::*is_type)() const noexcept,
                                        const char* expected);

    const nlohmann::json& value_;
    std::string path_;
    std::string origin_;
    std::set<std::string> known_;
};

// The name JSON gives a value's type: "string", "number", "object", ...
std::string json_type_name(const nlohmann::json& value);

// A JSON pointer with `key` appended (escaping ~ and /).
std::string append_pointer(const std::string& path, const std::string& key);

} // namespace lifecircle::detail
