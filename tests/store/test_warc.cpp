// Tests for store/warc: what the writer writes passes the strict validator and
// reads back at the writer's offsets; the reader's answers on other tools'
// files (WARC/1.0, plain, one member for many records) and on damaged ones;
// SURT keys and CDXJ lines as pywb makes them; HTTP bodies de-chunked and
// decoded within their limit.
#include <sys/resource.h>
#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "store/digest.hpp"
#include "store/warc.hpp"
#include "store/warc_strict.hpp"

using namespace khobao::store::warc;
using khobao::test::cdxj_problems;
using khobao::test::strict_warc_problems;

namespace {

const std::string kDate = "2026-03-07T08:00:00Z";

struct TestDeflater {
  z_stream stream{};
  explicit TestDeflater(int window_bits) {
    if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      throw std::runtime_error("deflateInit2 failed");
  }
  ~TestDeflater() { deflateEnd(&stream); }
  TestDeflater(const TestDeflater&) = delete;
  TestDeflater& operator=(const TestDeflater&) = delete;

  // Compresses `input` onto `out`; `finish` ends the stream.
  void add(std::string_view input, bool finish, std::string& out) {
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream.avail_in = static_cast<uInt>(input.size());
    char chunk[16384];
    do {
      stream.next_out = reinterpret_cast<Bytef*>(chunk);
      stream.avail_out = sizeof chunk;
      deflate(&stream, finish ? Z_FINISH : Z_NO_FLUSH);
      out.append(chunk, sizeof chunk - stream.avail_out);
    } while (stream.avail_out == 0);
  }
};

// `bytes` compressed with the wrapper `window_bits` names: 15 + 16 gzip, 15
// zlib, -15 raw deflate.
std::string compressed(std::string_view bytes, int window_bits = 15 + 16) {
  TestDeflater deflater(window_bits);
  std::string out;
  deflater.add(bytes, true, out);
  return out;
}

// A gzip stream of `n` zero bytes, made without holding them.
std::string gzip_of_zeros(std::size_t n) {
  TestDeflater deflater(15 + 16);
  const std::string zeros(1 << 20, '\0');
  std::string out;
  for (std::size_t done = 0; done < n; done += zeros.size()) deflater.add(zeros, false, out);
  deflater.add({}, true, out);
  return out;
}

std::string html_page(int n) {
  return "<!doctype html><html><head><title>Bài " + std::to_string(n) + "</title></head><body><p>Nội dung " +
         std::string(200 + n * 37, 'x') + "</p></body></html>";
}

struct Pair {
  Record request, response;
};

Pair capture(const std::string& url, const std::string& warcinfo_id, const std::string& body,
             const std::string& date = kDate) {
  CaptureInfo info{url, date, warcinfo_id, "203.0.113.7"};
  Record response = response_record(
      info, http_response_message(200, {{"Content-Type", "text/html; charset=utf-8"}, {"ETag", "\"v1\""}}, body));
  Record request = request_record(info, http_get_request(url, "khobao/0.1 (+https://example.org/khobao)"),
                                  response.header("WARC-Record-ID"));
  return {std::move(request), std::move(response)};
}

struct Written {
  std::string bytes;
  std::vector<Record> records;
  std::vector<Span> spans;
};

// A khobao export: a warcinfo record, then a response and a request per URL.
Written export_of(const std::vector<std::string>& urls) {
  Written w;
  w.records.push_back(warcinfo_record("test.warc.gz", kDate, "khobao/0.1.0", {{"robots", "obey"}}));
  std::string warcinfo_id(w.records.front().header("WARC-Record-ID"));
  for (std::size_t i = 0; i < urls.size(); ++i) {
    Pair p = capture(urls[i], warcinfo_id, html_page(static_cast<int>(i)));
    w.records.push_back(std::move(p.response));
    w.records.push_back(std::move(p.request));
  }
  std::ostringstream out;
  Writer writer(out);
  for (const Record& r : w.records) w.spans.push_back(writer.write(r));
  w.bytes = out.str();
  return w;
}

std::vector<Record> read_all(const std::string& bytes, std::uint64_t max_record = Reader::kDefaultMaxRecord) {
  std::istringstream in(bytes);
  Reader reader(in, max_record);
  std::vector<Record> records;
  while (std::optional<Record> r = reader.next()) records.push_back(std::move(*r));
  return records;
}

// The records read before the error, and the error.
struct Damaged {
  std::vector<Record> records;
  std::optional<WarcError> error;
};

Damaged read_damaged(const std::string& bytes, std::uint64_t max_record = Reader::kDefaultMaxRecord) {
  std::istringstream in(bytes);
  Reader reader(in, max_record);
  Damaged d;
  try {
    while (std::optional<Record> r = reader.next()) d.records.push_back(std::move(*r));
  } catch (const WarcError& e) {
    d.error = e;
  }
  return d;
}

void require_same(const Record& read, const Record& written) {
  CHECK(read.version == written.version);
  REQUIRE(read.headers.size() == written.headers.size());
  for (std::size_t i = 0; i < read.headers.size(); ++i) {
    CHECK(read.headers[i].name == written.headers[i].name);
    CHECK(read.headers[i].value == written.headers[i].value);
  }
  CHECK(read.block == written.block);
}

std::string chunked(std::string_view body, std::size_t chunk_size) {
  std::string out;
  for (std::size_t pos = 0; pos < body.size(); pos += chunk_size) {
    std::string_view chunk = body.substr(pos, chunk_size);
    char size[32];
    std::snprintf(size, sizeof size, "%zX", chunk.size());
    out += std::string(size) + (pos == 0 ? ";name=value" : "") + "\r\n" + std::string(chunk) + "\r\n";
  }
  return out + "0\r\n\r\n";
}

std::string warc10_record(const std::string& type, const std::string& id, const std::string& extra_headers,
                          const std::string& block) {
  return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Record-ID: " + id + "\r\n" +
         extra_headers + "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
}

long max_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

TEST_CASE("Written records read back as they were, at the writer's offsets", "[warc]") {
  Written w = export_of(
      {"https://baohatinh.vn/xa-hoi/a-1.htm", "https://www.baonghean.vn/b.html?page=2&a=1", "http://baothanhhoa.vn/"});
  std::vector<Record> read = read_all(w.bytes);
  REQUIRE(read.size() == w.records.size());
  for (std::size_t i = 0; i < read.size(); ++i) {
    require_same(read[i], w.records[i]);
    CHECK(read[i].offset == w.spans[i].offset);
  }
  CHECK(w.spans.back().offset + w.spans.back().length == w.bytes.size());
  CHECK(read[1].type() == "response");
  CHECK(read[2].header("warc-concurrent-to") == read[1].header("WARC-Record-ID"));  // any case
  CHECK(read[0].header("No-Such-Field").empty());
}

TEST_CASE("Each span of a written WARC holds exactly its record, readable alone", "[warc]") {
  Written w = export_of({"https://baohatinh.vn/a.htm", "https://baohatinh.vn/b.htm"});
  for (std::size_t i = 0; i < w.records.size(); ++i) {
    std::vector<Record> alone = read_all(w.bytes.substr(w.spans[i].offset, w.spans[i].length));
    REQUIRE(alone.size() == 1);
    require_same(alone[0], w.records[i]);
    CHECK(alone[0].offset == 0);
  }
}

TEST_CASE("What the writer writes passes the strict WARC 1.1 validator", "[warc]") {
  Written w = export_of({"https://baohatinh.vn/a.htm", "https://baohatinh.vn/tin-tức/b.htm?x=1"});
  CHECK(strict_warc_problems(w.bytes).empty());
  CHECK(w.records[3].header("WARC-Target-URI") == "https://baohatinh.vn/tin-t%E1%BB%A9c/b.htm?x=1");
}

TEST_CASE("The strict validator finds what is wrong in a WARC file", "[warc]") {
  Written w = export_of({"https://baohatinh.vn/a.htm"});
  const Record& info = w.records[0];
  const Record& response = w.records[1];
  const Record& request = w.records[2];
  auto file_of = [&](const std::vector<std::string>& record_texts) {
    std::string bytes;
    for (const std::string& text : record_texts) bytes += compressed(text);
    return bytes;
  };
  auto problems_mention = [](const std::vector<std::string>& problems, std::string_view what) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& p) { return p.find(what) != std::string::npos; });
  };
  REQUIRE(strict_warc_problems(file_of({record_bytes(info), record_bytes(response), record_bytes(request)})).empty());

  SECTION("a wrong Content-Length") {
    auto with_length = [&](std::size_t length) {
      std::string text = record_bytes(response);
      std::string field = "Content-Length: " + std::to_string(response.block.size()) + "\r\n";
      return text.replace(text.find(field), field.size(), "Content-Length: " + std::to_string(length) + "\r\n");
    };
    CHECK(problems_mention(strict_warc_problems(file_of(
                               {record_bytes(info), with_length(response.block.size() - 3), record_bytes(request)})),
                           "CRLF CRLF"));
    CHECK(problems_mention(strict_warc_problems(file_of(
                               {record_bytes(info), with_length(response.block.size() + 3), record_bytes(request)})),
                           "runs past the end"));
  }
  SECTION("a missing WARC-Date") {
    Record dateless = response;
    std::erase_if(dateless.headers, [](const Header& h) { return h.name == "WARC-Date"; });
    CHECK(problems_mention(
        strict_warc_problems(file_of({record_bytes(info), record_bytes(dateless), record_bytes(request)})),
        "WARC-Date"));
  }
  SECTION("a digest that does not verify") {
    Record changed = response;
    changed.block.back() = changed.block.back() == 'x' ? 'y' : 'x';
    std::vector<std::string> problems =
        strict_warc_problems(file_of({record_bytes(info), record_bytes(changed), record_bytes(request)}));
    CHECK(problems_mention(problems, "WARC-Block-Digest"));
    CHECK(problems_mention(problems, "WARC-Payload-Digest"));
  }
  SECTION("two records in one gzip member") {
    CHECK(problems_mention(
        strict_warc_problems(file_of({record_bytes(info), record_bytes(response) + record_bytes(request)})),
        "two records in one gzip member"));
  }
  SECTION("a request pointing at no response") {
    CHECK(problems_mention(strict_warc_problems(file_of({record_bytes(info), record_bytes(request)})),
                           "WARC-Concurrent-To"));
  }
  SECTION("a body still chunked") {
    Record raw = response;
    raw.block = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked("<p>x</p>", 3);
    CHECK(
        problems_mention(strict_warc_problems(file_of({record_bytes(info), record_bytes(raw)})), "Transfer-Encoding"));
  }
  SECTION("no warcinfo first") {
    CHECK(problems_mention(strict_warc_problems(file_of({record_bytes(response), record_bytes(request)})), "warcinfo"));
  }
}

