// Page metadata (see metadata.hpp).
#include "extract/metadata.hpp"

#include "html/selector.hpp"
#include "html/text.hpp"
#include "core/text.hpp"
#include "core/unicode.hpp"

#include <nlohmann/json.hpp>

namespace khobao::extract {

namespace {

using nlohmann::json;

void set_once(std::optional<std::string>& slot, std::string_view value) {
  std::string v(text::trim_ascii(value));
  if (!slot && !v.empty()) slot = v;
}

bool is_article_type(const json& type) {
  auto article_like = [](const std::string& t) {
    return t.find("Article") != std::string::npos || t == "BlogPosting" || t == "Report" ||
           t == "LiveBlogPosting";
  };
  if (type.is_string()) return article_like(type.get<std::string>());
  if (type.is_array())
    for (const auto& t : type)
      if (t.is_string() && article_like(t.get<std::string>())) return true;
  return false;
}

void author_names(const json& a, std::vector<std::string>& out) {
  if (a.is_string()) {
    out.push_back(html::decode_entities(a.get<std::string>()));
  } else if (a.is_array()) {
    for (const auto& x : a) author_names(x, out);
  } else if (a.is_object()) {
    auto name = a.find("name");
    if (name != a.end() && name->is_string()) out.push_back(html::decode_entities(name->get<std::string>()));
    else if (name != a.end() && name->is_array()) author_names(*name, out);
  }
}

void read_json_ld_object(const json& o, PageMetadata& m, int depth) {
  if (depth > 8) return;
  if (o.is_array()) {
    for (const auto& x : o) read_json_ld_object(x, m, depth + 1);
    return;
  }
  if (!o.is_object()) return;
  if (auto g = o.find("@graph"); g != o.end()) read_json_ld_object(*g, m, depth + 1);
  auto type = o.find("@type");
  if (type == o.end() || !is_article_type(*type)) return;
  auto str = [&](const char* key) -> std::optional<std::string> {
    auto it = o.find(key);
    if (it != o.end() && it->is_string()) return html::decode_entities(it->get<std::string>());
    return std::nullopt;
  };
  if (auto v = str("datePublished")) set_once(m.published, *v);
  if (auto v = str("dateModified")) set_once(m.modified, *v);
  if (auto v = str("headline")) set_once(m.title, *v);
  if (auto v = str("articleBody")) set_once(m.article_body, *v);
  if (m.authors.empty())
    if (auto a = o.find("author"); a != o.end()) author_names(*a, m.authors);
}

const html::Selector& meta_selector() {
  static const html::Selector s = html::Selector::parse("meta, link[rel], title");
  return s;
}

}  // namespace

PageMetadata read_metadata(const html::Document& doc, const std::vector<std::string>& json_ld) {
  PageMetadata m;
  for (const auto& block : json_ld) {
    json parsed = json::parse(block, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) read_json_ld_object(parsed, m, 0);
  }
  if (auto lang = html::attr(doc.root(), "lang")) {
    std::string l = text::ascii_lower(text::trim_ascii(*lang));
    l = l.substr(0, l.find_first_of("-_"));
    if (!l.empty()) m.language = l;
  }
  std::optional<std::string> og_url, og_title, meta_description, og_description, meta_author;
  for (const html::Node* n : html::select_all(doc.root(), meta_selector())) {
    GumboTag t = html::tag(n);
    if (t == GUMBO_TAG_TITLE) {
      // <title> is never visible text: read its text node as it is.
      for (const html::Node* c : html::children(n)) set_once(m.document_title, html::text_of(c));
      continue;
    }
    if (t == GUMBO_TAG_LINK) {
      std::string rel = text::ascii_lower(html::attr(n, "rel").value_or(""));
      if (rel == "canonical") set_once(m.canonical, html::attr(n, "href").value_or(""));
      continue;
    }
    std::string key = text::ascii_lower(html::attr(n, "property").value_or(html::attr(n, "name").value_or(
        html::attr(n, "itemprop").value_or(""))));
    std::string_view content = html::attr(n, "content").value_or("");
    if (key.empty() || text::trim_ascii(content).empty()) continue;
    if (key == "og:url") set_once(og_url, content);
    else if (key == "og:title") set_once(og_title, content);
    else if (key == "og:description") set_once(og_description, content);
    else if (key == "description") set_once(meta_description, content);
    else if (key == "og:site_name") set_once(m.site_name, content);
    else if (key == "article:published_time" || key == "datepublished" || key == "pubdate" ||
             key == "publishdate" || key == "dc.date.issued" || key == "article.published" ||
             key == "sailthru.date" || key == "parsely-pub-date" || key == "date")
      set_once(m.published, content);
    else if (key == "article:modified_time" || key == "datemodified" || key == "og:updated_time" ||
             key == "lastmod")
      set_once(m.modified, content);
    else if (key == "article:tag") m.tags.emplace_back(text::trim_ascii(content));
    else if (key == "author" || key == "dc.creator" || key == "byl" || key == "parsely-author")
      set_once(meta_author, content);
    else if (key == "og:locale" && !m.language)
      m.language = text::ascii_lower(content.substr(0, content.find_first_of("-_")));
  }
  if (!m.canonical) m.canonical = og_url;
  if (og_title) m.title = og_title;  // og:title is the headline without the site's suffix
  if (!m.title) m.title = m.document_title;
  m.description = og_description ? og_description : meta_description;
  if (m.authors.empty() && meta_author && meta_author->find("://") == std::string::npos)
    m.authors.push_back(*meta_author);
  return m;
}

}  // namespace khobao::extract
