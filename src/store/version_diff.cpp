// The field-by-field diff of two article versions.
#include "store/version_diff.hpp"

#include <utility>

namespace khobao::store {
namespace {

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

// The fields whose change makes a version (content_hash), as text.
std::vector<std::pair<std::string, std::string>> comparable_fields(const Article& a) {
  std::vector<std::string> captions, related;
  for (const auto& c : a.captions) captions.push_back(c.text + (c.image ? " (" + *c.image + ")" : ""));
  for (const auto& r : a.related) related.push_back(r.title + " (" + r.url + ")");
  return {{"title", a.title.value_or("")},
          {"lead", a.lead.value_or("")},
          {"body", a.body},
          {"authors", joined(a.authors, ", ")},
          {"published_at", a.published_at.value_or("")},
          {"updated_at", a.updated_at.value_or("")},
          {"captions", joined(captions, "\n\n")},
          {"related", joined(related, "\n\n")}};
}

}  // namespace

std::vector<FieldDiff> diff_articles(const Article& before, const Article& after) {
  auto old_fields = comparable_fields(before);
  auto new_fields = comparable_fields(after);
  std::vector<FieldDiff> changed;
  for (size_t i = 0; i < old_fields.size(); ++i) {
    std::vector<DiffChunk> chunks = word_diff(old_fields[i].second, new_fields[i].second);
    if (has_changes(chunks)) changed.push_back({old_fields[i].first, std::move(chunks)});
  }
  return changed;
}

nlohmann::ordered_json diff_json(std::int64_t page_id, int from, int to, const std::vector<FieldDiff>& fields) {
  nlohmann::ordered_json changes = nlohmann::ordered_json::object();
  for (const auto& f : fields) changes[f.field] = to_json(f.chunks);
  return {{"page_id", page_id}, {"from", from}, {"to", to}, {"changes", changes}};
}

}  // namespace khobao::store
