// TOTP checks under concurrency: the limit of code checks and the replay check must hold when
// another check of the same user runs between this one's statements. The interleaving is made
// deterministic by a connection that runs the other check when this one reaches a statement.
#include "auth/totp_check.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "auth/test_migrated_db.h"
#include "crypto/digest.h"
#include "crypto/totp.h"
#include "store/forwarding_connection.h"

namespace keygate::auth {
namespace {

// Forwards to `inner`; the first statement containing `marker` first runs `between` (another
// check on another connection), as if it had been scheduled there.
class InterleavingConnection : public store::ForwardingConnection {
 public:
  InterleavingConnection(store::SqlConnection& inner, std::string marker,
                         std::function<void()> between)
      : ForwardingConnection(inner), marker_(std::move(marker)), between_(std::move(between)) {}

 protected:
  void OnStatement(std::string_view sql, StatementKind) override {
    if (!between_ || sql.find(marker_) == std::string_view::npos) return;
    auto run = std::move(between_);
    between_ = nullptr;
    run();
  }

 private:
  std::string marker_;
  std::function<void()> between_;
};

class TotpCheckTest : public MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    ASSERT_TRUE(
        conn_->Exec("UPDATE res_users SET totp_secret = ? WHERE id = ?", {kSecret, uid_}).ok());
    auto other = store::SqliteConnection::Open(path_, false);
    ASSERT_TRUE(other.ok());
    other_ = std::move(*other);
  }
  std::string CodeNow() {
    auto key = crypto::Base32Decode(kSecret);
    return crypto::TotpCode(*key, clock_.NowUnix());
  }
  static constexpr const char* kSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  FakeClock clock_{1800000000};
  std::unique_ptr<store::SqliteConnection> other_;
};

TEST_F(TotpCheckTest, LimitHoldsWhenAnotherCheckRunsInBetween) {
  // Four wrong codes already: one check is left.
  for (int i = 0; i < kTotpChecksPerHour - 1; ++i) {
    EXPECT_EQ(VerifyTotpCode(*conn_, uid_, "000000", "10.0.0.1", clock_).message(),
              "Verification failed, please double-check the 6-digit code");
  }
  int checked = 0;
  auto count_checked = [&](const Status& s) {
    if (s.message() == "Verification failed, please double-check the 6-digit code") ++checked;
  };
  InterleavingConnection racing(*conn_, "INSERT INTO auth_totp_rate_limit_log", [&] {
    count_checked(VerifyTotpCode(*other_, uid_, "000000", "10.0.0.2", clock_));
  });
  count_checked(VerifyTotpCode(racing, uid_, "000000", "10.0.0.1", clock_));
  EXPECT_LE(checked, 1) << "two concurrent checks both passed the last check left";
}

TEST_F(TotpCheckTest, ReplayHoldsWhenAnotherCheckRunsInBetween) {
  const std::string code = CodeNow();
  Status other_result;
  InterleavingConnection racing(*conn_, "UPDATE res_users SET totp_last_counter", [&] {
    other_result = VerifyTotpCode(*other_, uid_, code, "10.0.0.2", clock_);
  });
  Status mine = VerifyTotpCode(racing, uid_, code, "10.0.0.1", clock_);
  EXPECT_TRUE(other_result.ok()) << other_result.message();
  EXPECT_FALSE(mine.ok()) << "one code opened two sessions";
  EXPECT_EQ(mine.message(), "Verification failed, please use the latest 6-digit code");
}

}  // namespace
}  // namespace keygate::auth
