// `khobao show`: one article, as archived.
#include "app/cli.hpp"
#include "app/inputs.hpp"
#include "app/output.hpp"
#include "app/page_arg.hpp"

#include "store/store.hpp"

#include <fmt/format.h>

#include <iostream>

namespace khobao::app {
namespace {

struct ShowOptions {
  std::string page;
  std::optional<int> version;
  bool json = false;
};

int run_show(const GlobalOptions& global, const ShowOptions& o) {
  store::Archive archive(global.archive, store::Access::kRead);
  store::ReadSnapshot snapshot(archive);  // one state of the archive throughout
  std::optional<std::int64_t> page_id = find_page_or_explain(archive, o.page);
  if (!page_id) return kBadInput;
  store::PageInfo page = *store::page_info(archive, *page_id);
  std::optional<store::StoredVersion> v = store::load_version(archive, *page_id, o.version);
  if (!v) {
    std::cerr << "khobao: " << terminal_safe(page.url)
              << (o.version ? fmt::format(" has no version {} (it has {})", *o.version, page.versions)
                            : std::string(" has no article version (") + page.state + ", " +
                                  std::to_string(page.fetches) + " fetches)")
              << "\n";
    return kBadInput;
  }
  if (o.json) {
    std::cout << json_line(store::article_json(page, *v)) << "\n";
    return kOk;
  }
  std::cout << fmt::format("[page {}, version {} of {}, first fetched {}]\n", page.id, v->info.number,
                           page.versions, v->info.created_at);
  if (page.state == "gone")
    std::cout << "[gone: the site answered 404/410 from " << page.gone_at.value_or("?") << "]\n";
  std::cout << render_article(v->article);
  return kOk;
}

}  // namespace

void add_show_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<ShowOptions>();
  CLI::App* cmd = app.add_subcommand("show", "Show one archived article");
  cmd->add_option("page", options->page, "The page's URL or id")->required();
  cmd->add_option("--version", options->version, "Version number (default: the latest)")->check(CLI::PositiveNumber);
  cmd->add_flag("--json", options->json, "The article record as JSON");
  cmd->callback([&global, &exit_code, options] {
    exit_code = run_guarded([&] {
      setup_logging(global);
      return run_show(global, *options);
    });
  });
}

}  // namespace khobao::app
