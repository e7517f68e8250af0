// Bylines as printed -> the people credited and the agency or paper credited.
//
// One normalized string goes through three passes. Asides in parentheses
// come out first ("(Theo TTXVN)", "(tổng hợp)"): they carry sources and their
// commas would otherwise split names. Then the text is cut into parts at the
// separators printed between people, remembering which parts were labels
// ("Bài và ảnh:"). Then each part is a role word, a source, or a name. A part
// that cannot be a name means the text was a sentence, not a byline, and the
// whole thing yields nothing: a wrong author is worse than a missing one.
#include "extract/byline.hpp"

#include "core/unicode.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <span>

namespace khobao::extract {
namespace {

using std::size_t;
using std::string;
using std::string_view;
using Words = std::vector<string_view>;

// Longer than any byline seen; past this the text is an article paragraph.
constexpr size_t kMaxBylineBytes = 600;
constexpr size_t kMaxBylineWords = 60;
// Vietnamese names run 2-4 syllables, foreign ones a few more.
constexpr size_t kMaxNameWords = 6;
// "Bài và ảnh", "Nhóm thực hiện": longer text before a colon is prose.
constexpr size_t kMaxLabelWords = 4;
// A period after this many words of a name reads as the end of a sentence
// (four-word names such as "Nguyễn Thị Minh Khai" do occur).
constexpr size_t kSentenceWords = 5;

// ---- UTF-8 ----------------------------------------------------------------------



// Start of the code point that ends just before `end`.
size_t last_code_point_start(string_view s, size_t end) {
  size_t i = end - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80 && end - i < 4) --i;
  return i;
}


string lower(string_view s) {
  string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    text::CodePoint cp = text::code_point_at(s, i);
    if (cp.value >= 0) text::append_utf8(out, static_cast<char32_t>(utf8proc_tolower(cp.value)));
    i += cp.length;
  }
  return out;
}

