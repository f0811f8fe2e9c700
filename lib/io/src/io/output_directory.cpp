#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include "io/text.hpp"
#include "io/warnings.hpp"
#include "tasks/run_beside.hpp"

#include <nlohmann/json.hpp>
#include <tbb/task_group.h>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>

namespace lifecircle {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view staging_infix = ".lifecircle-staging-";
constexpr std::string_view previous_infix = ".lifecircle-previous-"; // where rename(2) cannot exchange

fs::path resolved(const fs::path& path) {
    std::error_code ignored;
    fs::path absolute = fs::weakly_canonical(fs::absolute(path, ignored), ignored);
    return absolute.empty() ? path.lexically_normal() : absolute;
}

bool lies_within(const fs::path& path, const fs::path& folder) {
    const auto [folder_end, path_at] = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
    return folder_end == folder.end();
}

ErrorContext at(const fs::path& path) {
    return ErrorContext::in_file(path.string());
}

// The process id in "<prefix><pid>", if `name` is one.
std::optional<pid_t> pid_after(const std::string& name, const std::string& prefix) {
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) {
        return std::nullopt;
    }
    pid_t pid = 0;
    const char* first = name.data() + prefix.size();
    const char* last = name.data() + name.size();
    const auto [end, error] = std::from_chars(first, last, pid);
    if (error != std::errc() || end != last || pid <= 0) {
        return std::nullopt;
    }
    return pid;
}

bool process_alive(pid_t pid) {
    return ::kill(pid, 0) == 0 || errno == EPERM;
}

std::string megabytes(const fs::path& folder) {
    std::uintmax_t bytes = 0;
    std::error_code ignored;
    for (auto it = fs::recursive_directory_iterator(folder, ignored); it != fs::recursive_directory_iterator();
         it.increment(ignored)) {
        if (it->is_regular_file(ignored)) {
            bytes += it->file_size(ignored);
        }
    }
    return detail::megabytes_text(bytes);
}

// The files of the lifecircle run `directory` holds: its summary.json and the
// outputs that lists. Nothing if there is no summary.json written by lifecircle.
std::optional<std::vector<std::string>> run_files(const fs::path& directory) {
    const fs::path file = directory / "summary.json";
    std::error_code error;
    constexpr std::uintmax_t largest_summary = 256u << 20u;
    if (!fs::is_regular_file(file, error) || fs::file_size(file, error) > largest_summary || error) {
        return std::nullopt;
    }
    std::ifstream stream(file, std::ios::binary);
    const nlohmann::json summary = nlohmann::json::parse(stream, nullptr, false);
    if (!summary.is_object() || !summary.contains("lifecircle_version") || !summary.contains("outputs") ||
        !summary["outputs"].is_array()) {
        return std::nullopt;
    }
    std::vector<std::string> files;
    for (const nlohmann::json& output : summary["outputs"]) {
        if (!output.is_string()) {
            return std::nullopt;
        }
        const fs::path name = output.get<std::string>();
        if (name.empty() || name.has_parent_path() || name == "." || name == "..") {
            return std::nullopt; // not a file of this folder: not a summary we wrote
        }
        files.push_back(name.string());
    }
    if (std::find(files.begin(), files.end(), "summary.json") == files.end()) {
        files.emplace_back("summary.json");
    }
    return files;
}

// Staging folders of runs into `target` whose process is gone: beside it, or
// inside it as versions before 0.2 staged. A retired earlier run, left where
// rename(2) could not exchange, is put back if its folder is missing.
void remove_stale_staging(const fs::path& target) {
    const std::string name = target.filename().string();
    const std::string staging_prefix = "." + name + std::string(staging_infix);
    const std::string previous_prefix = "." + name + std::string(previous_infix);
    const std::string inner_prefix = std::string(staging_infix);
    std::vector<std::pair<fs::path, std::string>> candidates; // folder, prefix
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(target.parent_path(), error)) {
        candidates.emplace_back(entry.path(), "");
    }
    for (const fs::directory_entry& entry : fs::directory_iterator(target, error)) {
        candidates.emplace_back(entry.path(), inner_prefix);
    }
    for (const auto& [folder, inner] : candidates) {
        const std::string entry_name = folder.filename().string();
        const bool beside = inner.empty();
        std::optional<pid_t> pid = pid_after(entry_name, beside ? staging_prefix : inner);
        bool retired = false;
        if (beside && !pid) {
            pid = pid_after(entry_name, previous_prefix);
            retired = pid.has_value();
        }
        if (!pid || process_alive(*pid) || !fs::is_directory(folder, error)) {
            continue;
        }
        if (retired && !fs::exists(target, error)) {
            fs::rename(folder, target, error);
            if (!error) {
                detail::warn("put back the earlier run in " + target.string() + ", which process " +
                             std::to_string(*pid) + " had moved aside when it was stopped");
                continue;
            }
        }
        const std::string size = megabytes(folder);
        fs::remove_all(folder, error);
        detail::warn((error ? "could not remove " : "removed ") + folder.string() + " (" + size +
                     "), left by process " + std::to_string(*pid) + ", which was stopped before it finished");
    }
}

} // namespace

