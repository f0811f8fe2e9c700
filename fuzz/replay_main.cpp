// Runs a libFuzzer target without libFuzzer, as the test suite's fuzz smoke
// run: every file of a seed corpus, then a fixed number of inputs mutated
// from them (bytes flipped, inserted, deleted, repeated; two inputs spliced)
// by a generator with a fixed seed, so a failure reproduces. It is built with
// the compiler of the test build and its sanitizers; the coverage-guided runs
// are libFuzzer's (bench/fuzz.sh).
//
//   fuzz_<target> <corpus folder> [mutations] [file]
//
// With a file, each input is written there before it runs: after a crash it
// holds the input that crashed, to replay with libFuzzer or add to the corpus.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Input = std::vector<std::uint8_t>;

Input read_file(const std::filesystem::path& file) {
    std::ifstream stream(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

Input mutated(const std::vector<Input>& seeds, std::mt19937_64& random) {
    Input input = seeds[random() % seeds.size()];
    const auto anywhere = [&](std::size_t size) { return size == 0 ? 0 : random() % (size + 1); };
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int edit = 0; edit < edits; ++edit) {
        const std::size_t at = anywhere(input.size());
        switch (random() % 5) {
        case 0: // flip a bit
            if (at < input.size()) {
                input[at] ^= static_cast<std::uint8_t>(1u << (random() % 8));
            }
            break;
        case 1: { // insert a byte, often one with a meaning in text formats
            constexpr std::string_view meaningful = "\",{}[]:\n0-9e.";
            const auto byte = random() % 2 == 0 ? static_cast<std::uint8_t>(random())
                                                : static_cast<std::uint8_t>(meaningful[random() % meaningful.size()]);
            input.insert(input.begin() + static_cast<std::ptrdiff_t>(at), byte);
            break;
        }
        case 2: // delete a span
            input.erase(input.begin() + static_cast<std::ptrdiff_t>(at),
                        input.begin() + static_cast<std::ptrdiff_t>(std::min(input.size(), at + random() % 16)));
            break;
        case 3: // repeat a span
            if (at < input.size()) {
                const std::size_t end = std::min(input.size(), at + 1 + random() % 64);
                const Input span(input.begin() + static_cast<std::ptrdiff_t>(at),
                                 input.begin() + static_cast<std::ptrdiff_t>(end));
                input.insert(input.begin() + static_cast<std::ptrdiff_t>(end), span.begin(), span.end());
            }
            break;
        default: { // splice: this input's head, another's tail
            const Input& other = seeds[random() % seeds.size()];
            const std::size_t from = anywhere(other.size());
            input.resize(at);
            input.insert(input.end(), other.begin() + static_cast<std::ptrdiff_t>(std::min(from, other.size())),
                         other.end());
        }
        }
    }
    return input;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <corpus folder> [mutations]\n", argv[0]);
        return 2;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<Input> seeds;
    for (const std::filesystem::path& file : files) {
        seeds.push_back(read_file(file));
        LLVMFuzzerTestOneInput(seeds.back().data(), seeds.back().size());
    }
    if (seeds.empty()) {
        std::fprintf(stderr, "%s: no seed in %s\n", argv[0], argv[1]);
        return 1;
    }
    const long mutations = argc > 2 ? std::stol(argv[2]) : 1000;
    std::mt19937_64 random(20261206);
    for (long run = 0; run < mutations; ++run) {
        const Input input = mutated(seeds, random);
        if (argc > 3) {
            std::ofstream(argv[3], std::ios::binary | std::ios::trunc)
                .write(reinterpret_cast<const char*>(input.data()), static_cast<std::streamsize>(input.size()));
        }
        LLVMFuzzerTestOneInput(input.data(), input.size());
    }
    std::printf("%zu seeds and %ld mutations run, no finding\n", seeds.size(), mutations);
    return 0;
}
