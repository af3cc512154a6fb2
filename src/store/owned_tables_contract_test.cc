// The storage contract (store_contract_test.h) for the repositories of keygate's shared defence
// state and the narrower ones of Odoo's tables: cooldown counters and sign-in networks, rate
// buckets, the TOTP check log and a user's TOTP state, expired keys, key indexes, several
// parameters at once, and the longest key lifetime of a user's groups. Every backend runs it.
#include <algorithm>
#include <tuple>
#include <utility>
#include <vector>

#include "store/alerts.h"
#include "store/auth_event_log.h"
#include "store/group_catalog.h"
#include "store/groups.h"
#include "store/key_metadata.h"
#include "store/login_failures.h"
#include "store/partners.h"
#include "store/rate_buckets.h"
#include "store/repositories.h"
#include "store/store_contract_test.h"
#include "store/totp_check_log.h"

namespace keygate::store {
namespace {

using Keys = std::vector<std::pair<std::string, std::string>>;

int64_t ScalarIntFor(SqlConnection& c, const std::string& sql, int64_t id) {
  auto rs = c.Query(sql, {id});
  EXPECT_TRUE(rs.ok()) << rs.status().message();
  if (!rs.ok() || rs->empty()) return -1;
  return AsInt(rs->rows()[0][0]);
}

TEST_P(StoreContractTest, FailureCountersCountReadAndForget) {
  auto db = CreateAndOpen("counters");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  const Keys both{{"ip", "10.0.0.1"}, {"login", "alice"}};
  ASSERT_TRUE(CountFailures(*c, both, 100).ok());
  ASSERT_TRUE(CountFailures(*c, {{"login", "alice"}}, 130).ok());
  auto read = ReadFailureCounters(*c, both);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->size(), 2u);
  for (const FailureCounter& f : *read) {
    if (f.kind == "ip") {
      EXPECT_EQ(f.value, "10.0.0.1");
      EXPECT_EQ(f.failures, 1);
      EXPECT_EQ(f.last_failure, 100);
    } else {
      EXPECT_EQ(f.kind, "login");
      EXPECT_EQ(f.value, "alice");
      EXPECT_EQ(f.failures, 2);
      EXPECT_EQ(f.last_failure, 130);
    }
  }
  // Another login's counter is not read; none asked, none read.
  auto other = ReadFailureCounters(*c, {{"login", "bob"}});
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->empty());
  EXPECT_TRUE(ReadFailureCounters(*c, {})->empty());
  ASSERT_TRUE(ForgetFailures(*c, {{"ip", "10.0.0.1"}}).ok());
  read = ReadFailureCounters(*c, both);
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ((*read)[0].kind, "login");
  // Housekeeping drops counters older than the bound.
  auto purged = PurgeLoginFailureRows(*c, 131, 0);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  EXPECT_TRUE(ReadFailureCounters(*c, both)->empty());
}

TEST_P(StoreContractTest, SignInNetworksAreRememberedAndExpire) {
  auto db = CreateAndOpen("networks");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  EXPECT_FALSE(*SignedInFromNetwork(*c, "alice", "10.0.0.0/24", 0));
  ASSERT_TRUE(RememberSignInNetwork(*c, "alice", "10.0.0.0/24", 1000).ok());
  ASSERT_TRUE(RememberSignInNetwork(*c, "alice", "10.0.0.0/24", 2000).ok());  // refreshed
  EXPECT_TRUE(*SignedInFromNetwork(*c, "alice", "10.0.0.0/24", 2000));
  EXPECT_FALSE(*SignedInFromNetwork(*c, "alice", "10.0.0.0/24", 2001));
  EXPECT_FALSE(*SignedInFromNetwork(*c, "bob", "10.0.0.0/24", 0));
  EXPECT_FALSE(*SignedInFromNetwork(*c, "alice", "10.0.1.0/24", 0));
  auto purged = PurgeLoginFailureRows(*c, 0, 2001);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  EXPECT_FALSE(*SignedInFromNetwork(*c, "alice", "10.0.0.0/24", 0));
}

TEST_P(StoreContractTest, RateBucketStepsAtomically) {
  auto db = CreateAndOpen("buckets");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "rate");
  int64_t key = MakeKey(*c, uid, "abcdefgh", std::nullopt, std::nullopt);
  // Interval 1 s, burst 2: limit = now + 1 s.
  auto first = StepRateBucket(*c, key, 10'000'000, 1'000'000, 11'000'000);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_TRUE(first->allowed);
  EXPECT_EQ(first->tat_us, 11'000'000);
  auto second = StepRateBucket(*c, key, 10'000'000, 1'000'000, 11'000'000);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->allowed);
  EXPECT_EQ(second->tat_us, 12'000'000);
  auto third = StepRateBucket(*c, key, 10'000'000, 1'000'000, 11'000'000);
  ASSERT_TRUE(third.ok());
  EXPECT_FALSE(third->allowed);
  EXPECT_EQ(third->tat_us, 12'000'000);  // a refusal changes nothing
  auto purged = PurgeRateBuckets(*c, 12'000'001);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
}

