// The archive's clock: the time khobao stamps on fetches, runs and schedules.
// It is the system clock, unless `khobao update --now TIME` (or a test, or a
// simulation) moves it: then it reads TIME plus the time elapsed since, so
// that schedules can be exercised without waiting for them.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace khobao::store {

// Seconds since the epoch, as the archive's clock reads them.
std::time_t clock_now();

// From now on the clock reads `at` plus the time elapsed since this call.
// Meant to be called before any thread that reads the clock starts.
void pretend_now(std::time_t at);

// Back to the system clock.
void use_system_clock();

// The clock's time as khobao stores times: "2026-11-26T19:53:52Z".
std::string utc_now();

// `t` as khobao stores times.
std::string utc_time(std::time_t t);

// `seconds` after `utc` (a time as khobao stores it), as khobao stores
// times; a `utc` that does not parse counts from the clock's now.
std::string utc_later(const std::string& utc, std::int64_t seconds);

// The seconds since the epoch of a time as khobao stores it
// ("2026-03-07T08:00:00Z", fractions of a second ignored); nullopt for
// anything else.
std::optional<std::time_t> parse_utc(std::string_view utc);

// An ISO 8601 time ("2026-03-07", "2026-03-07T15:00", "2026-03-07T15:00:00+07:00",
// "2026-03-07T08:00:00.5Z"; no offset means UTC) as khobao stores times:
// "2026-03-07T08:00:00Z". nullopt for anything else.
std::optional<std::string> to_utc_timestamp(std::string_view text);

}  // namespace khobao::store
