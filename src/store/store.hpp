// The store module: the archive in one SQLite file. Start at archive.hpp
// (opening, storing a fetch); schema.hpp is the schema and its migrations,
// blob_store.hpp the raw bodies; search.hpp, history.hpp and export.hpp read.
#pragma once

#include "store/archive.hpp"
#include "store/blob_store.hpp"
#include "store/schema.hpp"
#include "store/export.hpp"
#include "store/history.hpp"
#include "store/search.hpp"
#include "store/sqlite.hpp"
#include "store/summary.hpp"
#include "store/version_diff.hpp"