TEST_CASE("CDXJ lines carry pywb's fields and point at their records", "[warc]") {
  Written w = export_of({"https://www.baohatinh.vn/Xa-Hoi/a.htm?b=2&a=1", "https://baonghean.vn/"});
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < w.records.size(); ++i)
    if (w.records[i].type() == "response") lines.push_back(cdxj_line(w.records[i], w.spans[i], "test.warc.gz"));
  std::sort(lines.begin(), lines.end());
  std::string index;
  for (const std::string& line : lines) index += line + "\n";
  CHECK(cdxj_problems(index, w.bytes).empty());

  std::string line = cdxj_line(w.records[1], w.spans[1], "test.warc.gz");
  REQUIRE(line.starts_with("vn,baohatinh)/xa-hoi/a.htm?a=1&b=2 20260307080000 {"));
  nlohmann::json j = nlohmann::json::parse(line.substr(line.find('{')));
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  std::vector<std::string> expected_keys = {"url", "mime", "status", "digest", "length", "offset", "filename"};
  std::sort(expected_keys.begin(), expected_keys.end());  // the object's own order is not JSON's business
  CHECK(keys == expected_keys);
  CHECK(j["url"] == "https://www.baohatinh.vn/Xa-Hoi/a.htm?b=2&a=1");
  CHECK(j["mime"] == "text/html");
  CHECK(j["status"] == "200");
  CHECK(j["digest"] == std::string(w.records[1].header("WARC-Payload-Digest")));
  CHECK(j["offset"] == std::to_string(w.spans[1].offset));
  CHECK(j["length"] == std::to_string(w.spans[1].length));
  CHECK(j["filename"] == "test.warc.gz");
  CHECK(line.find("\"url\":") < line.find("\"mime\":"));  // cdxj-indexer's order, for readers of the file

  SECTION("the index checker catches lines out of order and wrong offsets") {
    std::string reversed = lines[1] + "\n" + lines[0] + "\n";
    CHECK(!cdxj_problems(reversed, w.bytes).empty());
    std::string moved = cdxj_line(w.records[1], Span{w.spans[1].offset + 1, w.spans[1].length}, "test.warc.gz");
    CHECK(!cdxj_problems(moved + "\n", w.bytes).empty());
    std::string elsewhere = cdxj_line(w.records[1], w.spans[3], "test.warc.gz");  // another response's span
    CHECK(!cdxj_problems(elsewhere + "\n", w.bytes).empty());
  }
}

