// `khobao diff`: what changed between two versions of an article, field by
// field, word by word.
#include "app/cli.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"
#include "app/page_arg.hpp"

#include "store/store.hpp"

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

int run_diff(const GlobalOptions& global, const DiffOptions& o) {
  store::Archive archive(global.archive, store::Access::kRead);
  store::ReadSnapshot snapshot(archive);  // one state of the archive throughout
  std::optional<std::int64_t> page_id = find_page_or_explain(archive, o.page);
  if (!page_id) return kBadInput;
  std::vector<store::VersionInfo> versions = store::versions_of(archive, *page_id);
  int latest = versions.empty() ? 0 : versions.back().number;
  int to = o.to.value_or(latest);
  int from = o.from.value_or(to - 1);
  if (latest < 2 && !o.from && !o.to) {
    std::cerr << "khobao: the page has " << latest << " version" << (latest == 1 ? "" : "s")
              << ": nothing to compare\n";
    return kBadInput;
  }
  auto before = store::load_version(archive, *page_id, from);
  auto after = store::load_version(archive, *page_id, to);
  if (!before || !after || from < 1 || to < 1) {
    std::cerr << fmt::format("khobao: no version {} (the page has versions 1 to {})\n", !before ? from : to, latest);
    return kBadInput;
  }
  std::vector<store::FieldDiff> changes = store::diff_articles(before->article, after->article);
  if (o.json) {
    std::cout << json_line(store::diff_json(*page_id, from, to, changes)) << "\n";
    return kOk;
  }
  std::string text = terminal_safe(fmt::format("{}\nversion {} ({}) → version {} ({})\n",
                                               after->article.url.value_or(""), from, before->info.created_at, to,
                                               after->info.created_at));
  bool color = stdout_is_terminal();
  for (const auto& change : changes)
    text += "\n" + change.field + ":\n" + render_diff(change.chunks, color, o.context);
  if (changes.empty()) text += "\nno change in the article's content\n";
  std::cout << text;  // the header went through terminal_safe, the chunks through render_diff
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
