#include "lifecircle/messages.hpp"

#include "messages/catalogue.hpp"
#include "messages/chinese.hpp"
#include "messages/english.hpp"

#include <span>
#include <vector>

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

constexpr bool stage_names_well_formed() {
    for (const StageName& name : chinese_stage_names) {
        if (slots_used(name.text) == malformed_slots) {
            return false;
        }
    }
    return true;
}
static_assert(stage_names_well_formed(), "a stage name has a malformed slot");

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

std::optional<std::string_view> rule_meaning(Language language, std::string_view rule) {
    if (language != Language::zh) {
        return std::nullopt;
    }
    for (const messages::RuleMeaning& meaning : messages::chinese_rule_meanings) {
        if (meaning.rule == rule) {
            return meaning.text;
        }
    }
    return std::nullopt;
}

namespace {

// A catalogue text with its slots filled: "{}" the next value, "{N}" value N;
// a slot without a value is left empty. Slots are well-formed: checked at compile time.
std::string filled(std::string_view text, std::span<const std::string_view> values) {
    std::string said;
    said.reserve(text.size() + 16 * values.size());
    std::size_t next = 0;
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (text[at] != '{') {
            said += text[at];
            continue;
        }
        const std::size_t close = text.find('}', at);
        std::size_t index = next++;
        if (close > at + 1) {
            index = 0;
            for (std::size_t digit = at + 1; digit < close; ++digit) {
                index = 10 * index + static_cast<std::size_t>(text[digit] - '0');
            }
        }
        if (index < values.size()) {
            said += values[index];
        }
        at = close;
    }
    return said;
}

// `stage` against an English pattern of literal words and {} slots: the text
// each slot holds, or nullopt when it does not match. The last slot takes the rest.
std::optional<std::vector<std::string_view>> match_pattern(std::string_view pattern, std::string_view stage) {
    std::vector<std::string_view> held;
    std::size_t at = 0;
    while (true) {
        const std::size_t slot = pattern.find("{}");
        const std::string_view literal = pattern.substr(0, slot);
        if (stage.substr(at, literal.size()) != literal) {
            return std::nullopt;
        }
        at += literal.size();
        if (slot == std::string_view::npos) {
            return at == stage.size() ? std::optional(held) : std::nullopt;
        }
        pattern.remove_prefix(slot + 2);
        const std::size_t next_literal = pattern.find("{}");
        const std::string_view following = pattern.substr(0, next_literal);
        const std::size_t end = following.empty() ? stage.size() : stage.find(following, at);
        if (end == std::string_view::npos) {
            return std::nullopt;
        }
        held.push_back(stage.substr(at, end - at));
        at = end;
    }
}

} // namespace

std::string stage_name(Language language, std::string_view stage) {
    if (language != Language::zh) {
        return std::string(stage);
    }
    for (const messages::StageName& name : messages::chinese_stage_names) {
        if (name.english.find("{}") == std::string_view::npos) {
            continue;
        }
        if (const auto held = match_pattern(name.english, stage)) {
            return filled(name.text, *held);
        }
    }
    // The longest opening that ends at a word's end wins: "reading units" over "reading".
    const messages::StageName* best = nullptr;
    for (const messages::StageName& name : messages::chinese_stage_names) {
        if (name.english.find("{}") != std::string_view::npos) {
            continue; // a pattern, tried above
        }
        const bool opens = stage.substr(0, name.english.size()) == name.english &&
                           (stage.size() == name.english.size() || stage[name.english.size()] == ' ');
        if (opens && (best == nullptr || name.english.size() > best->english.size())) {
            best = &name;
        }
    }
    if (best == nullptr) {
        return std::string(stage);
    }
    return std::string(best->text) + std::string(stage.substr(best->english.size()));
}

std::string_view language_tag(Language language) {
    return language == Language::zh ? "zh-CN" : "en";
}

std::string say(Language language, Msg message, std::initializer_list<std::string_view> values) {
    const auto key = static_cast<std::size_t>(message);
    return filled((language == Language::zh ? messages::chinese_texts : messages::english_texts).at(key),
                  std::span(values.begin(), values.size()));
}

} // namespace lifecircle
