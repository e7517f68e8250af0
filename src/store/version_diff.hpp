// What changed between two versions of an article: a word diff of each field
// whose change makes a version (content_hash), for `khobao diff` and the web
// UI's diff page alike.
#pragma once

#include "core/article.hpp"
#include "store/word_diff.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace khobao::store {

struct FieldDiff {
  std::string field;  // "title", "lead", "body", "authors", ...
  std::vector<DiffChunk> chunks;
};

// The fields that differ between `before` and `after`, in the record's order
// (title, lead, body, authors, published_at, updated_at, captions, related);
// empty when their content is the same. Lists are compared as text: authors
// joined by ", ", captions and related links one per paragraph.
std::vector<FieldDiff> diff_articles(const Article& before, const Article& after);

// `khobao diff --json` (and `/api/article/ID/diff`):
// {"page_id", "from", "to", "changes": {field: chunks}}.
nlohmann::ordered_json diff_json(std::int64_t page_id, int from, int to, const std::vector<FieldDiff>& fields);

}  // namespace khobao::store
