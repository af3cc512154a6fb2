// Access rights, record rules and key scopes for one call (see acl_policy.h).
#include "models/acl_policy.h"

#include <algorithm>

#include "common/log.h"
#include "models/access_data.h"
#include "store/access_rules.h"
#include "store/groups.h"
#include "store/partners.h"

namespace keygate::models {

namespace {

constexpr const char* kPermColumn[4] = {"perm_read", "perm_write", "perm_create", "perm_unlink"};
constexpr const char* kDenialVerb[4] = {"access", "modify", "create", "delete"};

size_t Index(Operation op) { return static_cast<size_t>(op); }

Value Leaf(int64_t lhs) { return Value(Value::Array{Value(lhs), Value("="), Value(int64_t{1})}); }
Value TrueLeaf() { return Leaf(1); }
Value FalseLeaf() { return Leaf(0); }

// Odoo's expression.normalize_domain: explicit '&' for implicit conjunctions; [] is TRUE.
StatusOr<Value::Array> Normalize(const Value& domain) {
  if (!domain.is_array()) return ValidationError("a domain must be a list");
  if (domain.as_array().empty()) return Value::Array{TrueLeaf()};
  Value::Array result;
  int expected = 1;
  for (const Value& token : domain.as_array()) {
    if (expected == 0) {
      result.insert(result.begin(), Value("&"));
      expected = 1;
    }
    if (token.is_array()) {
      expected -= 1;
    } else if (token.is_string() && token.as_string() == "!") {
      // arity 1: expects as many as it consumes
    } else if (token.is_string() && (token.as_string() == "&" || token.as_string() == "|")) {
      expected += 1;
    } else {
      return ValidationError("a domain term must be a tuple or '&', '|', '!'");
    }
    result.push_back(token);
  }
  if (expected != 0) return ValidationError("the domain is not well formed");
  return result;
}

// Odoo's expression.combine (AND/OR of normalized domains).
Value::Array Combine(const char* op, const Value::Array& unit, const Value::Array& zero,
                     const std::vector<Value::Array>& domains) {
  if (domains.size() == 1 && domains[0] == unit) return unit;
  Value::Array result;
  size_t count = 0;
  for (const auto& d : domains) {
    if (d == unit) continue;
    if (d == zero) return zero;
    if (d.empty()) continue;
    result.insert(result.end(), d.begin(), d.end());
    ++count;
  }
  if (count == 0) return unit;
  Value::Array out(count - 1, Value(op));
  out.insert(out.end(), result.begin(), result.end());
  return out;
}

Value::Array And(const std::vector<Value::Array>& d) {
  return Combine("&", {TrueLeaf()}, {FalseLeaf()}, d);
}
Value::Array Or(const std::vector<Value::Array>& d) {
  return Combine("|", {FalseLeaf()}, {TrueLeaf()}, d);
}

// Odoo's [(link, 'any', domain)] for a required many2one: every field path of the (normalized)
// domain is read through `link`; the constant leaves (1, '=', 1) and (0, '=', 1) stay.
Value::Array ThroughField(const std::string& link, const Value& domain) {
  Value::Array out;
  for (const Value& token : domain.as_array()) {
    if (token.is_array() && !token.as_array().empty() && token.as_array()[0].is_string()) {
      Value::Array leaf = token.as_array();
      leaf[0] = Value(link + "." + leaf[0].as_string());
      out.emplace_back(std::move(leaf));
    } else {
      out.push_back(token);
    }
  }
  return out;
}

// Odoo's res.partner.commercial_partner_id: the contact itself when it is a company or has no
// parent, else its parent's. Like Odoo's cached rule domains, a policy built from it keeps it
// until the policy is rebuilt (a new auth generation, or credential_cache_ttl_seconds).
StatusOr<int64_t> CommercialPartner(store::SqlConnection& c, int64_t partner_id) {
  constexpr int kMaxLevels = 64;  // a longer chain (or a loop stored by hand) stops here
  int64_t current = partner_id;
  for (int level = 0; level < kMaxLevels && current != 0; ++level) {
    KG_ASSIGN_OR_RETURN(auto partner, store::ParentOfPartner(c, current));
    if (!partner || partner->is_company || !partner->parent_id) break;
    current = *partner->parent_id;
  }
  return current;
}

}  // namespace

Status AccessRightDenial(const ModelDef& model, Operation op,
                         const std::vector<std::string>& groups) {
  std::string msg = "You are not allowed to " + std::string(kDenialVerb[Index(op)]) + " '" +
                    (model.description.empty() ? model.name : model.description) + "' (" +
                    model.name + ") records.\n\n";
  if (groups.empty()) {
    msg += "No group currently allows this operation.";
  } else {
    msg += "This operation is allowed for the following groups:\n";
    for (size_t i = 0; i < groups.size(); ++i) msg += (i ? "\n\t- " : "\t- ") + groups[i];
  }
  msg += "\n\nContact your administrator to request access if necessary.";
  return AccessError(msg);
}

StatusOr<std::unique_ptr<AclPolicy>> AclPolicy::Create(store::SqlConnection& c, int64_t uid,
                                                       const std::optional<std::string>& key_scope,
                                                       PolicyMemo* memo) {
  std::unique_ptr<AclPolicy> p(new AclPolicy(c, uid, memo));
  if (memo != nullptr) p->user_ = memo->FindUser(uid);
  if (!p->user_) {
    p->user_ = std::make_shared<UserAccessRows>();
    if (uid != kSuperuserId) {
      KG_ASSIGN_OR_RETURN(p->user_->group_ids, store::EffectiveGroupIds(c, uid));
    }
    if (memo != nullptr) memo->PutUser(uid, p->user_);
  }
  p->scope_text_ = key_scope.value_or("");
  if (memo != nullptr) p->scope_ = memo->FindScope(key_scope);
  if (!p->scope_) {
    p->scope_ = std::make_shared<const StatusOr<KeyScope>>(KeyScope::Parse(key_scope));
    if (!p->scope_->ok()) {
      // Stored by hand or by an older tool: deny rather than guess what it meant.
      Log(LogLevel::kError, "access",
          "uid " + std::to_string(uid) +
              " uses an API key whose scope does not parse; it may do "
              "nothing: " +
              p->scope_->status().message());
    }
    if (memo != nullptr) memo->PutScope(key_scope, p->scope_);
  }
  return p;
}

bool AclPolicy::ScopeAllows(const ModelDef& model, Operation op) const {
  return scope_->ok() && (*scope_)->Allows(model.name, op);
}

bool AclPolicy::InGroups(int64_t gid) const {
  return std::binary_search(user_->group_ids.begin(), user_->group_ids.end(), gid);
}

StatusOr<const AclPolicy::ModelAccess*> AclPolicy::Load(const ModelDef& model) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = memo_.find(model.name); it != memo_.end()) return it->second.get();
  if (memo_of_generation_ != nullptr) {
    if (auto rows = memo_of_generation_->FindModel(model.name)) {
      return memo_.emplace(model.name, std::move(rows)).first->second.get();
    }
  }
  auto read = std::make_shared<ModelAccess>();
  ModelAccess& ma = *read;
  KG_ASSIGN_OR_RETURN(auto rights, store::ActiveAccessRightsOf(conn_, model.name));
  for (store::AccessRightRow& r : rights) {
    AccessRight a;
    a.id = r.id;
    a.name = std::move(r.name);
    a.group_id = r.group_id;
    std::copy(r.perm.begin(), r.perm.end(), a.perm);
    if (a.group_id) {
      a.group_name = r.group_category ? *r.group_category + "/" + r.group_name : r.group_name;
    }
    a.xml_id = r.xml_id.value_or("");
    ma.rights.push_back(std::move(a));
  }
  KG_ASSIGN_OR_RETURN(auto rules, store::ActiveRulesOf(conn_, model.name));
  for (store::RuleRow& r : rules) {
    RecordRule rule;
    rule.id = r.id;
    rule.name = std::move(r.name);
    rule.domain_force = std::move(r.domain_force);
    std::copy(r.perm.begin(), r.perm.end(), rule.perm);
    rule.group_ids = std::move(r.group_ids);
    ma.rules.push_back(std::move(rule));
  }
  if (memo_of_generation_ != nullptr) memo_of_generation_->PutModel(model.name, read);
  return memo_.emplace(model.name, std::move(read)).first->second.get();
}

