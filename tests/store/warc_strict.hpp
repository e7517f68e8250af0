// A strict validator of the WARC files and CDXJ indexes khobao's export
// writes, for the tests. It reads the bytes on its own (zlib and string
// searches, nothing from store/warc's reader), so a bug in the reader cannot
// hide the same bug in the writer.
#pragma once

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/digest.hpp"

namespace khobao::test {
namespace strict_detail {

struct GzipReader {
  z_stream stream{};
  GzipReader() {
    if (inflateInit2(&stream, 15 + 16) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
  }
  ~GzipReader() { inflateEnd(&stream); }
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;
};

// Inflates the one gzip member at the start of `bytes`; nullopt if it is not
// gzip or does not end. `*consumed` gets the member's compressed length.
inline std::optional<std::string> inflate_member(std::string_view bytes, std::size_t* consumed) {
  GzipReader reader;
  z_stream& z = reader.stream;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char chunk[16384];
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    int rc = inflate(&z, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - z.avail_out);
    if (rc == Z_STREAM_END) {
      *consumed = bytes.size() - z.avail_in;
      return out;
    }
    if (rc != Z_OK) return std::nullopt;  // damage, or the input ended inside the member
  }
}

struct StrictRecord {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string block;
  std::string where;  // "record at offset N", for the messages

  // The value of the only field named `name` (exact case, as khobao writes it).
  std::string get(const std::string& name) const {
    for (const auto& [n, v] : headers)
      if (n == name) return v;
    return {};
  }
  std::size_t count(const std::string& name) const {
    return static_cast<std::size_t>(
        std::count_if(headers.begin(), headers.end(), [&](const auto& h) { return h.first == name; }));
  }
};

inline std::optional<std::uint64_t> decimal(std::string_view s) {
  if (s.empty() || s.size() > 18 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::stoull(std::string(s));
}

inline bool is_token(std::string_view name) {
  static const std::string kExtra = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || kExtra.find(c) != std::string::npos;
  });
}

// "Name: value" lines separated by CRLF, each checked; problems get `what`.
inline std::vector<std::pair<std::string, std::string>> strict_fields(std::string_view text, const std::string& what,
                                                                      std::vector<std::string>& problems) {
  std::vector<std::pair<std::string, std::string>> fields;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find("\r\n", pos);
    if (end == std::string_view::npos) {
      problems.push_back(what + ": a field line does not end with CRLF");
      break;
    }
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 2;
    std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
      problems.push_back(what + ": malformed field line '" + std::string(line.substr(0, 80)) + "'");
      continue;
    }
    std::string_view value = line.substr(colon + 2);
    if (value.find_first_of("\r\n") != std::string_view::npos)
      problems.push_back(what + ": CR or LF inside the value of " + std::string(line.substr(0, colon)));
    fields.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return fields;
}

// One WARC 1.1 record filling `data` exactly (the contents of one member).
inline std::optional<StrictRecord> parse_record(std::string_view data, const std::string& where,
                                                std::vector<std::string>& problems) {
  if (!data.starts_with("WARC/1.1\r\n")) {
    problems.push_back(where + ": does not start with WARC/1.1 CRLF");
    return std::nullopt;
  }
  std::size_t head_end = data.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    problems.push_back(where + ": no blank line after the header");
    return std::nullopt;
  }
  StrictRecord record;
  record.where = where;
  std::string_view header_text = data.substr(10, head_end + 2 - 10);
  record.headers = strict_fields(header_text, where, problems);
  std::string length_text = record.get("Content-Length");
  std::optional<std::uint64_t> length = decimal(length_text);
  if (record.count("Content-Length") != 1 || !length) {
    problems.push_back(where + ": needs exactly one decimal Content-Length");
    return std::nullopt;
  }
  std::size_t block_start = head_end + 4;
  if (block_start + *length + 4 > data.size()) {
    problems.push_back(where + ": Content-Length " + length_text + " runs past the end of its gzip member");
    return std::nullopt;
  }
  record.block = std::string(data.substr(block_start, *length));
  std::string_view rest = data.substr(block_start + *length);
  if (!rest.starts_with("\r\n\r\n"))
    problems.push_back(where + ": the block is not followed by CRLF CRLF (Content-Length wrong?)");
  else if (rest.size() > 4)
    problems.push_back(where + (rest.substr(4).starts_with("WARC/") ? ": two records in one gzip member"
                                                                    : ": bytes after the record in its gzip member"));
  return record;
}

