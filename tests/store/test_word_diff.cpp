// Tests for word_diff: the chunks a corrected word gives, both texts rebuilt
// exactly from the chunks, the bounds on long unrelated texts, the terminal
// rendering (markers, colours, context, the texts' own control bytes) and JSON.
#include "store/word_diff.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using namespace khobao::store;

namespace {

const std::string kFffd = "\xEF\xBF\xBD";

// The text the chunks give without the ones of op `left_out`: kInsert left
// out gives the old text, kDelete the new one.
std::string rebuild(const std::vector<DiffChunk>& chunks, DiffOp left_out) {
  std::string text;
  for (const DiffChunk& chunk : chunks)
    if (chunk.op != left_out) text += chunk.text;
  return text;
}

// Diffs and checks the promises of word_diff's contract.
std::vector<DiffChunk> checked_diff(const std::string& before, const std::string& after) {
  const std::vector<DiffChunk> chunks = word_diff(before, after);
  CHECK(rebuild(chunks, DiffOp::kInsert) == before);
  CHECK(rebuild(chunks, DiffOp::kDelete) == after);
  for (size_t i = 0; i < chunks.size(); ++i) {
    CHECK_FALSE(chunks[i].text.empty());
    if (i == 0) continue;
    CHECK(chunks[i - 1].op != chunks[i].op);
    CHECK_FALSE((chunks[i - 1].op == DiffOp::kInsert && chunks[i].op == DiffOp::kDelete));
  }
  return chunks;
}

size_t count_op(const std::vector<DiffChunk>& chunks, DiffOp op) {
  return std::count_if(chunks.begin(), chunks.end(),
                       [op](const DiffChunk& chunk) { return chunk.op == op; });
}

// `words` words drawn from a small set of syllables, one space apart, with a
// paragraph break after every `per_paragraph` words (0: never).
std::string random_text(std::mt19937& random, size_t words, size_t per_paragraph,
                        const std::vector<std::string>& syllables) {
  std::uniform_int_distribution<size_t> pick(0, syllables.size() - 1);
  std::string text;
  for (size_t i = 0; i < words; ++i) {
    if (i > 0) text += per_paragraph != 0 && i % per_paragraph == 0 ? "\n\n" : " ";
    text += syllables[pick(random)];
  }
  return text;
}

const std::vector<std::string> kSyllables = {
    "người", "dân", "Hà", "Nội", "đã", "được", "thông", "báo", "về", "việc",
    "điều", "chỉnh", "giá", "xăng", "dầu", "từ", "ngày", "mai,", "theo", "Bộ",
    "Công", "Thương.", "Chính", "phủ", "yêu", "cầu", "các", "địa", "phương", "kiểm"};

const std::vector<std::string> kOtherSyllables = {
    "bóng", "đá", "đội", "tuyển", "Việt", "Nam", "thắng", "trận", "giao", "hữu",
    "tối", "qua", "trên", "sân", "Mỹ", "Đình", "với", "tỷ", "số", "hai",
    "bàn", "không.", "Huấn", "luyện", "viên", "hài", "lòng", "cầu", "thủ", "trẻ"};

}  // namespace

TEST_CASE("a corrected word is one deletion and one insertion", "[diff]") {
  const std::string before = "Thủ tướng đã chủ trì cuộc họp chiều nay tại Hà Nội.";
  const std::string after = "Thủ tướng đã chủ trì cuộc họp sáng nay tại Hà Nội.";
  const std::vector<DiffChunk> chunks = checked_diff(before, after);
  const std::vector<DiffChunk> expected = {
      {DiffOp::kEqual, "Thủ tướng đã chủ trì cuộc họp "},
      {DiffOp::kDelete, "chiều"},
      {DiffOp::kInsert, "sáng"},
      {DiffOp::kEqual, " nay tại Hà Nội."}};
  CHECK(chunks == expected);
  CHECK(has_changes(chunks));
}

