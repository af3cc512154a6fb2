// The storage contract (store_contract_test.h) for the tables of access control (ir_model,
// ir_model_data, ir_model_access, ir_rule, rule_group_rel), the group catalogue, web sessions,
// the key inventory and the narrower reads of users, partners and the event log that the
// policy, the audit, the doctor and the demo data make. Every backend runs it.
#include <algorithm>
#include <utility>
#include <vector>

#include "store/access_rules.h"
#include "store/auth_event_log.h"
#include "store/group_catalog.h"
#include "store/groups.h"
#include "store/key_inventory.h"
#include "store/key_metadata.h"
#include "store/partners.h"
#include "store/repositories.h"
#include "store/store_contract_test.h"
#include "store/web_sessions.h"

namespace keygate::store {
namespace {

constexpr int64_t kInternalUser = 1;  // base.group_user, seeded by the migrations
constexpr int64_t kAccessRights = 2;  // base.group_erp_manager, implies group_user
constexpr int64_t kSettings = 3;      // base.group_system, implies group_erp_manager

TEST_P(StoreContractTest, ModelsAndExternalIds) {
  auto db = CreateAndOpen("xmlids");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  auto id = UpsertModel(*c, "x.thing", "Thing");
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto again = UpsertModel(*c, "x.thing", "Renamed thing");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(*again, *id);  // renamed, not duplicated
  EXPECT_NE(*UpsertModel(*c, "x.other", "Other"), *id);

  EXPECT_FALSE(FindXmlId(*c, "kgtest", "model_x_thing", "ir.model")->has_value());
  ASSERT_TRUE(SetXmlId(*c, "kgtest", "model_x_thing", "ir.model", *id).ok());
  EXPECT_EQ(*FindXmlId(*c, "kgtest", "model_x_thing", "ir.model"), std::optional<int64_t>(*id));
  // Another model's record is not this id's.
  EXPECT_FALSE(FindXmlId(*c, "kgtest", "model_x_thing", "res.groups")->has_value());
  ASSERT_TRUE(SetXmlId(*c, "kgtest", "model_x_thing", "ir.model", *id + 100).ok());  // moved
  EXPECT_EQ(*FindXmlId(*c, "kgtest", "model_x_thing", "ir.model"),
            std::optional<int64_t>(*id + 100));
  ASSERT_TRUE(SetXmlId(*c, "kgtest", "second", "ir.model", 7).ok());
  auto listed = XmlIdsOf(*c, "kgtest", "ir.model");
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].name, "model_x_thing");
  EXPECT_EQ((*listed)[0].res_id, *id + 100);
  EXPECT_EQ((*listed)[1].name, "second");
  EXPECT_TRUE(XmlIdsOf(*c, "kgtest", "ir.rule")->empty());
  ASSERT_TRUE(DeleteXmlId(*c, (*listed)[0].id).ok());
  EXPECT_FALSE(FindXmlId(*c, "kgtest", "model_x_thing", "ir.model")->has_value());
}

