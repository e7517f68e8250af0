// Finding the page a command names (URL or id), with the error users see.
#pragma once

#include "store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace khobao::app {

// The page named by `url_or_id`; prints "no page ..." and returns nullopt if
// the archive has none.
std::optional<std::int64_t> find_page_or_explain(store::Archive& archive, const std::string& url_or_id);

}  // namespace khobao::app
