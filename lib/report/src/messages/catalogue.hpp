#pragma once
// What a catalogue is, and the compile-time checks each one passes: every
// message once, and well-formed slots. A slot is "{}" (the next value) or
// "{N}" (value N), so a language may put the values in its own order.

#include "lifecircle/messages.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace lifecircle::messages {

struct Entry {
    Msg key;
    std::string_view text;
};

// A progress stage's English opening and what replaces it; or, where the
// English has {} slots (the names a stage holds), a whole pattern and its
// translation with {N} slots.
struct StageName {
    std::string_view english;
    std::string_view text;
};

// What a check's rule means, by the rule's id.
struct RuleMeaning {
    std::string_view rule;
    std::string_view text;
};

inline constexpr std::size_t message_count = static_cast<std::size_t>(Msg::count_);
inline constexpr std::uint64_t malformed_slots = ~std::uint64_t{0};

// Which values a text uses, one bit per value; malformed_slots for an
// unclosed brace, a slot past value 62, or "{}" mixed with "{N}".
constexpr std::uint64_t slots_used(std::string_view text) {
    std::uint64_t used = 0;
    std::size_t next = 0;
    bool numbered = false;
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (text[at] != '{') {
            continue;
        }
        const std::size_t close = text.find('}', at);
        if (close == std::string_view::npos) {
            return malformed_slots;
        }
        std::size_t index = 0;
        if (close == at + 1) {
            if (numbered) {
                return malformed_slots;
            }
            index = next++;
        } else {
            if (next > 0) {
                return malformed_slots;
            }
            numbered = true;
            for (std::size_t digit = at + 1; digit < close; ++digit) {
                if (text[digit] < '0' || text[digit] > '9') {
                    return malformed_slots;
                }
                index = 10 * index + static_cast<std::size_t>(text[digit] - '0');
            }
        }
        if (index > 62) {
            return malformed_slots;
        }
        used |= std::uint64_t{1} << index;
        at = close;
    }
    return used;
}

// The first key a catalogue lacks or repeats; message_count when it has each once.
template <std::size_t N>
constexpr std::size_t first_key_missing_or_repeated(const Entry (&entries)[N]) {
    std::array<int, message_count> seen{};
    for (const Entry& entry : entries) {
        const auto key = static_cast<std::size_t>(entry.key);
        if (key >= message_count || seen[key]++ > 0) {
            return key;
        }
    }
    for (std::size_t key = 0; key < message_count; ++key) {
        if (seen[key] == 0) {
            return key;
        }
    }
    return message_count;
}

template <std::size_t N>
constexpr std::array<std::string_view, message_count> by_key(const Entry (&entries)[N]) {
    std::array<std::string_view, message_count> texts{};
    for (const Entry& entry : entries) {
        texts[static_cast<std::size_t>(entry.key)] = entry.text;
    }
    return texts;
}

} // namespace lifecircle::messages
