// Cross-instance invalidation on PostgreSQL: the auth generation of each database, kept in memory
// from LISTEN keygate_auth (migrations/postgres/0009_multi_instance.sql makes every bump of the
// generation NOTIFY its new value), so that a cached credential costs no query at all while every
// instance still drops it the moment any process changes what it depends on.
//
// One watcher per database, started the first time Current() names it: a background thread with
// its own connection that LISTENs, then reads the generation (in that order, so no change falls
// in between), then waits on the socket (poll) for notifications, and every heartbeat re-reads
// the generation as a check. While a watcher is connected Current() answers from memory (when input
// waits unread on the watcher's socket, after the watcher has read it, up to 5 ms); while it
// is not (not yet connected, server restarting, network down) Current() reads the generation on
// the caller's connection, as QueryGenerationSource does. After a reconnect the watcher re-reads
// the generation and calls the resync callback (the server drops its caches: a database dropped
// and created again starts its generation over). Each watcher's session shows the generation it
// has applied as its application_name ("keygate auth watcher N"), so that a process that changed
// it can wait until every watcher of every keygate process has it (generation_source.h,
// WaitForWatchers). An attached Odoo database (pg_attach.h) is never
// watched: Odoo's changes notify nobody, so its generation is read on every call.
// Thread-safety: thread-safe. Watcher threads are joined by Stop() or the destructor.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/generation_source.h"
#include "store/postgres/pg_connection.h"

namespace keygate::store {

struct PgAuthListenerOptions {
  // Retry delays after a lost or refused connection: the first, doubled up to the last.
  std::chrono::milliseconds reconnect_delay{200};
  std::chrono::milliseconds max_reconnect_delay{2000};
  // How often a connected watcher re-reads the generation (catches a lost notification and a
  // dead connection that the socket did not report).
  std::chrono::milliseconds heartbeat{5000};
};

class PgAuthListener final : public GenerationSource {
 public:
  using ResyncCallback = std::function<void(const std::string& db)>;

  explicit PgAuthListener(PgConnectOptions connect, PgAuthListenerOptions options = {});
  ~PgAuthListener() override;
  PgAuthListener(const PgAuthListener&) = delete;
  PgAuthListener& operator=(const PgAuthListener&) = delete;

  // The generation from memory while db's watcher is connected; otherwise read through `c`
  // (and the watcher is started if it was not).
  StatusOr<int64_t> Current(SqlConnection& c, const std::string& db) override;

  // Called on a watcher thread after it reconnected and re-read the generation. Set before the
  // first Current(); must be thread-safe.
  void SetResyncCallback(ResyncCallback callback);

  // Starts watching `db` without waiting for a call.
  void Watch(const std::string& db);
  // Whether db's watcher is connected (Current() answers from memory).
  bool Connected(const std::string& db) const;
  // How many times db's watcher has connected (1 after the first connection), for tests.
  int64_t Connections(const std::string& db) const;
  // Stops and joins every watcher; Current() then always reads the database.
  void Stop();

 private:
  struct Watcher {
    std::string db;
    std::atomic<bool> connected{false};
    std::atomic<int64_t> generation{0};
    std::atomic<int64_t> connections{0};
    // The connected session's socket (-1 when none): Current() looks at it for a notification
    // that arrived but is not read yet.
    std::atomic<int> socket{-1};
    // How many times the watcher has read its socket (after storing what it read), so that
    // Current() can wait for input it saw pending to be taken into account.
    std::atomic<uint64_t> drains{0};
    std::thread thread;
  };

  Watcher* Find(const std::string& db) const;
  // Starts db's watcher unless it exists or the listener stops.
  void Start(const std::string& db);
  void Run(Watcher& w);
  // One connected session: returns when the connection is lost or the listener stops.
  void Serve(Watcher& w, PgConnection& conn, int64_t& shown);
  // Shows the generation w holds as the session's application_name (WaitForWatchers), unless
  // `shown` already is it; false when the connection failed.
  static bool ShowApplied(Watcher& w, PgConnection& conn, int64_t& shown);
  // Sleeps up to `d`; false when the listener stops meanwhile.
  bool Sleep(std::chrono::milliseconds d);

  const PgConnectOptions connect_;
  const PgAuthListenerOptions options_;
  int wake_fd_ = -1;  // an eventfd, readable once Stop() was called
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;  // guards watchers_ and callback_
  std::condition_variable stop_cv_;
  std::map<std::string, std::unique_ptr<Watcher>> watchers_;
  ResyncCallback callback_;
};

}  // namespace keygate::store
