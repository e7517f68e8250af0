// Fuzz target: WARC files as `khobao import` reads them (plain or gzip'd,
// any tool's), and the HTTP responses inside their records.
#include "fuzz/fuzz_check.hpp"

#include "store/warc.hpp"
#include "url/url.hpp"

#include <sstream>

namespace khobao::fuzz {

namespace {

// Small caps, so that a mutated Content-Length or a gzip bomb fails fast.
constexpr std::uint64_t kMaxRecord = 1 << 20;
constexpr std::size_t kMaxBody = 1 << 20;
constexpr int kMaxRecords = 200;

void read_http(const store::warc::Record& record) {
  try {
    store::warc::HttpResponse http = store::warc::parse_http_response(record.block, kMaxBody, record.offset);
    check(http.body.size() <= kMaxBody, "an HTTP body past max_body");
    store::warc::header_value(http.headers, "Content-Type");
  } catch (const store::warc::WarcError& e) {
    check(e.offset() == record.offset, "an HTTP error names another record's offset");
  }
}

void read_record(const store::warc::Record& record) {
  check(record.block.size() <= kMaxRecord, "a block past max_record");
  url::surt(record.header("WARC-Target-URI"));
  if (record.type() == "response") {
    read_http(record);
    store::warc::cdxj_line(record, {record.offset, 1}, "fuzz.warc.gz");
  }
}

}  // namespace

void fuzz_warc(std::string_view bytes) {
  std::istringstream in{std::string(bytes)};
  store::warc::Reader reader(in, kMaxRecord);
  try {
    for (int n = 0; n < kMaxRecords; ++n) {
      std::optional<store::warc::Record> record = reader.next();
      if (!record) return;
      read_record(*record);
    }
  } catch (const store::warc::WarcError& first) {
    // Damage: the reader must keep saying so, with the same offset.
    try {
      reader.next();
    } catch (const store::warc::WarcError& again) {
      check(again.offset() == first.offset() && std::string(again.what()) == first.what(),
            "a second next() after damage gives another error");
      return;
    }
    fail("next() after damage does not throw again");
  }
}

}  // namespace khobao::fuzz