bool is_space_like(std::int32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;  // controls, incl. CR/LF/tab
  auto c = utf8proc_category(cp);
  return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

bool is_upper_initial(string_view word) {
  auto c = utf8proc_category(text::code_point_at(word, 0).value);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool has_digit(string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Valid, composed UTF-8 with every run of whitespace (nbsp, newlines) as one
// space and no invisible format characters; invalid bytes are dropped.
string normalize(string_view raw) {
  string cleaned;
  cleaned.reserve(raw.size());
  bool pending_space = false;
  for (size_t i = 0; i < raw.size();) {
    text::CodePoint cp = text::code_point_at(raw, i);
    string_view bytes = raw.substr(i, cp.length);
    i += cp.length;
    if (cp.value < 0) continue;
    if (is_space_like(cp.value)) {
      pending_space = !cleaned.empty();
      continue;
    }
    if (utf8proc_category(cp.value) == UTF8PROC_CATEGORY_CF) continue;  // ZWSP, BOM, soft hyphen
    if (pending_space) cleaned += ' ';
    pending_space = false;
    cleaned.append(bytes);
  }
  return text::to_nfc(cleaned);
}

// ---- words and punctuation --------------------------------------------------------

bool is_edge_punctuation(std::int32_t cp) {
  if (cp < 0) return true;
  if (cp < 0x80) return string_view(" .,;:-*\"'`()[]{}|/\\_~!?<>#=+^").find(static_cast<char>(cp)) != string_view::npos;
  switch (cp) {
    case 0x2018: case 0x2019: case 0x201C: case 0x201D: case 0x00AB: case 0x00BB:  // quotes
    case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2026: case 0x2022:  // dashes, …, •
    case 0x00B7: case 0x2039: case 0x203A:
      return true;
    default:
      return false;
  }
}

string_view trim_punctuation(string_view s) {
  size_t begin = 0, end = s.size();
  while (begin < end) {
    text::CodePoint cp = text::code_point_at(s, begin);
    if (!is_edge_punctuation(cp.value)) break;
    begin += cp.length;
  }
  while (end > begin) {
    size_t start = last_code_point_start(s, end);
    if (start < begin || !is_edge_punctuation(text::code_point_at(s.substr(0, end), start).value)) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

Words split_words(string_view s) {
  Words words;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == string_view::npos) j = s.size();
    if (j > i) words.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return words;
}

string lower_joined(const Words& words, size_t from = 0, size_t to = SIZE_MAX) {
  string out;
  for (size_t k = from; k < std::min(to, words.size()); ++k) {
    if (!out.empty()) out += ' ';
    out += lower(words[k]);
  }
  return out;
}

// The original text spanned by words[from, to): the words are views into it.
string_view span_of(const Words& words, size_t from, size_t to) {
  if (from >= to) return {};
  const char* begin = words[from].data();
  const char* end = words[to - 1].data() + words[to - 1].size();
  return string_view(begin, static_cast<size_t>(end - begin));
}

bool is_one_of(string_view lowered, std::initializer_list<string_view> options) {
  return std::find(options.begin(), options.end(), lowered) != options.end();
}

// ---- vocabulary ------------------------------------------------------------------

// Words that introduce a credited source rather than a person.
bool is_source_marker(string_view lowered) {
  return is_one_of(lowered, {"theo", "nguồn", "nguồn tin", "source", "sources", "via"});
}

// Credits for a role, not a person: "Bài", "Ảnh", "PV" standing alone.
bool is_role_phrase(string_view lowered) {
  return is_one_of(lowered, {"bài", "ảnh", "tin", "bài viết", "video", "clip", "pv", "phóng viên",
                             "ctv", "cộng tác viên", "btv", "biên tập viên", "nhà báo", "thực hiện",
                             "đồ họa", "đồ hoạ", "thiết kế", "trình bày", "biên tập", "ảnh minh họa",
                             "ảnh minh hoạ", "bài và ảnh", "bài ảnh", "tin ảnh", "tin và ảnh",
                             "infographic", "by", "photo", "photos", "text", "author", "authors",
                             "tác giả", "ban biên tập", "bbt", "tòa soạn", "toà soạn", "admin",
                             "staff", "tổng hợp", "t/h", "th"});
}

bool is_compiled_marker(string_view lowered) { return is_one_of(lowered, {"tổng hợp", "t/h", "th"}); }

// Printed before a name: "PV Hoàng Sơn", "By Jane Doe", "Ảnh Thu Hà".
constexpr string_view kRolePrefixes[] = {
    "pv", "phóng viên", "ctv", "cộng tác viên", "btv", "biên tập viên", "nhà báo", "tác giả", "by",
    "written by", "reported by", "story by", "words by", "photos by", "bài", "ảnh", "tin", "video",
    "clip", "đồ họa", "đồ hoạ", "thiết kế", "trình bày", "thực hiện", "ein kommentar von",
    "eine analyse von", "ein gastbeitrag von", "kommentar von", "von", "par", "por", "door", "text"};

// Printed after a name: "Hà Thu tổng hợp", "Hoàng Sơn thực hiện".
constexpr string_view kRoleSuffixes[] = {
    "tổng hợp", "t/h", "thực hiện", "lược dịch", "biên dịch", "dịch", "ghi", "ghi chép", "tường thuật",
    "biên soạn", "chuyển ngữ"};

// Agencies and outlets that appear where a name would.
bool is_agency(string_view lowered) {
  return is_one_of(lowered, {"ttxvn", "vna", "ttxvn/vna", "ttxvn-vna", "reuters", "afp", "ap", "xinhua",
                             "tân hoa xã", "bloomberg", "cnn", "bbc", "kyodo", "yonhap", "tass",
                             "sputnik", "ria novosti", "associated press", "vov", "vtv", "vtc",
                             "vietnamplus", "vnexpress", "dân trí", "tuổi trẻ", "thanh niên", "nhân dân",
                             "vietnamnet", "zing", "znews", "dpa", "sda", "apa", "kna", "epd", "ansa",
                             "efe", "deutsche presse-agentur", "press association", "agence france-presse"});
}

bool has_outlet_prefix(string_view lowered) {
  for (string_view prefix : {"báo ", "đài ", "tạp chí ", "cổng thông tin", "thông tấn xã", "hãng tin ",
                             "kênh ", "truyền hình ", "tttxvn"})
    if (lowered.substr(0, prefix.size()) == prefix) return true;
  return false;
}

// Lower-case particles that may sit inside a name ("Ludwig van Beethoven").
bool is_name_particle(string_view lowered) {
  return is_one_of(lowered, {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del",
                             "della", "dos", "das", "bin", "ibn", "al", "el", "y", "e", "ter", "ten",
                             "zu", "d'", "mc"});
}

// "Ông Nguyễn Văn An" is how prose refers to someone; bylines never use titles.
bool is_title(string_view lowered) {
  return is_one_of(lowered, {"ông", "bà", "chị", "đồng chí", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
                             "dr", "dr.", "tiến sĩ", "ts", "ts."});
}

// Every word capitalized (Vietnamese names always are), no digits, short,
// no title in front.
bool looks_like_name(const Words& words) {
  if (words.empty() || words.size() > kMaxNameWords) return false;
  if (is_title(lower(words[0])) || (words.size() > 1 && is_title(lower_joined(words, 0, 2)))) return false;
  for (size_t k = 0; k < words.size(); ++k) {
    if (has_digit(words[k])) return false;
    if (is_upper_initial(words[k])) continue;
    if (k == 0 || !is_name_particle(lower(words[k]))) return false;
  }
  return true;
}

// How many leading words form one of the phrases, or 0.
size_t matched_prefix_words(const Words& words, std::span<const string_view> phrases) {
  size_t best = 0;
  for (string_view phrase : phrases) {
    size_t n = split_words(phrase).size();
    if (n <= words.size() && n > best && lower_joined(words, 0, n) == phrase) best = n;
  }
  return best;
}

size_t matched_suffix_words(const Words& words, std::span<const string_view> phrases) {
  size_t best = 0;
  for (string_view phrase : phrases) {
    size_t n = split_words(phrase).size();
    if (n <= words.size() && n > best && lower_joined(words, words.size() - n) == phrase) best = n;
  }
  return best;
}

// Drops role words around a name, keeping at least one word.
Words strip_roles(Words words) {
  while (words.size() > 1) {
    size_t n = matched_prefix_words(words, kRolePrefixes);
    if (n == 0 || n >= words.size()) break;
    words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(n));
  }
  while (words.size() > 1) {
    size_t n = matched_suffix_words(words, kRoleSuffixes);
    if (n == 0 || n >= words.size()) break;
    words.resize(words.size() - n);
  }
  return words;
}

// ---- splitting ------------------------------------------------------------------

enum class Separator {
  kEnd,    // end of text
  kSoft,   // , & / và and: lists continue (also inside a source: "Reuters, AFP")
  kHard,   // - – — | ; •: a new credit starts
  kColon,  // the part before was a label
};

struct Part {
  size_t begin, end;  // bytes of the part, separator excluded
  Separator after;
};

struct SeparatorAt {
  size_t length;
  Separator kind;
};

// "T/H" (tổng hợp) is an abbreviation, not two people.
bool is_abbreviation_slash(string_view s, size_t i) {
  auto single_letter_before = i >= 1 && std::isalpha(static_cast<unsigned char>(s[i - 1])) &&
                              (i == 1 || s[i - 2] == ' ');
  auto single_letter_after = i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i + 1])) &&
                             (i + 2 == s.size() || !std::isalnum(static_cast<unsigned char>(s[i + 2])));
  return single_letter_before && single_letter_after;
}