TEST_P(StoreContractTest, TotpCheckLogCountsPerUserAndHour) {
  auto db = CreateAndOpen("totplog");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "totp");
  int64_t other = MakeUser(*c, "other");
  TotpCheckLog log(*c);
  auto a = log.Add(uid, "10.0.0.1", "2026-01-01 10:00:00");
  auto b = log.Add(uid, "10.0.0.1", "2026-01-01 11:30:00");
  ASSERT_TRUE(a.ok() && b.ok()) << a.status().message();
  EXPECT_NE(*a, *b);
  ASSERT_TRUE(log.Add(other, "10.0.0.2", "2026-01-01 11:31:00").ok());
  EXPECT_EQ(*log.CountSince(uid, "2026-01-01 10:00:00"), 2);
  EXPECT_EQ(*log.CountSince(uid, "2026-01-01 10:30:00"), 1);
  ASSERT_TRUE(log.Remove(*b).ok());
  EXPECT_EQ(*log.CountSince(uid, "2026-01-01 00:00:00"), 1);
  ASSERT_TRUE(log.Clear(uid).ok());
  EXPECT_EQ(*log.CountSince(uid, "2026-01-01 00:00:00"), 0);
  EXPECT_EQ(*log.CountSince(other, "2026-01-01 00:00:00"), 1);
}

TEST_P(StoreContractTest, UsersTotpStateAndReplayGuard) {
  auto db = CreateAndOpen("totpstate");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  Users users(*c);
  int64_t id = MakeUser(*c, "frank");
  auto off = users.TotpOf(id);
  ASSERT_TRUE(off.ok() && off->has_value());
  EXPECT_FALSE((*off)->secret.has_value());
  EXPECT_FALSE((*off)->last_counter.has_value());
  EXPECT_FALSE(users.TotpOf(999999)->has_value());
  ASSERT_TRUE(users.SetTotp(id, std::string("JBSWY3DPEHPK3PXP"), 50).ok());
  auto on = users.TotpOf(id);
  ASSERT_TRUE(on.ok() && on->has_value());
  EXPECT_EQ((*on)->secret, std::optional<std::string>("JBSWY3DPEHPK3PXP"));
  EXPECT_EQ((*on)->last_counter, std::optional<int64_t>(50));
  EXPECT_FALSE(*users.AdvanceTotpCounter(id, 50));  // the same step again: a replay
  EXPECT_FALSE(*users.AdvanceTotpCounter(id, 49));
  EXPECT_TRUE(*users.AdvanceTotpCounter(id, 51));
  EXPECT_EQ((*users.TotpOf(id))->last_counter, std::optional<int64_t>(51));
  ASSERT_TRUE(users.SetTotp(id, std::nullopt, std::nullopt).ok());
  EXPECT_FALSE((*users.TotpOf(id))->secret.has_value());
  EXPECT_TRUE(*users.AdvanceTotpCounter(id, 1));  // no step recorded: any step is newer
}

TEST_P(StoreContractTest, ApiKeysDeleteExpiredAndIndexInUse) {
  auto db = CreateAndOpen("expired");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "gina");
  MakeKey(*c, uid, "expired1", std::nullopt, std::string("2020-01-01 00:00:00"));
  int64_t live = MakeKey(*c, uid, "livekey1", std::nullopt, std::string("2999-01-01 00:00:00"));
  int64_t forever = MakeKey(*c, uid, "forever1", std::nullopt, std::nullopt);
  ApiKeys keys(*c);
  EXPECT_TRUE(*keys.IndexInUse("expired1"));
  auto deleted = keys.DeleteExpired("2026-01-01 00:00:00");
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ(*deleted, 1);
  EXPECT_FALSE(*keys.IndexInUse("expired1"));
  EXPECT_TRUE(*keys.IndexInUse("livekey1"));
  EXPECT_TRUE(keys.FindById(live)->has_value());
  EXPECT_TRUE(keys.FindById(forever)->has_value());
}