TEST_CASE("A gzip file cut inside its third record gives two records, then the third's offset", "[warc]") {
  Written w = export_of({"https://baohatinh.vn/a.htm", "https://baohatinh.vn/b.htm"});
  const Span third = w.spans[2];
  std::string cut = w.bytes.substr(0, third.offset + third.length / 2);
  std::istringstream in(cut);
  Reader reader(in);
  REQUIRE(reader.next());
  REQUIRE(reader.next());
  try {
    reader.next();
    FAIL("no error for a cut file");
  } catch (const WarcError& e) {
    CHECK(e.offset() == third.offset);
    CHECK(std::string(e.what()).find("truncated gzip member") != std::string::npos);
  }
  CHECK_THROWS_AS(reader.next(), WarcError);  // the reader stays failed
}

TEST_CASE("A file that is neither gzip nor WARC fails at offset 0", "[warc]") {
  std::mt19937 random(7);
  std::string noise(4096, '\0');
  for (char& c : noise) c = static_cast<char>(random());
  noise[0] = 'x';
  const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(64, '\0');
  for (const std::string& bytes : {noise, png}) {
    Damaged d = read_damaged(bytes);
    CHECK(d.records.empty());
    REQUIRE(d.error);
    CHECK(d.error->offset() == 0);
    CHECK(std::string(d.error->what()).find("not gzip and not WARC") != std::string::npos);
  }
  Damaged text = read_damaged(compressed("<html>not a WARC</html>\r\n"));
  REQUIRE(text.error);
  CHECK(text.error->offset() == 0);
  CHECK(std::string(text.error->what()).find("no WARC/ version line") != std::string::npos);
  CHECK(read_all("").empty());
}

