#include "io/output_error.hpp"
#include "text/text_writers.hpp"

#include <cpl_string.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>

namespace lifecircle::detail {

TextFile::TextFile(const std::filesystem::path& file, ErrorContext where)
    : stream_(std::fopen(file.string().c_str(), "wb"), &std::fclose), where_(std::move(where)) {
    if (!stream_) {
        throw detail::output_error(where_, std::string("cannot create the file: ") + std::strerror(errno));
    }
}

void TextFile::write(std::string_view text) {
    failed_ = failed_ || std::fwrite(text.data(), 1, text.size(), stream_.get()) != text.size();
}

void TextFile::write_rows(std::size_t rows,
                          const std::function<void(TextBuffer&, std::size_t, std::size_t)>& append_rows,
                          const ProgressCallback& progress) {
    // A piece is about a megabyte of a point layer's GeoJSON; a few per core
    // are in flight at a time, so memory stays bounded whatever the layer.
    constexpr std::size_t rows_per_piece = 4096;
    struct Piece {
        std::size_t begin = 0;
        std::size_t end = 0;
        TextBuffer text;
        std::exception_ptr failure;
    };
    // A failure stops the pipeline from starting pieces rather than being
    // thrown through it: TBB would leave the pieces in flight undestroyed.
    std::size_t next_row = 0;
    std::exception_ptr first_failure; // in row order: the writing stage sees pieces in order
    std::atomic<bool> failed{false};
    const auto tokens = static_cast<std::size_t>(2 * std::max(1, tbb::this_task_arena::max_concurrency()));
    const auto start_piece = [&](tbb::flow_control& control) -> std::shared_ptr<Piece> {
        if (next_row >= rows || failed.load()) {
            control.stop();
            return nullptr;
        }
        auto piece = std::make_shared<Piece>();
        piece->begin = next_row;
        piece->end = std::min(rows, next_row + rows_per_piece);
        next_row = piece->end;
        return piece;
    };
    const auto format_piece = [&](std::shared_ptr<Piece> piece) {
        try {
            append_rows(piece->text, piece->begin, piece->end);
        } catch (...) {
            piece->failure = std::current_exception();
        }
        return piece;
    };
    const auto write_piece = [&](const std::shared_ptr<Piece>& piece) {
        if (first_failure) {
            return;
        }
        try {
            if (piece->failure) {
                std::rethrow_exception(piece->failure);
            }
            report_progress_of(progress, piece->begin, rows, {});
            write(piece->text.text());
        } catch (...) {
            first_failure = std::current_exception();
            failed = true;
        }
    };
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, std::shared_ptr<Piece>>(tbb::filter_mode::serial_in_order, start_piece) &
            tbb::make_filter<std::shared_ptr<Piece>, std::shared_ptr<Piece>>(tbb::filter_mode::parallel, format_piece) &
            tbb::make_filter<std::shared_ptr<Piece>, void>(tbb::filter_mode::serial_in_order, write_piece));
    if (first_failure) {
        std::rethrow_exception(first_failure);
    }
}

void TextFile::close() {
    if (failed_ || std::fclose(stream_.release()) != 0) {
        throw detail::output_error(where_, std::string("cannot write the file: ") + std::strerror(errno));
    }
}

void refuse_repeated_names(const std::vector<std::string>& names, const ErrorContext& where) {
    for (std::size_t i = 0; i < names.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (EQUAL(names[i].c_str(), names[j].c_str())) {
                throw detail::output_error(where, "cannot create field '" + names[i] +
                                                      "': a field with this name already exists");
            }
        }
    }
}

} // namespace lifecircle::detail