TEST_P(StoreContractTest, ConfigParametersGetMany) {
  auto db = CreateAndOpen("getmany");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  ConfigParameters params(*c);
  ASSERT_TRUE(params.Set("a.one", "1").ok());
  ASSERT_TRUE(params.Set("a.two", "2").ok());
  auto got = params.GetMany({"a.one", "a.two", "a.missing"});
  ASSERT_TRUE(got.ok()) << got.status().message();
  std::sort(got->begin(), got->end());
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ((*got)[0], std::make_pair(std::string("a.one"), std::string("1")));
  EXPECT_EQ((*got)[1], std::make_pair(std::string("a.two"), std::string("2")));
  EXPECT_TRUE(params.GetMany({})->empty());
}

TEST_P(StoreContractTest, LongestKeyDurationOfEffectiveGroups) {
  auto db = CreateAndOpen("duration");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "hank");
  auto none = LongestKeyDurationDays(*c, uid);
  ASSERT_TRUE(none.ok()) << none.status().message();
  EXPECT_EQ(*none, 0.0);
  // Two groups, one implied by the other: the longer lifetime counts, through the implication.
  auto g1 =
      c->Query("INSERT INTO res_groups (name, api_key_duration) VALUES ('G1', 7) RETURNING id");
  auto g2 =
      c->Query("INSERT INTO res_groups (name, api_key_duration) VALUES ('G2', 30) RETURNING id");
  ASSERT_TRUE(g1.ok() && g2.ok()) << g1.status().message();
  const int64_t id1 = AsInt(g1->rows()[0][0]);
  const int64_t id2 = AsInt(g2->rows()[0][0]);
  ASSERT_TRUE(
      c->Exec("INSERT INTO res_groups_users_rel (gid, uid) VALUES (?, ?)", {id1, uid}).ok());
  EXPECT_EQ(*LongestKeyDurationDays(*c, uid), 7.0);
  ASSERT_TRUE(
      c->Exec("INSERT INTO res_groups_implied_rel (gid, hid) VALUES (?, ?)", {id1, id2}).ok());
  EXPECT_EQ(*LongestKeyDurationDays(*c, uid), 30.0);
}

TEST_P(StoreContractTest, DeleteGroupTakesItsRowsAndNeverMakesAGlobalRule) {
  auto db = CreateAndOpen("delgroup");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "ida");
  auto scalar = [&](const std::string& sql) {
    auto rs = c->Query(sql);
    EXPECT_TRUE(rs.ok()) << rs.status().message();
    return rs.ok() && !rs->empty() ? AsInt(rs->rows()[0][0]) : -1;
  };
  auto insert = [&](const std::string& sql, const std::vector<SqlValue>& params) {
    auto rs = c->Query(sql + " RETURNING id", params);
    EXPECT_TRUE(rs.ok()) << rs.status().message();
    return rs.ok() ? AsInt(rs->rows()[0][0]) : -1;
  };
  const int64_t g1 = insert("INSERT INTO res_groups (name, api_key_duration) VALUES ('G1', 0)", {});
  const int64_t g2 = insert("INSERT INTO res_groups (name, api_key_duration) VALUES ('G2', 0)", {});
  const int64_t model =
      insert("INSERT INTO ir_model (model, name) VALUES ('x.thing', 'Thing')", {});
  insert(
      "INSERT INTO ir_model_data (module, name, model, res_id) VALUES ('t', 'g1', "
      "'res.groups', ?)",
      {g1});
  insert("INSERT INTO ir_model_access (name, model_id, group_id) VALUES ('a', ?, ?)", {model, g1});
  const int64_t alone = insert("INSERT INTO ir_rule (name, model_id) VALUES ('alone', ?)", {model});
  const int64_t shared =
      insert("INSERT INTO ir_rule (name, model_id) VALUES ('shared', ?)", {model});
  for (auto [rule, group] : {std::pair{alone, g1}, std::pair{shared, g1}, std::pair{shared, g2}}) {
    ASSERT_TRUE(
        c->Exec("INSERT INTO rule_group_rel (rule_group_id, group_id) VALUES (?, ?)", {rule, group})
            .ok());
  }
  ASSERT_TRUE(c->Exec("INSERT INTO res_groups_users_rel (gid, uid) VALUES (?, ?)", {g1, uid}).ok());
  ASSERT_TRUE(
      c->Exec("INSERT INTO res_groups_implied_rel (gid, hid) VALUES (?, ?)", {g2, g1}).ok());
  const int64_t generation = scalar("SELECT value FROM keygate_auth_generation WHERE id = 1");

  auto members = DeleteGroup(*c, g1);
  ASSERT_TRUE(members.ok()) << members.status().message();
  EXPECT_EQ(*members, std::vector<int64_t>{uid});
  const std::string id = std::to_string(g1);
  EXPECT_EQ(scalar("SELECT count(*) FROM res_groups WHERE id = " + id), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM res_groups_users_rel WHERE gid = " + id), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM res_groups_implied_rel WHERE hid = " + id), 0);
  EXPECT_EQ(
      scalar("SELECT count(*) FROM ir_model_access WHERE model_id = " + std::to_string(model)), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM ir_model_data WHERE module = 't'"), 0);
  // The rule of G1 alone went with it; the rule of G1 and G2 stays a group rule, of G2.
  EXPECT_EQ(scalar("SELECT count(*) FROM ir_rule WHERE id = " + std::to_string(alone)), 0);
  EXPECT_EQ(
      scalar("SELECT group_id FROM rule_group_rel WHERE rule_group_id = " + std::to_string(shared)),
      g2);
  EXPECT_EQ(scalar("SELECT CASE WHEN \"global\" THEN 1 ELSE 0 END FROM ir_rule WHERE id = " +
                   std::to_string(shared)),
            0);
  EXPECT_GT(scalar("SELECT value FROM keygate_auth_generation WHERE id = 1"), generation);
}

