// Host folding (see url.hpp): the aliases a site's rules name, and the
// default folding that makes "www.site" and "site" one site.
#include "url/parse.hpp"

namespace khobao::url {

namespace {

// A host as hosts are compared: ASCII lower case, no trailing dot.
std::string tidy(std::string_view host) {
  std::string h = text::ascii_lower(host);
  while (!h.empty() && h.back() == '.') h.pop_back();
  return h;
}

}  // namespace

void HostFolding::add(std::string alias, std::string canonical) {
  canonical_[tidy(alias)] = tidy(canonical);
}

std::string HostFolding::fold(std::string_view host) const {
  std::string key = text::ascii_lower(host);
  auto it = canonical_.find(key);
  return it == canonical_.end() ? std::string(host) : it->second;
}

std::string fold_host(std::string_view host) {
  std::string h = tidy(host);
  if (h.rfind("www.", 0) == 0) h.erase(0, 4);
  return h;
}

}  // namespace khobao::url
