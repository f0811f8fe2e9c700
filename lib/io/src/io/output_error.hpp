#pragma once
// Every writer's failure, as one kind of Error: exit 7, naming the file, and
// saying so when the disk is full, the usual cause, which GDAL reports as
// "unknown error" or a bare I/O failure.

#include "lifecircle/error.hpp"

#include <string>

namespace lifecircle::detail {

[[nodiscard]] Error output_error(ErrorContext where, std::string message);

} // namespace lifecircle::detail
