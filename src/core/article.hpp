// The article record: what `khobao extract --json` prints and what a version
// stores (DESIGN.md, "The article record").
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace khobao {

struct Caption {
  std::string text;
  std::optional<std::string> image;  // absolute URL of the captioned image
  bool operator==(const Caption&) const = default;
};

struct RelatedLink {
  std::string url;  // absolute
  std::string title;
  std::optional<std::string> summary;
  bool operator==(const RelatedLink&) const = default;
};

struct Article {
  std::optional<std::string> url;
  std::optional<std::string> site;
  std::optional<std::string> title;
  std::optional<std::string> lead;
  std::string body;  // paragraphs separated by "\n\n"
  std::vector<Caption> captions;
  std::vector<std::string> authors;
  std::optional<std::string> source;
  std::optional<std::string> published_at;
  std::optional<std::string> updated_at;
  std::vector<std::string> tags;
  std::vector<RelatedLink> related;
  std::optional<std::string> language;
  std::string extractor;  // "site:HOST", "generic", or "site:HOST+generic(body,...)"
  // Why this record is not the whole article, when the extractor can tell:
  // "no body" (nothing of the page's prose was found) or "short body: ..."
  // (far less text than the page's prose); nullopt when it looks whole.
  // Such a record is an extraction failure: kept, flagged and counted.
  std::optional<std::string> failure;
  bool operator==(const Article&) const = default;
};

// Keys in the order of DESIGN.md's table.
nlohmann::ordered_json to_json(const Article& a);
Article article_from_json(const nlohmann::json& j);

}  // namespace khobao
