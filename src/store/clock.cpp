// The archive's clock and its time formats; see clock.hpp.
#include "store/clock.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <regex>

namespace khobao::store {
namespace {

// Seconds added to the system clock: 0 unless pretend_now() moved it.
std::atomic<std::int64_t> offset_seconds{0};

std::time_t system_now() { return std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()); }

}  // namespace

std::time_t clock_now() { return system_now() + static_cast<std::time_t>(offset_seconds.load()); }

void pretend_now(std::time_t at) { offset_seconds.store(static_cast<std::int64_t>(at - system_now())); }

void use_system_clock() { offset_seconds.store(0); }

std::string utc_now() { return utc_time(clock_now()); }

std::string utc_time(std::time_t t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::sys_seconds(std::chrono::seconds(t)));
}

std::optional<std::time_t> parse_utc(std::string_view utc) {
  static const std::regex kUtc(R"((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(utc.begin(), utc.end(), m, kUtc)) return std::nullopt;
  auto number = [&](int i) { return std::stoi(m[i].str()); };
  using namespace std::chrono;
  year_month_day date{year{number(1)}, month{static_cast<unsigned>(number(2))}, day{static_cast<unsigned>(number(3))}};
  if (!date.ok() || number(4) > 23 || number(5) > 59 || number(6) > 60) return std::nullopt;
  sys_seconds t = sys_days(date) + hours(number(4)) + minutes(number(5)) + seconds(number(6));
  return static_cast<std::time_t>(t.time_since_epoch().count());
}

std::string utc_later(const std::string& utc, std::int64_t seconds) {
  std::optional<std::time_t> t = parse_utc(utc);
  return utc_time((t ? *t : clock_now()) + static_cast<std::time_t>(seconds));
}

std::optional<std::string> to_utc_timestamp(std::string_view text) {
  static const std::regex kIso(
      R"((\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, kIso)) return std::nullopt;
  auto number = [&](int i) { return m[i].matched ? std::stoi(m[i].str()) : 0; };
  using namespace std::chrono;
  year_month_day date{year{number(1)}, month{static_cast<unsigned>(number(2))}, day{static_cast<unsigned>(number(3))}};
  if (!date.ok() || number(4) > 23 || number(5) > 59 || number(6) > 60) return std::nullopt;
  sys_seconds t = sys_days(date) + hours(number(4)) + minutes(number(5)) + seconds(number(6));
  if (m[7].matched && m[7].str() != "Z") {
    std::string offset = m[7].str();
    int sign = offset[0] == '-' ? -1 : 1;
    std::string digits;
    for (char c : offset) if (c >= '0' && c <= '9') digits += c;
    t -= sign * (hours(std::stoi(digits.substr(0, 2))) + minutes(std::stoi(digits.substr(2, 2))));
  }
  return utc_time(static_cast<std::time_t>(t.time_since_epoch().count()));
}

}  // namespace khobao::store