AuthEvent Event(const std::string& when, const std::string& login, bool success,
                std::optional<int64_t> key_id, const std::string& ip) {
  AuthEvent e;
  e.create_date = when;
  e.db = "db";
  e.channel = "xmlrpc";
  e.login = login;
  e.key_id = key_id;
  e.client_ip = ip;
  e.success = success;
  e.reason = success ? "ok" : "wrong_password";
  return e;
}

TEST_P(StoreContractTest, AuthEventLogAppendListAndDetectionReads) {
  auto db = CreateAndOpen("events");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "ivy");
  int64_t key = MakeKey(*c, uid, "ivykey01", std::nullopt, std::nullopt);
  ASSERT_TRUE(AppendAuthEvents(*c, {Event("2026-01-01 10:00:00.000", "ivy", false, {}, "10.0.0.9"),
                                    Event("2026-01-01 10:00:01.000", "ivy", true, key, "10.0.0.1"),
                                    Event("2026-01-01 10:00:02.000", "ivy", true, key, "10.0.0.1"),
                                    Event("2026-01-01 10:00:03.000", "", false, {}, "10.0.0.9")})
                  .ok());
  EventFilter all;
  auto listed = ListAuthEvents(*c, all);
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  ASSERT_EQ(listed->size(), 4u);
  EXPECT_EQ((*listed)[0].create_date, "2026-01-01 10:00:03.000");  // newest first
  EXPECT_EQ((*listed)[0].login, "");                               // NULL reads back empty
  EXPECT_EQ((*listed)[2].key_id, std::optional<int64_t>(key));
  EventFilter failures;
  failures.success = false;
  failures.ip = "10.0.0.9";
  EXPECT_EQ(ListAuthEvents(*c, failures)->size(), 2u);
  // The last use of the key rides on its successful events.
  EXPECT_EQ(ScalarIntFor(*c, "SELECT use_count FROM keygate_key_meta WHERE key_id = ?", key), 2);
  // Detection's reads.
  auto failed = FailedEventsSince(*c, "2026-01-01 10:00:00", 10);
  ASSERT_TRUE(failed.ok());
  ASSERT_EQ(failed->size(), 2u);
  EXPECT_EQ((*failed)[0].create_date, "2026-01-01 10:00:00.000");  // oldest first
  EXPECT_EQ((*failed)[0].reason, "wrong_password");
  auto uses = KeyUsesSince(*c, "2026-01-01 00:00:00");
  ASSERT_TRUE(uses.ok());
  ASSERT_EQ(uses->size(), 1u);
  EXPECT_EQ((*uses)[0].count, 2);
  EXPECT_EQ((*uses)[0].first_seen, "2026-01-01 10:00:01.000");
  EXPECT_EQ((*uses)[0].last_seen, "2026-01-01 10:00:02.000");
  auto from = AddressesKeyUsedFrom(*c, key, "2026-01-01 10:00:02");
  ASSERT_TRUE(from.ok());
  EXPECT_EQ(*from, std::vector<std::string>{"10.0.0.1"});
  EXPECT_TRUE(AddressesKeyUsedFrom(*c, key, "2026-01-01 10:00:01")->empty());
  // What keys did.
  ASSERT_TRUE(AddKeyUsage(*c, {{key, "res.partner", "read", "2026-01-01 10:00:02", 3},
                               {key, "res.partner", "read", "2026-01-01 10:00:05", 2}})
                  .ok());
  EXPECT_EQ(ScalarIntFor(*c, "SELECT use_count FROM keygate_key_usage WHERE key_id = ?", key), 5);
  auto usage = AllKeyUsage(*c);
  ASSERT_TRUE(usage.ok()) << usage.status().message();
  ASSERT_EQ(usage->size(), 1u);
  EXPECT_EQ((*usage)[0].model, "res.partner");
  EXPECT_EQ((*usage)[0].last_used_at, "2026-01-01 10:00:05");
  EXPECT_EQ((*usage)[0].count, 5);
  auto purged = DeleteAuthEventsBefore(*c, "2026-01-01 10:00:02");
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 2);
}