SeparatorAt separator_at(string_view s, size_t i) {
  char c = s[i];
  switch (c) {
    case ',': case '&': return {1, Separator::kSoft};
    case ';': case '|': return {1, Separator::kHard};
    case ':': return {1, Separator::kColon};
    case '/': return is_abbreviation_slash(s, i) ? SeparatorAt{0, Separator::kEnd} : SeparatorAt{1, Separator::kSoft};
    case '-': {
      // Spaced, it separates people; unspaced it is inside a hyphenated name.
      bool spaced = i == 0 || s[i - 1] == ' ' || i + 1 == s.size() || s[i + 1] == ' ';
      return spaced ? SeparatorAt{1, Separator::kHard} : SeparatorAt{0, Separator::kEnd};
    }
    case ' ': {
      size_t word_end = std::min(s.find(' ', i + 1), s.size());
      string_view word = s.substr(i + 1, word_end - i - 1);
      if (word.size() <= 3 && is_one_of(lower(word), {"và", "and", "und", "et"})) return {word_end - i, Separator::kSoft};
      return {0, Separator::kEnd};
    }
    default:
      break;
  }
  if (static_cast<unsigned char>(c) < 0x80) return {0, Separator::kEnd};
  text::CodePoint cp = text::code_point_at(s, i);
  switch (cp.value) {
    case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2022: case 0x00B7:
      return {cp.length, Separator::kHard};
    default:
      return {0, Separator::kEnd};
  }
}

