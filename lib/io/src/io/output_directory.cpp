#include "lifecircle/error.hpp"
#include "lifecircle/io.hpp"

#include <tbb/task_group.h>
#include <unistd.h>

#include <algorithm>
#include <exception>

namespace lifecircle {
namespace fs = std::filesystem;

namespace {

fs::path comparable(const fs::path& path) {
    std::error_code ignored;
    fs::path absolute = fs::weakly_canonical(fs::absolute(path, ignored), ignored);
    return absolute.empty() ? path.lexically_normal() : absolute;
}

ErrorContext at(const fs::path& path) {
    return ErrorContext::in_file(path.string());
}

} // namespace

OutputDirectory::OutputDirectory(fs::path directory, std::vector<fs::path> inputs)
    : directory_(std::move(directory)), inputs_(std::move(inputs)) {
    std::error_code error;
    if (fs::exists(directory_, error) && !fs::is_directory(directory_, error)) {
        throw Error(ExitCode::output_failed, at(directory_), "exists and is not a directory");
    }
    if (!fs::exists(directory_, error)) {
        if (!fs::create_directories(directory_, error)) {
            throw Error(ExitCode::output_failed, at(directory_), "cannot create the directory: " + error.message());
        }
        created_directory_ = true;
    }
    staging_ = directory_ / (".lifecircle-staging-" + std::to_string(::getpid()));
    fs::remove_all(staging_, error);
    if (!fs::create_directory(staging_, error)) {
        throw Error(ExitCode::output_failed, at(staging_), "cannot create the staging directory: " + error.message());
    }
    for (fs::path& input : inputs_) {
        input = comparable(input);
    }
}

OutputDirectory::~OutputDirectory() {
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
    if (!committed_ && created_directory_) {
        fs::remove(directory_, ignored); // only if nothing else is in it
    }
}

fs::path OutputDirectory::stage(const std::string& filename) {
    const fs::path destination = comparable(directory_ / filename);
    if (std::find(inputs_.begin(), inputs_.end(), destination) != inputs_.end()) {
        throw Error(ExitCode::output_failed, at(destination),
                    "is an input of this run; choose another output directory");
    }
    if (std::find(files_.begin(), files_.end(), filename) != files_.end()) {
        throw std::logic_error("OutputDirectory: '" + filename + "' staged twice");
    }
    files_.push_back(filename);
    return staging_ / filename;
}

void OutputDirectory::commit() {
    for (const std::string& file : files_) {
        std::error_code error;
        fs::rename(staging_ / file, directory_ / file, error);
        if (error) {
            throw Error(ExitCode::output_failed, at(directory_ / file), "cannot move into place: " + error.message());
        }
    }
    committed_ = true;
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
        tbb::task_group csv_copy;
        if (format != VectorFormat::csv) {
            const fs::path csv = output.stage(layer.name + file_extension(VectorFormat::csv));
            csv_copy.run([&layer, csv] { write_layer(layer, VectorFormat::csv, csv); });
        }
        std::exception_ptr failure;
        try {
            write_layer(layer, format, file, within);
        } catch (...) {
            failure = std::current_exception();
        }
        csv_copy.wait(); // rethrows what the copy threw
        if (failure) {
            std::rethrow_exception(failure);
        }
        rows_done += rows;
    }
    report_progress(progress, 1.0, stage);
}

} // namespace lifecircle
