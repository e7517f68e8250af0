// Exports of the archive: JSON Lines and CSV of the article records, and WARC
// 1.1 of the raw captures (with a CDXJ index), for any filter.
#pragma once

#include "store/archive.hpp"
#include "store/search.hpp"

#include <cstdint>
#include <ostream>
#include <string>

namespace khobao::store {

struct ExportRequest {
  Filter filter;
  bool all_versions = false;  // every version, not only each page's latest
};

// One JSON object per line per version (history.hpp's version_json). Returns
// the number of records written.
std::int64_t export_jsonl(Archive& archive, const ExportRequest& request, std::ostream& out);

// RFC 4180 CSV with a header row; lists (authors, tags) joined by "; ".
std::int64_t export_csv(Archive& archive, const ExportRequest& request, std::ostream& out);

struct WarcExportCounts {
  std::int64_t captures = 0;        // request/response pairs written
  std::int64_t missing_bodies = 0;  // versions whose raw body was not kept
};

// WARC 1.1, gzip per record: a warcinfo record, then for each exported
// version the capture that first showed it, as a request record and a
// response record rebuilt from the stored headers and raw body. `cdxj`
// receives the sorted CDXJ index of the responses; `filename` is the WARC's
// name as the index names it.
WarcExportCounts export_warc(Archive& archive, const ExportRequest& request, std::ostream& warc,
                             std::ostream& cdxj, const std::string& filename);

}  // namespace khobao::store
