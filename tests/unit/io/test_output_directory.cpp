#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include "test_support.hpp"

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
