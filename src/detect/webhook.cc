// The alert webhook: JSON payload and the background sender with retries and backoff.
#include "detect/webhook.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/log.h"

namespace keygate::detect {

namespace {

std::string OptText(const std::string& s) { return s.empty() ? "null" : JsonQuote(s); }

}  // namespace

std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string AlertJson(const StoredAlert& s) {
  const Alert& a = s.alert;
  return "{\"id\":" + std::to_string(s.id) + ",\"db\":" + JsonQuote(s.db) +
         ",\"create_date\":" + JsonQuote(s.create_date) + ",\"kind\":" + JsonQuote(a.kind) +
         ",\"severity\":" + JsonQuote(a.severity) + ",\"subject\":" + JsonQuote(a.subject) +
         ",\"login\":" + OptText(a.login) + ",\"client_ip\":" + OptText(a.client_ip) +
         ",\"key_id\":" + (a.key_id ? std::to_string(*a.key_id) : std::string("null")) +
         ",\"count\":" + std::to_string(a.count) + ",\"first_seen\":" + JsonQuote(a.first_seen) +
         ",\"last_seen\":" + JsonQuote(a.last_seen) + ",\"message\":" + JsonQuote(a.message) +
         ",\"recommendation\":" + JsonQuote(a.recommendation) + ",\"source\":\"keygate\"}";
}

StatusOr<std::unique_ptr<WebhookSender>> WebhookSender::Create(
    WebhookSettings settings, std::unique_ptr<doctor::HttpTransport> transport) {
  KG_ASSIGN_OR_RETURN(http::ClientUrl url,
                      http::ParseClientUrl(settings.url, "option alert_webhook_url"));
  // The receiver's path and query, exactly as given (the doctor's URLs keep a server root).
  url.base_path = url.Target();
  std::string endpoint =
      url.scheme + "://" + url.HostHeader() + (url.default_port ? ":" + url.port : "");
  if (!transport) transport = doctor::MakeHttpTransport(url, settings.timeout);
  return std::unique_ptr<WebhookSender>(
      new WebhookSender(std::move(settings), std::move(transport), std::move(endpoint)));
}

WebhookSender::WebhookSender(WebhookSettings settings,
                             std::unique_ptr<doctor::HttpTransport> transport, std::string endpoint)
    : settings_(std::move(settings)),
      transport_(std::move(transport)),
      endpoint_(std::move(endpoint)) {}

WebhookSender::~WebhookSender() { Stop(); }

void WebhookSender::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Run(); });
}

void WebhookSender::Stop() {
  size_t left = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    left = queue_.size();
    failed_ += left;
    queue_.clear();
  }
  cv_.notify_all();
  if (left > 0) {
    Log(LogLevel::kWarning, "alert",
        "stopping: " + std::to_string(left) + " alert(s) not delivered to the webhook " +
            endpoint_);
  }
}

bool WebhookSender::Enqueue(std::string body) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.size() >= settings_.capacity) {
      ++failed_;
      Log(LogLevel::kWarning, "alert",
          "webhook queue full (" + std::to_string(settings_.capacity) +
              " alerts): alert dropped; is " + endpoint_ + " down?");
      return false;
    }
    queue_.push_back(Item{std::move(body), 0, std::chrono::steady_clock::now()});
  }
  cv_.notify_all();
  return true;
}

bool WebhookSender::WaitIdle(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return queue_.empty() && !in_flight_; });
}

uint64_t WebhookSender::delivered() const {
  std::lock_guard<std::mutex> lock(mu_);
  return delivered_;
}

uint64_t WebhookSender::failed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failed_;
}

void WebhookSender::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (queue_.empty()) {
      cv_.wait(lock);
      continue;
    }
    auto next = std::min_element(queue_.begin(), queue_.end(),
                                 [](const Item& a, const Item& b) { return a.due < b.due; });
    if (next->due > std::chrono::steady_clock::now()) {
      cv_.wait_until(lock, next->due);
      continue;
    }
    Item item = std::move(*next);
    queue_.erase(next);
    in_flight_ = true;
    lock.unlock();

    doctor::HttpRequest req;
    req.path = "";
    req.content_type = "application/json";
    req.body = item.body;
    req.headers = {{"User-Agent", "keygate-alert"}};
    doctor::HttpExchange x = transport_->Post(req);
    bool ok = x.ok() && x.status >= 200 && x.status < 300;
    std::string why = x.ok() ? "HTTP " + std::to_string(x.status) : x.error_text;
    item.attempt++;

    lock.lock();
    in_flight_ = false;
    if (ok) {
      ++delivered_;
    } else if (item.attempt >= settings_.attempts) {
      ++failed_;
      Log(LogLevel::kWarning, "alert",
          "webhook " + endpoint_ + " gave up on an alert after " + std::to_string(item.attempt) +
              " attempt(s); last: " + why);
    } else {
      double delay = std::min(
          300.0, settings_.backoff_seconds * std::pow(2.0, static_cast<double>(item.attempt - 1)));
      Log(LogLevel::kInfo, "alert",
          "webhook " + endpoint_ + " attempt " + std::to_string(item.attempt) + " failed (" + why +
              "); retry in " + std::to_string(static_cast<int64_t>(delay * 1000)) + " ms");
      item.due = std::chrono::steady_clock::now() +
                 std::chrono::milliseconds(static_cast<int64_t>(delay * 1000));
      queue_.push_back(std::move(item));
    }
    cv_.notify_all();
  }
}

}  // namespace keygate::detect
