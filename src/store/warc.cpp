// WARC records: building and writing khobao's exports (gzip per record, CDXJ
// lines), reading other tools' WARC files, and the HTTP messages inside them.
#include "store/warc.hpp"

#include <fmt/format.h>
#include <openssl/rand.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <climits>
#include <deque>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/gzip.hpp"
#include "core/text.hpp"
#include "store/digest.hpp"
#include "url/url.hpp"

namespace khobao::store::warc {
namespace {

constexpr std::size_t kChunk = 64 * 1024;
// No sane WARC header section comes near this; a file with no line ends
// must not make the reader buffer it all.
constexpr std::size_t kMaxWarcHeaderBytes = 1 << 20;

// ---------------------------------------------------------------------------
// WARC and HTTP field names are ASCII and case-insensitive (core/text.hpp).

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view strip_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// CR and LF inside a field would end it and start whatever the page put
// after them: turn them into spaces.
std::string one_line(std::string_view s) {
  std::string out(s);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return out;
}

std::string_view find_header(const std::vector<Header>& headers, std::string_view name) {
  for (const Header& h : headers)
    if (text::iequals(h.name, name)) return h.value;
  return {};
}

// A decimal number that fits in 64 bits, nothing else around it.
std::optional<std::uint64_t> parse_decimal(std::string_view s) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

// Printable for an error message: a sample of the bytes, never the whole of
// a hostile input, never control bytes.
std::string quoted_sample(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 60))
    out += (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) ? '?' : c;
  return "'" + out + (s.size() > 60 ? "...'" : "'");
}

// ---------------------------------------------------------------------------
// zlib, behind RAII so every path out of a function ends the stream.

struct Deflater {
  z_stream stream{};
  Deflater() {
    // 15 + 16: a gzip wrapper, what .warc.gz readers expect.
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      throw std::runtime_error("zlib: cannot start deflating");
  }
  ~Deflater() { deflateEnd(&stream); }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;
};

// Points the stream at the next part of `input` from `*pos`; zlib counts in
// 32 bits, so large inputs go in slices.
void feed(z_stream& z, std::string_view input, std::size_t* pos) {
  std::size_t take = std::min<std::size_t>(input.size() - *pos, UINT_MAX);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data() + *pos));
  z.avail_in = static_cast<uInt>(take);
  *pos += take;
}

// `bytes` as one whole gzip member.
std::string gzip_member(std::string_view bytes) {
  Deflater deflater;
  z_stream& z = deflater.stream;
  std::string out;
  std::size_t pos = 0;
  int flush = Z_NO_FLUSH;
  do {
    feed(z, bytes, &pos);
    flush = pos == bytes.size() ? Z_FINISH : Z_NO_FLUSH;
    do {
      std::size_t before = out.size();
      out.resize(before + kChunk);
      z.next_out = reinterpret_cast<Bytef*>(out.data() + before);
      z.avail_out = kChunk;
      if (deflate(&z, flush) == Z_STREAM_ERROR) throw std::runtime_error("zlib: deflate failed");
      out.resize(before + kChunk - z.avail_out);
    } while (z.avail_out == 0);
  } while (flush != Z_FINISH);
  return out;
}

// ---------------------------------------------------------------------------
// HTTP message heads

struct HttpHead {
  std::string_view first_line;  // status or request line, CR removed
  std::string_view header_text;
  std::size_t body_start = 0;
};

// Splits an HTTP message at its first blank line (CRLF or bare LF ends); a
// message with no blank line is all head.
HttpHead split_head(std::string_view message) {
  HttpHead head;
  std::size_t nl = message.find('\n');
  head.first_line = strip_cr(message.substr(0, nl));
  if (nl == std::string_view::npos) {
    head.body_start = message.size();
    return head;
  }
  std::size_t headers_start = nl + 1, pos = headers_start;
  for (;;) {
    nl = message.find('\n', pos);
    if (nl == std::string_view::npos) {
      head.header_text = message.substr(headers_start);
      head.body_start = message.size();
      return head;
    }
    if (strip_cr(message.substr(pos, nl - pos)).empty()) {
      head.header_text = message.substr(headers_start, pos - headers_start);
      head.body_start = nl + 1;
      return head;
    }
    pos = nl + 1;
  }
}

