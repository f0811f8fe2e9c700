#include "lifecircle/messages.hpp"

#include "messages/catalogue.hpp"
#include "messages/chinese.hpp"
#include "messages/english.hpp"

namespace lifecircle {
namespace messages {
namespace {

static_assert(first_key_missing_or_repeated(chinese) == message_count,
              "the Chinese catalogue lacks or repeats the message with this index");
static_assert(first_key_missing_or_repeated(english) == message_count,
              "the English catalogue lacks or repeats the message with this index");

constexpr std::array<std::string_view, message_count> chinese_texts = by_key(chinese);
constexpr std::array<std::string_view, message_count> english_texts = by_key(english);

// The first message whose two translations use different values, or a malformed slot.
constexpr std::size_t first_slot_mismatch() {
    for (std::size_t key = 0; key < message_count; ++key) {
        const std::uint64_t used = slots_used(english_texts[key]);
        if (used == malformed_slots || used != slots_used(chinese_texts[key])) {
            return key;
        }
    }
    return message_count;
}
static_assert(first_slot_mismatch() == message_count,
              "a message uses other values in Chinese than in English, or has a malformed slot");

} // namespace
} // namespace messages

std::optional<Language> language_named(std::string_view name) {
    const auto starts = [&](std::string_view prefix) {
        if (name.size() < prefix.size() || (name.size() > prefix.size() && name[2] != '-' && name[2] != '_')) {
            return false;
        }
        for (std::size_t at = 0; at < prefix.size(); ++at) {
            if ((name[at] | 0x20) != prefix[at]) {
                return false;
            }
        }
        return true;
    };
    if (starts("zh")) {
        return Language::zh;
    }
    if (starts("en")) {
        return Language::en;
    }
    return std::nullopt;
}

std::string_view language_tag(Language language) {
    return language == Language::zh ? "zh-CN" : "en";
}

std::string say(Language language, Msg message, std::initializer_list<std::string_view> values) {
    const auto key = static_cast<std::size_t>(message);
    const std::string_view text =
        (language == Language::zh ? messages::chinese_texts : messages::english_texts).at(key);
    std::string said;
    said.reserve(text.size() + 16 * values.size());
    std::size_t next = 0;
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (text[at] != '{') {
            said += text[at];
            continue;
        }
        const std::size_t close = text.find('}', at); // well-formed: checked at compile time
        std::size_t index = next++;
        if (close > at + 1) {
            index = 0;
            for (std::size_t digit = at + 1; digit < close; ++digit) {
                index = 10 * index + static_cast<std::size_t>(text[digit] - '0');
            }
        }
        if (index < values.size()) {
            said += values.begin()[index];
        }
        at = close;
    }
    return said;
}

} // namespace lifecircle
