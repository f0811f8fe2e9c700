#pragma once
// Options that describe an input file, shared by every command that reads one.

#include <CLI/CLI.hpp>

#include <string>

namespace lifecircle::cli {

// A command-line --<input>-encoding: a text encoding iconv knows (GBK, GB18030,
// UTF-8, 936 ...); anything else is a usage error (exit 2).
CLI::Option* add_encoding_option(CLI::App& command, const std::string& name, std::string& encoding,
                                 const std::string& input);

} // namespace lifecircle::cli
