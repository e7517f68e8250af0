// Word diff in two levels, paragraphs then words, each an edit script from
// dtl (Wu, Manber and Myers' O(NP) algorithm) over interned units; a text
// rendering that never passes the texts' own control bytes through.
#include "store/word_diff.hpp"

#include "core/text.hpp"

#include <dtl/dtl.hpp>

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <span>
#include <unordered_map>

namespace khobao::store {
namespace {

// A unit (paragraph, word, whitespace run) or a stretch of text, with its op.
struct Piece {
  DiffOp op;
  std::string_view text;
};

using Units = std::span<const std::string_view>;

// --- Splitting ---------------------------------------------------------

// ASCII only: the texts come out of extraction with every other space
// (&nbsp; included) already turned into ' ', and so invalid UTF-8 stays bytes.
bool is_space(char c) { return text::is_ascii_space(c) || c == '\v'; }

// The text as alternating words and whitespace runs.
std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t start = 0;
  while (start < text.size()) {
    const bool space = is_space(text[start]);
    size_t end = start + 1;
    while (end < text.size() && is_space(text[end]) == space) ++end;
    tokens.push_back(text.substr(start, end - start));
    start = end;
  }
  return tokens;
}

// A paragraph break: a run of two or more '\n'.
struct Break {
  size_t pos;
  size_t length;  // 0: no break, pos is the end of the text
};

Break find_break(std::string_view text, size_t from) {
  const size_t pos = text.find("\n\n", from);
  if (pos == std::string_view::npos) return {text.size(), 0};
  const size_t end = std::min(text.find_first_not_of('\n', pos), text.size());
  return {pos, end - pos};
}

// The text's paragraphs, each with the break that follows it, so that the
// paragraphs partition the text.
std::vector<std::string_view> split_paragraphs(std::string_view text) {
  std::vector<std::string_view> paragraphs;
  size_t start = 0;
  while (start < text.size()) {
    const Break next = find_break(text, start);
    const size_t end = next.pos + next.length;
    paragraphs.push_back(text.substr(start, end - start));
    start = end;
  }
  return paragraphs;
}

// --- Edit scripts ------------------------------------------------------

struct Interned {
  std::vector<std::uint32_t> a, b;
};

// Numbers the units, equal units alike, so that dtl compares and copies
// integers rather than strings.
Interned intern(Units a, Units b) {
  std::unordered_map<std::string_view, std::uint32_t> ids;
  auto number = [&ids](Units units) {
    std::vector<std::uint32_t> numbered;
    numbered.reserve(units.size());
    for (std::string_view unit : units) {
      const auto next_id = static_cast<std::uint32_t>(ids.size());
      numbered.push_back(ids.try_emplace(unit, next_id).first->second);
    }
    return numbered;
  };
  Interned interned;
  interned.a = number(a);
  interned.b = number(b);
  return interned;
}

// Appends a shortest edit script from `a` to `b`. Each run of changes lists
// its deletions before its insertions (dtl interleaves them; its own
// deletes-first mode inserts into the middle of a vector, quadratic on a long
// run).
void append_edit_script(Units a, Units b, std::vector<Piece>& out) {
  const Interned ids = intern(a, b);
  dtl::Diff<std::uint32_t> diff(ids.a, ids.b);
  diff.compose();
  std::vector<Piece> held_inserts;
  auto flush_inserts = [&] {
    out.insert(out.end(), held_inserts.begin(), held_inserts.end());
    held_inserts.clear();
  };
  size_t i = 0, j = 0;  // the script walks both sequences in order
  for (const auto& element : diff.getSes().getSequence()) {
    const dtl::edit_t type = element.second.type;
    if (type == dtl::SES_COMMON) {
      flush_inserts();
      out.push_back({DiffOp::kEqual, a[i++]});
      ++j;
    } else if (type == dtl::SES_DELETE) {
      out.push_back({DiffOp::kDelete, a[i++]});
    } else {
      held_inserts.push_back({DiffOp::kInsert, b[j++]});
    }
  }
  flush_inserts();
  assert(i == a.size() && j == b.size());
}

void append_units(DiffOp op, Units units, std::vector<Piece>& out) {
  for (std::string_view unit : units) out.push_back({op, unit});
}

// The edit script from `a` to `b`, one piece per unit. The units shared at
// both ends are set aside first: most edits touch a few words of a long
// text, and this makes them linear. A middle longer than kMaxDiffUnits is all
// deleted and all inserted: dtl's time grows with length times differences,
// and so long a rewrite reads no better word by word.
std::vector<Piece> diff_units(Units a, Units b) {
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  const Units a_middle = a.subspan(prefix, a.size() - prefix - suffix);
  const Units b_middle = b.subspan(prefix, b.size() - prefix - suffix);

  std::vector<Piece> pieces;
  append_units(DiffOp::kEqual, a.first(prefix), pieces);
  if (a_middle.empty() || b_middle.empty() || a_middle.size() > kMaxDiffUnits ||
      b_middle.size() > kMaxDiffUnits) {
    append_units(DiffOp::kDelete, a_middle, pieces);
    append_units(DiffOp::kInsert, b_middle, pieces);
  } else {
    append_edit_script(a_middle, b_middle, pieces);
  }
  append_units(DiffOp::kEqual, a.last(suffix), pieces);
  return pieces;
}

// Builds the result: drops empty text, merges a piece into the previous
// chunk when their ops match.
class ChunkList {
 public:
  void add(DiffOp op, std::string_view text) {
    if (text.empty()) return;
    if (chunks_.empty() || chunks_.back().op != op) chunks_.push_back({op, {}});
    chunks_.back().text += text;
  }
  std::vector<DiffChunk> take() { return std::move(chunks_); }

