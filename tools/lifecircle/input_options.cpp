#include "input_options.hpp"

#include "lifecircle/io.hpp"

namespace lifecircle::cli {

CLI::Option* add_encoding_option(CLI::App& command, const std::string& name, std::string& encoding,
                                 const std::string& input) {
    const CLI::Validator known(
        [](const std::string& value) {
            return is_known_text_encoding(value) ? std::string()
                                                 : "unknown text encoding '" + value + "' (try GBK, GB18030 or UTF-8)";
        },
        "ENCODING");
    return command
        .add_option(name, encoding,
                    "text encoding of the " + input +
                        " (GBK, GB18030, UTF-8 ...; default: a Shapefile's .cpg, else UTF-8)")
        ->check(known);
}

} // namespace lifecircle::cli
