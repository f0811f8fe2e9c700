#include "io/output_error.hpp"
#include "text/text_writers.hpp"

#include <cpl_string.h>

#include <cerrno>
#include <cstring>

namespace lifecircle::detail {

TextFile::TextFile(const std::filesystem::path& file, ErrorContext where)
    : stream_(std::fopen(file.string().c_str(), "wb"), &std::fclose), where_(std::move(where)) {
    if (!stream_) {
        throw detail::output_error(where_, std::string("cannot create the file: ") + std::strerror(errno));
    }
    buffer_.reserve(flush_bytes + flush_bytes / 4);
}

void TextFile::flush() {
    failed_ = failed_ || std::fwrite(buffer_.data(), 1, buffer_.size(), stream_.get()) != buffer_.size();
    buffer_.clear();
}

void TextFile::close() {
    flush();
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
