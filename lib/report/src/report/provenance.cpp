#include "lifecircle/report.hpp"

#include <algorithm>

namespace lifecircle {
namespace fs = std::filesystem;

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
        for (const char* name : {"PROVENANCE.md", "README.md"}) {
            const fs::path file = folder / name;
            const std::optional<std::string> text = read_text_file(file);
            if (!text) {
                continue;
            }
            const fs::path shown = relative_to.empty() ? file : file.lexically_relative(relative_to);
            notes.push_back({(shown.empty() ? file : shown).generic_string(), *text});
            break;
        }
    }
    return notes;
}

} // namespace lifecircle
