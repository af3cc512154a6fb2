// `keygate doctor`: runs the checklist against any Odoo-compatible server (keygate or a real
// Odoo) through its public API only, and formats the report. The calls are harmless: version,
// db.list, authenticate, a read of the user's own record, check_access_rights; nothing is
// written. The secret is sent to a login endpoint first by XML-RPC authenticate; the other probes
// with the secret (JSON-RPC authenticate, the web session, the object calls) run only once it
// was accepted, so a run counts at most one failed login and the doctor does not itself bring
// on the login cooldown. With the server's tables (`local`) showing the secret refused, it is
// not sent at all: the run counts no failed login.
// Thread-safety: RunDoctor uses the transport given; the formatters are pure functions.
#pragma once

#include <string>
#include <vector>

#include "doctor/checks.h"
#include "doctor/http_client.h"
#include "doctor/local_data.h"

namespace keygate::doctor {

struct DoctorRequest {
  Url url;
  std::string db;
  std::string login;
  std::string secret;
  std::string model;      // optional: --model
  std::string operation;  // read, write, create or unlink (with --model)
};

struct Report {
  std::vector<Step> steps;
  // True when no step failed (warnings and skipped steps do not fail the run).
  bool ok() const;
};

// Runs the remote checks through `transport`, folding in `local` (from --data-dir, or null) to
// name the exact cause of a failed authentication. The secret never appears in the report.
Report RunDoctor(const DoctorRequest& request, HttpTransport& transport,
                 const LocalDiagnosis* local);

// One line per step ("✔"/"✘"/"!"/"-", name, detail), with indented "cause:" and "fix:" lines
// for failures and warnings, then a summary line.
std::string FormatReportText(const Report& report);
// A JSON array of {"name", "status", "detail", "cause", "fix"} objects.
std::string FormatReportJson(const Report& report);

}  // namespace keygate::doctor