std::vector<Part> split_parts(string_view s) {
  std::vector<Part> parts;
  size_t begin = 0;
  for (size_t i = 0; i < s.size();) {
    SeparatorAt sep = separator_at(s, i);
    if (sep.length == 0) {
      ++i;
      continue;
    }
    parts.push_back({begin, i, sep.kind});
    i += sep.length;
    begin = i;
  }
  parts.push_back({begin, s.size(), Separator::kEnd});
  return parts;
}

// ---- sources ------------------------------------------------------------------

void set_source(Byline& out, string_view text) {
  string_view trimmed = trim_punctuation(text);
  if (!out.source && !trimmed.empty() && !has_digit(trimmed)) out.source = string(trimmed);
}

// What a parenthesized aside says: "(Theo TTXVN)", "(tổng hợp)", "(TH)",
// "(Reuters)". Anything else in parentheses (a place, "CTV") is dropped.
void read_aside(string_view aside, Byline& out, bool& compiled) {
  Words words = split_words(trim_punctuation(aside));
  if (words.empty()) return;
  string lowered = lower_joined(words);
  if (is_compiled_marker(lowered)) {
    compiled = true;
    return;
  }
  if (lowered.rfind("tổng hợp ", 0) == 0 && words.size() > 3 && is_one_of(lower_joined(words, 2, 3), {"từ", "theo"})) {
    compiled = true;
    set_source(out, span_of(words, 3, words.size()));
    return;
  }
  if (words.size() > 1 && is_source_marker(lower(trim_punctuation(words[0])))) {
    set_source(out, span_of(words, 1, words.size()));
    return;
  }
  if (is_agency(lowered) || has_outlet_prefix(lowered)) set_source(out, span_of(words, 0, words.size()));
}

// Takes out "(...)" and "[...]" asides, leaving a soft separator in their place.
string take_asides(string_view s, Byline& out, bool& compiled) {
  string rest;
  rest.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char open = s[i];
    if (open != '(' && open != '[') {
      rest += open;
      ++i;
      continue;
    }
    size_t close = s.find(open == '(' ? ')' : ']', i + 1);
    size_t inner_end = close == string_view::npos ? s.size() : close;
    read_aside(s.substr(i + 1, inner_end - i - 1), out, compiled);
    rest += " , ";
    i = close == string_view::npos ? s.size() : close + 1;
  }
  return rest;
}

