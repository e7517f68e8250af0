// Hostile content: an archived page whose title, byline, body, links and URL
// carry markup, javascript: links and terminal escape sequences. Every
// command that shows it (text, JSON, CSV) shows it as inert text: no control
// character or escape sequence from the page reaches the output, and the
// page's scripts are never text, let alone run.
#include "app/cli_support.hpp"
#include "support.hpp"

#include "url/url.hpp"
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using nlohmann::json;
using khobao::test::quote;
using khobao::test::Run;
using khobao::test::run_khobao;
using khobao::test::TempDir;

namespace {

// ESC ] (OSC: set the window title), BEL, ESC [ (CSI: clear the screen, red),
// and the one-byte C1 CSI (U+009B).
const std::string kEscapes = "\x1b]0;pwned\x07\x1b[2J\x1b[H\x1b[31m\xc2\x9b" "5m";

std::string hostile_page(const std::string& edit) {
  return "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
         "<title>Tin nóng <script>alert(1)</script>" + kEscapes + " hôm nay</title>"
         "<meta name=\"author\" content=\"Nguyễn Văn An" + kEscapes + "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">"
         "</head><body><article><h1>Tin nóng \"&gt;&lt;img src=x onerror=alert(1)&gt;" + kEscapes + " hôm nay</h1>"
         "<p class=\"author\">Nguyễn Văn An" + kEscapes + "</p>"
         "<p>Đoạn mở đầu của bài báo, đủ dài để là thân bài, có dấu phẩy, có chữ, và một đoạn mã " + kEscapes +
         " chèn vào giữa câu &lt;script&gt;alert('x')&lt;/script&gt; như chữ thường.</p>"
         "<p>Đoạn thứ hai " + edit + " cũng dài như vậy, với nhiều chữ hơn, có <a href=\"javascript:alert(2)\">một "
         "liên kết javascript</a> và <a href=\"data:text/html,&lt;script&gt;alert(3)&lt;/script&gt;\">một liên kết "
         "data</a> để bộ trích xuất chọn nó.</p>"
         "<script>document.write('đã chạy')</script>"
         "<div class=\"related\"><h3>Tin liên quan</h3><ul><li><a href=\"javascript:alert(4)\">Bài " + kEscapes +
         " liên quan</a></li></ul></div></article></body></html>";
}

// The bytes that must never reach an output: C0 controls but tab, newline
// and CSV's CRLF, DEL, and the C1 controls as UTF-8.
std::string first_control(const std::string& out) {
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    bool c1 = c == 0xC2 && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) >= 0x80 &&
              static_cast<unsigned char>(out[i + 1]) <= 0x9F;
    bool crlf = c == '\r' && i + 1 < out.size() && out[i + 1] == '\n';
    if ((c < 0x20 && c != '\n' && c != '\t' && !crlf) || c == 0x7F || c1)
      return "byte " + std::to_string(c) + " at " + std::to_string(i) + " in '" +
             out.substr(i > 40 ? i - 40 : 0, 80) + "'";
  }
  return "";
}

}  // namespace

TEST_CASE("hostile page text is shown as inert text by every command", "[cli][archive][hostile]") {
  TempDir dir;
  std::string archive = "--archive " + quote((dir / "a.sqlite").string()) + " ";
  // A URL with markup and an escape in it, as a server could name a page.
  const std::string url = "http://baohonglinh.vn/tin-nong-%1B%5B31m-\"><script>alert(1)</script>.html";
  for (const std::string& edit : {std::string("một"), std::string("hai")}) {
    std::ofstream(dir / "page.html") << hostile_page(edit);
    Run r = run_khobao(archive + "import --url " + quote(url) + " " + quote((dir / "page.html").string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }

  Run shown = run_khobao(archive + "show --json 1");
  REQUIRE(shown.exit_code == 0);
  json record = json::parse(shown.out);
  // The record keeps the page's words (and, in JSON, its escapes, escaped).
  INFO(record.dump());
  CHECK(record["title"].get<std::string>().find("Tin nóng \"><img src=x onerror=alert(1)>") != std::string::npos);
  CHECK(record["body"].get<std::string>().find("alert('x')</script> như chữ thường") != std::string::npos);
  // A script is never text.
  CHECK(shown.out.find("document.write") == std::string::npos);
  CHECK(shown.out.find("đã chạy") == std::string::npos);

  const std::vector<std::string> commands = {
      "show 1", "show --json 1", "search nóng", "search --json nóng", "history 1", "history --json 1",
      "diff 1", "diff --json 1", "sites", "sites --json", "stats", "export --format jsonl",
      "export --format csv", "export --format csv --all-versions", "search 'tin nong'",
      // By URL as the archive files it: import normalizes (percent-encodes) what it is given.
      "show " + quote(*khobao::url::normalize(url))};
  for (const std::string& command : commands) {
    Run r = run_khobao(archive + command);
    INFO(command << "\n" << r.err);
    CHECK(r.exit_code == 0);
    CHECK(first_control(r.out) == "");
    CHECK(first_control(r.err) == "");
    if (command.find("--json") != std::string::npos || command.find("jsonl") != std::string::npos)
      for (const std::string& line : khobao::test::lines(r.out)) CHECK_NOTHROW(json::parse(line));
  }
  // The CSV keeps the words; only the control characters are replaced.
  Run csv = run_khobao(archive + "export --format csv");
  CHECK(csv.out.find("Tin nóng") != std::string::npos);
  CHECK(csv.out.find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD where ESC was
}
