// The article record to and from JSON (see article.hpp). Field order follows
// DESIGN.md so that the printed record reads top to bottom like the page.
#include "core/article.hpp"

namespace khobao {

namespace {
using nlohmann::json;
using nlohmann::ordered_json;

template <class T>
ordered_json or_null(const std::optional<T>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

std::optional<std::string> opt_string(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}
}  // namespace

nlohmann::ordered_json to_json(const Article& a) {
  ordered_json captions = ordered_json::array();
  for (const auto& c : a.captions)
    captions.push_back(ordered_json{{"text", c.text}, {"image", or_null(c.image)}});
  ordered_json related = ordered_json::array();
  for (const auto& r : a.related)
    related.push_back(ordered_json{{"url", r.url}, {"title", r.title}, {"summary", or_null(r.summary)}});
  ordered_json j;
  j["url"] = or_null(a.url);
  j["site"] = or_null(a.site);
  j["title"] = or_null(a.title);
  j["lead"] = or_null(a.lead);
  j["body"] = a.body;
  j["captions"] = captions;
  j["authors"] = a.authors;
  j["source"] = or_null(a.source);
  j["published_at"] = or_null(a.published_at);
  j["updated_at"] = or_null(a.updated_at);
  j["tags"] = a.tags;
  j["related"] = related;
  j["language"] = or_null(a.language);
  j["extractor"] = a.extractor;
  j["failure"] = or_null(a.failure);
  return j;
}

Article article_from_json(const nlohmann::json& j) {
  Article a;
  a.url = opt_string(j, "url");
  a.site = opt_string(j, "site");
  a.title = opt_string(j, "title");
  a.lead = opt_string(j, "lead");
  a.body = opt_string(j, "body").value_or("");
  if (j.contains("captions"))
    for (const auto& c : j["captions"]) a.captions.push_back({c.at("text").get<std::string>(), opt_string(c, "image")});
  if (j.contains("authors")) a.authors = j["authors"].get<std::vector<std::string>>();
  a.source = opt_string(j, "source");
  a.published_at = opt_string(j, "published_at");
  a.updated_at = opt_string(j, "updated_at");
  if (j.contains("tags")) a.tags = j["tags"].get<std::vector<std::string>>();
  if (j.contains("related"))
    for (const auto& r : j["related"])
      a.related.push_back({r.at("url").get<std::string>(), r.at("title").get<std::string>(), opt_string(r, "summary")});
  a.language = opt_string(j, "language");
  a.extractor = opt_string(j, "extractor").value_or("");
  a.failure = opt_string(j, "failure");
  return a;
}

}  // namespace khobao
