// What changed between two versions of a text (title, lead, body, ...): a
// word-level diff, as data, as marked-up text or as JSON (`khobao diff`).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::store {

enum class DiffOp { kEqual, kInsert, kDelete };

// Above this many units (paragraphs, or words and whitespace runs) on either
// side, the differing middle of two texts is not diffed unit by unit.
inline constexpr std::size_t kMaxDiffUnits = 20'000;

// A run of text that both versions share, that only the new one has, or that
// only the old one had.
struct DiffChunk {
  DiffOp op;
  std::string text;
  bool operator==(const DiffChunk&) const = default;
};

// The word-level diff of two texts. A word is a maximal run of non-whitespace
// bytes (ASCII whitespace only: Vietnamese syllables are space-separated, and
// punctuation stays with its word); the whitespace between words is diffed
// too. Concatenating the kEqual and kDelete chunks gives `before`, kEqual and
// kInsert gives `after`, byte for byte. No chunk is empty, no two adjacent
// chunks have the same op, and in each run of changes the deletion comes
// before the insertion. Any bytes are accepted; invalid UTF-8 is diffed as is.
//
// Paragraphs (separated by "\n\n") are compared first, and words only inside
// runs of replaced paragraphs. At either level, once the units both texts
// share at the start and at the end are set aside, a middle longer than
// kMaxDiffUnits on either side is reported as deleted and inserted whole:
// two long, unrelated bodies cost linear time, not quadratic.
std::vector<DiffChunk> word_diff(std::string_view before, std::string_view after);

// True when some chunk is an insertion or a deletion.
bool has_changes(const std::vector<DiffChunk>& chunks);

// How a rendering marks changed text, around each deletion and insertion.
// The default is git's --word-diff=plain: [-like this-] and {+like this+}.
struct DiffMarkers {
  std::string_view delete_open = "[-", delete_close = "-]";
  std::string_view insert_open = "{+", insert_close = "+}";
};

// The diff as text to read: only the paragraphs that contain a change, plus
// `context_paragraphs` unchanged ones on each side of every change; each run
// of left-out paragraphs is one "…" line. Paragraphs are separated by a blank
// line and the text ends with "\n"; it is empty when nothing changed.
//
// Changed text is wrapped in `markers` (the CLI passes colours). Inside it a
// line break shows as "↵", and a paragraph break added or removed on its own
// as "¶", so every change is visible and no marker spans lines.
//
// The texts are untrusted: C0 controls other than \n and \t, DEL, C1 controls,
// and bytes that are not well-formed UTF-8 are each shown as U+FFFD, so the
// only escape sequences in the result are those `markers` bring.
std::string render_text(const std::vector<DiffChunk>& chunks, int context_paragraphs = 0,
                        const DiffMarkers& markers = {});

// The chunks as [{"op": "equal"|"insert"|"delete", "text": "..."}, ...].
// Bytes that are not well-formed UTF-8 become U+FFFD, so the result always
// dumps without throwing.
nlohmann::json to_json(const std::vector<DiffChunk>& chunks);

}  // namespace khobao::store