StatusOr<bool> AclPolicy::UserMayDo(const ModelDef& model, Operation op) const {
  if (uid_ == kSuperuserId) return true;
  KG_ASSIGN_OR_RETURN(const ModelAccess* ma, Load(model));
  for (const auto& a : ma->rights) {
    if (a.perm[Index(op)] && (!a.group_id || InGroups(*a.group_id))) return true;
  }
  return false;
}

Status AclPolicy::ModelDenial(const ModelDef& model, Operation op) const {
  auto ma = Load(model);
  if (!ma.ok()) return ma.status();
  std::vector<std::string> groups;
  for (const auto& a : (*ma)->rights) {
    if (a.perm[Index(op)] && a.group_id) groups.push_back(a.group_name);
  }
  Log(LogLevel::kInfo, "access",
      "Access Denied by ACLs for operation: " + std::string(OperationName(op)) +
          ", uid: " + std::to_string(uid_) + ", model: " + model.name);
  return AccessRightDenial(model, op, groups);
}

Status AclPolicy::CheckModel(const ModelDef& model, Operation op) const {
  KG_ASSIGN_OR_RETURN(bool may, UserMayDo(model, op));
  if (!may) return ModelDenial(model, op);
  return CheckKeyScope(model, op);
}

Status AclPolicy::CheckModelWithGroups(const ModelDef& model, Operation op,
                                       const std::vector<int64_t>& group_ids) const {
  if (uid_ == kSuperuserId) return Status::Ok();
  KG_ASSIGN_OR_RETURN(const ModelAccess* ma, Load(model));
  for (const auto& a : ma->rights) {
    if (a.perm[Index(op)] && (!a.group_id || std::find(group_ids.begin(), group_ids.end(),
                                                       *a.group_id) != group_ids.end())) {
      return Status::Ok();
    }
  }
  return ModelDenial(model, op);
}

