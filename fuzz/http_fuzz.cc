// Fuzz target for whole HTTP requests through the router (web/router.h) into a real server
// context: the SQLite backend on a temporary data directory holding the database "fuzz"
// (fuzz_db.h), the authenticator with its credential cache, the defences, the model registry
// and a fixed clock. Every endpoint is reachable: XML-RPC, JSON-RPC, web sessions, JSON-2.
//
// Input: a request as on the wire, without framing: "METHOD TARGET" on the first line, then
// "name: value" header lines, an empty line and the body (lines may end in "\r\n" or "\n").
// Bytes Beast's parser refuses (control characters in the target or a header) skip the input.
// State persists between inputs (records created, sessions opened), as in a running server, for
// kFreshServerEvery inputs; then the target starts over on a fresh database, so that the state,
// and with it what an input costs (answers listing every record made so far), stays bounded.
// Invariants: no request makes the server answer 500 / kInternal (a bug or a storage error
// caused by client bytes); an XML-RPC answer is a methodResponse that parses, a JSON answer is
// JSON that parses.
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "auth/authenticator.h"
#include "auth/credential_cache.h"
#include "common/clock.h"
#include "common/log.h"
#include "fuzz_check.h"
#include "fuzz_db.h"
#include "http/http_types.h"
#include "models/registry.h"
#include "rpc/json_codec.h"
#include "rpc/xmlrpc_codec.h"
#include "services/auth_defences.h"
#include "services/server_context.h"
#include "store/sqlite/sqlite_backend.h"
#include "web/admin_endpoints.h"
#include "web/router.h"

namespace keygate::fuzz {
namespace {

constexpr int64_t kNow = 1765000000;  // 2025-12-06, fixed so that nothing expires mid-run

struct Server {
  std::filesystem::path data_dir;
  std::unique_ptr<store::SqliteBackend> backend;
  std::unique_ptr<models::Registry> registry;
  FakeClock clock{kNow};
  auth::CredentialCache cache{1024, 60};
  std::unique_ptr<auth::Authenticator> authenticator;
  services::Defences defences;
  services::ServerContext ctx;
  http::Handler router;
};

constexpr uint64_t kFreshServerEvery = 50000;

std::unique_ptr<Server> MakeServer() {
  static uint64_t made = 0;
  auto s = std::make_unique<Server>();
  s->data_dir = std::filesystem::temp_directory_path() /
                ("keygate_http_fuzz_" + std::to_string(::getpid()) + "_" + std::to_string(made++));
  std::filesystem::remove_all(s->data_dir);
  s->backend = std::make_unique<store::SqliteBackend>(s->data_dir.string());
  StatusOr<models::Registry> registry = models::Registry::LoadEmbedded();
  if (!registry.ok()) InvariantBroken("cannot load the registry");
  s->registry = std::make_unique<models::Registry>(std::move(registry).value());
  if (!s->backend->Create("fuzz").ok()) InvariantBroken("cannot create the fuzz database");
  {
    StatusOr<std::shared_ptr<store::Database>> db = s->backend->Open("fuzz");
    if (!db.ok()) InvariantBroken("cannot open the fuzz database");
    StatusOr<store::ConnectionLease> conn = (*db)->Acquire();
    if (!conn.ok()) InvariantBroken("cannot connect to the fuzz database");
    const Status seeded = SeedFuzzDatabase(**conn, *s->registry);
    if (!seeded.ok()) InvariantBroken("cannot seed the fuzz database: " + seeded.message());
  }
  s->authenticator = std::make_unique<auth::Authenticator>(s->cache, s->clock);
  s->ctx.options.data_dir = s->data_dir.string();
  s->ctx.backend = s->backend.get();
  s->ctx.authenticator = s->authenticator.get();
  s->ctx.registry = s->registry.get();
  s->ctx.clock = &s->clock;
  s->ctx.defences = &s->defences;
  // As on the public port of `keygate serve` without an admin listener: /healthz, then the
  // router.
  s->router = web::MakeAdminHandler(s->ctx, nullptr, web::MakeRouter(s->ctx));
  return s;
}

std::unique_ptr<Server>& CurrentServer() {
  static std::unique_ptr<Server> current;
  return current;
}

// The server of this input: the same for kFreshServerEvery inputs, then a fresh one (the old one
// and its data directory go).
Server& TheServer() {
  static uint64_t inputs = 0;
  std::unique_ptr<Server>& current = CurrentServer();
  if (current == nullptr || ++inputs % kFreshServerEvery == 0) {
    if (current != nullptr) {
      const std::filesystem::path old_dir = current->data_dir;
      current.reset();
      std::filesystem::remove_all(old_dir);
    } else {
      SetMinLogLevel(LogLevel::kError);
      // The data directory goes when the fuzzer exits normally (a crash leaves it for a look).
      std::atexit([] {
        if (CurrentServer() != nullptr) std::filesystem::remove_all(CurrentServer()->data_dir);
      });
    }
    current = MakeServer();
  }
  return *current;
}

// The next line of `rest`, without its "\r\n" or "\n".
std::string_view NextLine(std::string_view& rest) {
  const size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// What Beast's parser (http/server.cc) lets through, so that the target sees only requests the
// real server can receive: tokens for the method and header names, no control character (nor
// space) in the target, none but HTAB in header values.
bool IsTokenChar(unsigned char c) {
  return std::isalnum(c) != 0 ||
         std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}
bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}
bool IsTarget(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7F) return false;
  }
  return true;
}
bool IsFieldValue(std::string_view s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\t') || c == 0x7F) return false;
  }
  return true;
}