// Successes alike within a minute are one row across a writer's batches; failures, other
// minutes, other addresses and console changes are rows of their own; the counts reach the
// key's last use, the overview, detection and the listing.
TEST_P(StoreContractTest, AuthEventLogRollsUpSuccessesPerMinute) {
  auto db = CreateAndOpen("rollups");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "ivy");
  int64_t key = MakeKey(*c, uid, "ivykey02", std::nullopt, std::nullopt);
  OpenRollups open;
  AuthEvent rolled = Event("2026-01-03 10:00:05.000", "ivy", true, key, "10.0.0.1");
  rolled.calls = 3;  // already rolled up in a writer's buffer
  rolled.last_date = "2026-01-03 10:00:06.500";
  ASSERT_TRUE(
      AppendAuthEvents(*c,
                       {rolled, Event("2026-01-03 10:00:07.000", "ivy", false, {}, "10.0.0.1"),
                        Event("2026-01-03 10:00:08.000", "ivy", true, key, "10.0.0.2")},
                       &open)
          .ok());
  EXPECT_EQ(open.minute, "2026-01-03 10:00");
  EXPECT_EQ(open.rows.size(), 2u);  // the two successes, not the failure
  // The next batch of the minute adds to the rows; a console change is never rolled up.
  AuthEvent change = Event("2026-01-03 10:00:30.000", "ivy", true, key, "10.0.0.1");
  change.key_use = false;
  change.reason = "console_key_rotated";
  ASSERT_TRUE(
      AppendAuthEvents(*c,
                       {Event("2026-01-03 10:00:40.000", "ivy", true, key, "10.0.0.1"),
                        Event("2026-01-03 10:00:50.000", "ivy", true, key, "10.0.0.1"), change},
                       &open)
          .ok());
  // A new minute starts new rows.
  ASSERT_TRUE(
      AppendAuthEvents(*c, {Event("2026-01-03 10:01:00.000", "ivy", true, key, "10.0.0.1")}, &open)
          .ok());
  EXPECT_EQ(open.minute, "2026-01-03 10:01");
  auto listed = ListAuthEvents(*c, EventFilter{});
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  std::vector<std::tuple<std::string, std::string, std::string, int64_t, std::string>> got;
  for (const auto& e : *listed) {
    got.emplace_back(e.create_date, e.client_ip, e.reason, e.calls, e.last_date);
  }
  EXPECT_EQ(got,
            (std::vector<std::tuple<std::string, std::string, std::string, int64_t, std::string>>{
                {"2026-01-03 10:01:00.000", "10.0.0.1", "ok", 1, ""},
                {"2026-01-03 10:00:30.000", "10.0.0.1", "console_key_rotated", 1, ""},
                {"2026-01-03 10:00:08.000", "10.0.0.2", "ok", 1, ""},
                {"2026-01-03 10:00:07.000", "10.0.0.1", "wrong_password", 1, ""},
                {"2026-01-03 10:00:05.000", "10.0.0.1", "ok", 5, "2026-01-03 10:00:50.000"}}));
  // Since 10:00:45, the rolled-up row that started at 10:00:05 still holds a call (10:00:50).
  EventFilter since;
  since.since = "2026-01-03 10:00:45";
  auto recent = ListAuthEvents(*c, since);
  ASSERT_TRUE(recent.ok()) << recent.status().message();
  ASSERT_EQ(recent->size(), 2u);
  EXPECT_EQ((*recent)[0].create_date, "2026-01-03 10:01:00.000");
  EXPECT_EQ((*recent)[1].create_date, "2026-01-03 10:00:05.000");
  EXPECT_EQ((*recent)[1].calls, 5);
  auto recent_uses = KeyUsesSince(*c, "2026-01-03 10:00:45");
  ASSERT_TRUE(recent_uses.ok()) << recent_uses.status().message();
  EXPECT_EQ(recent_uses->size(), 1u);  // 10.0.0.1 only: 10.0.0.2's one call was at 10:00:08
  // Every call counts: the key's uses, the overview, detection's key uses.
  EXPECT_EQ(ScalarIntFor(*c, "SELECT use_count FROM keygate_key_meta WHERE key_id = ?", key), 7);
  auto hours = CountAuthEventsSince(*c, "2026-01-03 00:00:00", 13);
  ASSERT_TRUE(hours.ok()) << hours.status().message();
  ASSERT_EQ(hours->size(), 2u);
  EXPECT_EQ((*hours)[0].reason, "ok");
  EXPECT_EQ((*hours)[0].count, 7);
  auto uses = KeyUsesSince(*c, "2026-01-03 00:00:00");
  ASSERT_TRUE(uses.ok());
  ASSERT_EQ(uses->size(), 2u);
  const auto& first = (*uses)[0].client_ip == "10.0.0.1" ? (*uses)[0] : (*uses)[1];
  EXPECT_EQ(first.count, 6);
  EXPECT_EQ(first.last_seen, "2026-01-03 10:01:00.000");
  // A row purged meanwhile: the writer's next call of that kind makes a new one.
  ASSERT_TRUE(DeleteAuthEventsBefore(*c, "2026-01-03 10:02:00").ok());
  ASSERT_TRUE(
      AppendAuthEvents(*c, {Event("2026-01-03 10:01:30.000", "ivy", true, key, "10.0.0.1")}, &open)
          .ok());
  listed = ListAuthEvents(*c, EventFilter{});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].calls, 1);
}

