// Dates as news pages print them -> ISO 8601 with an explicit offset.
//
// Hand-written scanners instead of std::regex: this runs on every page, and
// find_date runs over running text, so it has to stay linear and must never
// throw or read past the end whatever the input. Each scanner takes the text
// and a position and either returns what it read plus where it stopped, or
// nothing (the caller's position is untouched, so alternatives are cheap).
#include "extract/dates.hpp"

#include "core/unicode.hpp"

#include <utf8proc.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace khobao::extract {
namespace {

using std::size_t;
using std::string_view;

template <class T>
struct Scanned {
  T value;
  size_t end;  // byte position just past what was read
};

struct Number {
  int value = 0;   // only meaningful when digits <= 9
  int digits = 0;  // length of the whole digit run
};

struct CalendarDate {
  int year = 0, month = 0, day = 0;
};

struct TimeOfDay {
  int hour = 0, minute = 0, second = 0;
};

struct DateTime {
  CalendarDate date;
  std::optional<TimeOfDay> time;
  std::optional<int> offset_minutes;
};

// ---- characters -----------------------------------------------------------

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }



bool is_letter(std::int32_t cp) {
  if (cp < 0) return false;
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
      return true;
    default:
      return false;
  }
}

bool letter_at(string_view s, size_t i) { return i < s.size() && is_letter(text::code_point_at(s, i).value); }

// Pages pad dates with nbsp, thin spaces and zero-width characters as often
// as with plain spaces.
size_t space_length_at(string_view s, size_t i) {
  if (i >= s.size()) return 0;
  char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (static_cast<unsigned char>(c) < 0x80) return 0;
  text::CodePoint cp = text::code_point_at(s, i);
  if (cp.value == 0xA0 || (cp.value >= 0x2000 && cp.value <= 0x200B) || cp.value == 0x202F ||
      cp.value == 0x205F || cp.value == 0x3000 || cp.value == 0xFEFF)
    return cp.length;
  return 0;
}

size_t skip_spaces(string_view s, size_t i) {
  while (size_t n = space_length_at(s, i)) i += n;
  return i;
}

// Matches a lower-case keyword case-insensitively (per code point, so "THỨ"
// matches "thứ"); a space in the keyword matches any run of spaces. A keyword
// ending in a letter must end at a word boundary ("mar" is not "marketing").
std::optional<size_t> match_keyword(string_view s, size_t i, string_view keyword) {
  size_t k = 0;
  while (k < keyword.size()) {
    if (keyword[k] == ' ') {
      size_t after = skip_spaces(s, i);
      if (after == i) return std::nullopt;
      i = after;
      ++k;
      continue;
    }
    if (i >= s.size()) return std::nullopt;
    text::CodePoint want = text::code_point_at(keyword, k);
    text::CodePoint got = text::code_point_at(s, i);
    if (got.value < 0 || utf8proc_tolower(got.value) != want.value) return std::nullopt;
    k += want.length;
    i += got.length;
  }
  if (is_letter(text::code_point_at(keyword, keyword.size() - 1).value) && letter_at(s, i)) return std::nullopt;
  return i;
}

std::optional<size_t> match_any_keyword(string_view s, size_t i,
                                        std::initializer_list<string_view> keywords) {
  for (string_view k : keywords)
    if (auto end = match_keyword(s, i, k)) return end;
  return std::nullopt;
}

std::optional<Scanned<Number>> scan_number(string_view s, size_t i) {
  Number n;
  size_t j = i;
  while (j < s.size() && is_digit(s[j])) {
    if (n.digits < 9) n.value = n.value * 10 + (s[j] - '0');
    ++n.digits;
    ++j;
  }
  if (n.digits == 0) return std::nullopt;
  return Scanned<Number>{n, j};
}

// A number of an exact width range, e.g. a day (1-2 digits) or a year (4).
std::optional<Scanned<int>> scan_digits(string_view s, size_t i, int min_digits, int max_digits) {
  auto n = scan_number(s, i);
  if (!n || n->value.digits < min_digits || n->value.digits > max_digits) return std::nullopt;
  return Scanned<int>{n->value.value, n->end};
}

