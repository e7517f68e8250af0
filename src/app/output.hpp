// What the subcommands print: text made safe for a terminal, article records
// as text or JSON, and a progress line for long work.
#pragma once

#include "core/article.hpp"
#include "store/word_diff.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::app {

// Text for a terminal: control characters and escape sequences from page
// text are shown as U+FFFD, never interpreted.
std::string terminal_safe(std::string_view s);

// An article record as readable text (already terminal-safe).
std::string render_article(const Article& article);

// The items separated by `separator`.
std::string join(const std::vector<std::string>& items, std::string_view separator);

// One line of JSON; invalid UTF-8 replaced, never thrown on.
std::string json_line(const nlohmann::ordered_json& j);

// A word diff for the terminal (store::render_text): with `color`, deleted
// text red and struck through and inserted text green (ANSI SGR); without,
// git's [-plain-] {+markers+}.
std::string render_diff(const std::vector<store::DiffChunk>& chunks, bool color, int context_paragraphs);

// True when stdout is a terminal (colours, highlighting).
bool stdout_is_terminal();

// A progress line on stderr, redrawn at most a few times a second, only when
// stderr is a terminal and the user did not ask for --quiet.
class Progress {
 public:
  Progress(std::string what, bool quiet);
  // Shows `done` of `total` (total 0: unknown) and an extra note.
  void update(std::int64_t done, std::int64_t total, std::string_view note = {});
  // Clears the line; the destructor does too, so that an error message
  // thrown past it starts on a clean line.
  void finish();
  ~Progress() { finish(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

 private:
  std::string what_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace khobao::app
