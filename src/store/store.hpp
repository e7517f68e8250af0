// The store module: the archive in one SQLite file. Start at archive.hpp
// (opening, storing a fetch); schema.hpp is the schema and its migrations,
// blob_store.hpp the raw bodies; search.hpp, history.hpp and export.hpp read;
// frontier_table.hpp, schedule_table.hpp and page_lookup.hpp hold the crawler's state;
// site_status.hpp is the sites report. SQLite itself (sqlite.hpp) is store's
// own: other modules call these functions.
#pragma once

#include "store/archive.hpp"
#include "store/blob_store.hpp"
#include "store/schema.hpp"
#include "store/export.hpp"
#include "store/frontier_table.hpp"
#include "store/history.hpp"
#include "store/page_lookup.hpp"
#include "store/schedule_table.hpp"
#include "store/search.hpp"
#include "store/site_status.hpp"
#include "store/sqlite_error.hpp"
#include "store/summary.hpp"
#include "store/version_diff.hpp"
