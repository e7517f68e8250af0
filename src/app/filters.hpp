// The filter options that search and export share: --site, --author,
// --since, --until.
#pragma once

#include "store/search.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace khobao::app {

struct FilterOptions {
  std::string site, author, since, until;
};

void add_filter_options(CLI::App& command, FilterOptions& filter);
store::Filter to_filter(const FilterOptions& options);

}  // namespace khobao::app
