#pragma once
// Documents such as summary.json as plain structs. Each struct lists its
// members once, each key beside its member, in the order the document
// writes them:
//
//   struct BandSummary { double upto = 0.0; std::optional<double> share; };
//   void describe(Of<BandSummary> auto& self, auto& field) {
//       field("upto", self.upto);
//       field("share", self.share);
//   }
//
// write_json and read_json walk that list, so every key is spelt in one
// place and a misspelt member does not compile. In a description:
//   field(key, member)              std::optional members are null when empty;
//   field(key, member, omit_empty)  left out when empty (optional, container or string);
//   field.flatten(member)           a described member's fields written into this
//                                   object. A std::optional or std::variant of
//                                   described structs is told apart, when read,
//                                   by each struct's `marker` key.
// Reading names the JSON pointer of whatever is missing or of the wrong type.

#include "lifecircle/error.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <concepts>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace lifecircle {

// `describe` overloads take `Of<T> auto& self`: T or const T, for reading and writing.
template <class Self, class T>
concept Of = std::same_as<std::remove_const_t<Self>, T>;

namespace schema {

enum class Presence { always, omit_empty };

// A JSON object whose keys keep the order given (std::map members sort them).
template <class T>
using Keyed = std::vector<std::pair<std::string, T>>;

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_vector<std::vector<std::pair<std::string, T>>> : std::false_type {};
template <class T>
struct is_map : std::false_type {};
template <class T>
struct is_map<std::map<std::string, T>> : std::true_type {};
template <class T>
struct is_map<std::vector<std::pair<std::string, T>>> : std::true_type {};
template <class T>
struct is_variant : std::false_type {};
template <class... T>
struct is_variant<std::variant<T...>> : std::true_type {};

// Accepts any field, to ask whether a type has a description.
struct AnyField {
    template <class T>
    void operator()(const char*, T&, Presence = Presence::always) {}
    template <class T>
    void flatten(T&) {}
};

} // namespace detail

template <class T>
concept Described = requires(T& value, detail::AnyField& field) {
    describe(value, field);
};

template <class T>
bool is_empty(const T& value) {
    if constexpr (detail::is_optional<T>::value) {
        return !value.has_value();
    } else if constexpr (requires { value.empty(); }) {
        return value.empty();
    } else {
        return false;
    }
}

template <class Json, class T>
Json write_json(const T& value);

template <class Json>
class FieldWriter {
public:
    explicit FieldWriter(Json& object) : object_(object) {}

    template <class T>
    void operator()(const char* key, const T& member, Presence presence = Presence::always) {
        if (presence == Presence::omit_empty && is_empty(member)) {
            return;
        }
        object_[key] = write_json<Json>(member);
    }

    template <class T>
    void flatten(const T& member) {
        if constexpr (detail::is_optional<T>::value) {
            if (member) {
                flatten(*member);
            }
        } else if constexpr (detail::is_variant<T>::value) {
            std::visit([this](const auto& alternative) { flatten(alternative); }, member);
        } else {
            describe(member, *this);
        }
    }

private:
    Json& object_;
};

template <class Json, class T>
Json write_json(const T& value) {
    if constexpr (Described<T>) {
        Json object = Json::object();
        FieldWriter<Json> writer(object);
        describe(value, writer);
        return object;
    } else if constexpr (detail::is_optional<T>::value) {
        return value ? write_json<Json>(*value) : Json(nullptr);
    } else if constexpr (detail::is_vector<T>::value) {
        Json array = Json::array();
        for (const auto& element : value) {
            array.push_back(write_json<Json>(element));
        }
        return array;
    } else if constexpr (detail::is_map<T>::value) {
        Json object = Json::object();
        for (const auto& [key, element] : value) {
            object[key] = write_json<Json>(element);
        }
        return object;
    } else {
        return Json(value); // non-finite numbers are written as null
    }
}

// The place in a document a reader is at: the file, for messages, and the JSON pointer.
struct DocumentPlace {
    const std::string* file = nullptr;
    std::string pointer;
    [[nodiscard]] DocumentPlace at(const std::string& key) const { return {file, pointer + "/" + key}; }
    [[nodiscard]] Error invalid(const std::string& message) const {
        return Error(ExitCode::input_invalid,
                     ErrorContext::in_file(*file).with_json_path(pointer.empty() ? "/" : pointer), message);
    }
};

template <class Json, class T>
void read_json(const Json& json, T& value, const DocumentPlace& place);

