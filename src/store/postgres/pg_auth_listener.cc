// LISTEN/NOTIFY watchers of the auth generation, one thread and connection per database.
#include "store/postgres/pg_auth_listener.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "common/log.h"
#include "store/postgres/pg_attach.h"
#include "store/repositories.h"

namespace keygate::store {

namespace {

constexpr const char* kChannel = "keygate_auth";

// Applies the notifications libpq has read.
void Drain(PGconn* pg, std::atomic<int64_t>& generation) {
  while (PGnotify* n = PQnotifies(pg)) {
    if (std::strcmp(n->relname, kChannel) == 0 && n->extra != nullptr) {
      char* end = nullptr;
      errno = 0;
      long long value = std::strtoll(n->extra, &end, 10);
      // The payload is the new value; notifications of concurrent transactions may arrive in any
      // order, so only a larger value counts.
      if (errno == 0 && end != n->extra && *end == '\0' && value > generation.load()) {
        generation.store(value, std::memory_order_release);
      }
    }
    PQfreemem(n);
  }
}

}  // namespace

PgAuthListener::PgAuthListener(PgConnectOptions connect, PgAuthListenerOptions options)
    : connect_(std::move(connect)), options_(options) {
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

PgAuthListener::~PgAuthListener() {
  Stop();
  if (wake_fd_ >= 0) close(wake_fd_);
}

void PgAuthListener::SetResyncCallback(ResyncCallback callback) {
  std::lock_guard<std::mutex> lock(mu_);
  callback_ = std::move(callback);
}

PgAuthListener::Watcher* PgAuthListener::Find(const std::string& db) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = watchers_.find(db);
  return it == watchers_.end() ? nullptr : it->second.get();
}

void PgAuthListener::Start(const std::string& db) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_.load() || wake_fd_ < 0 || watchers_.count(db) != 0) return;
  auto w = std::make_unique<Watcher>();
  w->db = db;
  Watcher* raw = w.get();
  watchers_.emplace(db, std::move(w));
  raw->thread = std::thread([this, raw] { Run(*raw); });
}

StatusOr<int64_t> PgAuthListener::Current(SqlConnection& c, const std::string& db) {
  Watcher* w = Find(db);
  if (w == nullptr) {
    Start(db);
  } else if (w->connected.load(std::memory_order_acquire)) {
    // Something already on the watcher's socket but not read yet (a notification, or the answer
    // to its heartbeat), as when the watcher thread has not run since it arrived on a busy
    // machine: wait a little for the watcher to read it rather than answer with a generation it
    // may be about to replace. One poll() call when nothing is pending; a query only when the
    // watcher does not get to it within kPendingWait.
    constexpr auto kPendingWait = std::chrono::milliseconds(5);
    const uint64_t drained = w->drains.load(std::memory_order_acquire);
    const int sock = w->socket.load(std::memory_order_acquire);
    pollfd pending{sock, POLLIN, 0};
    if (sock < 0 || poll(&pending, 1, 0) <= 0 || (pending.revents & POLLIN) == 0) {
      return w->generation.load(std::memory_order_acquire);
    }
    const auto deadline = std::chrono::steady_clock::now() + kPendingWait;
    while (std::chrono::steady_clock::now() < deadline) {
      if (w->drains.load(std::memory_order_acquire) != drained) {
        return w->generation.load(std::memory_order_acquire);
      }
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
  }
  return AuthGeneration(c);
}

void PgAuthListener::Watch(const std::string& db) { Start(db); }

bool PgAuthListener::Connected(const std::string& db) const {
  Watcher* w = Find(db);
  return w != nullptr && w->connected.load();
}

int64_t PgAuthListener::Connections(const std::string& db) const {
  Watcher* w = Find(db);
  return w == nullptr ? 0 : w->connections.load();
}

void PgAuthListener::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_.exchange(true)) return;
  }
  if (wake_fd_ >= 0) {
    uint64_t one = 1;
    (void)!write(wake_fd_, &one, sizeof one);  // stays readable: wakes every poll
  }
  stop_cv_.notify_all();
  // No watcher is added once stopping_ is set, so the map may be walked without the lock (which
  // the watchers' Sleep takes).
  for (auto& [db, w] : watchers_) {
    if (w->thread.joinable()) w->thread.join();
    w->connected.store(false);
  }
}

bool PgAuthListener::Sleep(std::chrono::milliseconds d) {
  std::unique_lock<std::mutex> lock(mu_);
  return !stop_cv_.wait_for(lock, d, [this] { return stopping_.load(); });
}

