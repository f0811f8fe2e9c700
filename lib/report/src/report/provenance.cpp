#include "lifecircle/report.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

namespace lifecircle {
namespace fs = std::filesystem;

namespace {

// A note longer than this is a licence's full text or not a note at all; the
// report quotes its start and names the file for the rest.
constexpr std::size_t max_note_bytes = 64 * 1024;

// Which kind of note a file name makes, in the order the report quotes them;
// none for other files. Data folders name them freely: PROVENANCE.md,
// SOURCE-README.md, LICENSE, licence.txt.
std::optional<int> note_rank(const fs::path& file) {
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension != "" && extension != ".md" && extension != ".txt") {
        return std::nullopt;
    }
    std::string stem = file.stem().string();
    std::transform(stem.begin(), stem.end(), stem.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const char* const kinds[] = {"PROVENANCE", "README", "LICENSE", "LICENCE", "COPYING"};
    for (int rank = 0; rank < static_cast<int>(std::size(kinds)); ++rank) {
        if (stem.find(kinds[rank]) != std::string::npos) {
            return rank;
        }
    }
    return std::nullopt;
}

// The note files of a folder, PROVENANCE first, then READMEs, then licences; by name within each.
std::vector<fs::path> notes_in(const fs::path& folder) {
    std::vector<std::pair<int, fs::path>> found;
    std::error_code error;
    for (fs::directory_iterator entry(folder.empty() ? fs::path(".") : folder, error), end; !error && entry != end;
         entry.increment(error)) {
        if (!entry->is_regular_file(error)) {
            continue;
        }
        if (const std::optional<int> rank = note_rank(entry->path().filename())) {
            found.emplace_back(*rank, folder / entry->path().filename());
        }
    }
    std::sort(found.begin(), found.end());
    std::vector<fs::path> files;
    for (auto& [rank, file] : found) {
        files.push_back(std::move(file));
    }
    return files;
}

} // namespace

std::vector<ProvenanceNote> read_provenance_notes(std::span<const fs::path> inputs, const fs::path& relative_to) {
    std::vector<fs::path> folders;
    for (const fs::path& input : inputs) {
        const fs::path folder = input.parent_path().lexically_normal();
        if (std::find(folders.begin(), folders.end(), folder) == folders.end()) {
            folders.push_back(folder);
        }
    }
    std::vector<ProvenanceNote> notes;
    for (const fs::path& folder : folders) {
        for (const fs::path& file : notes_in(folder)) {
            std::optional<std::string> text = read_text_file(file);
            if (!text) {
                continue;
            }
            if (text->size() > max_note_bytes) {
                text->resize(max_note_bytes);
                *text += "\n… (cut at 64 KiB; the whole text is in the file)";
            }
            const fs::path shown = relative_to.empty() ? file : file.lexically_relative(relative_to);
            notes.push_back({(shown.empty() ? file : shown).generic_string(), std::move(*text)});
        }
    }
    return notes;
}

} // namespace lifecircle