TEST_P(StoreContractTest, AuthEventLogCountsForTheOverview) {
  auto db = CreateAndOpen("overview");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  AuthEvent unknown = Event("2026-01-02 09:59:00.000", "mallory", false, {}, "10.0.0.7");
  unknown.reason = "unknown_login";
  AuthEvent console_change = Event("2026-01-02 10:30:00.000", "admin", true, {}, "10.0.0.1");
  console_change.channel = "console";
  console_change.reason = "console_user_archived:bob";
  ASSERT_TRUE(AppendAuthEvents(
                  *c, {Event("2026-01-01 23:00:00.000", "old", false, {}, "10.0.0.8"), unknown,
                       Event("2026-01-02 10:00:00.000", "ivy", false, {}, "10.0.0.9"),
                       Event("2026-01-02 10:10:00.000", "ivy", false, {}, "10.0.0.9"),
                       Event("2026-01-02 10:20:00.000", "ivy", true, {}, "10.0.0.1"),
                       Event("2026-01-02 11:00:00.000", "", false, {}, "10.0.0.7"), console_change})
                  .ok());
  auto hours = CountAuthEventsSince(*c, "2026-01-02 00:00:00", 13);
  ASSERT_TRUE(hours.ok()) << hours.status().message();
  std::vector<std::tuple<std::string, bool, std::string, int64_t>> got;
  for (const auto& e : *hours) got.emplace_back(e.bucket, e.success, e.reason, e.count);
  EXPECT_EQ(got, (std::vector<std::tuple<std::string, bool, std::string, int64_t>>{
                     {"2026-01-02 09", false, "unknown_login", 1},
                     {"2026-01-02 10", true, "ok", 1},
                     {"2026-01-02 10", false, "wrong_password", 2},
                     {"2026-01-02 11", false, "wrong_password", 1}}));
  auto days = CountAuthEventsSince(*c, "2026-01-01 00:00:00", 10);
  ASSERT_TRUE(days.ok());
  got.clear();
  for (const auto& e : *days) got.emplace_back(e.bucket, e.success, e.reason, e.count);
  EXPECT_EQ(got, (std::vector<std::tuple<std::string, bool, std::string, int64_t>>{
                     {"2026-01-01", false, "wrong_password", 1},
                     {"2026-01-02", true, "ok", 1},
                     {"2026-01-02", false, "unknown_login", 1},
                     {"2026-01-02", false, "wrong_password", 3}}));
  EXPECT_FALSE(CountAuthEventsSince(*c, "2026-01-01 00:00:00", 0).ok());
  auto logins = TopFailingLogins(*c, "2026-01-02 00:00:00", 10);
  ASSERT_TRUE(logins.ok()) << logins.status().message();
  ASSERT_EQ(logins->size(), 2u);  // the empty login is not one
  EXPECT_EQ((*logins)[0].value, "ivy");
  EXPECT_EQ((*logins)[0].count, 2);
  EXPECT_EQ((*logins)[1].value, "mallory");
  auto addresses = TopFailingAddresses(*c, "2026-01-02 00:00:00", 1);
  ASSERT_TRUE(addresses.ok());
  ASSERT_EQ(addresses->size(), 1u);  // the limit; 10.0.0.7 ties with 10.0.0.9 and sorts first
  EXPECT_EQ((*addresses)[0].value, "10.0.0.7");
  EXPECT_EQ((*addresses)[0].count, 2);
}

