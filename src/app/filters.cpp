// The filter options that search and export share.
#include "app/filters.hpp"

namespace khobao::app {

void add_filter_options(CLI::App& command, FilterOptions& filter) {
  command.add_option("--site", filter.site, "Only this site (host, e.g. baohatinh.vn)");
  command.add_option("--author", filter.author, "Only articles by this author (exact name)");
  command.add_option("--since", filter.since, "Published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)");
  command.add_option("--until", filter.until, "Published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)");
}

store::Filter to_filter(const FilterOptions& options) {
  auto given = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional<std::string>(s); };
  return {given(options.site), given(options.author), given(options.since), given(options.until)};
}

}  // namespace khobao::app