TEST_CASE("punctuation stays with its word and paragraphs around a change are equal", "[diff]") {
  const std::string before = "Mở đầu.\n\nGiá xăng tăng, dầu giảm.\n\nKết thúc.";
  const std::string after = "Mở đầu.\n\nGiá xăng giảm, dầu giảm.\n\nKết thúc.";
  const std::vector<DiffChunk> expected = {
      {DiffOp::kEqual, "Mở đầu.\n\nGiá xăng "},
      {DiffOp::kDelete, "tăng,"},
      {DiffOp::kInsert, "giảm,"},
      {DiffOp::kEqual, " dầu giảm.\n\nKết thúc."}};
  CHECK(checked_diff(before, after) == expected);
}

TEST_CASE("both texts are rebuilt exactly from the chunks", "[diff]") {
  struct Case {
    const char* name;
    std::string before, after;
  };
  const std::vector<Case> cases = {
      {"paragraph added in the middle", "Một.\n\nBa.", "Một.\n\nHai.\n\nBa."},
      {"paragraph added at the end", "Một.\n\nHai.", "Một.\n\nHai.\n\nBa."},
      {"paragraph removed at the start", "Không.\n\nMột.\n\nHai.", "Một.\n\nHai."},
      {"paragraphs merged", "Một.\n\nHai.", "Một. Hai."},
      {"paragraph split", "Một câu dài. Câu sau.", "Một câu dài.\n\nCâu sau."},
      {"long paragraph break", "Một.\n\n\n\nHai.", "Một.\n\nHai.\n\n\n"},
      {"leading and trailing whitespace", "  Tin nóng \n", "\tTin  nóng\n\n"},
      {"whitespace only", " \n\n ", "\t"},
      {"empty before", "", "Bài mới.\n\nĐoạn hai."},
      {"empty after", "Bài cũ.\n\nĐoạn hai.", ""},
      {"both empty", "", ""},
      {"windows line ends", "Dòng một\r\nDòng hai", "Dòng một\r\nDòng ba"},
      {"words reordered", "a b c d e f", "f e d c b a"},
      {"invalid UTF-8", "ab\xFF\xC3 c\x80\xE2\x82", "ab\xC3 c\xFF\x80 \xF0"},
  };
  for (const Case& c : cases) {
    SECTION(c.name) { checked_diff(c.before, c.after); }
  }
}

TEST_CASE("identical texts have no changes", "[diff]") {
  const std::string text = "Tiêu đề bài báo\n\nĐoạn một.\n\nĐoạn hai.";
  const std::vector<DiffChunk> chunks = checked_diff(text, text);
  CHECK(chunks == std::vector<DiffChunk>{{DiffOp::kEqual, text}});
  CHECK_FALSE(has_changes(chunks));
  CHECK(render_text(chunks).empty());
  CHECK(checked_diff("", "").empty());
}

TEST_CASE("a text against an empty one is one insertion or one deletion", "[diff]") {
  CHECK(checked_diff("", "Tin mới.\n\nĐoạn hai.") ==
        std::vector<DiffChunk>{{DiffOp::kInsert, "Tin mới.\n\nĐoạn hai."}});
  CHECK(checked_diff("Tin cũ.", "") == std::vector<DiffChunk>{{DiffOp::kDelete, "Tin cũ."}});
}

