// Terminal-safe text, article rendering, JSON lines, the progress line.
#include "app/output.hpp"

#include "core/unicode.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <sstream>

namespace khobao::app {

std::string terminal_safe(std::string_view s) { return text::without_controls(s); }

std::string render_article(const Article& a) {
  std::ostringstream o;
  o << (a.title ? *a.title : "(no title)") << "\n";
  std::string byline;
  for (size_t i = 0; i < a.authors.size(); ++i) byline += (i ? ", " : "") + a.authors[i];
  if (a.source) byline += (byline.empty() ? "" : " · ") + std::string("Nguồn: ") + *a.source;
  if (!byline.empty()) o << byline << "\n";
  if (a.published_at) o << *a.published_at << "\n";
  if (a.url) o << *a.url << "\n";
  o << "[" << a.extractor << "]\n";
  if (a.failure) o << "[extraction failure: " << *a.failure << "; what was found is kept]\n";
  o << "\n";
  if (a.lead) o << *a.lead << "\n\n";
  o << a.body << "\n";
  if (!a.captions.empty()) {
    o << "\nCaptions:\n";
    for (const auto& c : a.captions) o << "  - " << c.text << (c.image ? "\n    " + *c.image : "") << "\n";
  }
  if (!a.tags.empty()) {
    o << "\nTags:";
    for (const auto& t : a.tags) o << " #" << t;
    o << "\n";
  }
  if (!a.related.empty()) {
    o << "\nRelated:\n";
    for (const auto& r : a.related) {
      o << "  - " << r.title << "\n    " << r.url << "\n";
      if (r.summary) o << "    " << *r.summary << "\n";
    }
  }
  return terminal_safe(o.str());
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

std::string json_line(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string render_diff(const std::vector<store::DiffChunk>& chunks, bool color, int context_paragraphs) {
  // SGR: red and crossed out; green; then back to normal.
  static constexpr store::DiffMarkers kColors{.delete_open = "\x1b[31;9m", .delete_close = "\x1b[0m",
                                              .insert_open = "\x1b[32m", .insert_close = "\x1b[0m"};
  return store::render_text(chunks, context_paragraphs, color ? kColors : store::DiffMarkers{});
}

bool stdout_is_terminal() { return isatty(STDOUT_FILENO) == 1; }

Progress::Progress(std::string what, bool quiet)
    : what_(std::move(what)), enabled_(!quiet && isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

void Progress::update(std::int64_t done, std::int64_t total, std::string_view note) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(200) && done != total) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string line = total > 0 ? fmt::format("{} {}/{} ({:.0f}/s)", what_, done, total, rate)
                               : fmt::format("{} {} ({:.0f}/s)", what_, done, rate);
  if (!note.empty()) line += fmt::format(", {}", terminal_safe(note));
  std::cerr << "\r\x1b[K" << line << std::flush;
  drawn_ = true;
}

void Progress::finish() {
  if (enabled_ && drawn_) std::cerr << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

}  // namespace khobao::app
