#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include "test_support.hpp"

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

using namespace lifecircle;
namespace fs = std::filesystem;

TEST_CASE("files appear only on commit") {
    test::ScratchDirectory scratch("output");
    const fs::path target = scratch.path() / "results";
    {
        OutputDirectory output(target, {});
        write_text_file(output.stage("a.txt"), "a");
        CHECK_FALSE(fs::exists(target / "a.txt"));
        output.commit();
    }
    CHECK(test::read_text(target / "a.txt") == "a");
    CHECK(std::distance(fs::directory_iterator(target), fs::directory_iterator()) == 1); // no staging folder left
}

TEST_CASE("a failure before commit leaves nothing behind") {
    test::ScratchDirectory scratch("output-failure");
    const fs::path target = scratch.path() / "results";
    try {
        OutputDirectory output(target, {});
        write_text_file(output.stage("a.txt"), "half");
        throw std::runtime_error("a later step fails");
    } catch (const std::runtime_error&) {
    }
    CHECK_FALSE(fs::exists(target)); // created by the run, so removed with it
}

TEST_CASE("an existing directory keeps its other files, and old results stay until the new ones are complete") {
    test::ScratchDirectory scratch("output-existing");
    test::write_text(scratch.path() / "notes.txt", "mine");
    test::write_text(scratch.path() / "a.txt", "old");
    try {
        OutputDirectory output(scratch.path(), {});
        write_text_file(output.stage("a.txt"), "new");
        throw std::runtime_error("fails before commit");
    } catch (const std::runtime_error&) {
    }
    CHECK(test::read_text(scratch.path() / "notes.txt") == "mine");
    CHECK(test::read_text(scratch.path() / "a.txt") == "old");
}

TEST_CASE("an output that would overwrite an input is refused") {
    test::ScratchDirectory scratch("output-input");
    const fs::path input = scratch.path() / "summary.json";
    test::write_text(input, "input data");
    OutputDirectory output(scratch.path(), {input});
    const Error error = test::expect_error([&] { (void)output.stage("summary.json"); });
    CHECK(error.code() == ExitCode::output_failed);
    CHECK(test::read_text(input) == "input data");
}

TEST_CASE("an output path that is a file is refused") {
    test::ScratchDirectory scratch("output-file");
    test::write_text(scratch.path() / "file", "x");
    const Error error = test::expect_error([&] { OutputDirectory output(scratch.path() / "file", {}); });
    CHECK(error.code() == ExitCode::output_failed);
}

namespace {

// A folder as a lifecircle run leaves it: the outputs its summary.json lists.
void write_earlier_run(const fs::path& folder, const std::vector<std::string>& outputs) {
    fs::create_directories(folder);
    nlohmann::json summary{{"lifecircle_version", "0.1.0"}, {"outputs", outputs}};
    summary["outputs"].push_back("summary.json");
    for (const std::string& output : outputs) {
        test::write_text(folder / output, "old " + output);
    }
    test::write_text(folder / "summary.json", summary.dump());
}

std::vector<std::string> warnings_while(const std::function<void()>& action) {
    std::vector<std::string> warnings;
    set_warning_handler([&](std::string_view message) { warnings.emplace_back(message); });
    action();
    set_warning_handler({});
    return warnings;
}

// The id of a process that has ended.
pid_t ended_process() {
    const pid_t pid = fork();
    if (pid == 0) {
        _exit(0);
    }
    waitpid(pid, nullptr, 0);
    return pid;
}

} // namespace

TEST_CASE("an earlier run is replaced as a set, and every other file is kept") {
    test::ScratchDirectory scratch("output-replace");
    const fs::path target = scratch.path() / "results";
    write_earlier_run(target, {"old_layer.geojson", "report.html"});
    test::write_text(target / "notes.txt", "mine");
    fs::create_directories(target / "drafts");
    test::write_text(target / "drafts" / "plan.txt", "draft");
    const std::vector<std::string> warnings = warnings_while([&] {
        OutputDirectory output(target, {});
        write_text_file(output.stage("report.html"), "new report");
        write_text_file(output.stage("summary.json"), R"({"lifecircle_version": "0.1.0", "outputs": []})");
        output.commit();
    });
    CHECK_FALSE(fs::exists(target / "old_layer.geojson")); // the earlier run's own file, gone with it
    CHECK(test::read_text(target / "report.html") == "new report");
    CHECK(test::read_text(target / "notes.txt") == "mine");
    CHECK(test::read_text(target / "drafts" / "plan.txt") == "draft");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("replaced the earlier run") != std::string::npos);
    std::vector<std::string> beside;
    for (const auto& entry : fs::directory_iterator(scratch.path())) {
        beside.push_back(entry.path().filename().string());
    }
    CHECK(beside == std::vector<std::string>{"results"}); // no staging folder left
}

