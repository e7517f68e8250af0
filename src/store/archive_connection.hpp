// Store-internal: the archive's SQLite connection, for store's own table
// functions. Nothing outside src/store includes this (tests: store/testing.hpp).
#pragma once

#include "store/archive.hpp"
#include "store/sqlite.hpp"

namespace khobao::store {

// The connection `archive` reads and writes through; it lives as long as the archive.
Connection& connection(Archive& archive);

}  // namespace khobao::store