struct StatusLine {
  int status = 0;
  std::string reason;
};

// "HTTP/1.1 200 OK"; the reason may be missing.
std::optional<StatusLine> parse_status_line(std::string_view line) {
  if (!line.starts_with("HTTP/")) return std::nullopt;
  std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(space + 1);
  while (rest.starts_with(' ')) rest.remove_prefix(1);
  if (rest.size() < 3 || !is_digit(rest[0]) || !is_digit(rest[1]) || !is_digit(rest[2]) ||
      (rest.size() > 3 && rest[3] != ' '))
    return std::nullopt;
  StatusLine status;
  status.status = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
  status.reason = std::string(text::trim_space_tab(rest.substr(3)));
  return status;
}

std::string_view reason_phrase(int status) {
  static constexpr std::pair<int, std::string_view> kReasons[] = {
      {200, "OK"}, {201, "Created"}, {202, "Accepted"}, {203, "Non-Authoritative Information"},
      {204, "No Content"}, {206, "Partial Content"}, {300, "Multiple Choices"}, {301, "Moved Permanently"},
      {302, "Found"}, {303, "See Other"}, {304, "Not Modified"}, {307, "Temporary Redirect"},
      {308, "Permanent Redirect"}, {400, "Bad Request"}, {401, "Unauthorized"}, {403, "Forbidden"},
      {404, "Not Found"}, {405, "Method Not Allowed"}, {410, "Gone"}, {429, "Too Many Requests"},
      {500, "Internal Server Error"}, {502, "Bad Gateway"}, {503, "Service Unavailable"}, {504, "Gateway Timeout"}};
  for (const auto& [code, reason] : kReasons)
    if (code == status) return reason;
  return "";  // HTTP allows an empty reason phrase
}

// ---------------------------------------------------------------------------
// Building records

bool is_iso8601_utc(std::string_view date) {
  // 2026-03-07T08:00:00Z, or with a fraction of a second before the Z.
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (date.size() < kShape.size() + 1 || date.back() != 'Z') return false;
  for (std::size_t i = 0; i < kShape.size(); ++i)
    if (kShape[i] == 'd' ? !is_digit(date[i]) : date[i] != kShape[i]) return false;
  std::string_view fraction = date.substr(kShape.size(), date.size() - kShape.size() - 1);
  if (fraction.empty()) return true;
  return fraction.size() >= 2 && fraction.size() <= 10 && fraction[0] == '.' &&
         std::all_of(fraction.begin() + 1, fraction.end(), is_digit);
}

void require_date(std::string_view date) {
  if (!is_iso8601_utc(date))
    throw std::invalid_argument("WARC-Date " + quoted_sample(date) + " is not ISO 8601 UTC (2026-03-07T08:00:00Z)");
}

// The fields every record of a capture starts with, in warcio's order.
std::vector<Header> capture_headers(std::string_view type, const std::string& id, const CaptureInfo& info) {
  require_date(info.date);
  std::vector<Header> headers = {{"WARC-Type", std::string(type)},
                                 {"WARC-Record-ID", id},
                                 {"WARC-Date", info.date},
                                 // A URI has no spaces, controls or raw non-ASCII bytes; the
                                 // URL may come from a hostile page.
                                 {"WARC-Target-URI", url::escape_unsafe(info.target_uri)}};
  if (!info.warcinfo_id.empty()) headers.push_back({"WARC-Warcinfo-ID", one_line(info.warcinfo_id)});
  return headers;
}

// Content-Type, digests and Content-Length of an application/http block.
void add_http_block_headers(Record& record, std::string_view msgtype) {
  std::string_view payload = std::string_view(record.block).substr(split_head(record.block).body_start);
  record.headers.push_back({"Content-Type", "application/http;msgtype=" + std::string(msgtype)});
  record.headers.push_back({"WARC-Block-Digest", warc_sha1_digest(record.block)});
  record.headers.push_back({"WARC-Payload-Digest", warc_sha1_digest(payload)});
  record.headers.push_back({"Content-Length", std::to_string(record.block.size())});
}

void add_ip_address(Record& record, const CaptureInfo& info) {
  if (!info.ip_address.empty()) record.headers.push_back({"WARC-IP-Address", one_line(info.ip_address)});
}

