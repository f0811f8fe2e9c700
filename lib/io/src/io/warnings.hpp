#pragma once
// The io library's own warnings, to the handler of set_warning_handler().

#include <string_view>

namespace lifecircle::detail {

void warn(std::string_view message);

} // namespace lifecircle::detail