// False when the input is not a request the server could receive.
bool ParseRequest(std::string_view text, http::HttpRequest& req) {
  const std::string_view request_line = NextLine(text);
  const size_t space = request_line.find(' ');
  if (space == std::string_view::npos) return false;
  req.method = std::string(request_line.substr(0, space));
  std::string_view target = request_line.substr(space + 1);
  target = target.substr(0, target.find(' '));  // drop " HTTP/1.1"
  if (!IsToken(req.method) || !IsTarget(target)) return false;
  const size_t question = target.find('?');
  req.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) req.query = std::string(target.substr(question + 1));
  while (!text.empty()) {
    const std::string_view line = NextLine(text);
    if (line.empty()) break;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return false;
    std::string name(line.substr(0, colon));
    const std::string_view value = Trim(line.substr(colon + 1));
    if (!IsToken(name) || !IsFieldValue(value)) return false;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    req.headers.emplace_back(std::move(name), std::string(value));
  }
  req.body = std::string(text);
  req.peer_address = "127.0.0.1";
  return true;
}

void CheckResponse(const http::HttpResponse& r) {
  Check(r.status != 500 && r.app_status != StatusCode::kInternal,
        "500 / kInternal for a client's request: " + r.body.substr(0, 300));
  const std::string_view type = r.content_type;
  if (type.substr(0, 8) == "text/xml") {
    bool is_fault = false;
    Check(rpc::ParseXmlRpcResponse(r.body, &is_fault).ok(), "an XML-RPC answer does not parse");
  } else if (type.substr(0, 16) == "application/json" && !r.body.empty()) {
    Check(rpc::ParseJson(r.body).ok(), "a JSON answer does not parse");
  }
}

}  // namespace
}  // namespace keygate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keygate;
  fuzz::Server& server = fuzz::TheServer();
  http::HttpRequest req;
  if (!fuzz::ParseRequest(std::string_view(reinterpret_cast<const char*>(data), size), req)) {
    return 0;
  }
  const http::HttpResponse response = server.router(req);
  // For writing seeds: KEYGATE_FUZZ_PRINT=1 shows what each input got.
  static const bool print = std::getenv("KEYGATE_FUZZ_PRINT") != nullptr;
  if (print) {
    std::fprintf(stderr, "%s %s -> %d %s\n", req.method.c_str(), req.path.c_str(), response.status,
                 response.body.substr(0, 400).c_str());
  }
  fuzz::CheckResponse(response);
  return 0;
}