// "WARC/1.0", "WARC/1.1" (and the drafts' "WARC/0.17").
bool is_version_line(std::string_view line) {
  if (!line.starts_with("WARC/")) return false;
  std::string_view number = line.substr(5);
  std::size_t dot = number.find('.');
  auto digits = [](std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); };
  return dot != std::string_view::npos && digits(number.substr(0, dot)) && digits(number.substr(dot + 1));
}

// ---------------------------------------------------------------------------
// HTTP bodies

// Removes chunked transfer coding. nullopt if the body does not start with a
// chunk-size line: some tools record the header but store the body
// de-chunked already.
std::optional<std::string> dechunked(std::string_view raw, std::size_t max_body, bool* truncated,
                                     std::uint64_t offset) {
  std::string out;
  std::size_t pos = 0;
  for (bool first = true;; first = false) {
    std::size_t nl = raw.find('\n', pos);
    std::string_view size_text = text::trim_space_tab(strip_cr(raw.substr(pos, nl == std::string_view::npos ? raw.size() : nl - pos)));
    size_text = text::trim_space_tab(size_text.substr(0, size_text.find(';')));  // chunk extensions
    std::uint64_t size = 0;
    auto [end, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (nl == std::string_view::npos || size_text.empty() || ec != std::errc() ||
        end != size_text.data() + size_text.size()) {
      if (first) return std::nullopt;
      *truncated = true;  // the message was cut before its last chunk
      return out;
    }
    if (size == 0) return out;  // trailers, if any, are not part of the body
    pos = nl + 1;
    std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(size, raw.size() - pos));
    if (take > max_body - out.size())
      throw WarcError(offset, fmt::format("HTTP body is larger than the limit of {} bytes", max_body));
    out.append(raw.substr(pos, take));
    pos += take;
    if (take < size) {
      *truncated = true;
      return out;
    }
    if (pos < raw.size() && raw[pos] == '\r') ++pos;
    if (pos < raw.size() && raw[pos] == '\n') ++pos;
  }
}

// Undoes one content coding. nullopt: unknown coding or bytes that do not
// decode.
std::optional<std::string> decoded(std::string_view coding, std::string_view body, std::size_t max_body,
                                   bool* truncated, std::uint64_t offset) {
  std::vector<DeflateWrapper> wrappers;
  if (coding == "gzip" || coding == "x-gzip")
    wrappers = {DeflateWrapper::kGzipOrZlib};  // gzip, or zlib sent as gzip
  else if (coding == "deflate")
    wrappers = {DeflateWrapper::kZlib, DeflateWrapper::kRaw};  // as the RFC says, or raw as some servers send
  for (DeflateWrapper wrapper : wrappers) {
    // Bytes after the end of the stream are ignored, as browsers do.
    Inflated out = inflate_capped(body, {.cap = max_body, .wrapper = wrapper, .all_members = false});
    if (out.status == InflateStatus::kCapped)
      throw WarcError(offset, fmt::format("HTTP body decodes to more than the limit of {} bytes", max_body));
    if (out.complete()) return std::move(out.data);
    if (out.status == InflateStatus::kTruncated && !out.data.empty()) {
      *truncated = true;
      return std::move(out.data);
    }
  }
  return std::nullopt;
}

