// The Doctor page: `keygate doctor`'s checks (doctor/doctor.h, the same function) run from the
// console against this server's own RPC listener, or against a URL the option
// console_doctor_urls lists; never against an address typed into the page, so the page cannot be
// used to reach internal addresses. The form names a target by its place in that list. Against
// this server the run also reads the tables of the administrator's database (doctor/local_data.h),
// as `keygate doctor --data-dir` does, to name the exact cause of a refusal. The
// secret is typed into a password field, used for the run and forgotten: never logged, never put
// back in the page (the report's secret-format step shows only its length) or in the event that
// records the run.
// Thread-safety: thread-safe; a run blocks its worker thread for at most a few requests' timeouts.
#pragma once

#include <string>
#include <vector>

#include "console/console_env.h"
#include "http/http_types.h"
#include "services/server_context.h"

namespace keygate::console {

// The URLs the page may check: `self_url` first, then those of `configured` (console_doctor_urls:
// separated by commas or spaces), each once.
std::vector<std::string> DoctorTargets(const std::string& self_url, const std::string& configured);

// This server's RPC listener as a URL the server itself can reach: http_interface (a wildcard
// address becomes the loopback one) and the bound RPC port; https when it serves TLS (the
// doctor then verifies its certificate like any client: it must name that address).
std::string SelfRpcUrl(const std::string& http_interface, int port, bool tls = false);

http::HttpResponse ShowDoctorForm(const ConsoleEnv& env, const Admin& admin);
http::HttpResponse RunDoctorFromConsole(const ConsoleEnv& env, const Admin& admin,
                                        const http::HttpRequest& request,
                                        const services::CallerInfo& caller);

}  // namespace keygate::console
