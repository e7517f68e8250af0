// Fuzz target: dates as pages print them (parse_date on a whole value,
// find_date in running text), with the default offset taken from the input's
// length so that other offsets (negative, not whole hours) are exercised too.
#include "fuzz/fuzz_check.hpp"

#include "extract/dates.hpp"

namespace khobao::fuzz {

namespace {

// "2018-11-26T17:30:00+07:00": what both functions promise, and what must
// read back as itself.
void check_iso(const extract::ParsedDate& d, std::string_view from) {
  const std::string& s = d.iso;
  bool shape = s.size() == 25 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' &&
               (s[19] == '+' || s[19] == '-') && s[22] == ':';
  check(shape, "not ISO 8601 with an offset: '" + s + "' from '" + std::string(from) + "'");
  std::optional<extract::ParsedDate> again = extract::parse_date(s);
  check(again && again->iso == s, "'" + s + "' does not read back as itself");
}

}  // namespace

void fuzz_dates(std::string_view bytes) {
  static constexpr int kOffsets[] = {extract::kVietnamOffsetMinutes, 0, -5 * 60, 5 * 60 + 45, -(9 * 60 + 30)};
  int offset = kOffsets[bytes.size() % std::size(kOffsets)];
  if (auto d = extract::parse_date(bytes, offset)) check_iso(*d, bytes);
  if (auto d = extract::find_date(bytes, offset)) check_iso(*d, bytes);
  if (auto d = extract::find_date(bytes)) check_iso(*d, bytes);
}

}  // namespace khobao::fuzz
