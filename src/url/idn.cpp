// IDN hosts to their ASCII form (see url.hpp), through libidn2: IDNA 2008 with
// UTS 46 non-transitional mapping, as browsers resolve "ß" and case today.
#include "url/parse.hpp"

#include <idn2.h>

namespace khobao::url {

namespace {

struct Idn2Free {
  void operator()(char* p) const noexcept { idn2_free(p); }
};
using Idn2String = std::unique_ptr<char, Idn2Free>;

}  // namespace

std::optional<std::string> host_to_ascii(std::string_view host) {
  bool ascii = true;
  for (char c : host) {
    if (c == '\0') return std::nullopt;  // a C string would end there
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
  }
  if (ascii) return text::ascii_lower(host);
  std::string input(host);
  char* raw = nullptr;
  // idn2_to_ascii_8z reads UTF-8 whatever the locale (idn2_to_ascii_lz would not).
  int rc = idn2_to_ascii_8z(input.c_str(), &raw, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
  Idn2String owned(raw);
  if (rc != IDN2_OK || !owned) return std::nullopt;
  return text::ascii_lower(owned.get());
}

}  // namespace khobao::url
