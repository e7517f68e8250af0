// `khobao diff`: what changed between two versions of an article, field by
// field, word by word.
#include "app/cli.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"
#include "app/page_arg.hpp"

#include "store/store.hpp"
#include "store/word_diff.hpp"

#include <fmt/format.h>

#include <iostream>

namespace khobao::app {
namespace {

struct DiffOptions {
  std::string page;
  std::optional<int> from, to;
  int context = 0;
  bool json = false;
};

// The fields whose change makes a version (store::content_hash), as text.
std::vector<std::pair<std::string, std::string>> comparable_fields(const extract::Article& a) {
  std::vector<std::string> captions, related;
  for (const auto& c : a.captions) captions.push_back(c.text + (c.image ? " (" + *c.image + ")" : ""));
  for (const auto& r : a.related) related.push_back(r.title + " (" + r.url + ")");
  return {{"title", a.title.value_or("")},
          {"lead", a.lead.value_or("")},
          {"body", a.body},
          {"authors", join(a.authors, ", ")},
          {"published_at", a.published_at.value_or("")},
          {"updated_at", a.updated_at.value_or("")},
          {"captions", join(captions, "\n\n")},
          {"related", join(related, "\n\n")}};
}

int run_diff(const GlobalOptions& global, const DiffOptions& o) {
  store::Archive archive(global.archive, store::Access::kRead);
  store::ReadTransaction snapshot(archive.db());  // one state of the archive throughout
  std::optional<std::int64_t> page_id = find_page_or_explain(archive, o.page);
  if (!page_id) return kBadInput;
  std::vector<store::VersionInfo> versions = store::versions_of(archive.db(), *page_id);
  int latest = versions.empty() ? 0 : versions.back().number;
  int to = o.to.value_or(latest);
  int from = o.from.value_or(to - 1);
  if (latest < 2 && !o.from && !o.to) {
    std::cerr << "khobao: the page has " << latest << " version" << (latest == 1 ? "" : "s")
              << ": nothing to compare\n";
    return kBadInput;
  }
  auto before = store::load_version(archive.db(), *page_id, from);
  auto after = store::load_version(archive.db(), *page_id, to);
  if (!before || !after || from < 1 || to < 1) {
    std::cerr << fmt::format("khobao: no version {} (the page has versions 1 to {})\n", !before ? from : to, latest);
    return kBadInput;
  }
  auto old_fields = comparable_fields(before->article);
  auto new_fields = comparable_fields(after->article);
  nlohmann::ordered_json changes = nlohmann::ordered_json::object();
  std::string text = terminal_safe(fmt::format("{}\nversion {} ({}) → version {} ({})\n",
                                               after->article.url.value_or(""), from, before->info.created_at, to,
                                               after->info.created_at));
  bool color = stdout_is_terminal();
  for (size_t i = 0; i < old_fields.size(); ++i) {
    std::vector<store::DiffChunk> chunks = store::word_diff(old_fields[i].second, new_fields[i].second);
    if (!store::has_changes(chunks)) continue;
    changes[old_fields[i].first] = store::to_json(chunks);
    text += "\n" + old_fields[i].first + ":\n" + store::render_terminal(chunks, color, o.context);
  }
  if (changes.empty()) text += "\nno change in the article's content\n";
  if (o.json) {
    std::cout << json_line({{"page_id", *page_id}, {"from", from}, {"to", to}, {"changes", changes}}) << "\n";
  } else {
    std::cout << text;  // the header went through terminal_safe, the chunks through render_terminal
  }
  return kOk;
}

}  // namespace

void add_diff_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* cmd = app.add_subcommand("diff", "Show what changed between two versions of an article");
  cmd->add_option("page", options->page, "The page's URL or id")->required();
  cmd->add_option("--from", options->from, "The older version (default: the one before --to)");
  cmd->add_option("--to", options->to, "The newer version (default: the latest)");
  cmd->add_option("--context", options->context, "Unchanged paragraphs shown around each change")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--json", options->json, "The changed fields as JSON diff chunks");
  cmd->callback([&global, &exit_code, options] {
    exit_code = run_guarded([&] {
      setup_logging(global);
      return run_diff(global, *options);
    });
  });
}

}  // namespace khobao::app