// ---- calendar ---------------------------------------------------------------

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : kDays[static_cast<size_t>(m - 1)];
}

// Four-digit years only: two-digit years do not occur on these sites, and
// accepting them would turn "1.2.3" in running text into a date.
bool is_valid_date(const CalendarDate& d) {
  return d.year >= 1000 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month);
}

std::optional<Scanned<CalendarDate>> valid_or_nothing(CalendarDate d, size_t end) {
  if (!is_valid_date(d)) return std::nullopt;
  return Scanned<CalendarDate>{d, end};
}

// ---- date forms -----------------------------------------------------------

// 26/11/2018, 26-11-2018, 26.11.2018 (day first, as Vietnam writes them) and
// 2018-11-26 (year first). Both separators must be the same character.
std::optional<Scanned<CalendarDate>> scan_numeric_date(string_view s, size_t i) {
  auto a = scan_number(s, i);
  if (!a || a->end >= s.size()) return std::nullopt;
  char sep = s[a->end];
  if (sep != '/' && sep != '-' && sep != '.') return std::nullopt;
  auto b = scan_number(s, a->end + 1);
  if (!b || b->end >= s.size() || s[b->end] != sep) return std::nullopt;
  auto c = scan_number(s, b->end + 1);
  if (!c) return std::nullopt;
  int da = a->value.digits, db = b->value.digits, dc = c->value.digits;
  if (da == 4 && db <= 2 && dc <= 2)
    return valid_or_nothing({a->value.value, b->value.value, c->value.value}, c->end);
  if (da <= 2 && db <= 2 && dc == 4)
    return valid_or_nothing({c->value.value, b->value.value, a->value.value}, c->end);
  return std::nullopt;
}

std::optional<Scanned<int>> scan_month_name(string_view s, size_t i) {
  static constexpr std::array<string_view, 12> kFull = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (i >= s.size() || !is_ascii_alpha(s[i])) return std::nullopt;
  for (size_t m = 0; m < kFull.size(); ++m) {
    auto end = match_keyword(s, i, kFull[m]);
    if (!end) end = match_keyword(s, i, kFull[m].substr(0, 3));
    if (!end && m == 8) end = match_keyword(s, i, "sept");
    if (end) {
      if (*end < s.size() && s[*end] == '.') ++*end;  // "Mar. 7"
      return Scanned<int>{static_cast<int>(m) + 1, *end};
    }
  }
  return std::nullopt;
}

size_t skip_ordinal_suffix(string_view s, size_t i) {
  if (auto end = match_any_keyword(s, i, {"st", "nd", "rd", "th"})) return *end;
  return i;
}

size_t skip_comma_and_spaces(string_view s, size_t i) {
  i = skip_spaces(s, i);
  if (i < s.size() && s[i] == ',') i = skip_spaces(s, i + 1);
  return i;
}

// "March 7, 2026", "Mar. 7 2026", "March 7th, 2026"
std::optional<Scanned<CalendarDate>> scan_month_first_date(string_view s, size_t i) {
  auto month = scan_month_name(s, i);
  if (!month) return std::nullopt;
  auto day = scan_digits(s, skip_spaces(s, month->end), 1, 2);
  if (!day) return std::nullopt;
  auto year = scan_digits(s, skip_comma_and_spaces(s, skip_ordinal_suffix(s, day->end)), 4, 4);
  if (!year) return std::nullopt;
  return valid_or_nothing({year->value, month->value, day->value}, year->end);
}

// "7 March 2026", "26 Nov 2018" (RFC 822), "7th March, 2026".
std::optional<Scanned<CalendarDate>> scan_day_first_date(string_view s, size_t i) {
  auto day = scan_digits(s, i, 1, 2);
  if (!day) return std::nullopt;
  size_t j = skip_ordinal_suffix(s, day->end);
  size_t after_spaces = skip_spaces(s, j);
  if (after_spaces == j) return std::nullopt;
  auto month = scan_month_name(s, after_spaces);
  if (!month) return std::nullopt;
  auto year = scan_digits(s, skip_comma_and_spaces(s, month->end), 4, 4);
  if (!year) return std::nullopt;
  return valid_or_nothing({year->value, month->value, day->value}, year->end);
}

