#pragma once
// Reading the names of one source: fields by role, text decoded from the
// file's encoding, geometry (when there is one) in WGS 84.

#include "lifecircle/name_check.hpp"

#include <vector>

namespace lifecircle::detail {

// Appends the source's names to `records`; an undecodable field becomes an
// `undecodable` finding naming the row and the bytes, never a lost row.
void read_names(const NameSourceSpec& spec, std::size_t source_index, NameSourceResult& result,
                std::vector<NameRecord>& records, std::vector<NameFinding>& findings);

} // namespace lifecircle::detail
