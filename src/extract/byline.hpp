// Bylines into people and a source: "Thanh Hoài – Anh Tấn" -> two authors,
// "Theo TTXVN" -> source "TTXVN".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace khobao::extract {

struct Byline {
  std::vector<std::string> authors;   // people, in byline order, each once
  std::optional<std::string> source;  // agency or paper credited, or nullopt
};

// Parses one byline as printed. Separators between people: "–", "—", " - ",
// ",", ";", " và ", "&", "/". Prefixes dropped: "Bài và ảnh:", "Bài, ảnh:",
// "Bài:", "Ảnh:", "Tin, ảnh:", "Nhóm PV", "PV", "Nhóm phóng viên", "By".
// Sources, never authors: "Theo TTXVN" / "Theo Báo X" -> source "TTXVN" /
// "Báo X"; "Nguồn: X" -> "X"; "(tổng hợp)" / "(TH)" after a name is dropped
// (the named person compiled it); a byline that is only "Tổng hợp" has
// source "Tổng hợp". Names keep their case ("NHẬT XUÂN" stays). Text that
// is not a byline (longer than a byline can be, a sentence) gives no authors.
Byline parse_byline(std::string_view text);

// Merges bylines found in several places (footer, JSON-LD, meta): authors in
// first-seen order, compared case- and whitespace-insensitively.
void merge_byline(Byline& into, const Byline& more);

}  // namespace khobao::extract
