// The webhook sender with a scripted transport: retries with backoff, giving up, the payload.
#include "detect/webhook.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

namespace keygate::detect {
namespace {

// Answers the scripted statuses in turn (then 200); records the requests.
class ScriptedTransport : public doctor::HttpTransport {
 public:
  struct Shared {
    std::mutex mu;
    std::vector<int> statuses;
    std::vector<doctor::HttpRequest> requests;
  };
  explicit ScriptedTransport(std::shared_ptr<Shared> s) : s_(std::move(s)) {}
  doctor::HttpExchange Post(const doctor::HttpRequest& r) override {
    std::lock_guard<std::mutex> lock(s_->mu);
    doctor::HttpExchange x;
    size_t n = s_->requests.size();
    s_->requests.push_back(r);
    int status = n < s_->statuses.size() ? s_->statuses[n] : 200;
    if (status == 0) {
      x.error = doctor::TransportError::kRefused;
      x.error_text = "Connection refused";
    } else {
      x.status = status;
    }
    return x;
  }

 private:
  std::shared_ptr<Shared> s_;
};

WebhookSettings Fast(int64_t attempts) {
  WebhookSettings w;
  w.url = "http://127.0.0.1:9/hook?token=abc";
  w.attempts = attempts;
  w.backoff_seconds = 0.01;
  return w;
}

TEST(WebhookTest, RetriesUntilDelivered) {
  auto shared = std::make_shared<ScriptedTransport::Shared>();
  shared->statuses = {500, 0, 200};
  auto sender = WebhookSender::Create(Fast(5), std::make_unique<ScriptedTransport>(shared));
  ASSERT_TRUE(sender.ok()) << sender.status().message();
  (*sender)->Start();
  EXPECT_TRUE((*sender)->Enqueue("{\"kind\":\"brute_force\"}"));
  EXPECT_TRUE((*sender)->WaitIdle(std::chrono::seconds(10)));
  EXPECT_EQ((*sender)->delivered(), 1u);
  EXPECT_EQ((*sender)->failed(), 0u);
  std::lock_guard<std::mutex> lock(shared->mu);
  ASSERT_EQ(shared->requests.size(), 3u);
  EXPECT_EQ(shared->requests[2].body, "{\"kind\":\"brute_force\"}");
  EXPECT_EQ(shared->requests[2].content_type, "application/json");
  // The endpoint shown in logs keeps the token out.
  EXPECT_EQ((*sender)->endpoint(), "http://127.0.0.1:9");
}

TEST(WebhookTest, GivesUpAfterTheAttempts) {
  auto shared = std::make_shared<ScriptedTransport::Shared>();
  shared->statuses = {503, 503, 503, 503};
  auto sender = WebhookSender::Create(Fast(3), std::make_unique<ScriptedTransport>(shared));
  ASSERT_TRUE(sender.ok());
  (*sender)->Start();
  (*sender)->Enqueue("{}");
  EXPECT_TRUE((*sender)->WaitIdle(std::chrono::seconds(10)));
  EXPECT_EQ((*sender)->delivered(), 0u);
  EXPECT_EQ((*sender)->failed(), 1u);
  std::lock_guard<std::mutex> lock(shared->mu);
  EXPECT_EQ(shared->requests.size(), 3u);
}

TEST(WebhookTest, BadUrlIsRefused) {
  WebhookSettings w;
  w.url = "ftp://example.com/x";
  EXPECT_FALSE(WebhookSender::Create(w).ok());
}

TEST(WebhookTest, AlertJsonPayload) {
  StoredAlert s;
  s.id = 4;
  s.db = "demo";
  s.create_date = "2026-01-01 00:00:00";
  s.alert.kind = "brute_force";
  s.alert.severity = "warning";
  s.alert.subject = "admin from 1.2.3.4";
  s.alert.login = "ad\"min";
  s.alert.count = 5;
  s.alert.first_seen = "2026-01-01 00:00:00.000";
  s.alert.last_seen = "2026-01-01 00:00:01.000";
  s.alert.message = "m\n";
  s.alert.recommendation = "r";
  EXPECT_EQ(AlertJson(s),
            "{\"id\":4,\"db\":\"demo\",\"create_date\":\"2026-01-01 00:00:00\",\"kind\":"
            "\"brute_force\",\"severity\":\"warning\",\"subject\":\"admin from 1.2.3.4\","
            "\"login\":\"ad\\\"min\",\"client_ip\":null,\"key_id\":null,\"count\":5,"
            "\"first_seen\":\"2026-01-01 00:00:00.000\",\"last_seen\":\"2026-01-01 "
            "00:00:01.000\",\"message\":\"m\\n\",\"recommendation\":\"r\",\"source\":\"keygate\"}");
}

}  // namespace
}  // namespace keygate::detect
