// URL resolution for links in pages (see url.hpp).
#include "html/url.hpp"

#include <cctype>
#include <vector>

namespace khobao::html {

namespace {

struct Parts {
  std::string scheme, authority, path, query, fragment;
  bool has_authority = false, has_query = false;
};

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
  std::string out;
  for (size_t i = b; i < e; ++i)
    if (s[i] != '\n' && s[i] != '\r' && s[i] != '\t') out += s[i];  // browsers drop these
  return out;
}

Parts split(std::string_view s) {
  Parts p;
  size_t i = 0;
  size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(s[0]))) {
    bool ok = true;
    for (size_t k = 0; k < colon; ++k) {
      char c = s[k];
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') ok = false;
    }
    if (ok) {
      for (size_t k = 0; k < colon; ++k) p.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(s[k])));
      i = colon + 1;
    }
  }
  size_t hash = s.find('#', i);
  if (hash != std::string_view::npos) {
    p.fragment = s.substr(hash + 1);
    s = s.substr(0, hash);
  }
  size_t q = s.find('?', i);
  if (q != std::string_view::npos) {
    p.has_query = true;
    p.query = s.substr(q + 1);
    s = s.substr(0, q);
  }
  if (s.substr(i, 2) == "//") {
    p.has_authority = true;
    size_t end = s.find('/', i + 2);
    if (end == std::string_view::npos) end = s.size();
    p.authority = s.substr(i + 2, end - i - 2);
    i = end;
  }
  p.path = s.substr(i);
  return p;
}

std::string remove_dot_segments(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  bool absolute = !path.empty() && path[0] == '/';
  std::string last;
  while (i <= path.size()) {
    size_t end = path.find('/', i);
    if (end == std::string::npos) end = path.size();
    std::string seg = path.substr(i, end - i);
    bool is_last = end == path.size();
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
      if (is_last) out.emplace_back();
    } else if (seg == ".") {
      if (is_last) out.emplace_back();
    } else if (!(seg.empty() && i == 0 && absolute)) {
      out.push_back(seg);
    }
    i = end + 1;
  }
  std::string result = absolute ? "/" : "";
  for (size_t k = 0; k < out.size(); ++k) {
    if (k) result += '/';
    result += out[k];
  }
  return result;
}

std::string join(const Parts& p) {
  std::string s = p.scheme + ":";
  if (p.has_authority) s += "//" + p.authority;
  s += p.path;
  if (p.has_query) s += "?" + p.query;
  if (!p.fragment.empty()) s += "#" + p.fragment;
  return s;
}

}  // namespace

std::string resolve_url(std::string_view base_text, std::string_view ref_text) {
  std::string ref_s = trim(ref_text);
  Parts ref = split(ref_s);
  Parts out;
  if (!ref.scheme.empty()) {
    out = ref;
    out.path = remove_dot_segments(out.path);
  } else {
    std::string base_s = trim(base_text);
    Parts base = split(base_s);
    if (base.scheme.empty()) return "";
    out.scheme = base.scheme;
    if (ref.has_authority) {
      out.has_authority = true;
      out.authority = ref.authority;
      out.path = remove_dot_segments(ref.path);
      out.has_query = ref.has_query;
      out.query = ref.query;
    } else {
      out.has_authority = base.has_authority;
      out.authority = base.authority;
      if (ref.path.empty()) {
        out.path = base.path;
        out.has_query = ref.has_query || base.has_query;
        out.query = ref.has_query ? ref.query : base.query;
      } else {
        if (ref.path[0] == '/') {
          out.path = remove_dot_segments(ref.path);
        } else {
          std::string merged;
          if (base.has_authority && base.path.empty()) merged = "/" + ref.path;
          else merged = base.path.substr(0, base.path.rfind('/') + 1) + ref.path;
          out.path = remove_dot_segments(merged);
        }
        out.has_query = ref.has_query;
        out.query = ref.query;
      }
    }
    out.fragment = ref.fragment;
  }
  if (out.scheme != "http" && out.scheme != "https") return "";
  if (!out.has_authority || out.authority.empty()) return "";
  if (out.path.empty()) out.path = "/";
  return join(out);
}

std::string url_host(std::string_view url) {
  Parts p = split(trim(url));
  if ((p.scheme != "http" && p.scheme != "https") || !p.has_authority) return "";
  std::string host = p.authority;
  size_t at = host.rfind('@');
  if (at != std::string::npos) host = host.substr(at + 1);
  if (!host.empty() && host[0] == '[') {
    size_t close = host.find(']');
    host = host.substr(0, close == std::string::npos ? host.size() : close + 1);
  } else {
    size_t colon = host.find(':');
    if (colon != std::string::npos) host = host.substr(0, colon);
  }
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

}  // namespace khobao::html
