// Odoo 18 res.partner._get_complete_name, over the rows of a contact hierarchy.
#include "models/contact_names.h"

#include <map>
#include <set>
#include <string>

#include "models/sql_builder.h"

namespace keygate::models {
namespace {

constexpr int kMaxLevels = 64;  // parent chains longer than this are not followed

struct Contact {
  std::string name;
  bool is_company = false;
  int64_t parent = 0;
  std::string type;
  std::string company_name;  // Odoo's company_name, typed on a contact without a parent
};

std::string InList(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
  return "(" + out + ")";
}

class Hierarchy {
 public:
  Hierarchy(store::SqlConnection& conn, const ModelDef& model, const FieldDef& parent)
      : conn_(conn), model_(model), parent_(parent) {}

  // Loads the rows of `ids` (and, on demand, of their ancestors).
  Status Load(const std::vector<int64_t>& ids) {
    std::vector<int64_t> todo;
    for (int64_t id : ids) {
      if (!rows_.count(id)) todo.push_back(id);
    }
    if (todo.empty()) return Status::Ok();
    const FieldDef* type = model_.Find("type");
    const FieldDef* company_name = model_.Find("company_name");
    auto column_or_null = [](const FieldDef* f) {
      return f && f->store ? QuoteIdent(f->column) : std::string("NULL");
    };
    std::string sql = "SELECT \"id\", \"name\", \"is_company\", " + QuoteIdent(parent_.column) +
                      ", " + column_or_null(type) + ", " + column_or_null(company_name) + " FROM " +
                      QuoteIdent(model_.table) + " WHERE \"id\" IN " + InList(todo);
    KG_ASSIGN_OR_RETURN(store::ResultSet rs, conn_.Query(sql, {}));
    for (const auto& r : rs.rows()) {
      rows_[store::AsInt(r[0])] =
          Contact{store::AsText(r[1]), store::AsBool(r[2]), store::AsInt(r[3]), store::AsText(r[4]),
                  store::AsText(r[5])};
    }
    return Status::Ok();
  }

  StatusOr<const Contact*> Get(int64_t id) {
    KG_RETURN_IF_ERROR(Load({id}));
    auto it = rows_.find(id);
    return it == rows_.end() ? nullptr : &it->second;
  }

  // Odoo's commercial_partner_id: the nearest company up the chain, else the topmost contact.
  StatusOr<const Contact*> Commercial(const Contact* c) {
    for (int level = 0; level < kMaxLevels && !c->is_company && c->parent != 0; ++level) {
      KG_ASSIGN_OR_RETURN(const Contact* up, Get(c->parent));
      if (!up) break;
      c = up;
    }
    return c;
  }

  StatusOr<std::string> CompleteName(const Contact& c) {
    std::string name = c.name;
    if (!c.company_name.empty() || c.parent != 0) {
      if (name.empty()) {
        if (c.type == "invoice") name = "Invoice Address";
        if (c.type == "delivery") name = "Delivery Address";
        if (c.type == "other") name = "Other Address";
      }
      if (!c.is_company) {
        KG_ASSIGN_OR_RETURN(const Contact* commercial, Commercial(&c));
        // commercial_company_name: the commercial partner's name when it is a company, else the
        // contact's own company_name; failing both, the parent's name.
        std::string company =
            commercial->is_company && !commercial->name.empty() ? commercial->name : c.company_name;
        if (company.empty() && c.parent != 0) {
          KG_ASSIGN_OR_RETURN(const Contact* parent, Get(c.parent));
          if (parent) company = parent->name;
        }
        name = company + ", " + name;
      }
    }
    size_t begin = name.find_first_not_of(" \t\n\r\f\v");
    if (begin == std::string::npos) return std::string();
    size_t end = name.find_last_not_of(" \t\n\r\f\v");
    return name.substr(begin, end - begin + 1);
  }

 private:
  store::SqlConnection& conn_;
  const ModelDef& model_;
  const FieldDef& parent_;
  std::map<int64_t, Contact> rows_;
};

}  // namespace

Status RecomputeContactNames(store::SqlConnection& conn, const ModelDef& model,
                             const FieldDef& field, const std::vector<int64_t>& ids) {
  const FieldDef* parent = model.Find(field.compute.operands[0]);
  if (!parent) return InternalError("contact_name without its parent field");
  // The records and their descendants, level by level (parents first).
  std::vector<int64_t> order;
  std::set<int64_t> seen;
  std::vector<int64_t> level = ids;
  for (int depth = 0; depth < kMaxLevels && !level.empty(); ++depth) {
    std::vector<int64_t> next_input;
    for (int64_t id : level) {
      if (seen.insert(id).second) {
        order.push_back(id);
        next_input.push_back(id);
      }
    }
    if (next_input.empty()) break;
    KG_ASSIGN_OR_RETURN(store::ResultSet rs,
                        conn.Query("SELECT \"id\" FROM " + QuoteIdent(model.table) + " WHERE " +
                                       QuoteIdent(parent->column) + " IN " + InList(next_input),
                                   {}));
    level.clear();
    for (const auto& r : rs.rows()) level.push_back(store::AsInt(r[0]));
  }
  Hierarchy hierarchy(conn, model, *parent);
  KG_RETURN_IF_ERROR(hierarchy.Load(order));
  for (int64_t id : order) {
    KG_ASSIGN_OR_RETURN(const Contact* c, hierarchy.Get(id));
    if (!c) continue;
    KG_ASSIGN_OR_RETURN(std::string name, hierarchy.CompleteName(*c));
    KG_RETURN_IF_ERROR(conn.Exec("UPDATE " + QuoteIdent(model.table) + " SET " +
                                     QuoteIdent(field.column) + " = ? WHERE \"id\" = ?",
                                 {name, id})
                           .status());
  }
  return Status::Ok();
}

}  // namespace keygate::models