OutputDirectory::OutputDirectory(fs::path directory, std::vector<fs::path> inputs)
    : directory_(std::move(directory)), inputs_(std::move(inputs)) {
    if (directory_.empty()) {
        throw Error(ExitCode::output_failed, {}, "no output directory given: name a folder for the results");
    }
    target_ = resolved(directory_);
    if (target_.filename().empty() || target_ == target_.root_path()) {
        throw Error(ExitCode::output_failed, at(directory_), "cannot hold results: name a folder inside it");
    }
    std::error_code error;
    if (fs::exists(target_, error) && !fs::is_directory(target_, error)) {
        throw Error(ExitCode::output_failed, at(directory_), "exists and is not a directory");
    }
    // The folder is swapped on commit; a shell inside it would be left in the old one.
    if (lies_within(resolved(fs::current_path(error)), target_)) {
        throw Error(ExitCode::output_failed, at(directory_),
                    "holds the working directory; name a folder for the results, e.g. -o results");
    }
    fs::create_directories(target_.parent_path(), error);
    if (error) {
        throw Error(ExitCode::output_failed, at(target_.parent_path()), "cannot create the folder: " + error.message());
    }
    remove_stale_staging(target_);

    for (fs::path& input : inputs_) {
        input = resolved(input);
    }
    if (fs::is_directory(target_, error)) {
        earlier_run_files_ = run_files(target_).value_or(std::vector<std::string>{});
        for (const fs::path& input : inputs_) {
            if (lies_within(input, target_) &&
                std::find(earlier_run_files_.begin(), earlier_run_files_.end(),
                          input.lexically_relative(target_).begin()->string()) != earlier_run_files_.end()) {
                throw Error(ExitCode::output_failed, at(input),
                            "is an input of this run and a file of the earlier run in " + directory_.string() +
                                ", which this run would replace; choose another output directory");
            }
        }
        for (const fs::directory_entry& entry : fs::directory_iterator(target_, error)) {
            if (const auto pid = pid_after(entry.path().filename().string(), std::string(staging_infix))) {
                throw Error(ExitCode::output_failed, at(directory_),
                            "another lifecircle (process " + std::to_string(*pid) + ") is writing into it");
            }
        }
    }
    staging_ = target_.parent_path() /
               ("." + target_.filename().string() + std::string(staging_infix) + std::to_string(::getpid()));
    fs::remove_all(staging_, error);
    if (!fs::create_directory(staging_, error)) {
        throw Error(ExitCode::output_failed, at(staging_),
                    "cannot create the staging folder beside the output directory: " + error.message());
    }
}

OutputDirectory::~OutputDirectory() {
    std::error_code ignored;
    fs::remove_all(staging_, ignored); // an unfinished run, or the earlier one once swapped out
}

fs::path OutputDirectory::stage(const std::string& filename) {
    const fs::path destination = target_ / filename;
    if (std::find(inputs_.begin(), inputs_.end(), destination) != inputs_.end()) {
        throw Error(ExitCode::output_failed, at(directory_ / filename),
                    "is an input of this run; choose another output directory");
    }
    std::error_code error;
    if (fs::exists(fs::symlink_status(destination, error)) &&
        std::find(earlier_run_files_.begin(), earlier_run_files_.end(), filename) == earlier_run_files_.end()) {
        throw Error(ExitCode::output_failed, at(directory_ / filename),
                    "exists and is not a file of an earlier lifecircle run; move it away or choose another "
                    "output directory");
    }
    if (std::find(files_.begin(), files_.end(), filename) != files_.end()) {
        throw std::logic_error("OutputDirectory: '" + filename + "' staged twice");
    }
    files_.push_back(filename);
    return staging_ / filename;
}

void OutputDirectory::adopt(const std::string& filename) {
    std::error_code error;
    if (fs::exists(staging_ / filename, error)) {
        (void)stage(filename);
    }
}