Status AclPolicy::CheckKeyScope(const ModelDef& model, Operation op) const {
  if (!ScopeAllows(model, op)) {
    Log(LogLevel::kInfo, "access",
        "Access Denied by API key scope for operation: " + std::string(OperationName(op)) +
            ", uid: " + std::to_string(uid_) + ", model: " + model.name);
    return KeyScopeDenial(scope_text_, model.name, op);
  }
  return Status::Ok();
}

StatusOr<const PyNames*> AclPolicy::EvalNames() const {
  if (user_->rule_names) return &*user_->rule_names;
  KG_ASSIGN_OR_RETURN(auto user, store::PartnerAndCompanyOfUser(conn_, uid_));
  int64_t partner_id = 0, company_id = 0;
  if (user) {
    partner_id = user->partner_id;
    company_id = user->company_id;
  }
  KG_ASSIGN_OR_RETURN(std::vector<int64_t> company_ids, store::CompanyIdsOfUser(conn_, uid_));
  if (company_ids.empty() && company_id != 0) company_ids.push_back(company_id);
  KG_ASSIGN_OR_RETURN(int64_t commercial_partner_id, CommercialPartner(conn_, partner_id));
  user_->rule_names =
      RuleEvalNames(uid_, partner_id, company_id, company_ids, commercial_partner_id);
  return &*user_->rule_names;
}

StatusOr<std::optional<Value>> AclPolicy::RuleDomain(const ModelDef& model, Operation op) const {
  if (uid_ == kSuperuserId) return std::optional<Value>();
  const std::pair<std::string, int> key(model.name, static_cast<int>(op));
  if (auto it = user_->rule_domains.find(key); it != user_->rule_domains.end()) return it->second;
  KG_ASSIGN_OR_RETURN(std::optional<Value> domain, ComputeRuleDomain(model, op));
  if (memo_of_generation_ != nullptr) user_->rule_domains.emplace(key, domain);
  return domain;
}

StatusOr<std::optional<Value>> AclPolicy::ComputeRuleDomain(const ModelDef& model,
                                                            Operation op) const {
  KG_ASSIGN_OR_RETURN(const ModelAccess* ma, Load(model));
  std::vector<Value::Array> global_domains, group_domains;
  // Odoo's ir.rule._compute_domain: the rules of each _inherits parent apply through its field,
  // as a global rule (a user reads the users whose partner it may read).
  for (const auto& [parent_name, link] : model.inherits) {
    const ModelDef* parent = registry_ ? registry_->Find(parent_name) : nullptr;
    if (parent == nullptr) continue;
    KG_ASSIGN_OR_RETURN(std::optional<Value> parent_domain, RuleDomain(*parent, op));
    if (parent_domain) global_domains.push_back(ThroughField(link, *parent_domain));
  }
  const PyNames* names = nullptr;
  for (const auto& rule : ma->rules) {
    if (!rule.perm[Index(op)]) continue;
    bool global = rule.group_ids.empty();
    if (!global && std::none_of(rule.group_ids.begin(), rule.group_ids.end(),
                                [&](int64_t g) { return InGroups(g); })) {
      continue;
    }
    if (names == nullptr) {
      KG_ASSIGN_OR_RETURN(names, EvalNames());
    }
    Value::Array domain;
    std::string text = rule.domain_force;
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) text = "[]";
    auto parsed = ParsePyLiteral(text, *names);
    auto normalized = parsed.ok() ? Normalize(*parsed) : StatusOr<Value::Array>(parsed.status());
    if (normalized.ok()) {
      domain = std::move(*normalized);
    } else {
      Log(LogLevel::kError, "access",
          "record rule " + std::to_string(rule.id) + " (" + rule.name + ") on " + model.name +
              " has a domain that cannot be used; it matches no record: " +
              normalized.status().message());
      domain = Value::Array{FalseLeaf()};
    }
    (global ? global_domains : group_domains).push_back(std::move(domain));
  }
  if (global_domains.empty() && group_domains.empty()) return std::optional<Value>();
  if (group_domains.empty()) return std::optional<Value>(Value(And(global_domains)));
  if (!group_domains.empty()) global_domains.push_back(Or(group_domains));
  return std::optional<Value>(Value(And(global_domains)));
}

