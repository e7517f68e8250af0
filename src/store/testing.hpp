// For tests and benchmarks only: raw SQL on an archive, to set up states the
// store functions never make and to check rows no function reads. Modules use
// store's functions instead; nothing under src/ outside store includes this.
#pragma once

#include "store/archive_connection.hpp"
#include "store/sqlite.hpp"

namespace khobao::store::testing {

// The archive's own connection: what a test's SQL runs on, seeing and
// joining whatever transaction the archive holds.
inline Connection& connection(Archive& archive) { return store::connection(archive); }

}  // namespace khobao::store::testing