 private:
  std::vector<DiffChunk> chunks_;
};

// `run` extended by `next`, the view that follows it in the same text.
std::string_view extend(std::string_view run, std::string_view next) {
  if (run.empty()) return next;
  assert(next.data() == run.data() + run.size());
  return {run.data(), run.size() + next.size()};
}

void diff_words(std::string_view before, std::string_view after, ChunkList& out) {
  const std::vector<std::string_view> old_words = split_words(before);
  const std::vector<std::string_view> new_words = split_words(after);
  for (const Piece& piece : diff_units(old_words, new_words)) out.add(piece.op, piece.text);
}

}  // namespace

std::vector<DiffChunk> word_diff(std::string_view before, std::string_view after) {
  const std::vector<std::string_view> old_paragraphs = split_paragraphs(before);
  const std::vector<std::string_view> new_paragraphs = split_paragraphs(after);
  const std::vector<Piece> pieces = diff_units(old_paragraphs, new_paragraphs);
  ChunkList out;
  size_t i = 0;
  while (i < pieces.size()) {
    if (pieces[i].op == DiffOp::kEqual) {
      out.add(DiffOp::kEqual, pieces[i++].text);
      continue;
    }
    // The paragraphs of one run of changes follow each other in their text,
    // so each side of the run is one stretch of it.
    std::string_view old_run, new_run;
    for (; i < pieces.size() && pieces[i].op != DiffOp::kEqual; ++i) {
      std::string_view& run = pieces[i].op == DiffOp::kDelete ? old_run : new_run;
      run = extend(run, pieces[i].text);
    }
    diff_words(old_run, new_run, out);
  }
  return out.take();
}

bool has_changes(const std::vector<DiffChunk>& chunks) {
  return std::any_of(chunks.begin(), chunks.end(),
                     [](const DiffChunk& chunk) { return chunk.op != DiffOp::kEqual; });
}

// --- Untrusted bytes ---------------------------------------------------

namespace {

const std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the well-formed UTF-8 character that `s` starts with (Unicode
// table 3-7: no overlong forms, surrogates or code points past U+10FFFF), or
// 0. Strict, because a lax terminal may decode an overlong form to a control.
size_t utf8_length(std::string_view s) {
  const auto lead = static_cast<unsigned char>(s[0]);
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned char second_min = 0x80, second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    return 0;
  }
  if (s.size() < length) return 0;
  const auto second = static_cast<unsigned char>(s[1]);
  if (second < second_min || second > second_max) return 0;
  for (size_t k = 2; k < length; ++k)
    if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) return 0;
  return length;
}

// Calls `visit` with each well-formed character of `text` in turn, and with
// an empty view for each byte that does not belong to one.
template <typename Visit>
void for_each_character(std::string_view text, Visit visit) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = utf8_length(text.substr(i));
    visit(text.substr(i, length));
    i += std::max<size_t>(length, 1);
  }
}

// C0 controls but '\n' and '\t', DEL, and C1 controls (U+0080 to U+009F),
// which some terminals obey as CSI and friends.
bool is_terminal_control(std::string_view character) {
  const auto first = static_cast<unsigned char>(character[0]);
  if (character.size() == 1)
    return (first < 0x20 && first != '\n' && first != '\t') || first == 0x7F;
  return character.size() == 2 && first == 0xC2 &&
         static_cast<unsigned char>(character[1]) < 0xA0;
}

std::string valid_utf8(std::string_view text) {
  std::string valid;
  valid.reserve(text.size());
  for_each_character(text, [&valid](std::string_view character) {
    valid += character.empty() ? kReplacement : character;
  });
  return valid;
}

// --- Text rendering ----------------------------------------------------

const std::string_view kPilcrow = "\xC2\xB6";           // ¶
const std::string_view kReturnSymbol = "\xE2\x86\xB5";  // ↵
const std::string_view kEllipsis = "\xE2\x80\xA6";      // …

