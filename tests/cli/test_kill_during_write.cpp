// The program killed (SIGKILL) at random moments, many times, while it
// writes a run into a folder that holds an earlier run. Afterwards the folder
// must always hold one whole run, byte for byte one of the two, never a mix,
// and the next run must clear what the killed ones left beside it.

#include "test_support.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <thread>

extern char** environ;

using namespace lifecircle;
namespace fs = std::filesystem;

namespace {

using Files = std::map<std::string, std::string>; // name -> content

// Starts the program with `arguments`, its output to /dev/null. Returns the pid.
pid_t start(const std::vector<std::string>& arguments) {
    std::vector<std::string> words{LIFECIRCLE_PROGRAM};
    words.insert(words.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& word : words) {
        argv.push_back(word.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int failed = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(failed == 0);
    return pid;
}

int finish(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

Files contents(const fs::path& folder) {
    Files files;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
        files[entry.path().filename().string()] = test::read_text(entry.path());
    }
    return files;
}

std::vector<fs::path> leftovers_beside(const fs::path& folder) {
    std::vector<fs::path> found;
    const std::string prefix = "." + folder.filename().string() + ".lifecircle-";
    for (const fs::directory_entry& entry : fs::directory_iterator(folder.parent_path())) {
        if (entry.path().filename().string().rfind(prefix, 0) == 0) {
            found.push_back(entry.path());
        }
    }
    return found;
}

} // namespace

TEST_CASE("a run killed while it writes leaves the folder holding one whole run") {
    const fs::path scenario = test::source_dir() / "scenarios/wuhan-jiangan.json";
    test::ScratchDirectory scratch("kill");
    const fs::path output = scratch.path() / "results";
    // Two runs with different file sets: GeoJSON and GeoPackage layers.
    const std::vector<std::string> geojson{"run", scenario.string(), "-q", "-o", output.string()};
    std::vector<std::string> gpkg = geojson;
    gpkg.insert(gpkg.end(), {"--of", "GPKG"});

    const auto started = std::chrono::steady_clock::now();
    REQUIRE(finish(start(gpkg)) == 0);
    const auto run_time = std::chrono::steady_clock::now() - started;
    const Files gpkg_run = contents(output);
    REQUIRE(finish(start(geojson)) == 0);
    const Files geojson_run = contents(output);
    REQUIRE(gpkg_run != geojson_run);
    for (const Files* run : {&gpkg_run, &geojson_run}) {
        const nlohmann::json summary = nlohmann::json::parse(run->at("summary.json"));
        CHECK(summary["outputs"].size() == run->size()); // every file is listed, summary.json too
    }

    std::mt19937 random(20261206);
    // From mid-run, where the writing is, to past the end, so that some runs finish.
    std::uniform_real_distribution<double> moment(0.3, 1.6);
    constexpr int trials = 40;
    int killed = 0;
    int ended_gpkg = 0;
    for (int trial = 0; trial < trials; ++trial) {
        const pid_t pid = start(trial % 2 == 0 ? gpkg : geojson);
        std::this_thread::sleep_for(std::chrono::duration_cast<std::chrono::microseconds>(run_time * moment(random)));
        killed += ::kill(pid, SIGKILL) == 0 && finish(pid) == -SIGKILL ? 1 : 0;
        const Files now = contents(output);
        INFO("trial " << trial);
        REQUIRE((now == gpkg_run || now == geojson_run));
        ended_gpkg += now == gpkg_run ? 1 : 0;
    }
    MESSAGE(killed << " of " << trials << " runs killed before they ended; the folder then held the GeoPackage run "
                   << ended_gpkg << " times");
    CHECK(killed > trials / 4);
    CHECK(ended_gpkg > 0);
    CHECK(ended_gpkg < trials);

    // A run to the end clears every staging folder the killed runs left.
    REQUIRE(finish(start(geojson)) == 0);
    CHECK(contents(output) == geojson_run);
    CHECK(leftovers_beside(output).empty());
}
