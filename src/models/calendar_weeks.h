// The weeks of read_group's ":week" groups, as Odoo 18 labels them: weeks of the en_US locale
// (they start on Sunday; week 1 is the one holding January 1st), labelled by babel's
// format_date(day, "'W'w YYYY", locale="en_US"), e.g. "W50 2026". Babel 2.10 (Debian 12's, the
// reference Odoo's) never moves a late-December week into the next year for this locale, so the
// last Sunday of a year can be in week 53 of it.
// Thread-safety: pure functions.
#pragma once

#include <string>

namespace keygate::models {

// The label of the week that starts on `sunday` ("YYYY-MM-DD", a Sunday).
std::string EnUsWeekLabel(const std::string& sunday);

// The day `days` days after `day` ("YYYY-MM-DD"), in the same format.
std::string AddDays(const std::string& day, int days);

}  // namespace keygate::models