TEST_CASE("A Content-Length longer than the block is an error at that record", "[warc]") {
  Written w = export_of({"https://baohatinh.vn/a.htm"});
  auto lengthened = [](const Record& r) {
    std::string text = record_bytes(r);
    std::string field = "Content-Length: " + std::to_string(r.block.size()) + "\r\n";
    return text.replace(text.find(field), field.size(),
                        "Content-Length: " + std::to_string(r.block.size() + 500) + "\r\n");
  };
  SECTION("the last record of a plain file") {
    std::string first = record_bytes(w.records[0]) + record_bytes(w.records[1]);
    Damaged d = read_damaged(first + lengthened(w.records[2]));
    CHECK(d.records.size() == 2);
    REQUIRE(d.error);
    CHECK(d.error->offset() == first.size());
    CHECK(std::string(d.error->what()) ==
          "Content-Length " + std::to_string(w.records[2].block.size() + 500) + " runs past the end of the file");
  }
  SECTION("a record in the middle of a gzip file") {
    std::string first = compressed(record_bytes(w.records[0]));
    Damaged d = read_damaged(first + compressed(lengthened(w.records[1])) + compressed(record_bytes(w.records[2])));
    CHECK(d.records.size() == 1);
    REQUIRE(d.error);
    CHECK(d.error->offset() == first.size());
    CHECK(std::string(d.error->what()).find("does not end with CRLF CRLF") != std::string::npos);
  }
}

TEST_CASE("A record larger than the reader's limit is refused before it is read", "[warc]") {
  Written w = export_of({"https://baohatinh.vn/a.htm"});
  Damaged d = read_damaged(w.bytes, 100);
  REQUIRE(d.error);
  CHECK(d.error->offset() == 0);
  CHECK(std::string(d.error->what()).find("larger than the limit of 100 bytes") != std::string::npos);

  std::string huge = "WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 99999999999999\r\n\r\nabc\r\n\r\n";
  Damaged h = read_damaged(huge);
  REQUIRE(h.error);
  CHECK(std::string(h.error->what()).find("larger than the limit") != std::string::npos);
}