TEST_P(StoreContractTest, AccessRightsAreWrittenAndReadForTheirModel) {
  auto db = CreateAndOpen("rights");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  const int64_t model = *UpsertModel(*c, "x.thing", "Thing");
  const int64_t other = *UpsertModel(*c, "x.other", "Other");
  auto everybody =
      InsertAccessRight(*c, {"everybody", model, std::nullopt, {true, false, false, false}});
  ASSERT_TRUE(everybody.ok()) << everybody.status().message();
  auto settings = InsertAccessRight(*c, {"settings", model, kSettings, {true, true, true, true}});
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  ASSERT_TRUE(InsertAccessRight(*c, {"other", other, std::nullopt, {true, true, true, true}}).ok());
  ASSERT_TRUE(SetXmlId(*c, "kgtest", "access_settings", "ir.model.access", *settings).ok());
  EXPECT_TRUE(*AccessRightExists(*c, *settings));
  EXPECT_FALSE(*AccessRightExists(*c, 999999));

  auto rights = ActiveAccessRightsOf(*c, "x.thing");
  ASSERT_TRUE(rights.ok()) << rights.status().message();
  ASSERT_EQ(rights->size(), 2u);
  // Grouped rights first, by category and group name; the one for everybody last.
  const AccessRightRow& grouped = (*rights)[0];
  EXPECT_EQ(grouped.id, *settings);
  EXPECT_EQ(grouped.group_id, std::optional<int64_t>(kSettings));
  EXPECT_EQ(grouped.group_category, std::optional<std::string>("Administration"));
  EXPECT_EQ(grouped.group_name, "Settings");
  EXPECT_EQ(grouped.xml_id, std::optional<std::string>("kgtest.access_settings"));
  EXPECT_EQ(grouped.perm, (Permissions{true, true, true, true}));
  const AccessRightRow& open = (*rights)[1];
  EXPECT_EQ(open.name, "everybody");
  EXPECT_FALSE(open.group_id.has_value());
  EXPECT_FALSE(open.group_category.has_value());
  EXPECT_FALSE(open.xml_id.has_value());
  EXPECT_EQ(open.perm, (Permissions{true, false, false, false}));

  ASSERT_TRUE(UpdateAccessRight(*c, *everybody,
                                {"renamed", model, kInternalUser, {false, true, false, true}})
                  .ok());
  rights = ActiveAccessRightsOf(*c, "x.thing");
  ASSERT_TRUE(rights.ok());
  ASSERT_EQ(rights->size(), 2u);
  const auto renamed = std::find_if(rights->begin(), rights->end(),
                                    [&](const AccessRightRow& r) { return r.id == *everybody; });
  ASSERT_NE(renamed, rights->end());
  EXPECT_EQ(renamed->name, "renamed");
  EXPECT_EQ(renamed->group_name, "Internal User");
  EXPECT_EQ(renamed->perm, (Permissions{false, true, false, true}));
  // An archived right is not read.
  ASSERT_TRUE(c->Exec("UPDATE ir_model_access SET active = FALSE WHERE id = ?", {*everybody}).ok());
  EXPECT_EQ(ActiveAccessRightsOf(*c, "x.thing")->size(), 1u);
  ASSERT_TRUE(DeleteAccessRight(*c, *settings).ok());
  EXPECT_TRUE(ActiveAccessRightsOf(*c, "x.thing")->empty());
  EXPECT_EQ(ActiveAccessRightsOf(*c, "x.other")->size(), 1u);
  EXPECT_TRUE(ActiveAccessRightsOf(*c, "x.unknown")->empty());
}

TEST_P(StoreContractTest, RecordRulesWithTheirGroups) {
  auto db = CreateAndOpen("rules");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  const int64_t model = *UpsertModel(*c, "x.thing", "Thing");
  auto global = InsertRule(*c, {"global", model, "[('a', '=', 1)]", {true, true, true, true}});
  ASSERT_TRUE(global.ok()) << global.status().message();
  auto grouped = InsertRule(*c, {"grouped", model, "[]", {true, false, false, false}});
  ASSERT_TRUE(grouped.ok()) << grouped.status().message();
  ASSERT_TRUE(SetRuleGroups(*c, *grouped, {kSettings, kInternalUser}).ok());
  EXPECT_TRUE(*RuleExists(*c, *grouped));
  EXPECT_FALSE(*RuleExists(*c, 999999));

  auto rules = ActiveRulesOf(*c, "x.thing");
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  ASSERT_EQ(rules->size(), 2u);
  EXPECT_EQ((*rules)[0].id, *global);
  EXPECT_EQ((*rules)[0].domain_force, "[('a', '=', 1)]");
  EXPECT_TRUE((*rules)[0].group_ids.empty());
  EXPECT_EQ((*rules)[1].id, *grouped);
  EXPECT_EQ((*rules)[1].perm, (Permissions{true, false, false, false}));
  EXPECT_EQ((*rules)[1].group_ids, (std::vector<int64_t>{kInternalUser, kSettings}));

  // Replacing the groups drops the old ones; updating keeps the id.
  ASSERT_TRUE(SetRuleGroups(*c, *grouped, {kAccessRights}).ok());
  ASSERT_TRUE(
      UpdateRule(*c, *grouped, {"renamed", model, "[('b', '=', 2)]", {false, true, false, false}})
          .ok());
  rules = ActiveRulesOf(*c, "x.thing");
  ASSERT_TRUE(rules.ok());
  ASSERT_EQ(rules->size(), 2u);
  EXPECT_EQ((*rules)[1].name, "renamed");
  EXPECT_EQ((*rules)[1].domain_force, "[('b', '=', 2)]");
  EXPECT_EQ((*rules)[1].perm, (Permissions{false, true, false, false}));
  EXPECT_EQ((*rules)[1].group_ids, std::vector<int64_t>{kAccessRights});
  ASSERT_TRUE(DeleteRule(*c, *global).ok());
  rules = ActiveRulesOf(*c, "x.thing");
  ASSERT_EQ(rules->size(), 1u);
  EXPECT_EQ((*rules)[0].id, *grouped);
}