void OutputDirectory::carry_over_kept_files() const {
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(target_, error)) {
        const std::string name = entry.path().filename().string();
        if (std::find(earlier_run_files_.begin(), earlier_run_files_.end(), name) != earlier_run_files_.end() ||
            pid_after(name, std::string(staging_infix))) {
            continue; // replaced by this run, or a stale staging folder of an old version
        }
        if (std::find(files_.begin(), files_.end(), name) != files_.end()) {
            throw Error(ExitCode::output_failed, at(entry.path()),
                        "appeared while this run was writing a file of that name; nothing was replaced");
        }
        std::error_code link_error;
        fs::copy(entry.path(), staging_ / name,
                 fs::copy_options::recursive | fs::copy_options::create_hard_links | fs::copy_options::copy_symlinks,
                 link_error);
        if (link_error) {
            throw Error(ExitCode::output_failed, at(entry.path()),
                        "cannot be kept through the swap of the output directory (" + link_error.message() +
                            "); nothing was replaced. Move it away or choose another output directory");
        }
    }
    if (error) {
        throw Error(ExitCode::output_failed, at(directory_), "cannot list the folder: " + error.message());
    }
    fs::permissions(staging_, fs::status(target_, error).permissions(), error);
}

void OutputDirectory::swap_into_place() {
    std::error_code error;
    const bool replacing = fs::exists(target_, error);
    const unsigned flags = replacing ? RENAME_EXCHANGE : RENAME_NOREPLACE;
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), flags) == 0) {
        return; // staging_ now holds the earlier folder, if there was one
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
        throw Error(ExitCode::output_failed, at(directory_),
                    std::string("cannot move the results into place: ") + std::strerror(errno));
    }
    // No atomic exchange on this file system (NFS, some FUSE): move the earlier
    // folder aside first. A kill in between leaves it aside, and the next run
    // into the same folder puts it back.
    const fs::path previous = target_.parent_path() / ("." + target_.filename().string() + std::string(previous_infix) +
                                                       std::to_string(::getpid()));
    if (replacing) {
        fs::rename(target_, previous, error);
        if (error) {
            throw Error(ExitCode::output_failed, at(directory_),
                        "cannot move the earlier run aside: " + error.message());
        }
    }
    fs::rename(staging_, target_, error);
    if (error) {
        std::error_code ignored;
        if (replacing) {
            fs::rename(previous, target_, ignored);
        }
        throw Error(ExitCode::output_failed, at(directory_), "cannot move the results into place: " + error.message());
    }
    if (replacing) {
        fs::rename(previous, staging_, error); // removed with the staging folder
    }
}

void OutputDirectory::commit() {
    std::error_code error;
    if (fs::is_directory(target_, error)) {
        carry_over_kept_files();
    }
    swap_into_place();
    committed_ = true;
    if (!earlier_run_files_.empty()) {
        detail::warn("replaced the earlier run in " + directory_.string() + " (" +
                     std::to_string(earlier_run_files_.size()) + " files); other files there were kept");
    }
}

void require_complete_run(const fs::path& directory) {
    const fs::path summary = directory / "summary.json";
    if (!fs::exists(summary)) {
        throw Error(ExitCode::input_unreadable, at(summary),
                    "no summary.json: is this the output directory of a lifecircle run?");
    }
    const std::optional<std::vector<std::string>> files = run_files(directory);
    if (!files) {
        throw Error(ExitCode::input_invalid, at(summary), "was not written by lifecircle: it lists no outputs");
    }
    for (const std::string& file : *files) {
        if (!fs::exists(directory / file)) {
            throw Error(ExitCode::input_invalid, at(directory / file),
                        "is listed in summary.json but missing: the run is incomplete; run it again");
        }
    }
}

void write_layers(OutputDirectory& output, std::span<const OutputLayer> layers, VectorFormat format,
                  const ProgressCallback& progress) {
    // Progress by rows of the chosen format, so that one large demand layer
    // does not hide behind many small ones. The CSV copy of each layer is
    // written alongside, on another thread: it is our own text writer, so it
    // shares nothing with GDAL's drivers, and it no longer adds its time.
    double total_rows = 0.0;
    for (const OutputLayer& layer : layers) {
        total_rows += static_cast<double>(layer.attributes.row_count() + 1);
    }
    constexpr std::string_view stage = "writing results";
    report_progress(progress, 0.0, stage);
    double rows_done = 0.0;
    for (const OutputLayer& layer : layers) {
        const double rows = static_cast<double>(layer.attributes.row_count() + 1);
        ProgressCallback within;
        if (progress) {
            within = [&](double fraction, std::string_view) {
                progress((rows_done + fraction * rows) / total_rows, stage);
            };
        }
        const fs::path file = output.stage(layer.name + file_extension(format));
        if (format == VectorFormat::csv) {
            write_layer(layer, format, file, within);
        } else {
            const fs::path csv = output.stage(layer.name + file_extension(VectorFormat::csv));
            detail::run_beside([&layer, csv] { write_layer(layer, VectorFormat::csv, csv); },
                               [&](tbb::task_group&) { write_layer(layer, format, file, within); });
        }
        rows_done += rows;
    }
    report_progress(progress, 1.0, stage);
}

} // namespace lifecircle