TEST_CASE("Plain WARC files read with byte offsets", "[warc]") {
  Written w = export_of({"https://baohatinh.vn/a.htm", "https://baohatinh.vn/b.htm"});
  std::string plain;
  std::vector<std::uint64_t> offsets;
  for (const Record& r : w.records) {
    offsets.push_back(plain.size());
    plain += record_bytes(r);
  }
  std::vector<Record> read = read_all(plain);
  REQUIRE(read.size() == w.records.size());
  for (std::size_t i = 0; i < read.size(); ++i) {
    require_same(read[i], w.records[i]);
    CHECK(read[i].offset == offsets[i]);
  }
}

TEST_CASE("Records sharing gzip members take their member's offset", "[warc]") {
  Written w = export_of({"https://baohatinh.vn/a.htm"});
  std::string all3 = record_bytes(w.records[0]) + record_bytes(w.records[1]) + record_bytes(w.records[2]);
  SECTION("one member for the whole file") {
    std::vector<Record> read = read_all(compressed(all3));
    REQUIRE(read.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      require_same(read[i], w.records[i]);
      CHECK(read[i].offset == 0);
    }
  }
  SECTION("two records in the first member, one in the second") {
    std::string first = compressed(record_bytes(w.records[0]) + record_bytes(w.records[1]));
    std::vector<Record> read = read_all(first + compressed(record_bytes(w.records[2])));
    REQUIRE(read.size() == 3);
    CHECK(read[0].offset == 0);
    CHECK(read[1].offset == 0);
    CHECK(read[2].offset == first.size());
    require_same(read[2], w.records[2]);
  }
  SECTION("a cut whole-file member still gives the records before the cut") {
    std::string gz = compressed(all3 + all3);
    Damaged d = read_damaged(gz.substr(0, gz.size() - 40));
    CHECK(d.records.size() >= 3);
    REQUIRE(d.error);
    CHECK(d.error->offset() == 0);
  }
}

TEST_CASE("A wget-style WARC/1.0 file with a chunked, gzip-encoded page reads to its HTML", "[warc]") {
  const std::string html =
      "<!DOCTYPE html><html><body><h1>Thạch Hà đổi mới</h1>" + std::string(3000, 'p') + "</body></html>";
  const std::string info_block =
      "software: Wget/1.21.3 (linux-gnu)\r\nformat: WARC File Format 1.0\r\n"
      "conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n";
  const std::string request_block =
      "GET /a.htm HTTP/1.1\r\nUser-Agent: Wget/1.21.3\r\nAccept: */*\r\n"
      "Host: baohatinh.vn\r\nConnection: Keep-Alive\r\n\r\n";
  const std::string response_block =
      "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html; charset=UTF-8\r\n"
      "Transfer-Encoding: chunked\r\nConnection: keep-alive\r\n"
      "Content-Encoding: gzip\r\n\r\n" +
      chunked(compressed(html), 500);
  const std::string target = "WARC-Target-URI: <http://baohatinh.vn/a.htm>\r\n";
  std::string file =
      compressed(warc10_record("warcinfo", "<urn:uuid:11111111-1111-1111-1111-111111111111>",
                               "Content-Type: application/warc-fields\r\nWARC-Filename: a.warc.gz\r\n", info_block)) +
      compressed(warc10_record("request", "<urn:uuid:22222222-2222-2222-2222-222222222222>",
                               target + "Content-Type: application/http;msgtype=request\r\n"
                                        "WARC-Concurrent-To: <urn:uuid:33333333-3333-3333-3333-333333333333>\r\n",
                               request_block)) +
      compressed(warc10_record("response", "<urn:uuid:33333333-3333-3333-3333-333333333333>",
                               target + "WARC-IP-Address: 203.0.113.7\r\n"
                                        "Content-Type: application/http;msgtype=response\r\n",
                               response_block));
  std::vector<Record> read = read_all(file);
  REQUIRE(read.size() == 3);
  CHECK(read[0].version == "WARC/1.0");
  CHECK(read[2].type() == "response");
  CHECK(read[2].header("WARC-Target-URI") == "<http://baohatinh.vn/a.htm>");
  HttpResponse http = parse_http_response(read[2].block, 1 << 20);
  CHECK(http.status == 200);
  CHECK(http.reason == "OK");
  CHECK(http.body == html);
  CHECK_FALSE(http.decoded_failed);
  CHECK_FALSE(http.truncated);
  CHECK(header_value(http.headers, "content-type") == "text/html; charset=UTF-8");
  CHECK(cdxj_line(read[2], Span{0, 10}, "a.warc.gz")
            .starts_with("vn,baohatinh)/a.htm 20240501100000 {\"url\":\"http://baohatinh.vn/a.htm\""));
}