TEST_P(StoreContractTest, GroupCatalogueAndGrantsByExternalId) {
  auto db = CreateAndOpen("catalogue");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "mia");
  ASSERT_TRUE(GrantGroupsByXmlId(*c, uid, {"base.group_erp_manager", "base.no_such_group"}).ok());
  ASSERT_TRUE(GrantGroupsByXmlId(*c, uid, {"base.group_erp_manager"}).ok());  // already in it
  auto groups = AllGroups(*c);
  ASSERT_TRUE(groups.ok()) << groups.status().message();
  auto find = [&](int64_t id) {
    return *std::find_if(groups->begin(), groups->end(),
                         [&](const GroupRow& g) { return g.id == id; });
  };
  const GroupRow internal = find(kInternalUser);
  EXPECT_EQ(internal.name, "Internal User");
  EXPECT_EQ(internal.category, std::optional<std::string>("User types"));
  EXPECT_EQ(internal.xml_id, std::optional<std::string>("base.group_user"));
  EXPECT_EQ(internal.api_key_duration, 90.0);
  const GroupRow rights = find(kAccessRights);
  EXPECT_EQ(rights.members, 1);           // mia, once
  EXPECT_EQ(find(kSettings).members, 1);  // the superuser

  auto implications = GroupImplications(*c);
  ASSERT_TRUE(implications.ok()) << implications.status().message();
  EXPECT_NE(std::find(implications->begin(), implications->end(),
                      std::make_pair(kAccessRights, kInternalUser)),
            implications->end());
  EXPECT_TRUE(std::is_sorted(implications->begin(), implications->end()));

  auto names = EffectiveGroupNamesOfUsers(*c);
  ASSERT_TRUE(names.ok()) << names.status().message();
  std::vector<std::string> of_mia;
  for (const UserGroupName& g : *names) {
    if (g.uid != uid) continue;
    of_mia.push_back(g.full_name);
    EXPECT_FALSE(g.is_system);
  }
  // Directly and by implication, "Category / Name", by name.
  // (Internal User implies Technical Features, as in Odoo 18.)
  EXPECT_EQ(of_mia, (std::vector<std::string>{"Administration / Access Rights",
                                              "Extra Rights / Technical Features",
                                              "User types / Internal User"}));
  EXPECT_TRUE(std::any_of(names->begin(), names->end(), [](const UserGroupName& g) {
    return g.uid == 1 && g.is_system && g.full_name == "Administration / Settings";
  }));
}

