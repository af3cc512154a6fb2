// Civil-calendar arithmetic for week groups (H. Hinnant's days-from-civil algorithm), and
// babel's week numbering for en_US.
#include "models/calendar_weeks.h"

#include <cstdint>
#include <cstdio>

namespace keygate::models {
namespace {

struct Day {
  int year = 1970;
  int month = 1;
  int day = 1;
};

Day Parse(const std::string& text) {
  Day d;
  if (std::sscanf(text.c_str(), "%d-%d-%d", &d.year, &d.month, &d.day) != 3) return Day{};
  return d;
}

// Days since 1970-01-01.
int64_t DaysFromCivil(Day d) {
  const int64_t y = d.month <= 2 ? d.year - 1 : d.year;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Day CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  Day d;
  d.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  d.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  d.year = static_cast<int>(yoe + era * 400 + (d.month <= 2 ? 1 : 0));
  return d;
}

int FloorMod(int64_t a, int b) { return static_cast<int>(((a % b) + b) % b); }

}  // namespace

std::string AddDays(const std::string& day, int days) {
  const Day d = CivilFromDays(DaysFromCivil(Parse(day)) + days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year % 10000, d.month, d.day);
  return buf;
}

std::string EnUsWeekLabel(const std::string& sunday) {
  // babel.dates.DateTimeFormat.get_week_number with en_US's first_week_day 6 (Sunday) and
  // min_week_days 1, on the day of the year; with min_week_days 1 the week is never 0, so the
  // year ("YYYY") is the day's own.
  constexpr int kFirstWeekDay = 6;
  const Day d = Parse(sunday);
  const int64_t days = DaysFromCivil(d);
  const int64_t day_of_year = days - DaysFromCivil(Day{d.year, 1, 1}) + 1;
  const int weekday = FloorMod(days + 3, 7);  // Python's weekday(): Monday 0; 1970-01-01 was 3
  const int first_day = FloorMod(weekday - kFirstWeekDay - day_of_year + 1, 7);
  const int64_t week = (day_of_year + first_day - 1) / 7 + 1;
  return "W" + std::to_string(week) + " " + std::to_string(d.year);
}

}  // namespace keygate::models