// "7 tháng 3 năm 2026", "7 tháng 3, 2026" ("ngày" before it is handled by scan_date).
std::optional<Scanned<CalendarDate>> scan_vietnamese_words_date(string_view s, size_t i) {
  auto day = scan_digits(s, i, 1, 2);
  if (!day) return std::nullopt;
  auto after_thang = match_keyword(s, skip_spaces(s, day->end), "tháng");
  if (!after_thang) return std::nullopt;
  auto month = scan_digits(s, skip_spaces(s, *after_thang), 1, 2);
  if (!month) return std::nullopt;
  size_t j = skip_spaces(s, month->end);
  if (auto after_nam = match_keyword(s, j, "năm")) j = *after_nam;
  else if (j < s.size() && (s[j] == ',' || s[j] == '/')) ++j;
  auto year = scan_digits(s, skip_spaces(s, j), 4, 4);
  if (!year) return std::nullopt;
  return valid_or_nothing({year->value, month->value, day->value}, year->end);
}

std::optional<Scanned<CalendarDate>> scan_date(string_view s, size_t i) {
  if (auto after_ngay = match_keyword(s, i, "ngày")) i = skip_spaces(s, *after_ngay);
  if (auto d = scan_numeric_date(s, i)) return d;
  if (auto d = scan_vietnamese_words_date(s, i)) return d;
  if (auto d = scan_day_first_date(s, i)) return d;
  return scan_month_first_date(s, i);
}

// ---- time -------------------------------------------------------------------

// Applies "AM"/"PM" after a time; a 12-hour clock only goes up to 12.
std::optional<Scanned<TimeOfDay>> apply_meridiem(string_view s, Scanned<TimeOfDay> t) {
  size_t j = skip_spaces(s, t.end);
  bool pm = false;
  std::optional<size_t> end = match_any_keyword(s, j, {"a.m.", "am"});
  if (!end) {
    end = match_any_keyword(s, j, {"p.m.", "pm"});
    pm = end.has_value();
  }
  if (!end) return t;
  if (t.value.hour > 12) return std::nullopt;
  if (t.value.hour == 12) t.value.hour = 0;
  if (pm) t.value.hour += 12;
  t.end = *end;
  return t;
}

// "17:30", "17:30:05", "17:30:05.123", "8:01 AM", and the Vietnamese "17h30",
// "17h", "17g30" (g for giờ).
std::optional<Scanned<TimeOfDay>> scan_time(string_view s, size_t i) {
  auto hour = scan_digits(s, i, 1, 2);
  if (!hour || hour->end >= s.size()) return std::nullopt;
  TimeOfDay t{hour->value, 0, 0};
  size_t j = hour->end;
  char mark = s[j];
  if (mark == ':') {
    auto minute = scan_digits(s, j + 1, 2, 2);
    if (!minute) return std::nullopt;
    t.minute = minute->value;
    j = minute->end;
    if (j < s.size() && s[j] == ':') {
      auto second = scan_digits(s, j + 1, 2, 2);
      if (!second) return std::nullopt;
      t.second = second->value;
      j = second->end;
      if (j + 1 < s.size() && s[j] == '.' && is_digit(s[j + 1])) j = scan_number(s, j + 1)->end;
    }
  } else if (mark == 'h' || mark == 'H' || mark == 'g' || mark == 'G') {
    ++j;
    if (auto minute = scan_digits(s, j, 1, 2)) {
      t.minute = minute->value;
      j = minute->end;
    } else if (mark == 'g' || mark == 'G') {
      return std::nullopt;  // "5g" alone is too likely to be something else
    }
    if (letter_at(s, j)) return std::nullopt;  // "17hours", "5GB"
  } else {
    return std::nullopt;
  }
  auto with_meridiem = apply_meridiem(s, {t, j});
  if (!with_meridiem) return std::nullopt;
  const TimeOfDay& v = with_meridiem->value;
  if (v.hour > 23 || v.minute > 59 || v.second > 59) return std::nullopt;
  return with_meridiem;
}