TEST_P(StoreContractTest, WebSessionsRows) {
  auto db = CreateAndOpen("websessions");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "nora");
  int64_t key = MakeKey(*c, uid, "norakey1", std::nullopt, std::nullopt);
  NewSessionRow pending;
  pending.sid_hash = "hash-pending";
  pending.pending_uid = uid;
  pending.fingerprint = "fp";
  pending.client_ip = "10.0.0.1";
  pending.user_agent = "ua";
  pending.create_date = "2026-01-01 10:00:00";
  ASSERT_TRUE(InsertSession(*c, pending).ok());
  NewSessionRow keyed = pending;
  keyed.sid_hash = "hash-keyed";
  keyed.uid = uid;
  keyed.pending_uid.reset();
  keyed.key_id = key;
  keyed.create_date = "2026-01-02 10:00:00";
  ASSERT_TRUE(InsertSession(*c, keyed).ok());

  EXPECT_FALSE(FindSessionByHash(*c, "hash-none")->has_value());
  auto found = FindSessionByHash(*c, "hash-pending");
  ASSERT_TRUE(found.ok() && found->has_value()) << found.status().message();
  const SessionRow& s = **found;
  EXPECT_FALSE(s.uid.has_value());
  EXPECT_EQ(s.pending_uid, std::optional<int64_t>(uid));
  EXPECT_FALSE(s.key_id.has_value());
  EXPECT_EQ(s.fingerprint, "fp");
  EXPECT_EQ(s.create_date, "2026-01-01 10:00:00");
  EXPECT_EQ(s.last_seen, "2026-01-01 10:00:00");
  EXPECT_EQ(s.login, "nora");
  EXPECT_EQ(s.password, "hash-nora");
  EXPECT_TRUE(s.active);
  EXPECT_EQ(s.totp_secret, "");

  ASSERT_TRUE(PromotePendingSession(*c, s.id).ok());
  ASSERT_TRUE(TouchSession(*c, "hash-pending", "2026-01-03 10:00:00").ok());
  found = FindSessionByHash(*c, "hash-pending");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->uid, std::optional<int64_t>(uid));
  EXPECT_FALSE((*found)->pending_uid.has_value());
  EXPECT_EQ((*found)->last_seen, "2026-01-03 10:00:00");
  EXPECT_EQ((*FindSessionByHash(*c, "hash-keyed"))->key_id, std::optional<int64_t>(key));

  // Ended: idle since before the first bound, or created before the second.
  auto ended = DeleteEndedSessions(*c, "2026-01-02 10:00:01", "2000-01-01 00:00:00");
  ASSERT_TRUE(ended.ok()) << ended.status().message();
  EXPECT_EQ(*ended, 1);  // the keyed one, last seen 01-02 10:00:00
  EXPECT_TRUE(FindSessionByHash(*c, "hash-pending")->has_value());
  ASSERT_TRUE(DeleteSessionByHash(*c, "hash-pending").ok());
  EXPECT_FALSE(FindSessionByHash(*c, "hash-pending")->has_value());
  ASSERT_TRUE(InsertSession(*c, keyed).ok());
  EXPECT_EQ(*DeleteEndedSessions(*c, "2000-01-01 00:00:00", "2026-01-02 10:00:01"), 1);
}

TEST_P(StoreContractTest, KeyInventoryWithOwnersAndLastUse) {
  auto db = CreateAndOpen("inventory");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t zed = MakeUser(*c, "zed");
  int64_t amy = MakeUser(*c, "amy", /*active=*/false);
  int64_t zed_key = MakeKey(*c, zed, "zedkey01", std::string("rpc"), std::nullopt);
  int64_t amy_key = MakeKey(*c, amy, "amykey01", std::nullopt, std::string("2030-01-01 00:00:00"));
  ASSERT_TRUE(Users(*c).SetTotpSecret(zed, std::string("JBSWY3DPEHPK3PXP")).ok());
  AuthEvent use;
  use.create_date = "2026-01-01 10:00:00.000";
  use.db = "db";
  use.channel = "xmlrpc";
  use.login = "zed";
  use.key_id = zed_key;
  use.client_ip = "10.0.0.7";
  use.success = true;
  use.reason = "ok";
  ASSERT_TRUE(AppendAuthEvents(*c, {use}).ok());

  auto keys = KeyInventory(*c);
  ASSERT_TRUE(keys.ok()) << keys.status().message();
  ASSERT_EQ(keys->size(), 2u);
  const KeyInventoryRow& a = (*keys)[0];  // by login: amy first
  EXPECT_EQ(a.id, amy_key);
  EXPECT_EQ(a.login, "amy");
  EXPECT_EQ(a.user_id, amy);
  EXPECT_FALSE(a.scope.has_value());
  EXPECT_EQ(a.expiration_date, "2030-01-01 00:00:00");
  EXPECT_EQ(a.last_used_at, "");
  EXPECT_FALSE(a.user_active);
  EXPECT_FALSE(a.user_2fa);
  const KeyInventoryRow& z = (*keys)[1];
  EXPECT_EQ(z.id, zed_key);
  EXPECT_EQ(z.scope, std::optional<std::string>("rpc"));
  EXPECT_EQ(z.expiration_date, "");
  EXPECT_EQ(z.last_used_ip, "10.0.0.7");
  EXPECT_FALSE(z.last_used_at.empty());
  EXPECT_TRUE(z.user_active);
  EXPECT_TRUE(z.user_2fa);
  EXPECT_FALSE(z.create_date.empty());
}