TEST_CASE("long different texts are diffed quickly and rebuilt exactly", "[diff]") {
  std::mt19937 random(20260307);
  SECTION("50,000 words each, in paragraphs") {
    const std::string before = random_text(random, 50'000, 60, kSyllables);
    const std::string after = random_text(random, 50'000, 60, kOtherSyllables);
    checked_diff(before, after);
  }
  SECTION("50,000 words each, in one paragraph") {
    const std::string before = random_text(random, 50'000, 0, kSyllables);
    const std::string after = random_text(random, 50'000, 0, kOtherSyllables);
    checked_diff(before, after);
  }
  SECTION("50,000 one-word paragraphs each") {
    const std::string before = random_text(random, 50'000, 1, kSyllables);
    const std::string after = random_text(random, 50'000, 1, kOtherSyllables);
    checked_diff(before, after);
  }
}

TEST_CASE("a middle longer than the limit is one deletion and one insertion", "[diff]") {
  std::mt19937 random(7);
  // Same vocabulary, so a unit-by-unit diff would find plenty in common.
  const std::string middle_a = random_text(random, kMaxDiffUnits / 2 + 100, 0, kSyllables);
  const std::string middle_b = random_text(random, kMaxDiffUnits / 2 + 100, 0, kSyllables);
  const std::vector<DiffChunk> chunks =
      checked_diff("Đầu " + middle_a + " cuối", "Đầu " + middle_b + " cuối");
  const std::vector<DiffChunk> expected = {{DiffOp::kEqual, "Đầu "},
                                           {DiffOp::kDelete, middle_a},
                                           {DiffOp::kInsert, middle_b},
                                           {DiffOp::kEqual, " cuối"}};
  CHECK(chunks == expected);
}

TEST_CASE("a middle just under the limit is still diffed word by word", "[diff]") {
  std::mt19937 random(11);
  const std::string before = random_text(random, kMaxDiffUnits / 2 - 100, 0, kSyllables);
  const std::string after = random_text(random, kMaxDiffUnits / 2 - 100, 0, kSyllables);
  const std::vector<DiffChunk> chunks = checked_diff(before, after);
  CHECK(count_op(chunks, DiffOp::kEqual) > 100);
}

TEST_CASE("one word changed in a 50,000-word paragraph is found exactly", "[diff]") {
  std::mt19937 random(3);
  const std::string head = random_text(random, 25'000, 0, kSyllables);
  const std::string tail = random_text(random, 25'000, 0, kSyllables);
  const std::vector<DiffChunk> chunks =
      checked_diff(head + " cũ " + tail, head + " mới " + tail);
  CHECK(count_op(chunks, DiffOp::kDelete) == 1);
  CHECK(count_op(chunks, DiffOp::kInsert) == 1);
  CHECK(chunks.size() == 4);
}

TEST_CASE("plain rendering marks the change and leaves unchanged paragraphs out", "[diff]") {
  const std::string before = "Đoạn một.\n\nGiá xăng cũ hôm nay.\n\nĐoạn ba.\n\nĐoạn bốn.";
  const std::string after = "Đoạn một.\n\nGiá xăng mới hôm nay.\n\nĐoạn ba.\n\nĐoạn bốn.";
  const std::vector<DiffChunk> chunks = word_diff(before, after);
  CHECK(render_text(chunks) == "…\n\nGiá xăng [-cũ-]{+mới+} hôm nay.\n\n…\n");
  CHECK(render_text(chunks, 1) ==
        "Đoạn một.\n\nGiá xăng [-cũ-]{+mới+} hôm nay.\n\nĐoạn ba.\n\n…\n");
  CHECK(render_text(chunks, 5) ==
        "Đoạn một.\n\nGiá xăng [-cũ-]{+mới+} hôm nay.\n\nĐoạn ba.\n\nĐoạn bốn.\n");
}

TEST_CASE("plain rendering shows added, removed and merged paragraphs", "[diff]") {
  CHECK(render_text(word_diff("Một.\n\nBa.", "Một.\n\nHai.\n\nBa.")) ==
        "…\n\n{+Hai.+}\n\n…\n");
  CHECK(render_text(word_diff("Một.\n\nHai.\n\nBa.", "Một.\n\nBa.")) ==
        "…\n\n[-Hai.-]\n\n…\n");
  // The removed break has no text of its own: it shows as a struck pilcrow.
  CHECK(render_text(word_diff("Một.\n\nHai.", "Một. Hai.")) ==
        "Một.[-¶-]\n\n{+ +}Hai.\n");
  // A line break inside changed text keeps the markers on one line.
  CHECK(render_text(word_diff("a b", "a x\ny b")) == "a {+x↵y +}b\n");
}

TEST_CASE("two changes far apart are rendered with an ellipsis between them", "[diff]") {
  const std::string before = "A cũ.\n\nB.\n\nC.\n\nD.\n\nE cũ.";
  const std::string after = "A mới.\n\nB.\n\nC.\n\nD.\n\nE mới.";
  const std::vector<DiffChunk> chunks = word_diff(before, after);
  CHECK(render_text(chunks) == "A [-cũ.-]{+mới.+}\n\n…\n\nE [-cũ.-]{+mới.+}\n");
  CHECK(render_text(chunks, 1) ==
        "A [-cũ.-]{+mới.+}\n\nB.\n\n…\n\nD.\n\nE [-cũ.-]{+mới.+}\n");
}

// The colours `khobao diff` passes on a terminal (app::render_diff).
const DiffMarkers kSgr{.delete_open = "\x1b[31;9m", .delete_close = "\x1b[0m",
                       .insert_open = "\x1b[32m", .insert_close = "\x1b[0m"};

TEST_CASE("markers given, such as SGR colour codes, wrap the changes", "[diff]") {
  const std::string out = render_text(word_diff("Giá cũ.", "Giá mới."), 0, kSgr);
  CHECK(out == "Giá \x1b[31;9mcũ.\x1b[0m\x1b[32mmới.\x1b[0m\n");
  CHECK(out.find("[-") == std::string::npos);
}

TEST_CASE("the texts' own control sequences never reach the terminal", "[diff]") {
  const std::string before = "Tin\x1b[2J nóng \x9b" "31m đỏ";
  const std::string after = "Tin\x1b[2J nóng \xC2\x9b" "31m \x07\r\x7f đỏ\tlắm \xC0\x9b";
  const std::vector<DiffChunk> chunks = checked_diff(before, after);
  for (bool color : {true, false}) {
    std::string out = color ? render_text(chunks, 3, kSgr) : render_text(chunks, 3);
    for (std::string_view sgr : {"\x1b[31;9m", "\x1b[32m", "\x1b[0m"}) {
      for (size_t at = out.find(sgr); at != std::string::npos; at = out.find(sgr))
        out.erase(at, sgr.size());
    }
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find('\x9b') == std::string::npos);
    CHECK(out.find_first_of("\x07\r\x7f") == std::string::npos);
    CHECK(out.find(kFffd + "[2J") != std::string::npos);
    CHECK(out.find("\tlắm") != std::string::npos);
  }
}

TEST_CASE("invalid UTF-8 renders as valid UTF-8", "[diff]") {
  std::mt19937 random(5);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 50; ++round) {
    std::string before, after;
    for (int i = 0; i < 200; ++i) before += static_cast<char>(byte(random));
    after = before;
    for (int i = 0; i < 10; ++i)
      after[byte(random) % after.size()] = static_cast<char>(byte(random));
    const std::vector<DiffChunk> chunks = checked_diff(before, after);
    const std::string out = render_text(chunks, 0, kSgr);
    CHECK_NOTHROW(nlohmann::json(out).dump());
    CHECK_NOTHROW(to_json(chunks).dump());
  }
}

TEST_CASE("the JSON form lists each chunk's op and text", "[diff]") {
  const nlohmann::json expected = nlohmann::json::parse(R"([
    {"op": "equal", "text": "Giá "},
    {"op": "delete", "text": "cũ"},
    {"op": "insert", "text": "mới"},
    {"op": "equal", "text": " \u001b"}
  ])");
  CHECK(to_json(word_diff("Giá cũ \x1b", "Giá mới \x1b")) == expected);
  CHECK(to_json({}) == nlohmann::json::array());
  CHECK(to_json({{DiffOp::kInsert, "a\xFF"}})[0]["text"] == "a" + kFffd);
}
