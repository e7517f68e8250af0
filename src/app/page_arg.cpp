// The page a command names.
#include "app/page_arg.hpp"

#include "app/output.hpp"

#include <iostream>

namespace khobao::app {

std::optional<std::int64_t> find_page_or_explain(store::Archive& archive, const std::string& url_or_id) {
  std::optional<std::int64_t> id = store::find_page(archive, url_or_id);
  if (!id) std::cerr << "khobao: no page " << terminal_safe(url_or_id) << " in " << archive.path() << "\n";
  return id;
}

}  // namespace khobao::app
