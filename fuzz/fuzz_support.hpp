#pragma once
// What the fuzz targets share: the input as a file on disk (the readers take
// paths, and check them with std::filesystem, so GDAL's /vsimem/ cannot stand
// in), and the one rule every target checks: an input is read, or refused
// with lifecircle::Error. Any other exception escapes and is a finding.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace lifecircle::fuzz {

// A scratch folder of this process, made once and removed at exit.
inline const std::filesystem::path& scratch() {
    static const struct Folder {
        std::filesystem::path path =
            std::filesystem::temp_directory_path() / ("lifecircle-fuzz-" + std::to_string(::getpid()));
        Folder() { std::filesystem::create_directories(path); }
        ~Folder() {
            std::error_code ignored;
            std::filesystem::remove_all(path, ignored);
        }
    } folder;
    return folder.path;
}

// Writes the input to `name` in the scratch folder and returns its path.
inline std::filesystem::path as_file(const std::uint8_t* data, std::size_t size, const std::string& name) {
    const std::filesystem::path file = scratch() / name;
    std::ofstream stream(file, std::ios::binary | std::ios::trunc);
    stream.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return file;
}

} // namespace lifecircle::fuzz