template <class Json>
class FieldReader {
public:
    FieldReader(const Json& object, const DocumentPlace& place) : object_(object), place_(place) {}

    template <class T>
    void operator()(const char* key, T& member, Presence presence = Presence::always) {
        const auto found = object_.find(key);
        const bool absent = found == object_.end();
        if (absent && (presence == Presence::omit_empty || detail::is_optional<T>::value)) {
            member = T{};
            return;
        }
        if (absent) {
            throw place_.at(key).invalid("the key '" + std::string(key) + "' is missing");
        }
        read_json(*found, member, place_.at(key));
    }

    template <class T>
    void flatten(T& member) {
        if constexpr (detail::is_optional<T>::value) {
            if (object_.contains(T::value_type::marker)) {
                flatten(member.emplace());
            } else {
                member.reset();
            }
        } else if constexpr (detail::is_variant<T>::value) {
            flatten_alternative<T, 0>(member);
        } else {
            describe(member, *this);
        }
    }

private:
    template <class Variant, std::size_t index>
    void flatten_alternative(Variant& member) {
        if constexpr (index == std::variant_size_v<Variant>) {
            throw place_.invalid("none of the keys that tell this object's kind is present");
        } else {
            using Alternative = std::variant_alternative_t<index, Variant>;
            if (object_.contains(Alternative::marker)) {
                flatten(member.template emplace<index>());
            } else {
                flatten_alternative<Variant, index + 1>(member);
            }
        }
    }

    const Json& object_;
    const DocumentPlace& place_;
};

template <class Json, class T>
void read_json(const Json& json, T& value, const DocumentPlace& place) {
    if constexpr (Described<T>) {
        if (!json.is_object()) {
            throw place.invalid("expected an object");
        }
        FieldReader<Json> reader(json, place);
        describe(value, reader);
    } else if constexpr (detail::is_optional<T>::value) {
        if (json.is_null()) {
            value.reset();
        } else {
            read_json(json, value.emplace(), place);
        }
    } else if constexpr (detail::is_vector<T>::value) {
        if (!json.is_array()) {
            throw place.invalid("expected an array");
        }
        value.clear();
        for (std::size_t index = 0; index < json.size(); ++index) {
            read_json(json[index], value.emplace_back(), place.at(std::to_string(index)));
        }
    } else if constexpr (detail::is_map<T>::value) {
        if (!json.is_object()) {
            throw place.invalid("expected an object");
        }
        value.clear();
        // Not a structured binding: Clang before 16 cannot use one in the requires below.
        for (const auto& item : json.items()) {
            const std::string& key = item.key();
            const auto& element = item.value();
            if constexpr (requires { value[key]; }) {
                read_json(element, value[key], place.at(key));
            } else {
                read_json(element, value.emplace_back(key, typename T::value_type::second_type{}).second,
                          place.at(key));
            }
        }
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!json.is_boolean()) {
            throw place.invalid("expected true or false");
        }
        value = json.template get<bool>();
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (!json.is_string()) {
            throw place.invalid("expected a string");
        }
        value = json.template get<std::string>();
    } else if constexpr (std::is_integral_v<T>) {
        if (!json.is_number_integer() || (std::is_unsigned_v<T> && !json.is_number_unsigned())) {
            throw place.invalid(std::is_unsigned_v<T> ? "expected a count" : "expected an integer");
        }
        value = json.template get<T>();
    } else {
        static_assert(std::is_floating_point_v<T>, "a member type the schema cannot read");
        if (json.is_null()) {
            value = std::numeric_limits<T>::quiet_NaN(); // non-finite numbers are written as null
        } else if (!json.is_number()) {
            throw place.invalid("expected a number");
        } else {
            value = json.template get<T>();
        }
    }
}

} // namespace schema

inline constexpr schema::Presence omit_empty = schema::Presence::omit_empty;

// A described struct as a JSON document, keys in the description's order.
template <schema::Described T>
nlohmann::ordered_json to_document(const T& value) {
    return schema::write_json<nlohmann::ordered_json>(value);
}

// A described struct from a JSON document; Error (input_invalid) naming `file`
// and the JSON pointer of a key that is missing or of the wrong type.
template <schema::Described T, class Json>
T from_document(const Json& document, const std::string& file) {
    T value;
    schema::read_json(document, value, schema::DocumentPlace{&file, {}});
    return value;
}

} // namespace lifecircle
