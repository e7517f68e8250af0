// JSON Lines, CSV and WARC exports.
#include "store/export.hpp"

#include "store/archive_connection.hpp"

#include "core/unicode.hpp"

#include "store/history.hpp"
#include "store/warc.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace khobao::store {
namespace {

// One CSV field, quoted when it must be (RFC 4180). Values are written as
// archived but for control characters (text::without_controls): a CSV is
// read in terminals too, and no news text needs them. A spreadsheet that
// evaluates "=..." in a cell is the spreadsheet's risk; changing the words
// would lie about the source.
void csv_field(std::ostream& out, std::string_view raw) {
  std::string safe = text::without_controls(raw);
  std::string_view value = safe;
  bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out << value;
    return;
  }
  out << '"';
  for (char c : value) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : "; ") + item;
  return out;
}

// The stored fetch behind a version: what the WARC's records are rebuilt from.
struct Capture {
  std::string url;
  std::string fetched_at;
  int status = 200;
  std::string headers;
  std::optional<std::int64_t> blob_id;
};

Capture capture_of(Connection& db, std::int64_t fetch_id) {
  Statement s = db.prepare("SELECT url, fetched_at, coalesce(status, 200), coalesce(headers, ''), blob_id "
                           "FROM fetch WHERE id = ?1");
  s.bind(1, fetch_id);
  if (!s.step()) throw std::runtime_error(fmt::format("version without its fetch {}", fetch_id));
  return {s.text(0), s.text(1), static_cast<int>(s.int64(2)), s.text(3), s.optional_int64(4)};
}

// The response headers as fetched; a page imported from a file has none, and
// a WARC reader wants to know it is HTML (only HTML pages have versions).
std::vector<warc::Header> response_headers(const Capture& capture) {
  std::vector<warc::Header> headers = warc::parse_header_lines(capture.headers);
  if (warc::header_value(headers, "Content-Type").empty()) headers.push_back({"Content-Type", "text/html"});
  return headers;
}

}  // namespace

std::int64_t export_jsonl(Archive& archive, const ExportRequest& request, std::ostream& out) {
  return for_each_version(archive, request.filter, request.all_versions, [&](const StoredVersion& v) {
    out << version_json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  });
}

std::int64_t export_csv(Archive& archive, const ExportRequest& request, std::ostream& out) {
  out << "page_id,version,fetched_at,url,site,title,lead,authors,published_at,updated_at,source,tags,"
         "language,extractor,body\r\n";
  return for_each_version(archive, request.filter, request.all_versions, [&](const StoredVersion& v) {
    const Article& a = v.article;
    auto text = [](const std::optional<std::string>& o) { return o ? std::string_view(*o) : std::string_view(); };
    std::string authors = joined(a.authors), tags = joined(a.tags);
    out << v.info.page_id << ',' << v.info.number;
    for (std::string_view field : {std::string_view(v.info.created_at), text(a.url), text(a.site), text(a.title),
                                   text(a.lead), std::string_view(authors), text(a.published_at),
                                   text(a.updated_at), text(a.source), std::string_view(tags), text(a.language),
                                   std::string_view(a.extractor), std::string_view(a.body)}) {
      out << ',';
      csv_field(out, field);
    }
    out << "\r\n";
  });
}

WarcExportCounts export_warc(Archive& archive, const ExportRequest& request, std::ostream& warc_out,
                             std::ostream& cdxj, const std::string& filename) {
  warc::Writer writer(warc_out);
  warc::Record info = warc::warcinfo_record(filename, utc_now(), "khobao/0.1.0",
                                            {{"format", "WARC File Format 1.1"},
                                             {"description", "khobao export: the capture behind each version"}});
  writer.write(info);
  std::string info_id(info.header("WARC-Record-ID"));
  WarcExportCounts counts;
  std::vector<std::string> index;
  std::vector<std::int64_t> fetch_ids;
  // Collect first: reading blobs while the version query is open would
  // interleave two statements on one connection for the whole export.
  for_each_version(archive, request.filter, request.all_versions,
                   [&](const StoredVersion& v) { fetch_ids.push_back(v.info.fetch_id); });
  std::sort(fetch_ids.begin(), fetch_ids.end());
  fetch_ids.erase(std::unique(fetch_ids.begin(), fetch_ids.end()), fetch_ids.end());
  for (std::int64_t fetch_id : fetch_ids) {
    Capture capture = capture_of(connection(archive), fetch_id);
    if (!capture.blob_id) {
      ++counts.missing_bodies;
      continue;
    }
    std::string body = archive.blobs().read(*capture.blob_id);
    warc::CaptureInfo where{capture.url, capture.fetched_at, info_id, ""};
    warc::Record response =
        warc::response_record(where, warc::http_response_message(capture.status, response_headers(capture), body));
    warc::Record request = warc::request_record(where, warc::http_get_request(capture.url, "khobao/0.1.0"),
                                                response.header("WARC-Record-ID"));
    warc::Span span = writer.write(response);
    writer.write(request);
    index.push_back(warc::cdxj_line(response, span, filename));
    ++counts.captures;
  }
  std::sort(index.begin(), index.end());
  for (const auto& line : index) cdxj << line << '\n';
  return counts;
}

}  // namespace khobao::store