TEST_P(StoreContractTest, AlertsAreRecordedOnceAndNetworksAdvance) {
  auto db = CreateAndOpen("alerts");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  AlertRecord a;
  a.kind = "brute_force";
  a.severity = "warning";
  a.subject = "ivy from 10.0.0.9";
  a.login = "ivy";
  a.client_ip = "10.0.0.9";
  a.count = 10;
  a.first_seen = "2026-01-01 10:00:00.000";
  a.last_seen = "2026-01-01 10:01:00.000";
  a.message = "m";
  a.recommendation = "r";
  auto first = InsertAlert(*c, a, "2026-01-01 10:02:00");
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_TRUE(first->has_value());
  auto again = InsertAlert(*c, a, "2026-01-01 10:03:00");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());  // the same (kind, subject, first_seen): recorded once
  auto listed = ListAlertRows(*c, "", 10);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, **first);
  EXPECT_EQ((*listed)[0].alert.subject, a.subject);
  EXPECT_FALSE((*listed)[0].alert.key_id.has_value());
  auto latest = LatestAlertsSince(*c, "2026-01-01 00:00:00");
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ((*latest)[0].latest_first_seen, a.first_seen);
  EXPECT_EQ(*DeleteAlertsBefore(*c, "2026-01-01 10:02:01"), 1);

  int64_t uid = MakeUser(*c, "jill");
  int64_t key = MakeKey(*c, uid, "jillkey1", std::nullopt, std::nullopt);
  ASSERT_TRUE(UpsertKeyNetworks(*c, {{key, "10.0.0.0/24", "2026-01-01", "2026-01-02"}}).ok());
  ASSERT_TRUE(UpsertKeyNetworks(*c, {{key, "10.0.0.0/24", "2026-01-05", "2026-01-01"}}).ok());
  EXPECT_EQ(*NetworksOfKey(*c, key), std::vector<std::string>{"10.0.0.0/24"});
  ASSERT_TRUE(DeleteKeyNetworksBefore(*c, "2026-01-02").ok());  // last_seen kept at 01-02
  EXPECT_EQ(NetworksOfKey(*c, key)->size(), 1u);
  ASSERT_TRUE(DeleteKeyNetworksBefore(*c, "2026-01-03").ok());
  EXPECT_TRUE(NetworksOfKey(*c, key)->empty());
}