void PgAuthListener::Run(Watcher& w) {
  std::chrono::milliseconds delay = options_.reconnect_delay;
  while (!stopping_.load()) {
    auto conn = PgConnection::Open(connect_, w.db);
    if (conn.ok()) {
      // An Odoo database keygate is attached to (pg_attach.h): Odoo's own changes notify nobody,
      // so nothing heard here could be trusted; Current() reads its generation on every call.
      if (auto kind = InspectDatabase(**conn); kind.ok() && *kind == DatabaseKind::kAttached) {
        Log(LogLevel::kInfo, "store",
            "database " + w.db +
                " is an attached Odoo database: its auth generation is read on every call");
        return;
      }
      // LISTEN before reading: a change committed after the read is notified, one before it is
      // in the value read.
      Status listening = (*conn)->ExecScript(std::string("LISTEN ") + kChannel);
      StatusOr<int64_t> generation =
          listening.ok() ? AuthGeneration(**conn) : StatusOr<int64_t>(listening);
      if (generation.ok()) {
        w.generation.store(*generation, std::memory_order_release);
        Drain((*conn)->native_handle(), w.generation);
        const int64_t n = ++w.connections;
        if (n > 1) {
          ResyncCallback callback;
          {
            std::lock_guard<std::mutex> lock(mu_);
            callback = callback_;
          }
          if (callback) callback(w.db);
          Log(LogLevel::kInfo, "store",
              "auth notifications for database " + w.db + " are back (generation " +
                  std::to_string(*generation) + "); cached credentials dropped");
        }
        int64_t shown = -1;
        const bool shows = ShowApplied(w, **conn, shown);
        w.socket.store(PQsocket((*conn)->native_handle()), std::memory_order_release);
        w.connected.store(shows, std::memory_order_release);
        delay = options_.reconnect_delay;
        if (shows) Serve(w, **conn, shown);
        w.connected.store(false, std::memory_order_release);
        w.socket.store(-1, std::memory_order_release);
        if (stopping_.load()) break;
        Log(LogLevel::kWarning, "store",
            "lost the auth notification connection to database " + w.db +
                "; reading the auth generation on every call until it is back");
      }
    }
    if (!Sleep(delay)) break;
    delay = std::min(delay * 2, options_.max_reconnect_delay);
  }
  w.connected.store(false);
}

bool PgAuthListener::ShowApplied(Watcher& w, PgConnection& conn, int64_t& shown) {
  // Each report may bring notifications of its own: repeat until what is shown is what is held.
  for (int64_t held = w.generation.load(); held != shown; held = w.generation.load()) {
    auto set = conn.Query("SELECT set_config('application_name', ?, false)",
                          {std::string(kWatcherSessionName) + std::to_string(held)});
    if (!set.ok() || !conn.healthy()) return false;
    shown = held;
    Drain(conn.native_handle(), w.generation);
  }
  return true;
}

void PgAuthListener::Serve(Watcher& w, PgConnection& conn, int64_t& shown) {
  PGconn* pg = conn.native_handle();
  using Clock = std::chrono::steady_clock;
  Clock::time_point next_heartbeat = Clock::now() + options_.heartbeat;
  while (!stopping_.load()) {
    const int sock = PQsocket(pg);
    if (sock < 0) return;
    auto wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(next_heartbeat - Clock::now());
    pollfd fds[2] = {{sock, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    int ready = poll(fds, 2, static_cast<int>(std::max<int64_t>(0, wait.count())));
    if (ready < 0 && errno != EINTR) return;
    if (stopping_.load()) return;
    if (ready > 0 && fds[0].revents != 0) {
      if (PQconsumeInput(pg) == 0) return;  // the server closed the connection
      Drain(pg, w.generation);
      if (PQstatus(pg) != CONNECTION_OK) return;
      // Counted once the session shows what it read: its own query's answer was input too.
      const bool shows = ShowApplied(w, conn, shown);
      w.drains.fetch_add(1, std::memory_order_acq_rel);
      if (!shows) return;
    }
    if (Clock::now() >= next_heartbeat) {
      auto generation = AuthGeneration(conn);
      if (!generation.ok() || !conn.healthy()) return;
      Drain(pg, w.generation);
      if (*generation > w.generation.load()) {
        Log(LogLevel::kWarning, "store",
            "a notification of database " + w.db + " was missed (generation " +
                std::to_string(w.generation.load()) + " < " + std::to_string(*generation) +
                "); caught up");
        w.generation.store(*generation, std::memory_order_release);
      }
      const bool shows = ShowApplied(w, conn, shown);
      w.drains.fetch_add(1, std::memory_order_acq_rel);
      if (!shows) return;
      next_heartbeat = Clock::now() + options_.heartbeat;
    }
  }
}

}  // namespace keygate::store
