#pragma once
// Helpers shared by the tests: fixture paths, scratch directories, and a way
// to assert that a call throws lifecircle::Error with a given code and context.

#include "lifecircle/error.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace lifecircle::test {

inline std::filesystem::path fixture(const std::string& name) {
    return std::filesystem::path(LIFECIRCLE_TEST_DATA) / name;
}
inline std::filesystem::path source_dir() {
    return LIFECIRCLE_SOURCE_DIR;
}
inline std::filesystem::path shared_data() {
    return LIFECIRCLE_SHARED_DATA;
}

// A fresh, empty directory under the system temp dir, removed when it goes out of scope.
class ScratchDirectory {
public:
    explicit ScratchDirectory(const std::string& name) {
        std::random_device seed;
        path_ = std::filesystem::temp_directory_path() / ("lifecircle-test-" + name + "-" + std::to_string(seed()));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~ScratchDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline std::string read_text(const std::filesystem::path& file) {
    std::ifstream stream(file, std::ios::binary);
    std::ostringstream text;
    text << stream.rdbuf();
    return text.str();
}

// Everything in an HTML page's markup that would make a browser fetch
// something: a src or href that is not a link within the page, url(...),
// @import, or a web address. A self-contained report has none. The bodies of
// inline scripts (Leaflet names web addresses in its code) are not markup:
// what they fetch, tests/report/test_explore_page.py sees the browser ask for.
inline std::vector<std::string> external_references(const std::string& page) {
    std::string html;
    std::size_t copied = 0;
    for (std::size_t open = page.find("<script"); open != std::string::npos; open = page.find("<script", copied)) {
        const std::size_t body = page.find('>', open);
        const std::size_t close = page.find("</script>", body);
        if (body == std::string::npos || close == std::string::npos) {
            break;
        }
        html.append(page, copied, body + 1 - copied); // the opening tag stays: a src= there is a fetch
        copied = close;
    }
    html.append(page, copied);
    std::vector<std::string> found;
    const auto scan = [&](const std::string& needle, const std::function<bool(std::size_t)>& allowed) {
        for (std::size_t at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1)) {
            if (!allowed(at + needle.size())) {
                found.push_back(html.substr(at, 60));
            }
        }
    };
    const auto in_page = [&](std::size_t value) { return html.compare(value, 2, "\"#") == 0; };
    const auto never = [](std::size_t) { return false; };
    scan("src=", never);
    scan("href=", in_page);
    scan("url(", never);
    scan("@import", never);
    scan("http:", never);
    scan("https:", never);
    scan("//cdn", never);
    return found;
}

inline void write_text(const std::filesystem::path& file, const std::string& text) {
    std::ofstream stream(file, std::ios::binary);
    stream << text;
}

// Runs `call`, requires it to throw lifecircle::Error, and returns the error.
template <typename Call>
Error expect_error(Call call) {
    try {
        call();
    } catch (const Error& error) {
        return error;
    }
    FAIL("expected lifecircle::Error, but nothing was thrown");
    return Error(ExitCode::internal_error, {}, "unreachable");
}

} // namespace lifecircle::test