TEST_CASE("a file that is not an earlier run's is never overwritten, nor an input of the earlier run dropped") {
    test::ScratchDirectory scratch("output-foreign");
    const fs::path target = scratch.path() / "results";
    fs::create_directories(target);
    test::write_text(target / "report.html", "someone's report");
    {
        OutputDirectory output(target, {});
        const Error error = test::expect_error([&] { (void)output.stage("report.html"); });
        CHECK(error.code() == ExitCode::output_failed);
        CHECK(error.context().file == (target / "report.html").string());
    }
    CHECK(test::read_text(target / "report.html") == "someone's report");

    const fs::path run = scratch.path() / "run";
    write_earlier_run(run, {"demand.geojson"});
    const Error error = test::expect_error([&] { OutputDirectory output(run, {run / "demand.geojson"}); });
    CHECK(error.code() == ExitCode::output_failed);
    CHECK(error.message().find("earlier run") != std::string::npos);
}

TEST_CASE("the working directory cannot be the output directory") {
    test::ScratchDirectory scratch("output-cwd");
    const fs::path before = fs::current_path();
    fs::current_path(scratch.path());
    const Error error = test::expect_error([&] { OutputDirectory output(".", {}); });
    fs::current_path(before);
    CHECK(error.code() == ExitCode::output_failed);
    CHECK(error.message().find("working directory") != std::string::npos);
    CHECK(test::expect_error([&] { OutputDirectory output("", {}); }).code() == ExitCode::output_failed);
}

TEST_CASE("staging folders of stopped runs are removed, and said so; a live run's are left alone") {
    test::ScratchDirectory scratch("output-stale");
    const fs::path target = scratch.path() / "results";
    const fs::path stale = scratch.path() / (".results.lifecircle-staging-" + std::to_string(ended_process()));
    const fs::path live = scratch.path() / (".results.lifecircle-staging-" + std::to_string(getppid()));
    fs::create_directories(stale);
    fs::create_directories(live);
    test::write_text(stale / "demand.geojson", std::string(1000, 'x'));
    test::write_text(live / "demand.geojson", "being written");
    const std::vector<std::string> warnings = warnings_while([&] {
        OutputDirectory output(target, {});
        output.commit();
    });
    CHECK_FALSE(fs::exists(stale));
    CHECK(fs::exists(live / "demand.geojson"));
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("removed " + stale.string() + " (0.0 MB), left by process") == 0);
}

TEST_CASE("an earlier run moved aside by a stopped run is put back") {
    test::ScratchDirectory scratch("output-retired");
    const fs::path target = scratch.path() / "results";
    const fs::path aside = scratch.path() / (".results.lifecircle-previous-" + std::to_string(ended_process()));
    write_earlier_run(aside, {"report.html"});
    const std::vector<std::string> warnings = warnings_while([&] { OutputDirectory output(target, {}); });
    CHECK(test::read_text(target / "report.html") == "old report.html");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("put back the earlier run") == 0);
}

TEST_CASE("a run is complete when every output its summary lists is there") {
    test::ScratchDirectory scratch("output-complete");
    write_earlier_run(scratch.path(), {"a.geojson", "b.csv"});
    CHECK_NOTHROW(require_complete_run(scratch.path()));
    fs::remove(scratch.path() / "b.csv");
    const Error error = test::expect_error([&] { require_complete_run(scratch.path()); });
    CHECK(error.code() == ExitCode::input_invalid);
    CHECK(error.context().file == (scratch.path() / "b.csv").string());
    CHECK(error.message().find("incomplete") != std::string::npos);
}

TEST_CASE("a write that fails for want of space says the disk is full (was: \"unknown error\")") {
    if (!fs::exists("/dev/full")) {
        MESSAGE("skipped: no /dev/full on this system");
        return;
    }
    const Error error = test::expect_error([] { write_text_file("/dev/full", std::string(1 << 16, 'x')); });
    CHECK(error.code() == ExitCode::output_failed);
    CHECK(error.context().file == "/dev/full");
    CHECK(error.message().find("; the disk holding /dev is full (") != std::string::npos);
}