TEST_CASE("A gzip bomb stops at the body limit without inflating", "[warc]") {
  const std::size_t hundred_mb = 100u << 20;
  std::string block = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + gzip_of_zeros(hundred_mb);
  REQUIRE(block.size() < hundred_mb / 100);
  long before = max_rss_kib();
  try {
    parse_http_response(block, 1 << 20, 4242);
    FAIL("the bomb was inflated");
  } catch (const WarcError& e) {
    CHECK(e.offset() == 4242);
    CHECK(std::string(e.what()).find("limit of 1048576 bytes") != std::string::npos);
  }
  CHECK(max_rss_kib() - before < 40 * 1024);  // the peak grew by far less than 100 MB
}

TEST_CASE("CR LF in a URL cannot break the record framing", "[warc]") {
  const std::string evil = "https://baohatinh.vn/a\r\nWARC-Type: metadata\r\nContent-Length: 0\r\n\r\nWARC/1.1 x";
  Written w = export_of({evil, "https://baohatinh.vn/after.htm"});
  CHECK(strict_warc_problems(w.bytes).empty());
  std::vector<Record> read = read_all(w.bytes);
  REQUIRE(read.size() == 5);
  CHECK(read[1].type() == "response");
  CHECK(read[1].headers.size() == w.records[1].headers.size());
  CHECK(read[1].header("WARC-Target-URI").find_first_of("\r\n ") == std::string_view::npos);
  CHECK(read[3].header("WARC-Target-URI") == "https://baohatinh.vn/after.htm");
  std::string request = http_get_request(evil, "ua\r\nX-Evil: 1");
  CHECK(request.find("\r\n\r\n") == request.size() - 4);
  CHECK(request.find("\r\nX-Evil") == std::string::npos);

  SECTION("even in a record the builders did not make") {
    Record raw;
    raw.headers = {
        {"WARC-Type", "resource"}, {"WARC-Target-URI", "http://x/\r\n\r\nWARC/1.1"}, {"Content-Length", "1"}};
    raw.block = "abc";
    std::ostringstream out;
    Writer(out).write(raw);
    std::vector<Record> back = read_all(out.str());
    REQUIRE(back.size() == 1);
    CHECK(back[0].header("WARC-Target-URI") == "http://x/    WARC/1.1");
    CHECK(back[0].header("Content-Length") == "3");
    CHECK(back[0].block == "abc");
  }
}

TEST_CASE("HTTP responses parse tolerantly", "[warc]") {
  SECTION("LF line ends, folded and duplicate headers") {
    HttpResponse r = parse_http_response(
        "HTTP/1.0 404 Not Found\nSet-Cookie: a=1\nX-Long: one\n  two\n"
        "Set-Cookie: b=2\nno colon here\n\nbody\r\n",
        100);
    CHECK(r.status == 404);
    CHECK(r.reason == "Not Found");
    REQUIRE(r.headers.size() == 3);
    CHECK(r.headers[1].value == "one two");
    CHECK(r.headers[2].value == "b=2");
    CHECK(r.body == "body\r\n");
  }
  SECTION("a truncated last chunk keeps what arrived") {
    std::string body = chunked("abcdefghij", 4);
    HttpResponse r = parse_http_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body.substr(0, 25),
                                         100);  // into the second chunk
    CHECK(r.body == "abcdef");
    CHECK(r.truncated);
  }
  SECTION("a body declared chunked but stored de-chunked stays as it is") {
    HttpResponse r = parse_http_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n<html>", 100);
    CHECK(r.body == "<html>");
  }
  SECTION("deflate, zlib-wrapped or raw") {
    for (int bits : {15, -15}) {
      HttpResponse r = parse_http_response(
          "HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n" + compressed("<p>deflated</p>", bits), 100);
      CHECK(r.body == "<p>deflated</p>");
      CHECK_FALSE(r.decoded_failed);
    }
  }
  SECTION("an unknown coding or bad bytes keep the body as sent") {
    HttpResponse br = parse_http_response("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n\x1b\x02xyz", 100);
    CHECK(br.decoded_failed);
    CHECK(br.body == "\x1b\x02xyz");
    HttpResponse bad = parse_http_response("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\nnot gzip at all", 100);
    CHECK(bad.decoded_failed);
    CHECK(bad.body == "not gzip at all");
  }
  SECTION("a gzip body cut short keeps what decodes") {
    std::string page = html_page(50);
    std::string gz = compressed(page);
    HttpResponse r =
        parse_http_response("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + gz.substr(0, gz.size() - 12), 10000);
    CHECK(r.truncated);
    CHECK_FALSE(r.body.empty());
    CHECK(page.starts_with(r.body));
  }
  SECTION("not HTTP at all, or a body over the limit") {
    try {
      parse_http_response("<html>no status line</html>", 100, 777);
      FAIL("no error");
    } catch (const WarcError& e) {
      CHECK(e.offset() == 777);
      CHECK(std::string(e.what()).find("not an HTTP response") != std::string::npos);
    }
    CHECK_THROWS_AS(parse_http_response("HTTP/1.1 200 OK\r\n\r\n" + std::string(101, 'x'), 100), WarcError);
    CHECK_THROWS_AS(
        parse_http_response(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(std::string(101, 'x'), 50), 100),
        WarcError);
  }
}

