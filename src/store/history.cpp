// Queries behind show, history and diff.
#include "store/history.hpp"

#include "store/archive_connection.hpp"

#include <nlohmann/json.hpp>

namespace khobao::store {
namespace {

constexpr const char* kVersionColumns =
    "v.id, v.page_id, v.number, v.created_at, v.fetch_id, v.title, v.extractor, hex(v.content_hash), "
    "length(v.body), v.url, v.site, v.lead, v.body, v.captions, v.source, v.published_at, v.updated_at, "
    "v.tags, v.language, p.url, v.failure";

VersionInfo read_info(const Statement& s) {
  VersionInfo info;
  info.id = s.int64(0);
  info.page_id = s.int64(1);
  info.number = static_cast<int>(s.int64(2));
  info.created_at = s.text(3);
  info.fetch_id = s.int64(4);
  info.title = s.optional_text(5);
  info.extractor = s.text(6);
  info.content_hash = s.text(7);
  info.body_chars = s.int64(8);
  info.failure = s.optional_text(20);
  return info;
}

// The columns of kVersionColumns as the article record.
Article read_article(Connection& db, const Statement& s) {
  Article a;
  a.url = s.is_null(9) ? std::optional<std::string>(s.text(19)) : s.optional_text(9);
  a.site = s.optional_text(10);
  a.title = s.optional_text(5);
  a.lead = s.optional_text(11);
  a.body = s.text(12);
  for (const auto& c : nlohmann::json::parse(s.text(13), nullptr, false)) {
    if (!c.is_object()) continue;
    Caption caption{c.value("text", ""), std::nullopt};
    if (c.contains("image") && c["image"].is_string()) caption.image = c["image"].get<std::string>();
    a.captions.push_back(std::move(caption));
  }
  a.source = s.optional_text(14);
  a.published_at = s.optional_text(15);
  a.updated_at = s.optional_text(16);
  for (const auto& t : nlohmann::json::parse(s.text(17), nullptr, false))
    if (t.is_string()) a.tags.push_back(t.get<std::string>());
  a.language = s.optional_text(18);
  a.extractor = s.text(6);
  a.failure = s.optional_text(20);
  std::int64_t version_id = s.int64(0);
  a.authors = authors_of(db, version_id);
  Statement links = db.prepare(
      "SELECT url, coalesce(title, ''), summary FROM link WHERE version_id = ?1 AND kind = 'related' ORDER BY position");
  links.bind(1, version_id);
  while (links.step()) a.related.push_back({links.text(0), links.text(1), links.optional_text(2)});
  return a;
}

std::optional<StoredVersion> load_one(Connection& db, Statement& s) {
  if (!s.step()) return std::nullopt;
  StoredVersion v{read_info(s), read_article(db, s)};
  return v;
}

}  // namespace

std::optional<PageInfo> page_info(Archive& archive, std::int64_t page_id) {
  Connection& db = connection(archive);
  Statement s = db.prepare(
      "SELECT p.id, p.url, s.host, p.kind, p.state, p.discovered_at, p.last_fetched_at, p.gone_at, "
      "  (SELECT count(*) FROM fetch WHERE page_id = p.id), (SELECT count(*) FROM version WHERE page_id = p.id) "
      "FROM page p JOIN site s ON s.id = p.site_id WHERE p.id = ?1");
  s.bind(1, page_id);
  if (!s.step()) return std::nullopt;
  return PageInfo{s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5),
                  s.optional_text(6), s.optional_text(7), s.int64(8), s.int64(9)};
}

std::vector<VersionInfo> versions_of(Archive& archive, std::int64_t page_id) {
  Connection& db = connection(archive);
  Statement s = db.prepare(std::string("SELECT ") + kVersionColumns +
                           " FROM version v JOIN page p ON p.id = v.page_id WHERE v.page_id = ?1 ORDER BY v.number");
  s.bind(1, page_id);
  std::vector<VersionInfo> versions;
  while (s.step()) versions.push_back(read_info(s));
  return versions;
}

