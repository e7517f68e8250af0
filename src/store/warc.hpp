// WARC files: the records khobao's export writes (WARC 1.1, one gzip member
// per record, with a CDXJ index for pywb), and a reader for the WARC files
// other tools write (wget, Heritrix, Browsertrix, warcio), with the HTTP
// messages inside their records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::store::warc {

// A named field: a WARC header, an HTTP header or a warcinfo field.
struct Header {
  std::string name, value;
};

// One WARC record as it is in the file: the version line, the named fields in
// file order and the block (Content-Length bytes).
struct Record {
  std::string version = "WARC/1.1";
  std::vector<Header> headers;
  std::string block;
  // Where the record starts in its file: for a .warc.gz, the compressed offset
  // of the gzip member holding its first byte (several records may share one
  // member); for a plain .warc, the byte offset. Set by the Reader.
  std::uint64_t offset = 0;

  // The value of the first field named `name` (ASCII case-insensitive); "" if
  // there is none.
  std::string_view header(std::string_view name) const;
  // The WARC-Type: "warcinfo", "request", "response", ...
  std::string_view type() const { return header("WARC-Type"); }
};

// A WARC file (or an HTTP message in one) that cannot be read. `offset()` is
// the offset (as Record::offset) of the first record that could not be read,
// or the offset of the record whose HTTP message is unreadable.
class WarcError : public std::runtime_error {
 public:
  WarcError(std::uint64_t offset, const std::string& what) : std::runtime_error(what), offset_(offset) {}
  std::uint64_t offset() const noexcept { return offset_; }

 private:
  std::uint64_t offset_;
};

// ---------------------------------------------------------------------------
// Building the records of an export

// A fresh "<urn:uuid:...>" (random, version 4) for WARC-Record-ID.
std::string new_record_id();

// What the request and response records of one fetch share.
struct CaptureInfo {
  std::string target_uri;   // written with spaces, controls and non-ASCII bytes percent-encoded
  std::string date;         // ISO 8601 UTC: 2026-03-07T08:00:00Z (fractions of a second allowed)
  std::string warcinfo_id;  // WARC-Record-ID of the file's warcinfo record; empty: no WARC-Warcinfo-ID
  std::string ip_address;   // empty: no WARC-IP-Address
};

// The warcinfo record that opens a file named `filename`: its block is
// application/warc-fields naming `software` ("khobao/0.1.0"), the format and
// the WARC 1.1 specification, then `extra_fields` in order. Throws
// std::invalid_argument if `date` is not ISO 8601 UTC.
Record warcinfo_record(std::string_view filename, std::string_view date, std::string_view software,
                       const std::vector<Header>& extra_fields = {});

// The response record of a fetch: `http_response` is the whole HTTP message
// (status line, headers, CRLF, body; http_response_message builds one).
// Carries WARC-Block-Digest and WARC-Payload-Digest (of the HTTP body).
// Throws std::invalid_argument if `info.date` is not ISO 8601 UTC.
Record response_record(const CaptureInfo& info, std::string http_response);

// The request record of the same fetch, pointing at its response with
// WARC-Concurrent-To `response_id` (the response's WARC-Record-ID). Throws
// std::invalid_argument if `info.date` is not ISO 8601 UTC.
Record request_record(const CaptureInfo& info, std::string http_request, std::string_view response_id);

// Header lines as the archive stores them ("Name: value", CRLF or LF ended),
// in order; a status line, blank lines and lines without a colon are skipped,
// folded lines join the header before them.
std::vector<Header> parse_header_lines(std::string_view lines);

// An HTTP/1.1 response message for a stored fetch: the status line (with the
// usual reason phrase), `headers` in order, a blank line and `body`. khobao
// stores bodies decoded and whole, so the headers that described the bytes on
// the wire are dropped rather than kept under another name:
// Transfer-Encoding, Content-Encoding and Content-Length, and a Content-Length
// of body.size() is added. CR and LF inside names and values become spaces.
std::string http_response_message(int status, const std::vector<Header>& headers, std::string_view body);