TEST_CASE("Rebuilt HTTP messages describe the stored body", "[warc]") {
  std::vector<Header> stored = parse_header_lines(
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"
      "Content-Length: 12\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Evil: a\rb\n");
  REQUIRE(stored.size() == 7);
  std::string message = http_response_message(200, stored, "<p>decoded</p>");
  CHECK(message ==
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
        "X-Evil: a b\r\nContent-Length: 14\r\n\r\n<p>decoded</p>");
  CHECK(http_response_message(299, {}, "").starts_with("HTTP/1.1 299 \r\n"));

  CHECK(http_get_request("https://www.baohatinh.vn/a b.htm?q=1#frag", "khobao/0.1") ==
        "GET /a%20b.htm?q=1 HTTP/1.1\r\nHost: www.baohatinh.vn\r\nUser-Agent: khobao/0.1\r\n"
        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n\r\n");
  CHECK(
      http_get_request("http://u:p@example.com:8080", "x").starts_with("GET / HTTP/1.1\r\nHost: example.com:8080\r\n"));
  CHECK(http_get_request("http://example.com:80/%7Ea", "x").starts_with("GET /%7Ea HTTP/1.1\r\nHost: example.com\r\n"));
  CHECK_THROWS_AS(http_get_request("ftp://example.com/", "x"), std::invalid_argument);
}

TEST_CASE("Record builders refuse a date that is not ISO 8601 UTC", "[warc]") {
  CHECK_THROWS_AS(warcinfo_record("f.warc.gz", "2026-03-07 08:00:00", "khobao"), std::invalid_argument);
  CHECK_THROWS_AS(response_record({"http://x/", "2026-03-07T08:00:00+07:00", "", ""}, "HTTP/1.1 200 OK\r\n\r\n"),
                  std::invalid_argument);
  Record fine = response_record({"http://x/", "2026-03-07T08:00:00.123456Z", "", ""}, "HTTP/1.1 200 OK\r\n\r\n");
  CHECK(fine.header("WARC-Date") == "2026-03-07T08:00:00.123456Z");
  CHECK(fine.header("WARC-IP-Address").empty());
  CHECK(fine.header("WARC-Warcinfo-ID").empty());
  CHECK(new_record_id() != new_record_id());
}

TEST_CASE("Damaged files give records or a WarcError, never anything else", "[warc]") {
  Written w = export_of({"https://baohatinh.vn/a.htm", "https://baohatinh.vn/b.htm"});
  std::string plain;
  for (const Record& r : w.records) plain += record_bytes(r);
  std::mt19937 random(2026);
  for (const std::string* original : {&w.bytes, &plain}) {
    for (int round = 0; round < 300; ++round) {
      std::string bytes = *original;
      for (int flips = 1 + static_cast<int>(random() % 4); flips > 0; --flips)
        bytes[random() % bytes.size()] = static_cast<char>(random());
      if (random() % 3 == 0) bytes.resize(random() % bytes.size());
      Damaged d = read_damaged(bytes);
      for (const Record& r : d.records) {
        if (r.type() != "response") continue;
        try {
          parse_http_response(r.block, 1 << 20, r.offset);
        } catch (const WarcError&) {
          // an unreadable HTTP message is one of the expected answers
        }
      }
      if (d.error) CHECK(d.error->offset() <= bytes.size());
    }
  }
}