struct HttpParts {
  std::string first_line;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

inline std::optional<HttpParts> parse_http(const std::string& block, const std::string& what,
                                           std::vector<std::string>& problems) {
  std::size_t line_end = block.find("\r\n");
  std::size_t head_end = block.find("\r\n\r\n");
  if (line_end == std::string::npos || head_end == std::string::npos) {
    problems.push_back(what + ": HTTP message without CRLF line ends and a blank line");
    return std::nullopt;
  }
  HttpParts parts;
  parts.first_line = block.substr(0, line_end);
  if (head_end > line_end)
    parts.headers = strict_fields(std::string_view(block).substr(line_end + 2, head_end - line_end), what, problems);
  parts.body = block.substr(head_end + 4);
  return parts;
}

inline std::size_t count_ci(const HttpParts& http, std::string_view name) {
  return static_cast<std::size_t>(std::count_if(http.headers.begin(), http.headers.end(), [&](const auto& h) {
    return h.first.size() == name.size() && std::equal(name.begin(), name.end(), h.first.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           });
  }));
}

inline std::string value_ci(const HttpParts& http, std::string_view name) {
  for (const auto& [n, v] : http.headers)
    if (n.size() == name.size() && std::equal(name.begin(), name.end(), n.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
      return v;
  return {};
}

inline void check_http_response(const StrictRecord& r, std::vector<std::string>& problems) {
  std::optional<HttpParts> http = parse_http(r.block, r.where, problems);
  if (!http) return;
  static const std::regex kStatus(R"(HTTP/1\.[01] [1-5][0-9][0-9] [^\r\n]*)");
  if (!std::regex_match(http->first_line, kStatus))
    problems.push_back(r.where + ": bad HTTP status line '" + http->first_line + "'");
  if (count_ci(*http, "Content-Length") != 1 || value_ci(*http, "Content-Length") != std::to_string(http->body.size()))
    problems.push_back(r.where + ": HTTP Content-Length is not the body's size");
  if (count_ci(*http, "Transfer-Encoding") || count_ci(*http, "Content-Encoding"))
    problems.push_back(r.where + ": HTTP Transfer-Encoding or Content-Encoding on a stored (decoded) body");
  if (r.get("WARC-Payload-Digest") != store::warc_sha1_digest(http->body))
    problems.push_back(r.where + ": WARC-Payload-Digest does not match the HTTP body");
}

inline void check_http_request(const StrictRecord& r, std::vector<std::string>& problems) {
  std::optional<HttpParts> http = parse_http(r.block, r.where, problems);
  if (!http) return;
  static const std::regex kRequestLine(R"([A-Z]+ [!-~]+ HTTP/1\.[01])");
  if (!std::regex_match(http->first_line, kRequestLine))
    problems.push_back(r.where + ": bad HTTP request line '" + http->first_line + "'");
  if (count_ci(*http, "Host") != 1) problems.push_back(r.where + ": HTTP request without one Host");
  std::string payload = r.get("WARC-Payload-Digest");
  if (!payload.empty() && payload != store::warc_sha1_digest(http->body))
    problems.push_back(r.where + ": WARC-Payload-Digest does not match the HTTP body");
}

// The checks of one record on its own; links between records come after.
inline void check_record(const StrictRecord& r, std::vector<std::string>& problems) {
  static const std::regex kId(R"(<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>)");
  static const std::regex kDate(R"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?Z)");
  static const std::regex kUri(R"([a-z][a-z0-9+.-]*:[!-~]+)");
  static const std::set<std::string> kTypes = {"warcinfo", "response", "resource",   "request",
                                               "metadata", "revisit",  "conversion", "continuation"};
  for (const char* name : {"WARC-Record-ID", "WARC-Date", "WARC-Type"})
    if (r.count(name) != 1) problems.push_back(r.where + ": needs exactly one " + name);
  if (!std::regex_match(r.get("WARC-Record-ID"), kId))
    problems.push_back(r.where + ": WARC-Record-ID is not <urn:uuid:v4>");
  if (!std::regex_match(r.get("WARC-Date"), kDate)) problems.push_back(r.where + ": WARC-Date is not ISO 8601 UTC");
  const std::string type = r.get("WARC-Type");
  if (!kTypes.count(type)) problems.push_back(r.where + ": unknown WARC-Type '" + type + "'");
  std::string block_digest = r.get("WARC-Block-Digest");
  if ((type == "request" || type == "response") && block_digest.empty())
    problems.push_back(r.where + ": no WARC-Block-Digest");
  if (!block_digest.empty() && block_digest != store::warc_sha1_digest(r.block))
    problems.push_back(r.where + ": WARC-Block-Digest does not match the block");
  if (type == "warcinfo") {
    if (r.get("Content-Type") != "application/warc-fields") problems.push_back(r.where + ": warcinfo not warc-fields");
    strict_fields(r.block, r.where + " (warcinfo block)", problems);
  }
  if (type != "request" && type != "response") return;
  if (!std::regex_match(r.get("WARC-Target-URI"), kUri)) problems.push_back(r.where + ": WARC-Target-URI is not a URI");
  if (r.get("Content-Type") != "application/http;msgtype=" + type)
    problems.push_back(r.where + ": Content-Type is not application/http;msgtype=" + type);
  if (type == "response")
    check_http_response(r, problems);
  else
    check_http_request(r, problems);
}

// Every member of a file, with its offset and length; stops at damage.
struct Member {
  std::uint64_t offset = 0, length = 0;
  std::string data;
};

inline std::vector<Member> members(std::string_view file, std::vector<std::string>& problems) {
  std::vector<Member> out;
  for (std::size_t pos = 0; pos < file.size();) {
    std::size_t consumed = 0;
    std::optional<std::string> data = inflate_member(file.substr(pos), &consumed);
    if (!data) {
      problems.push_back(fmt::format("offset {}: not a whole gzip member", pos));
      break;
    }
    out.push_back({pos, consumed, std::move(*data)});
    pos += consumed;
  }
  return out;
}

}  // namespace strict_detail

// What is wrong with `file_bytes` as a khobao WARC export: each record its
// own gzip member, WARC/1.1, the mandatory fields well formed, exact
// Content-Length and CRLF CRLF, a warcinfo first, digests that verify, HTTP
// responses as stored (Content-Length, no transfer or content coding), every
// request pointing at a response. Empty: nothing.
inline std::vector<std::string> strict_warc_problems(std::string_view file_bytes) {
  using namespace strict_detail;
  std::vector<std::string> problems;
  std::vector<StrictRecord> records;
  for (const Member& m : members(file_bytes, problems)) {
    std::optional<StrictRecord> r = parse_record(m.data, fmt::format("record at offset {}", m.offset), problems);
    if (!r) continue;
    check_record(*r, problems);
    records.push_back(std::move(*r));
  }
  if (records.empty() || records.front().get("WARC-Type") != "warcinfo")
    problems.push_back("the first record is not a warcinfo record");
  std::set<std::string> ids, response_ids;
  for (const StrictRecord& r : records) {
    if (!ids.insert(r.get("WARC-Record-ID")).second) problems.push_back(r.where + ": WARC-Record-ID used twice");
    if (r.get("WARC-Type") == "response") response_ids.insert(r.get("WARC-Record-ID"));
  }
  std::string warcinfo_id = records.empty() ? "" : records.front().get("WARC-Record-ID");
  for (const StrictRecord& r : records) {
    if (r.get("WARC-Type") == "request" && !response_ids.count(r.get("WARC-Concurrent-To")))
      problems.push_back(r.where + ": request whose WARC-Concurrent-To names no response in the file");
    if (r.count("WARC-Warcinfo-ID") && r.get("WARC-Warcinfo-ID") != warcinfo_id)
      problems.push_back(r.where + ": WARC-Warcinfo-ID is not the warcinfo record's id");
  }
  return problems;
}

// What is wrong with `cdxj` as the index of `warc_bytes`: lines in byte
// order, each "KEY TIMESTAMP14 {json}" with pywb's fields, its offset and
// length a whole gzip member holding a response of that url, date and
// digest; every response indexed once.
inline std::vector<std::string> cdxj_problems(std::string_view cdxj, std::string_view warc_bytes) {
  using namespace strict_detail;
  std::vector<std::string> problems;
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos < cdxj.size();) {
    std::size_t nl = cdxj.find('\n', pos);
    if (nl == std::string_view::npos) nl = cdxj.size();  // the last newline is optional
    lines.push_back(cdxj.substr(pos, nl - pos));
    pos = nl + 1;
  }
  std::set<std::uint64_t> indexed;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    const std::string where = fmt::format("CDXJ line {}", i + 1);
    if (i > 0 && line < lines[i - 1]) problems.push_back(where + ": not in sorted order");
    std::size_t s1 = line.find(' '), s2 = s1 == std::string_view::npos ? s1 : line.find(' ', s1 + 1);
    static const std::regex kTimestamp("[0-9]{14}");
    if (s2 == std::string_view::npos || s1 == 0 ||
        !std::regex_match(std::string(line.substr(s1 + 1, s2 - s1 - 1)), kTimestamp)) {
      problems.push_back(where + ": not 'KEY TIMESTAMP14 {json}'");
      continue;
    }
    nlohmann::json j = nlohmann::json::parse(line.substr(s2 + 1), nullptr, false);
    bool fields_ok = j.is_object();
    for (const char* key : {"url", "digest", "length", "offset", "filename"})
      fields_ok = fields_ok && j.contains(key) && j[key].is_string();
    if (!fields_ok) {
      problems.push_back(where + ": JSON without url, digest, length, offset, filename as strings");
      continue;
    }
    std::optional<std::uint64_t> offset = decimal(j["offset"].get<std::string>());
    std::optional<std::uint64_t> length = decimal(j["length"].get<std::string>());
    std::size_t consumed = 0;
    std::optional<std::string> data =
        offset && *offset < warc_bytes.size() ? inflate_member(warc_bytes.substr(*offset), &consumed) : std::nullopt;
    if (!data || !length || consumed != *length) {
      problems.push_back(where + ": offset and length are not one whole gzip member");
      continue;
    }
    if (!indexed.insert(*offset).second) problems.push_back(where + ": a record indexed twice");
    std::optional<StrictRecord> r = parse_record(*data, where, problems);
    if (!r) continue;
    if (r->get("WARC-Type") != "response") problems.push_back(where + ": points at a " + r->get("WARC-Type"));
    if (r->get("WARC-Target-URI") != j["url"]) problems.push_back(where + ": url is not the record's WARC-Target-URI");
    if (r->get("WARC-Payload-Digest") != j["digest"]) problems.push_back(where + ": digest is not the record's");
    std::string date_digits;
    for (char c : r->get("WARC-Date"))
      if (std::isdigit(static_cast<unsigned char>(c))) date_digits += c;
    if (date_digits.substr(0, 14) != line.substr(s1 + 1, 14))
      problems.push_back(where + ": timestamp is not WARC-Date");
  }
  std::vector<std::string> ignored;  // the WARC's own problems are strict_warc_problems' business
  for (const Member& m : members(warc_bytes, ignored))
    if (m.data.find("\r\nWARC-Type: response\r\n") != std::string::npos && !indexed.count(m.offset))
      problems.push_back(fmt::format("the response at offset {} is not indexed", m.offset));
  return problems;
}

}  // namespace khobao::test