// The content codings of a Content-Encoding value, in the order applied;
// "identity" applies nothing.
std::vector<std::string> content_codings(std::string_view value) {
  std::vector<std::string> codings;
  for (std::size_t start = 0; start <= value.size();) {
    std::size_t comma = value.find(',', start);
    std::string coding =
        text::ascii_lower(text::trim_space_tab(value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (!coding.empty() && coding != "identity") codings.push_back(std::move(coding));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return codings;
}

bool chunked(const std::vector<Header>& headers) {
  for (const Header& h : headers)
    if (text::iequals(h.name, "Transfer-Encoding") && text::ascii_lower(h.value).find("chunked") != std::string::npos) return true;
  return false;
}

}  // namespace

// ---------------------------------------------------------------------------
// Records

std::string_view Record::header(std::string_view name) const { return find_header(headers, name); }

std::string_view header_value(const std::vector<Header>& headers, std::string_view name) {
  return find_header(headers, name);
}

std::string new_record_id() {
  std::array<unsigned char, 16> bytes;
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("OpenSSL cannot give random bytes for a record id");
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "<urn:uuid:";
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    id += kHex[bytes[i] >> 4];
    id += kHex[bytes[i] & 15];
  }
  return id + ">";
}

Record warcinfo_record(std::string_view filename, std::string_view date, std::string_view software,
                       const std::vector<Header>& extra_fields) {
  require_date(date);
  Record record;
  record.block = "software: " + one_line(software) + "\r\nformat: WARC File Format 1.1\r\n" +
                 "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n";
  for (const Header& field : extra_fields) record.block += one_line(field.name) + ": " + one_line(field.value) + "\r\n";
  record.headers = {{"WARC-Type", "warcinfo"},
                    {"WARC-Record-ID", new_record_id()},
                    {"WARC-Date", std::string(date)},
                    {"WARC-Filename", one_line(filename)},
                    {"Content-Type", "application/warc-fields"},
                    {"WARC-Block-Digest", warc_sha1_digest(record.block)},
                    {"Content-Length", std::to_string(record.block.size())}};
  return record;
}

Record response_record(const CaptureInfo& info, std::string http_response) {
  Record record;
  record.headers = capture_headers("response", new_record_id(), info);
  add_ip_address(record, info);
  record.block = std::move(http_response);
  add_http_block_headers(record, "response");
  return record;
}

Record request_record(const CaptureInfo& info, std::string http_request, std::string_view response_id) {
  Record record;
  record.headers = capture_headers("request", new_record_id(), info);
  record.headers.push_back({"WARC-Concurrent-To", one_line(response_id)});
  add_ip_address(record, info);
  record.block = std::move(http_request);
  add_http_block_headers(record, "request");
  return record;
}

std::vector<Header> parse_header_lines(std::string_view lines) {
  std::vector<Header> headers;
  bool last_kept = false;  // a folded line continues the line before it, if that was kept
  for (std::size_t pos = 0; pos < lines.size();) {
    std::size_t nl = lines.find('\n', pos);
    std::string_view line =
        strip_cr(lines.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    pos = nl == std::string_view::npos ? lines.size() : nl + 1;
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      if (last_kept && !text::trim_space_tab(line).empty()) headers.back().value += " " + std::string(text::trim_space_tab(line));
      continue;
    }
    std::size_t colon = line.find(':');
    last_kept = colon != std::string_view::npos && colon > 0 && !line.starts_with("HTTP/");
    if (last_kept)
      headers.push_back({std::string(text::trim_space_tab(line.substr(0, colon))), std::string(text::trim_space_tab(line.substr(colon + 1)))});
  }
  return headers;
}

std::string http_response_message(int status, const std::vector<Header>& headers, std::string_view body) {
  std::string message = fmt::format("HTTP/1.1 {} {}\r\n", status, reason_phrase(status));
  for (const Header& h : headers) {
    // The stored body is decoded and whole: these described the bytes on the
    // wire and would now lie about the body. They are dropped, not kept as
    // X-Khobao-Original-*: the archive keeps the headers as fetched.
    if (h.name.empty() || text::iequals(h.name, "Transfer-Encoding") || text::iequals(h.name, "Content-Encoding") ||
        text::iequals(h.name, "Content-Length"))
      continue;
    message += one_line(h.name) + ": " + one_line(h.value) + "\r\n";
  }
  message += fmt::format("Content-Length: {}\r\n\r\n", body.size());
  message += body;
  return message;
}

std::string http_get_request(std::string_view url, std::string_view user_agent) {
  std::optional<url::UrlParts> parts = url::parts(url);
  if (!parts) throw std::invalid_argument("not an http(s) URL: " + quoted_sample(url));
  // The URL's own escapes stay as they are; only what would break the
  // request line is encoded.
  std::string target = url::escape_unsafe(parts->path);
  if (!parts->query.empty()) target += "?" + url::escape_unsafe(parts->query);
  std::string host = url::host_key(url);
  return fmt::format("GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {}\r\nAccept: {}\r\n\r\n", target, host,
                     one_line(user_agent), "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
}

// ---------------------------------------------------------------------------
// Writing

std::string record_bytes(const Record& record) {
  std::string out = one_line(record.version.empty() ? "WARC/1.1" : record.version) + "\r\n";
  bool length_written = false;
  for (const Header& h : record.headers) {
    if (text::iequals(h.name, "Content-Length")) {
      if (length_written) continue;  // one Content-Length, the true one
      length_written = true;
      out += one_line(h.name) + ": " + std::to_string(record.block.size()) + "\r\n";
      continue;
    }
    out += one_line(h.name) + ": " + one_line(h.value) + "\r\n";
  }
  if (!length_written) out += "Content-Length: " + std::to_string(record.block.size()) + "\r\n";
  out += "\r\n";
  out += record.block;
  out += "\r\n\r\n";
  return out;
}

Span Writer::write(const Record& record) {
  std::string member = gzip_member(record_bytes(record));
  out_.write(member.data(), static_cast<std::streamsize>(member.size()));
  if (!out_) throw std::runtime_error("cannot write the WARC file");
  Span span{written_, member.size()};
  written_ += member.size();
  return span;
}

// ---------------------------------------------------------------------------
// CDXJ

std::string cdxj_line(const Record& response, Span span, std::string_view filename) {
  std::string url(response.header("WARC-Target-URI"));
  if (url.size() > 1 && url.front() == '<' && url.back() == '>') url = url.substr(1, url.size() - 2);  // WARC 1.0
  std::string timestamp;
  for (char c : response.header("WARC-Date"))
    if (is_digit(c) && timestamp.size() < 14) timestamp += c;
  timestamp.resize(14, '0');

  nlohmann::ordered_json fields;
  fields["url"] = url;
  HttpHead head = split_head(response.block);
  std::optional<StatusLine> status = parse_status_line(head.first_line);
  const std::vector<Header> http_headers = status ? parse_header_lines(head.header_text) : std::vector<Header>();
  std::string_view content_type = status ? header_value(http_headers, "Content-Type") : response.header("Content-Type");
  std::string_view mime = text::trim_space_tab(content_type.substr(0, content_type.find_first_of("; \t")));
  if (!mime.empty()) fields["mime"] = std::string(mime);
  if (status) fields["status"] = std::to_string(status->status);
  std::string_view digest = response.header("WARC-Payload-Digest");
  std::string_view payload = std::string_view(response.block).substr(status ? head.body_start : 0);
  fields["digest"] = digest.empty() ? warc_sha1_digest(payload) : std::string(digest);
  fields["length"] = std::to_string(span.length);
  fields["offset"] = std::to_string(span.offset);
  fields["filename"] = std::string(filename);
  // Page URLs are not always valid UTF-8; the index line must still be JSON.
  return url::surt(url) + " " + timestamp + " " + fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// ---------------------------------------------------------------------------
// Reading

// The bytes of a WARC file, decompressed if it is gzip, with the offset each
// record has in the file.
class Reader::Source {
 public:
  // `head`: the first bytes of the file, already read from `in` to tell the format.
  Source(std::istream& in, std::string head, bool gzip) : in_(in) {
    if (!gzip) {
      buffer_ = std::move(head);
      return;
    }
    inflater_ = std::make_unique<InflateStream>(DeflateWrapper::kGzipOrZlib);
    input_ = std::move(head);
    input_total_ = input_.size();
    inflater_->set_input(input_);
  }

  // Makes `n` bytes available at the read position; false if the file ends
  // (or its damage starts: see damage()) before.
  bool fill(std::size_t n) {
    while (buffer_.size() - read_ < n)
      if (!produce()) return false;
    return true;
  }

  std::string_view view() const { return std::string_view(buffer_).substr(read_); }

  void consume(std::size_t n) {
    read_ += n;
    position_ += n;
    while (members_.size() > 1 && members_[1].start <= position_) members_.pop_front();
    if (read_ >= kChunk && read_ * 2 >= buffer_.size()) {
      buffer_.erase(0, read_);
      read_ = 0;
    }
  }

  // The offset of a record whose first byte is at the read position (which
  // must be available).
  std::uint64_t record_offset() const {
    if (!inflater_) return position_;
    std::uint64_t offset = 0;
    for (const Member& m : members_) {  // the last member that starts at or before the read position
      if (m.start > position_) break;
      offset = m.offset;
    }
    return offset;
  }

  // Why the bytes stopped before the end of the file; "" at a clean end.
  const std::string& damage() const { return damage_; }

 private:
  struct Member {
    std::uint64_t start;   // decompressed position of its first byte
    std::uint64_t offset;  // its offset in the file
  };

  bool produce() {
    if (!damage_.empty()) return false;
    return inflater_ ? produce_gzip() : produce_plain();
  }

  bool produce_plain() {
    std::size_t before = buffer_.size();
    buffer_.resize(before + kChunk);
    in_.read(buffer_.data() + before, static_cast<std::streamsize>(kChunk));
    buffer_.resize(before + static_cast<std::size_t>(in_.gcount()));
    return buffer_.size() > before;
  }

  bool read_input() {
    input_.resize(kChunk);
    in_.read(input_.data(), static_cast<std::streamsize>(kChunk));
    input_.resize(static_cast<std::size_t>(in_.gcount()));
    input_total_ += input_.size();
    inflater_->set_input(input_);
    return !input_.empty();
  }

  // Inflates until some bytes come out; at the end of a member, the next one
  // (if any) starts.
  bool produce_gzip() {
    InflateStream& z = *inflater_;
    for (;;) {
      if (z.pending_input() == 0 && !read_input()) {
        if (in_member_) damage_ = "truncated gzip member";
        return false;
      }
      if (!in_member_) {
        members_.push_back({position_ + (buffer_.size() - read_), input_total_ - z.pending_input()});
        in_member_ = true;
      }
      std::size_t before = buffer_.size();
      buffer_.resize(before + kChunk);
      InflateStream::Result r = z.inflate(buffer_.data() + before, kChunk);
      buffer_.resize(before + r.produced);
      if (r.step == InflateStream::Step::kStreamEnd) {
        in_member_ = false;
        z.reset();
      } else if (r.step == InflateStream::Step::kError) {
        damage_ = fmt::format("damaged gzip data (zlib: {})", z.error());
        return buffer_.size() > before;
      }
      if (buffer_.size() > before) return true;
    }
  }

  std::istream& in_;
  std::unique_ptr<InflateStream> inflater_;  // null: a plain .warc
  std::string input_;                   // compressed bytes read, the stream's input
  std::uint64_t input_total_ = 0;       // bytes read from `in_` so far
  bool in_member_ = false;
  std::deque<Member> members_;  // from the one holding the read position on
  std::string buffer_;          // decompressed bytes; those before read_ are consumed
  std::size_t read_ = 0;
  std::uint64_t position_ = 0;  // decompressed position of buffer_[read_]
  std::string damage_;
};

Reader::Reader(std::istream& in, std::uint64_t max_record) : in_(in), max_record_(max_record) {}

Reader::~Reader() = default;

std::optional<Record> Reader::next() {
  if (failed_) throw *failed_;
  try {
    if (!source_) {
      std::string head(5, '\0');
      in_.read(head.data(), static_cast<std::streamsize>(head.size()));
      head.resize(static_cast<std::size_t>(in_.gcount()));
      if (head.empty()) return std::nullopt;  // an empty file holds no records
      bool gzip = head.starts_with("\x1f\x8b");
      if (!gzip && !head.starts_with("WARC/"))
        throw WarcError(0, "not gzip and not WARC (the file starts with neither 1f 8b nor WARC/)");
      source_ = std::make_unique<Source>(in_, std::move(head), gzip);
    }
    // Tools disagree on blank lines between records; they carry nothing.
    while (source_->fill(1) && (source_->view()[0] == '\r' || source_->view()[0] == '\n')) source_->consume(1);
    if (!source_->fill(1)) {
      if (!source_->damage().empty()) throw WarcError(source_->record_offset(), source_->damage());
      return std::nullopt;
    }
    return read_record();
  } catch (const WarcError& e) {
    failed_ = e;
    throw;
  }
}

std::string Reader::read_line(std::uint64_t record_offset) {
  std::size_t scanned = 0;
  for (;;) {
    std::string_view available = source_->view();
    std::size_t nl = available.find('\n', scanned);
    if (nl != std::string_view::npos) {
      std::string line(strip_cr(available.substr(0, nl)));
      source_->consume(nl + 1);
      return line;
    }
    scanned = available.size();
    if (scanned > kMaxWarcHeaderBytes)
      throw WarcError(record_offset, fmt::format("WARC header line longer than {} bytes", kMaxWarcHeaderBytes));
    if (!source_->fill(scanned + 1))
      throw WarcError(record_offset,
                      source_->damage().empty() ? "the file ends inside a WARC header" : source_->damage());
  }
}

Record Reader::read_record() {
  Record record;
  record.offset = source_->record_offset();
  const std::uint64_t offset = record.offset;
  record.version = read_line(offset);
  if (!is_version_line(record.version))
    throw WarcError(offset, fmt::format("not a WARC {} (no WARC/ version line; it starts {})",
                                        records_read_ == 0 ? "file" : "record", quoted_sample(record.version)));
  std::size_t header_bytes = 0;
  for (std::string line; !(line = read_line(offset)).empty();) {
    header_bytes += line.size();
    if (header_bytes > kMaxWarcHeaderBytes)
      throw WarcError(offset, fmt::format("WARC header longer than {} bytes", kMaxWarcHeaderBytes));
    if ((line.front() == ' ' || line.front() == '\t') && !record.headers.empty()) {
      record.headers.back().value += " " + std::string(text::trim_space_tab(line));  // a folded line
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0)
      throw WarcError(offset, "malformed WARC header line " + quoted_sample(line));
    record.headers.push_back({std::string(text::trim_space_tab(std::string_view(line).substr(0, colon))),
                              std::string(text::trim_space_tab(std::string_view(line).substr(colon + 1)))});
  }
  std::string_view length_text = record.header("Content-Length");
  if (length_text.empty()) throw WarcError(offset, "record has no Content-Length");
  std::optional<std::uint64_t> length = parse_decimal(length_text);
  if (!length) throw WarcError(offset, "bad Content-Length " + quoted_sample(length_text));
  if (*length > max_record_)
    throw WarcError(offset,
                    fmt::format("record of {} bytes is larger than the limit of {} bytes", *length, max_record_));
  if (!source_->fill(*length)) {
    throw WarcError(offset, !source_->damage().empty()
                                ? source_->damage()
                                : fmt::format("Content-Length {} runs past the end of the file", *length));
  }
  record.block = std::string(source_->view().substr(0, *length));
  source_->consume(*length);
  if (!source_->fill(4) || !source_->view().starts_with("\r\n\r\n")) {
    if (!source_->damage().empty()) throw WarcError(offset, source_->damage());
    throw WarcError(offset,
                    fmt::format("record does not end with CRLF CRLF after its Content-Length ({} bytes)", *length));
  }
  source_->consume(4);
  ++records_read_;
  return record;
}

// ---------------------------------------------------------------------------
// HTTP responses

HttpResponse parse_http_response(std::string_view block, std::size_t max_body, std::uint64_t offset) {
  HttpHead head = split_head(block);
  std::optional<StatusLine> status = parse_status_line(head.first_line);
  if (!status) throw WarcError(offset, "not an HTTP response (it starts " + quoted_sample(head.first_line) + ")");
  HttpResponse response;
  response.status = status->status;
  response.reason = std::move(status->reason);
  response.headers = parse_header_lines(head.header_text);
  std::string_view raw = block.substr(head.body_start);

  std::optional<std::string> body;
  if (chunked(response.headers)) body = dechunked(raw, max_body, &response.truncated, offset);
  if (!body) {
    if (raw.size() > max_body)
      throw WarcError(offset, fmt::format("HTTP body is larger than the limit of {} bytes", max_body));
    body = std::string(raw);
  }
  std::vector<std::string> codings = content_codings(header_value(response.headers, "Content-Encoding"));
  if (body->empty() || codings.empty()) {
    response.body = std::move(*body);
    return response;
  }
  std::string current = *body;
  for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
    std::optional<std::string> next = decoded(*it, current, max_body, &response.truncated, offset);
    if (!next) {
      response.decoded_failed = true;
      current = std::move(*body);  // the bytes as sent, rather than half-decoded ones
      break;
    }
    current = std::move(*next);
  }
  response.body = std::move(current);
  return response;
}

}  // namespace khobao::store::warc
