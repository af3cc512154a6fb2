// Delivery of alerts to `alert_webhook_url`: each alert is a JSON POST (AlertJson), sent from a
// background thread so that neither requests nor detection ever wait on the receiver. Failed
// deliveries (a transport error or a status other than 2xx) are retried with exponential backoff
// (backoff, 2x, 4x, ... at most 300 s) up to `attempts` tries, then given up with a log line. The
// queue is bounded: when full, new alerts are dropped (and logged) rather than held.
// The URL may carry a token in its path or query: logs show only scheme, host and port.
// Thread-safety: Enqueue, WaitIdle and the counters are thread-safe; Start/Stop from one thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.h"
#include "detect/alert_store.h"
#include "doctor/http_client.h"
#include "http/client_url.h"

namespace keygate::detect {

// The webhook payload of one alert: a JSON object with id, db, create_date, kind, severity,
// subject, login, client_ip, key_id (null when unknown), count, first_seen, last_seen, message,
// recommendation and source ("keygate").
std::string AlertJson(const StoredAlert& alert);

// JSON string literal (quotes included) of UTF-8 text.
std::string JsonQuote(const std::string& s);

struct WebhookSettings {
  std::string url;
  int64_t attempts = 5;
  double backoff_seconds = 1;
  size_t capacity = 1000;
  std::chrono::milliseconds timeout{5000};  // per attempt
};

class WebhookSender {
 public:
  // kInvalidRequest for a URL that is not http(s)://host[:port][/path][?query]. `transport`
  // replaces the real HTTP client (tests).
  static StatusOr<std::unique_ptr<WebhookSender>> Create(
      WebhookSettings settings, std::unique_ptr<doctor::HttpTransport> transport = nullptr);
  ~WebhookSender();  // Stop()
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  void Start();
  // Stops the thread; alerts still queued are counted as failed and logged. Idempotent.
  void Stop();
  // Queues one JSON body; false (and a log line) when the queue is full.
  bool Enqueue(std::string body);
  // Waits until nothing is queued or being sent, or `timeout` passes; true when idle.
  bool WaitIdle(std::chrono::milliseconds timeout);

  uint64_t delivered() const;
  uint64_t failed() const;
  // "scheme://host:port", for logs.
  const std::string& endpoint() const { return endpoint_; }

 private:
  WebhookSender(WebhookSettings settings, std::unique_ptr<doctor::HttpTransport> transport,
                std::string endpoint);
  void Run();

  using SteadyTime = std::chrono::steady_clock::time_point;
  struct Item {
    std::string body;
    int64_t attempt = 0;  // tries made so far
    SteadyTime due;
  };

  const WebhookSettings settings_;
  std::unique_ptr<doctor::HttpTransport> transport_;  // used by the thread only
  const std::string endpoint_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool in_flight_ = false;
  bool stopping_ = false;
  uint64_t delivered_ = 0;
  uint64_t failed_ = 0;
  std::thread thread_;
};

}  // namespace keygate::detect