// A minimal GET request for `url` (http or https): the request line with the
// path and query, Host (with a non-default port), User-Agent `user_agent`,
// Accept, and a blank line. CR, LF and spaces from the URL cannot break the
// message: they are percent-encoded (in the user agent, they become spaces).
// Throws std::invalid_argument for any other kind of URL.
std::string http_get_request(std::string_view url, std::string_view user_agent);

// ---------------------------------------------------------------------------
// Writing

// Where a record went: its gzip member's offset and compressed length.
struct Span {
  std::uint64_t offset = 0, length = 0;
};

// The bytes of `record` in an uncompressed WARC file: the version line, the
// headers ("Name: value" CRLF, with CR and LF inside names and values turned
// into spaces, since URLs come from hostile pages), CRLF, the block, CRLF
// CRLF. Content-Length is always block.size(): a Content-Length field is
// rewritten in place, or added if missing.
std::string record_bytes(const Record& record);

// Writes records to a .warc.gz, each as its own gzip member, so a reader can
// start at any record's offset.
class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}

  // Compresses and writes record_bytes(record); returns its member's span,
  // offsets counted from where `out` was when the Writer was made. Throws
  // std::runtime_error if the stream fails.
  Span write(const Record& record);

 private:
  std::ostream& out_;
  std::uint64_t written_ = 0;
};

// ---------------------------------------------------------------------------
// CDXJ index (pywb)

// The CDXJ line (without newline) of a response record written at `span` of
// the WARC file `filename`: "SURT TIMESTAMP14 {json}" (the key by url::surt) with the fields pywb's
// cdxj-indexer writes: url, mime, status, digest, length, offset, filename
// (mime and status are left out when the block has none). The caller sorts
// the lines of an index (byte order, as LC_ALL=C sort).
std::string cdxj_line(const Record& response, Span span, std::string_view filename);

// ---------------------------------------------------------------------------
// Reading

// Reads the records of a .warc.gz (one gzip member per record, several
// records per member, or one member for the whole file) or a plain .warc,
// told apart by their first bytes; WARC/1.0 and WARC/1.1.
class Reader {
 public:
  static constexpr std::uint64_t kDefaultMaxRecord = 256ull << 20;

  // `max_record`: the largest block accepted; a larger Content-Length is an
  // error, never an allocation.
  explicit Reader(std::istream& in, std::uint64_t max_record = kDefaultMaxRecord);
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // The next record, or nullopt at the end of the file. Throws WarcError on
  // damage, only once every whole record before it has been returned; after
  // that it throws the same error again.
  std::optional<Record> next();

 private:
  class Source;
  Record read_record();
  std::string read_line(std::uint64_t record_offset);

  std::istream& in_;
  std::uint64_t max_record_;
  std::unique_ptr<Source> source_;  // made on the first next(), once the first bytes tell the format
  std::uint64_t records_read_ = 0;  // none: a missing version line means "not a WARC file"
  std::optional<WarcError> failed_;
};

// ---------------------------------------------------------------------------
// HTTP messages in records

// An HTTP response from a record's block, with the body as the server meant
// it: chunked transfer coding removed and the content coding decoded.
struct HttpResponse {
  int status = 0;
  std::string reason;
  std::vector<Header> headers;  // as in the message, duplicates and all
  std::string body;
  // The content coding is unknown or its bytes do not decode: `body` is the
  // bytes as they were sent (de-chunked).
  bool decoded_failed = false;
  // The body ends early (a cut last chunk, a cut gzip stream): `body` is what
  // arrived.
  bool truncated = false;
};

// Parses `block` as an HTTP response: tolerant of LF line ends, folded and
// duplicate headers, a truncated last chunk. Throws WarcError(offset, ...) if
// the block is not an HTTP response, or if the body (de-chunked and decoded)
// would exceed `max_body` bytes: decoding stops there, so a gzip bomb costs no
// more than `max_body` bytes, and a page too large is refused rather than
// kept cut short.
HttpResponse parse_http_response(std::string_view block, std::size_t max_body, std::uint64_t offset = 0);

// The value of the first header named `name` (ASCII case-insensitive); "" if
// there is none.
std::string_view header_value(const std::vector<Header>& headers, std::string_view name);

}  // namespace khobao::store::warc