Status AclPolicy::RuleViolation(const ModelDef& model, Operation op,
                                const std::vector<int64_t>& ids) const {
  std::string ids_text;
  for (size_t i = 0; i < ids.size() && i < 6; ++i) {
    ids_text += (i ? ", " : "") + std::to_string(ids[i]);
  }
  Log(LogLevel::kInfo, "access",
      "Access Denied by record rules for operation: " + std::string(OperationName(op)) +
          " on record ids: [" + ids_text + "], uid: " + std::to_string(uid_) +
          ", model: " + model.name);
  auto name = store::NameOfUser(conn_, uid_);
  const std::string user_name = name.ok() ? *name : "";
  return AccessError(
      "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, " + user_name +
      " (id=" + std::to_string(uid_) + ") doesn't have '" + OperationName(op) + "' access to:\n- " +
      (model.description.empty() ? model.name : model.description) + " (" + model.name +
      ")\n\nIf you really, really need access, perhaps you can win over your friendly "
      "administrator with a batch of freshly baked cookies.");
}

StatusOr<AccessExplanation> AclPolicy::Explain(const ModelDef& model, Operation op) const {
  AccessExplanation e;
  e.superuser = uid_ == kSuperuserId;
  e.scope = scope_text_;
  e.scope_allows = ScopeAllows(model, op);
  KG_ASSIGN_OR_RETURN(const ModelAccess* ma, Load(model));
  for (const auto& a : ma->rights) {
    if (!a.perm[Index(op)]) continue;
    if (a.group_id) e.would_grant.push_back(a.group_name);
    if (!a.group_id || InGroups(*a.group_id)) e.granting.push_back(a);
  }
  if (!e.superuser) {
    for (const auto& rule : ma->rules) {
      if (!rule.perm[Index(op)]) continue;
      if (rule.group_ids.empty() || std::any_of(rule.group_ids.begin(), rule.group_ids.end(),
                                                [&](int64_t g) { return InGroups(g); })) {
        e.rules.push_back(rule);
      }
    }
  }
  KG_ASSIGN_OR_RETURN(e.domain, RuleDomain(model, op));
  // The same verdict as CheckModel, without its log line (this is an explanation, not a call).
  KG_ASSIGN_OR_RETURN(bool may, UserMayDo(model, op));
  if (!may) {
    e.denial = AccessRightDenial(model, op, e.would_grant);
  } else if (!e.scope_allows) {
    e.denial = KeyScopeDenial(scope_text_, model.name, op);
  }
  e.allowed = e.denial.ok();
  return e;
}

StatusOr<std::unique_ptr<AclPolicy>> PolicyForCall(const std::shared_ptr<store::Database>& db,
                                                   store::SqlConnection& c,
                                                   const Registry& registry, int64_t uid,
                                                   const std::optional<std::string>& key_scope,
                                                   std::optional<int64_t> generation,
                                                   const PolicyMemoLimits& memo_limits) {
  PolicyMemo* memo =
      generation ? &PolicyMemo::ForThisThread(db, *generation, memo_limits) : nullptr;
  if (memo == nullptr || !memo->access_data_checked) {
    KG_RETURN_IF_ERROR(EnsureAccessDataOnce(db, c, registry));
    if (memo != nullptr) memo->access_data_checked = true;
  }
  KG_ASSIGN_OR_RETURN(std::unique_ptr<AclPolicy> policy,
                      AclPolicy::Create(c, uid, key_scope, memo));
  policy->set_attached_database(db->attached());
  policy->set_registry(&registry);
  return policy;
}

bool AclPolicy::Serves(const ModelDef& model) const {
  if (!attached_database_) return true;
  return model.name == "res.users" || model.name == "res.partner" || model.name == "res.company" ||
         model.name == "res.groups" || model.name == "ir.module.category";
}

}  // namespace keygate::models