// ---- zones ------------------------------------------------------------------

// "+07:00", "+0700", "+07", "+7", "-05:00". Refuses what is really the next
// part of a date ("-07/03").
std::optional<Scanned<int>> scan_signed_offset(string_view s, size_t i) {
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return std::nullopt;
  int sign = s[i] == '-' ? -1 : 1;
  auto digits = scan_number(s, i + 1);
  if (!digits) return std::nullopt;
  int hours = 0, minutes = 0;
  size_t end = digits->end;
  if (digits->value.digits == 4) {
    hours = digits->value.value / 100;
    minutes = digits->value.value % 100;
  } else if (digits->value.digits <= 2) {
    hours = digits->value.value;
    if (end < s.size() && s[end] == ':') {
      auto mm = scan_digits(s, end + 1, 2, 2);
      if (!mm) return std::nullopt;
      minutes = mm->value;
      end = mm->end;
    }
  } else {
    return std::nullopt;
  }
  if (hours > 14 || minutes > 59) return std::nullopt;
  if (end < s.size() && (s[end] == '/' || s[end] == '.' || s[end] == '-' || is_ascii_alpha(s[end])))
    return std::nullopt;
  return Scanned<int>{sign * (hours * 60 + minutes), end};
}

// "GMT", "UTC", "GMT+7", "UTC+07:00".
std::optional<Scanned<int>> scan_gmt_zone(string_view s, size_t i) {
  auto end = match_any_keyword(s, i, {"gmt", "utc", "ut"});
  if (!end) return std::nullopt;
  if (auto offset = scan_signed_offset(s, skip_spaces(s, *end))) return offset;
  return Scanned<int>{0, *end};
}

// Named zones are matched in capitals only: in running text "est" or "cet"
// in lower case is more likely a word than a zone.
std::optional<Scanned<int>> scan_named_zone(string_view s, size_t i, int default_offset) {
  struct NamedZone {
    string_view name;
    int offset_minutes;
  };
  static constexpr std::array<NamedZone, 16> kZones = {{
      {"EST", -300}, {"EDT", -240}, {"CST", -360}, {"CDT", -300}, {"MST", -420}, {"MDT", -360},
      {"PST", -480}, {"PDT", -420}, {"BST", 60},   {"CEST", 120}, {"CET", 60},   {"EEST", 180},
      {"EET", 120},  {"ICT", 420},  {"JST", 540},  {"KST", 540},
  }};
  size_t j = i;
  while (j < s.size() && is_ascii_upper(s[j])) ++j;
  if (j == i || letter_at(s, j)) return std::nullopt;
  string_view word = s.substr(i, j - i);
  for (const NamedZone& z : kZones)
    if (word == z.name) return Scanned<int>{z.offset_minutes, j};
  // Abbreviations we do not know ("AEST", "WET"): the time is still right,
  // only the offset is a guess.
  if (word.size() >= 2 && word.size() <= 5 && word.back() == 'T') return Scanned<int>{default_offset, j};
  return std::nullopt;
}

// A zone after a time: bare offsets and names are fine there. After a bare
// date only "(GMT+7)"-like forms count, so "26/11/2018 +3 điểm" stays a date.
std::optional<Scanned<int>> scan_zone(string_view s, size_t i, bool after_time, int default_offset) {
  size_t j = skip_spaces(s, i);
  bool in_parens = j < s.size() && s[j] == '(';
  if (in_parens) j = skip_spaces(s, j + 1);
  std::optional<Scanned<int>> zone = scan_gmt_zone(s, j);
  if (!zone && (after_time || in_parens)) {
    if (j < s.size() && s[j] == 'Z' && !letter_at(s, j + 1)) zone = Scanned<int>{0, j + 1};
    else if (auto offset = scan_signed_offset(s, j)) zone = offset;
    else zone = scan_named_zone(s, j, default_offset);
  }
  if (!zone) return std::nullopt;
  if (in_parens) {
    size_t close = skip_spaces(s, zone->end);
    if (close >= s.size() || s[close] != ')') return std::nullopt;
    zone->end = close + 1;
  }
  return zone;
}