TEST_P(StoreContractTest, EventLogReadsOfTheDoctorAndTheAudit) {
  auto db = CreateAndOpen("eventreads");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "otto");
  int64_t key = MakeKey(*c, uid, "ottokey1", std::nullopt, std::nullopt);
  EXPECT_EQ(*LastEventWithKeyIndex(*c, "ottokey1"), "");
  AuthEvent e;
  e.db = "db";
  e.channel = "xmlrpc";
  e.login = "otto";
  e.key_index = "ottokey1";
  e.client_ip = "10.0.0.1";
  e.reason = "unknown_key";
  e.create_date = "2026-01-01 10:00:00.000";
  AuthEvent later = e;
  later.create_date = "2026-01-02 10:00:00.000";
  ASSERT_TRUE(AppendAuthEvents(*c, {later, e}).ok());
  EXPECT_EQ(*LastEventWithKeyIndex(*c, "ottokey1"), "2026-01-02 10:00:00.000");
  EXPECT_EQ(*LastEventWithKeyIndex(*c, "otherkey"), "");

  ASSERT_TRUE(AddKeyUsage(*c, {{key, "res.partner", "write", "2026-01-05 00:00:00", 1},
                               {key, "res.partner", "read", "2026-01-05 00:00:00", 1},
                               {key, "sale.order", "read", "2025-12-01 00:00:00", 1}})
                  .ok());
  auto ops = KeyOperationsSince(*c, key, "2026-01-01 00:00:00");
  ASSERT_TRUE(ops.ok()) << ops.status().message();
  EXPECT_EQ(*ops, (std::vector<std::pair<std::string, std::string>>{{"res.partner", "read"},
                                                                    {"res.partner", "write"}}));
  EXPECT_EQ(KeyOperationsSince(*c, key, "2025-01-01 00:00:00")->size(), 3u);
  EXPECT_TRUE(KeyOperationsSince(*c, key + 1, "2025-01-01 00:00:00")->empty());
}

TEST_P(StoreContractTest, UsersPartnersCompaniesAndCustomers) {
  auto db = CreateAndOpen("people");
  ASSERT_NE(db, nullptr);
  auto c = Lease(*db);
  int64_t uid = MakeUser(*c, "pia");
  auto pc = PartnerAndCompanyOfUser(*c, uid);
  ASSERT_TRUE(pc.ok() && pc->has_value()) << pc.status().message();
  EXPECT_EQ((*pc)->partner_id, (*Users(*c).FindById(uid))->partner_id);
  EXPECT_EQ((*pc)->company_id, 1);
  EXPECT_FALSE(PartnerAndCompanyOfUser(*c, 999999)->has_value());
  EXPECT_EQ(*CompanyIdsOfUser(*c, uid), std::vector<int64_t>{1});
  EXPECT_TRUE(CompanyIdsOfUser(*c, 999999)->empty());
  EXPECT_EQ(*NameOfUser(*c, uid), "Name of pia");
  EXPECT_EQ(*NameOfUser(*c, 999999), "");

  auto before = ActiveCustomerIds(*c);
  ASSERT_TRUE(before.ok()) << before.status().message();
  auto b = CreateCustomer(*c, {"Bo", "bo@example.com", "555", "Turlock", false});
  auto a = CreateCustomer(*c, {"Acme", "acme@example.com", "556", "Tracy", true});
  ASSERT_TRUE(a.ok() && b.ok()) << a.status().message();
  auto after = ActiveCustomerIds(*c);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), before->size() + 2);
  EXPECT_TRUE(std::is_sorted(after->begin(), after->end()));
  EXPECT_EQ(after->back(), *a);
  auto acme = ParentOfPartner(*c, *a);
  ASSERT_TRUE(acme.ok() && acme->has_value());
  EXPECT_TRUE((*acme)->is_company);
  EXPECT_FALSE((*ParentOfPartner(*c, *b))->is_company);

  // Another internal user than the one named, never the superuser nor a portal user.
  Users users(*c);
  EXPECT_FALSE(users.FirstOtherInternalUser(uid)->has_value());
  int64_t second = MakeUser(*c, "quin");
  EXPECT_EQ(*users.FirstOtherInternalUser(uid), std::optional<int64_t>(second));
  EXPECT_EQ(*users.FirstOtherInternalUser(second), std::optional<int64_t>(uid));
  ASSERT_TRUE(users.SetActive(second, false).ok());
  EXPECT_FALSE(users.FirstOtherInternalUser(uid)->has_value());
}

}  // namespace
}  // namespace keygate::store
