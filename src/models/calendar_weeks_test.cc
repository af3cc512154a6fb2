// Week labels checked against babel 2.10.3's format_date(day, "'W'w YYYY", locale="en_US"), the
// labels the reference Odoo 18 gives (printed by /usr/bin/python3 on Debian 12).
#include "models/calendar_weeks.h"

#include <gtest/gtest.h>

namespace keygate::models {
namespace {

TEST(CalendarWeeksTest, LabelsAreBabelsForEnUs) {
  EXPECT_EQ(EnUsWeekLabel("2026-12-06"), "W50 2026");
  EXPECT_EQ(EnUsWeekLabel("2026-12-27"), "W53 2026");  // holds 2027-01-01, still 2026's
  EXPECT_EQ(EnUsWeekLabel("2025-12-28"), "W53 2025");
  EXPECT_EQ(EnUsWeekLabel("2027-01-03"), "W2 2027");
  EXPECT_EQ(EnUsWeekLabel("2022-01-02"), "W2 2022");
  EXPECT_EQ(EnUsWeekLabel("2021-12-26"), "W53 2021");
  EXPECT_EQ(EnUsWeekLabel("2016-12-25"), "W53 2016");
  EXPECT_EQ(EnUsWeekLabel("2017-01-01"), "W1 2017");
  EXPECT_EQ(EnUsWeekLabel("2024-01-07"), "W2 2024");
}

TEST(CalendarWeeksTest, AddsDaysAcrossMonthsYearsAndLeapDays) {
  EXPECT_EQ(AddDays("2026-12-27", 7), "2027-01-03");
  EXPECT_EQ(AddDays("2024-02-25", 7), "2024-03-03");
  EXPECT_EQ(AddDays("2024-02-28", 1), "2024-02-29");
  EXPECT_EQ(AddDays("2023-02-28", 1), "2023-03-01");
  EXPECT_EQ(AddDays("2000-02-28", 1), "2000-02-29");
  EXPECT_EQ(AddDays("1900-02-28", 1), "1900-03-01");
  EXPECT_EQ(AddDays("2024-03-03", -7), "2024-02-25");
}

}  // namespace
}  // namespace keygate::models