TEST_P(StoreContractTest, KeyRestrictionsRotationLinksAndRetiredKeys) {
  auto db = CreateAndOpen("keymeta");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "kim");
  int64_t old_key = MakeKey(*c, uid, "kimkey01", std::nullopt, std::nullopt);
  int64_t successor = MakeKey(*c, uid, "kimkey02", std::nullopt, std::nullopt);
  EXPECT_FALSE(FindKeyRestriction(*c, old_key)->has_value());
  ASSERT_TRUE(UpsertKeyRestriction(*c, old_key, {std::string("10.0.0.0/8"), std::nullopt}).ok());
  ASSERT_TRUE(UpsertKeyRestriction(*c, old_key, {std::nullopt, std::string("5/min")}).ok());
  auto found = FindKeyRestriction(*c, old_key);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_FALSE((*found)->allowed_networks.has_value());  // replaced, not merged
  EXPECT_EQ((*found)->rate_limit, std::optional<std::string>("5/min"));
  EXPECT_EQ(AllKeyRestrictions(*c)->size(), 1u);

  EXPECT_FALSE(RotationSuccessor(*c, old_key)->has_value());
  ASSERT_TRUE(LinkRotation(*c, old_key, successor).ok());
  EXPECT_EQ(*RotationSuccessor(*c, old_key), std::optional<int64_t>(successor));
  auto meta = AllKeyMeta(*c);
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ((*meta)[old_key].rotated_to, std::optional<int64_t>(successor));
  EXPECT_EQ((*meta)[successor].rotated_from, std::optional<int64_t>(old_key));
  EXPECT_EQ((*meta)[successor].use_count, 0);

  // The old key lives on past its grace: found as rotated by its index once expired.
  ASSERT_TRUE(ApiKeys(*c).SetExpiration(old_key, "2026-01-01 00:00:00").ok());
  EXPECT_EQ(ApiKeys(*c).SetExpiration(999999, "2026-01-01 00:00:00").code(),
            StatusCode::kMissingError);
  auto live = ExpiredKeysWithIndex(*c, "kimkey01", "2026-06-01 00:00:00");
  ASSERT_TRUE(live.ok()) << live.status().message();
  ASSERT_EQ(live->size(), 1u);
  EXPECT_EQ((*live)[0].reason, KeyRetirement::kRotated);
  EXPECT_EQ((*live)[0].rotated_to, std::optional<int64_t>(successor));
  EXPECT_EQ((*live)[0].retired_at, "2026-01-01 00:00:00");
  EXPECT_TRUE(ExpiredKeysWithIndex(*c, "kimkey01", "2025-06-01 00:00:00")->empty());
  // Deleted, it leaves a tombstone with the same index.
  ASSERT_TRUE(*ApiKeys(*c).Delete(old_key));
  auto dead = TombstonesWithIndex(*c, "kimkey01");
  ASSERT_TRUE(dead.ok()) << dead.status().message();
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0].key_id, old_key);
  EXPECT_EQ((*dead)[0].user_id, uid);
  EXPECT_EQ((*dead)[0].reason, KeyRetirement::kRotated);
  EXPECT_FALSE((*dead)[0].key_hash.empty());
  // A key past its expiry that no rotation retired is expired; a key deleted for no recorded
  // reason was revoked.
  MakeKey(*c, uid, "kimkey03", std::nullopt, std::string("2026-01-01 00:00:00"));
  auto expired = ExpiredKeysWithIndex(*c, "kimkey03", "2026-06-01 00:00:00");
  ASSERT_TRUE(expired.ok() && expired->size() == 1u) << expired.status().message();
  EXPECT_EQ((*expired)[0].reason, KeyRetirement::kExpired);
  int64_t revoked = MakeKey(*c, uid, "kimkey04", std::nullopt, std::nullopt);
  ASSERT_TRUE(*ApiKeys(*c).Delete(revoked));
  auto gone = TombstonesWithIndex(*c, "kimkey04");
  ASSERT_TRUE(gone.ok() && gone->size() == 1u) << gone.status().message();
  EXPECT_EQ((*gone)[0].reason, KeyRetirement::kRevoked);
  EXPECT_TRUE(TombstonesWithIndex(*c, "kimkey03")->empty());
}

// The names of key retirements are the ones the tables store (their CHECK and triggers).
TEST(KeyRetirementTest, NamesAndParsingAreInverse) {
  EXPECT_STREQ(KeyRetirementName(KeyRetirement::kRevoked), "revoked");
  EXPECT_STREQ(KeyRetirementName(KeyRetirement::kRotated), "rotated");
  EXPECT_STREQ(KeyRetirementName(KeyRetirement::kExpired), "expired");
  for (KeyRetirement r :
       {KeyRetirement::kRevoked, KeyRetirement::kRotated, KeyRetirement::kExpired}) {
    EXPECT_EQ(ParseKeyRetirement(KeyRetirementName(r)), r);
  }
  EXPECT_FALSE(ParseKeyRetirement("Rotated").has_value());
  EXPECT_FALSE(ParseKeyRetirement("").has_value());
}

TEST_P(StoreContractTest, PartnerParentsPreferencesAndUserCompanies) {
  auto db = CreateAndOpen("partners");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "lou");
  auto user = Users(*c).FindById(uid);
  ASSERT_TRUE(user.ok() && user->has_value());
  const int64_t partner = (*user)->partner_id;
  auto parent = ParentOfPartner(*c, partner);
  ASSERT_TRUE(parent.ok() && parent->has_value()) << parent.status().message();
  EXPECT_FALSE((*parent)->parent_id.has_value());
  EXPECT_FALSE((*parent)->is_company);
  EXPECT_FALSE(ParentOfPartner(*c, 999999)->has_value());
  auto prefs = PreferencesOfPartner(*c, partner);
  ASSERT_TRUE(prefs.ok() && prefs->has_value()) << prefs.status().message();
  EXPECT_FALSE(PreferencesOfPartner(*c, 999999)->has_value());
  // A new user may use the main company (Users::Create); another user's rows are not read.
  EXPECT_TRUE(CompaniesOfUser(*c, 999999)->empty());
  auto companies = CompaniesOfUser(*c, uid);
  ASSERT_TRUE(companies.ok()) << companies.status().message();
  ASSERT_FALSE(companies->empty());
  EXPECT_EQ(companies->front().first, 1);
  EXPECT_FALSE(companies->front().second.empty());
}

}  // namespace
}  // namespace keygate::store