// ---- putting the parts together -------------------------------------------------

// Between a date and its time: " - ", ", ", " | ", "lúc", "at" in any mix.
// Bounded so a run of dashes in running text costs nothing.
size_t skip_date_time_separators(string_view s, size_t i) {
  for (int steps = 0; steps < 8; ++steps) {
    size_t j = skip_spaces(s, i);
    if (j < s.size() && (s[j] == ',' || s[j] == '-' || s[j] == '|' || s[j] == '@' || s[j] == ';')) {
      i = j + 1;
    } else if (auto end = match_any_keyword(s, j, {"\xE2\x80\x93", "\xE2\x80\x94", "lúc", "vào", "at"})) {
      i = *end;
    } else {
      return j;
    }
  }
  return i;
}

std::optional<Scanned<DateTime>> scan_date_then_time(string_view s, size_t i, int default_offset) {
  auto date = scan_date(s, i);
  if (!date) return std::nullopt;
  DateTime dt{date->value, std::nullopt, std::nullopt};
  size_t end = date->end;
  size_t j = end;
  if (j + 1 < s.size() && (s[j] == 'T' || s[j] == 't') && is_digit(s[j + 1])) ++j;  // ISO 8601
  else j = skip_date_time_separators(s, j);
  if (auto time = scan_time(s, j)) {
    dt.time = time->value;
    end = time->end;
  }
  if (auto zone = scan_zone(s, end, dt.time.has_value(), default_offset)) {
    dt.offset_minutes = zone->value;
    end = zone->end;
  }
  return Scanned<DateTime>{dt, end};
}

// "17:30 26/11/2018", "08:01 GMT+7, 07/03/2026", "17h30 ngày 26/11/2018".
std::optional<Scanned<DateTime>> scan_time_then_date(string_view s, size_t i, int default_offset) {
  auto time = scan_time(s, i);
  if (!time) return std::nullopt;
  DateTime dt{{}, time->value, std::nullopt};
  size_t end = time->end;
  if (auto zone = scan_zone(s, end, true, default_offset)) {
    dt.offset_minutes = zone->value;
    end = zone->end;
  }
  auto date = scan_date(s, skip_date_time_separators(s, end));
  if (!date) return std::nullopt;
  dt.date = date->value;
  end = date->end;
  if (!dt.offset_minutes) {
    if (auto zone = scan_zone(s, end, true, default_offset)) {
      dt.offset_minutes = zone->value;
      end = zone->end;
    }
  }
  return Scanned<DateTime>{dt, end};
}

std::optional<Scanned<DateTime>> scan_date_time(string_view s, size_t i, int default_offset) {
  if (auto dt = scan_date_then_time(s, i, default_offset)) return dt;
  return scan_time_then_date(s, i, default_offset);
}

