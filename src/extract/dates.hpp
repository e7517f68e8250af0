// Dates as Vietnamese news pages print them, to ISO 8601 with an offset.
// A time without a zone is Vietnam's (+07:00).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace khobao::extract {

constexpr int kVietnamOffsetMinutes = 7 * 60;

struct ParsedDate {
  std::string iso;        // "2018-11-26T17:30:00+07:00"; date only: "2018-11-26T00:00:00+07:00"
  bool has_time = false;  // whether the text gave a time of day
};

// Parses a whole date string: ISO 8601 / RFC 3339 ("2025-08-30T01:07:33+0700",
// "...Z", "2026-03-07 08:07"), RFC 822 ("Mon, 26 Nov 2018 17:30:00 +0700"),
// and the Vietnamese forms "Thứ Hai, 26/11/2018 - 17:30", "07/03/2026 08:01
// GMT+7", "Thứ bảy, 7/3/2026, 00:05 (GMT+7)", "26/11/2018 17:30",
// "26-11-2018", "17:30 26/11/2018", and English month names ("March 7, 2026",
// "7 March 2026"). Day-first is assumed for d/m/y. Returns nullopt when the
// text is not a date or names an impossible one (31/02, 25:00).
std::optional<ParsedDate> parse_date(std::string_view text,
                                     int default_offset_minutes = kVietnamOffsetMinutes);

// Finds the first date inside running text ("Cập nhật: 07/03/2026 08:01
// GMT+7 | 120 lượt xem") and parses it as parse_date does.
std::optional<ParsedDate> find_date(std::string_view text,
                                    int default_offset_minutes = kVietnamOffsetMinutes);

}  // namespace khobao::extract