// One paragraph as the reader sees it; its pieces hold no paragraph break.
using Paragraph = std::vector<Piece>;

// The chunks cut at their paragraph breaks (the breaks themselves left out)
// into the paragraphs of the rendering; none is empty.
std::vector<Paragraph> display_paragraphs(const std::vector<DiffChunk>& chunks) {
  std::vector<Paragraph> paragraphs(1);
  for (const DiffChunk& chunk : chunks) {
    const std::string_view text = chunk.text;
    size_t start = 0;
    for (;;) {
      const Break next = find_break(text, start);
      const std::string_view segment = text.substr(start, next.pos - start);
      if (!segment.empty()) paragraphs.back().push_back({chunk.op, segment});
      if (next.length == 0) break;
      // A break added or removed with no text of its own would leave no
      // trace in the rendering.
      if (segment.empty() && chunk.op != DiffOp::kEqual)
        paragraphs.back().push_back({chunk.op, kPilcrow});
      if (!paragraphs.back().empty()) paragraphs.emplace_back();
      start = next.pos + next.length;
    }
  }
  if (paragraphs.back().empty()) paragraphs.pop_back();
  return paragraphs;
}

bool is_changed(const Paragraph& paragraph) {
  return std::any_of(paragraph.begin(), paragraph.end(),
                     [](const Piece& piece) { return piece.op != DiffOp::kEqual; });
}

// Which paragraphs to show: those at most `context` paragraphs away from a
// changed one. Two sweeps measure the distance to the nearest change, so
// that a large context costs nothing more.
std::vector<bool> paragraphs_to_show(const std::vector<Paragraph>& paragraphs, int context) {
  const size_t n = paragraphs.size();
  const size_t reach = static_cast<size_t>(std::max(context, 0));
  const size_t far = n + reach + 1;
  std::vector<size_t> distance(n, far);
  for (size_t i = 0, since = far; i < n; ++i) {
    since = is_changed(paragraphs[i]) ? 0 : std::min(since + 1, far);
    distance[i] = since;
  }
  for (size_t i = n, until = far; i-- > 0;) {
    until = is_changed(paragraphs[i]) ? 0 : std::min(until + 1, far);
    distance[i] = std::min(distance[i], until);
  }
  std::vector<bool> show(n);
  for (size_t i = 0; i < n; ++i) show[i] = distance[i] <= reach;
  return show;
}

// Appends `text` with each terminal control and each byte outside
// well-formed UTF-8 shown as U+FFFD. In changed text a line break becomes
// "↵", so that a marker (or a colour) never spans lines.
void append_for_terminal(std::string& out, std::string_view text, bool changed) {
  for_each_character(text, [&out, changed](std::string_view character) {
    if (changed && character == "\n")
      out += kReturnSymbol;
    else if (character.empty() || is_terminal_control(character))
      out += kReplacement;
    else
      out += character;
  });
}

std::string render_paragraph(const Paragraph& paragraph, const DiffMarkers& markers) {
  std::string out;
  for (const Piece& piece : paragraph) {
    if (piece.op == DiffOp::kEqual) {
      append_for_terminal(out, piece.text, false);
      continue;
    }
    const bool insert = piece.op == DiffOp::kInsert;
    out += insert ? markers.insert_open : markers.delete_open;
    append_for_terminal(out, piece.text, true);
    out += insert ? markers.insert_close : markers.delete_close;
  }
  return out;
}

// Adds one block of the rendering, a paragraph or an ellipsis, after a blank line.
void append_block(std::string& out, std::string_view block) {
  if (!out.empty()) out += '\n';
  out += block;
  out += '\n';
}

const char* op_name(DiffOp op) {
  switch (op) {
    case DiffOp::kEqual: return "equal";
    case DiffOp::kInsert: return "insert";
    case DiffOp::kDelete: return "delete";
  }
  return "equal";
}

}  // namespace

std::string render_text(const std::vector<DiffChunk>& chunks, int context_paragraphs,
                        const DiffMarkers& markers) {
  if (!has_changes(chunks)) return {};
  const std::vector<Paragraph> paragraphs = display_paragraphs(chunks);
  const std::vector<bool> show = paragraphs_to_show(paragraphs, context_paragraphs);
  std::string out;
  bool skipped = false;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    if (!show[i]) {
      skipped = true;
      continue;
    }
    if (skipped) append_block(out, kEllipsis);
    skipped = false;
    append_block(out, render_paragraph(paragraphs[i], markers));
  }
  if (skipped) append_block(out, kEllipsis);
  return out;
}

nlohmann::json to_json(const std::vector<DiffChunk>& chunks) {
  nlohmann::json array = nlohmann::json::array();
  for (const DiffChunk& chunk : chunks)
    array.push_back({{"op", op_name(chunk.op)}, {"text", valid_utf8(chunk.text)}});
  return array;
}

}  // namespace khobao::store