// "Thứ Hai", "Thứ 2", "T2", "Chủ nhật", "CN", "Monday", "Mon." and the
// separator after them: the weekday adds nothing the date does not say.
size_t skip_weekday(string_view s, size_t i) {
  std::optional<size_t> end;
  if (auto after_thu = match_keyword(s, i, "thứ")) {
    size_t j = skip_spaces(s, *after_thu);
    end = match_any_keyword(s, j, {"hai", "ba", "tư", "tu", "năm", "sáu", "bảy", "bẩy"});
    if (!end && j < s.size() && s[j] >= '2' && s[j] <= '7' && !(j + 1 < s.size() && is_digit(s[j + 1])))
      end = j + 1;
  } else if (i + 1 < s.size() && (s[i] == 'T' || s[i] == 't') && s[i + 1] >= '2' && s[i + 1] <= '7' &&
             !(i + 2 < s.size() && (is_digit(s[i + 2]) || s[i + 2] == ':' || s[i + 2] == '-'))) {
    end = i + 2;
  } else {
    end = match_any_keyword(s, i, {"chủ nhật", "cn", "monday", "tuesday", "wednesday", "thursday",
                                   "friday", "saturday", "sunday", "mon", "tue", "tues", "wed",
                                   "thu", "thur", "thurs", "fri", "sat", "sun"});
  }
  if (!end) return i;
  size_t j = *end;
  if (j < s.size() && s[j] == '.') ++j;
  for (;;) {
    size_t k = skip_spaces(s, j);
    if (k < s.size() && (s[k] == ',' || s[k] == '-' || s[k] == '|')) {
      j = k + 1;
    } else if (auto dash = match_any_keyword(s, k, {"\xE2\x80\x93", "\xE2\x80\x94"})) {
      j = *dash;
    } else {
      return k;
    }
  }
}

// "Cập nhật:", "Ngày đăng:", "Updated:" before a date: a few words of letters
// and a colon. Digits end the search, so "17:30" is never taken for a label.
size_t skip_label(string_view s, size_t i) {
  size_t j = i;
  int words = 0;
  bool in_word = false;
  while (j < s.size()) {
    if (size_t n = space_length_at(s, j)) {
      in_word = false;
      j += n;
      continue;
    }
    if (s[j] == ':') return words > 0 ? skip_spaces(s, j + 1) : i;
    text::CodePoint cp = text::code_point_at(s, j);
    if (!is_letter(cp.value)) return i;
    if (!in_word && ++words > 4) return i;
    in_word = true;
    j += cp.length;
  }
  return i;
}

int clamp_offset(int minutes) {
  constexpr int kLimit = 14 * 60;
  return minutes < -kLimit ? -kLimit : minutes > kLimit ? kLimit : minutes;
}

ParsedDate to_parsed_date(const DateTime& dt, int default_offset) {
  int offset = clamp_offset(dt.offset_minutes.value_or(default_offset));
  char sign = offset < 0 ? '-' : '+';
  int magnitude = offset < 0 ? -offset : offset;
  TimeOfDay t = dt.time.value_or(TimeOfDay{});
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", dt.date.year,
                dt.date.month, dt.date.day, t.hour, t.minute, t.second, sign, magnitude / 60,
                magnitude % 60);
  return ParsedDate{buf, dt.time.has_value()};
}

// Where find_date may start: the first digit of a number, or the first letter
// of a word (a month name).
bool is_candidate_start(string_view s, size_t i) {
  char c = s[i];
  if (is_digit(c)) return i == 0 || !is_digit(s[i - 1]);
  if (is_ascii_alpha(c)) return i == 0 || !is_ascii_alpha(s[i - 1]);
  return false;
}

}  // namespace

std::optional<ParsedDate> parse_date(std::string_view text, int default_offset_minutes) {
  std::string normalized = text::to_nfc(text);
  string_view s = normalized;
  size_t i = skip_weekday(s, skip_label(s, skip_spaces(s, 0)));
  auto dt = scan_date_time(s, i, default_offset_minutes);
  if (!dt || skip_spaces(s, dt->end) != s.size()) return std::nullopt;
  return to_parsed_date(dt->value, default_offset_minutes);
}

std::optional<ParsedDate> find_date(std::string_view text, int default_offset_minutes) {
  std::string normalized = text::to_nfc(text);
  string_view s = normalized;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!is_candidate_start(s, i)) continue;
    if (is_ascii_alpha(s[i]) && !scan_month_name(s, i)) continue;
    if (auto dt = scan_date_time(s, i, default_offset_minutes))
      return to_parsed_date(dt->value, default_offset_minutes);
  }
  return std::nullopt;
}

}  // namespace khobao::extract