std::vector<FetchInfo> fetches_of(Archive& archive, std::int64_t page_id) {
  Connection& db = connection(archive);
  Statement s = db.prepare(
      "SELECT id, fetched_at, source, status, outcome, bytes, error FROM fetch WHERE page_id = ?1 "
      "ORDER BY fetched_at, id");
  s.bind(1, page_id);
  std::vector<FetchInfo> fetches;
  while (s.step()) {
    std::optional<std::int64_t> status = s.optional_int64(3);
    fetches.push_back({s.int64(0), s.text(1), s.text(2),
                       status ? std::optional<int>(static_cast<int>(*status)) : std::nullopt, s.text(4),
                       s.optional_int64(5), s.optional_text(6)});
  }
  return fetches;
}

std::optional<StoredVersion> load_version(Archive& archive, std::int64_t page_id, std::optional<int> number) {
  Connection& db = connection(archive);
  Statement s = db.prepare(std::string("SELECT ") + kVersionColumns +
                           " FROM version v JOIN page p ON p.id = v.page_id WHERE v.page_id = ?1 "
                           "AND (?2 IS NULL OR v.number = ?2) ORDER BY v.number DESC LIMIT 1");
  s.bind(1, page_id).bind(2, number);
  return load_one(db, s);
}

std::optional<StoredVersion> load_version_by_id(Archive& archive, std::int64_t version_id) {
  Connection& db = connection(archive);
  Statement s = db.prepare(std::string("SELECT ") + kVersionColumns +
                           " FROM version v JOIN page p ON p.id = v.page_id WHERE v.id = ?1");
  s.bind(1, version_id);
  return load_one(db, s);
}

std::int64_t for_each_version(Archive& archive, const Filter& filter, bool all_versions,
                              const std::function<void(const StoredVersion&)>& each) {
  Connection& db = connection(archive);
  Statement s = db.prepare(std::string("SELECT ") + kVersionColumns +
                           " FROM version v JOIN page p ON p.id = v.page_id JOIN site s ON s.id = p.site_id "
                           "WHERE (?1 OR v.id = p.latest_version_id) AND " + filter_sql() +
                           " ORDER BY v.page_id, v.number");
  s.bind(1, all_versions ? 1 : 0);
  bind_filter(s, filter);
  std::int64_t count = 0;
  while (s.step()) {
    each(StoredVersion{read_info(s), read_article(db, s)});
    ++count;
  }
  return count;
}

nlohmann::ordered_json version_json(const StoredVersion& version) {
  nlohmann::ordered_json j = to_json(version.article);
  j["page_id"] = version.info.page_id;
  j["version"] = version.info.number;
  j["version_id"] = version.info.id;
  j["fetched_at"] = version.info.created_at;
  return j;
}

nlohmann::ordered_json article_json(const PageInfo& page, const StoredVersion& version) {
  nlohmann::ordered_json j = version_json(version);
  j["versions"] = page.versions;
  j["state"] = page.state;
  j["gone_at"] = page.gone_at ? nlohmann::ordered_json(*page.gone_at) : nullptr;
  return j;
}

nlohmann::ordered_json history_json(const PageInfo& page, const std::vector<VersionInfo>& versions,
                                    const std::vector<FetchInfo>& fetches) {
  auto optional = [](const auto& value) { return value ? nlohmann::ordered_json(*value) : nullptr; };
  nlohmann::ordered_json j{{"page_id", page.id}, {"url", page.url}, {"site", page.site}, {"state", page.state},
                           {"gone_at", optional(page.gone_at)}};
  j["versions"] = nlohmann::ordered_json::array();
  for (const auto& v : versions)
    j["versions"].push_back({{"version", v.number}, {"version_id", v.id}, {"fetched_at", v.created_at},
                             {"title", optional(v.title)}, {"body_chars", v.body_chars},
                             {"extractor", v.extractor}, {"failure", optional(v.failure)},
                             {"content_hash", v.content_hash}});
  j["fetches"] = nlohmann::ordered_json::array();
  for (const auto& f : fetches)
    j["fetches"].push_back({{"fetch_id", f.id}, {"fetched_at", f.fetched_at}, {"source", f.source},
                            {"status", optional(f.status)}, {"outcome", f.outcome}, {"bytes", optional(f.bytes)},
                            {"error", optional(f.error)}});
  return j;
}

}  // namespace khobao::store