// The source text from `from` through the parts joined to it by soft
// separators ("Reuters, AFP"); returns the index of the last part used.
size_t read_source_run(string_view s, const std::vector<Part>& parts, size_t k, size_t from, Byline& out) {
  size_t last = k;
  while (parts[last].after == Separator::kSoft && last + 1 < parts.size()) ++last;
  if (from < parts[last].end) set_source(out, s.substr(from, parts[last].end - from));
  return last;
}

// ---- people ---------------------------------------------------------------------

string name_key(string_view name) { return lower(normalize(name)); }

void add_author(std::vector<string>& authors, string_view name) {
  string key = name_key(name);
  for (const string& a : authors)
    if (name_key(a) == key) return;
  authors.emplace_back(name);
}

enum class Ending { kOpen, kPeriod, kSentence };

// '!' and '?' never end a byline; a period may ("Thu Hà.") unless it ends a
// long run of words.
Ending ending_of(string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == ')' || text.back() == ']')) text.remove_suffix(1);
  if (text.empty()) return Ending::kOpen;
  char last = text.back();
  if (last == '!' || last == '?') return Ending::kSentence;
  if (text.size() >= 3 && text.substr(text.size() - 3) == "\xE2\x80\xA6") return Ending::kSentence;  // …
  if (last == '.' && !(text.size() >= 3 && text.substr(text.size() - 3) == "...")) return Ending::kPeriod;
  return Ending::kOpen;
}

}  // namespace

Byline parse_byline(std::string_view raw) {
  string text = normalize(raw);
  if (text.empty() || text.size() > kMaxBylineBytes || split_words(text).size() > kMaxBylineWords) return {};
  Ending ending = ending_of(text);
  if (ending == Ending::kSentence) return {};

  Byline out;
  bool compiled = false;  // a "(tổng hợp)": the named person compiled it
  string without_asides = take_asides(text, out, compiled);
  string_view s = without_asides;
  std::vector<Part> parts = split_parts(s);

  for (size_t k = 0; k < parts.size(); ++k) {
    const Part& part = parts[k];
    Words words = split_words(trim_punctuation(s.substr(part.begin, part.end - part.begin)));
    if (words.empty()) continue;
    string lowered = lower_joined(words);
    if (part.after == Separator::kColon) {
      if (is_source_marker(lowered) && k + 1 < parts.size()) {
        k = read_source_run(s, parts, k + 1, parts[k + 1].begin, out);
        continue;
      }
      if (words.size() > kMaxLabelWords || has_digit(lowered)) return {};
      continue;  // "Bài và ảnh:", "Thực hiện:"
    }
    if (words.size() > 1 && is_source_marker(lower(words[0]))) {
      size_t from = static_cast<size_t>(words[1].data() - s.data());
      k = read_source_run(s, parts, k, from, out);
      continue;
    }
    if (lower(words[0]) == "nhóm") continue;  // "Nhóm PV Kinh tế" credits a desk, not people
    words = strip_roles(words);
    lowered = lower_joined(words);
    if (is_role_phrase(lowered)) {
      compiled = compiled || is_compiled_marker(lowered);
      continue;
    }
    if (is_agency(lowered) || has_outlet_prefix(lowered)) {
      set_source(out, span_of(words, 0, words.size()));
      continue;
    }
    if (!looks_like_name(words)) return {};
    add_author(out.authors, span_of(words, 0, words.size()));
  }

  if (ending == Ending::kPeriod && !out.authors.empty() &&
      split_words(out.authors.back()).size() >= kSentenceWords)
    return {};
  if (out.authors.empty() && !out.source && compiled) out.source = "Tổng hợp";
  return out;
}

void merge_byline(Byline& into, const Byline& more) {
  for (const string& name : more.authors) add_author(into.authors, name);
  if (!into.source && more.source) into.source = more.source;
}

}  // namespace khobao::extract
