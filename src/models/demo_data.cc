// Demo products, orders, invoices and transfers, in the spirit of Odoo's own demo data.
#include "models/demo_data.h"

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "models/access.h"
#include "models/orm.h"
#include "models/registry.h"
#include "store/partners.h"
#include "store/repositories.h"

namespace keygate::models {
namespace {

struct DemoProduct {
  const char* name;
  const char* code;
  double price;
  double cost;
  const char* type;
};

constexpr DemoProduct kProducts[] = {
    {"Office Chair", "FURN_7777", 70.0, 55.0, "consu"},
    {"Office Lamp", "FURN_8888", 40.0, 35.0, "consu"},
    {"Large Desk", "E-COM09", 1799.0, 1299.0, "product"},
    {"Corner Desk Right Sit", "E-COM06", 147.0, 600.0, "product"},
    {"Desk Combination", "FURN_7800", 450.0, 300.0, "product"},
    {"Cabinet with Doors", "E-COM11", 140.0, 120.5, "product"},
    {"Drawer Black", "FURN_8900", 25.0, 20.0, "consu"},
    {"Large Cabinet", "E-COM07", 320.0, 800.0, "product"},
    {"Storage Box", "E-COM08", 15.8, 14.0, "consu"},
    {"Virtual Home Staging", "SERV_1001", 38.25, 25.5, "service"},
};

constexpr const char* kStates[] = {"sale", "draft", "sent", "sale", "cancel", "sale"};

std::string Date(int i, bool with_time) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "2024-%02d-%02d", 1 + i % 12, 1 + (i * 7) % 28);
  std::string s = buf;
  if (with_time) {
    std::snprintf(buf, sizeof buf, " %02d:%02d:00", 8 + i % 9, (i * 13) % 60);
    s += buf;
  }
  return s;
}

}  // namespace

Status SeedBusinessDemoData(store::SqlConnection& conn, int64_t admin_uid) {
  KG_ASSIGN_OR_RETURN(Registry registry, Registry::LoadEmbedded());
  static const AllowAll kAllowAll;
  Env env{admin_uid, Value(Value::Struct{}), &kAllowAll, /*own_transaction=*/false};
  auto create = [&](std::string_view model, Value::Struct vals) -> StatusOr<int64_t> {
    KG_ASSIGN_OR_RETURN(Value id,
                        Call(registry, conn, env, model, "create", {Value(std::move(vals))}, {}));
    return id.as_int();
  };
  auto write = [&](std::string_view model, int64_t id, Value::Struct vals) -> Status {
    return Call(registry, conn, env, model, "write",
                {Value(Value::Array{Value(id)}), Value(std::move(vals))}, {})
        .status();
  };

  std::vector<int64_t> products;
  for (const DemoProduct& p : kProducts) {
    KG_ASSIGN_OR_RETURN(int64_t id, create("product.product", {{"name", Value(p.name)},
                                                               {"default_code", Value(p.code)},
                                                               {"list_price", Value(p.price)},
                                                               {"standard_price", Value(p.cost)},
                                                               {"type", Value(p.type)}}));
    products.push_back(id);
  }

  KG_ASSIGN_OR_RETURN(std::vector<int64_t> customers, store::ActiveCustomerIds(conn));
  if (customers.empty()) return Status::Ok();
  // A second salesperson when the database has one; otherwise orders without one.
  KG_ASSIGN_OR_RETURN(std::optional<int64_t> another,
                      store::Users(conn).FirstOtherInternalUser(admin_uid));
  Value other = another ? Value(*another) : False();

  struct Confirmed {
    int64_t id;
    int64_t partner;
  };
  std::vector<Confirmed> confirmed;
  for (int i = 0; i < kDemoSaleOrders; ++i) {
    int64_t partner = customers[i % customers.size()];
    Value user = i % 3 == 0 ? Value(admin_uid) : i % 3 == 1 ? False() : other;
    if (i % 3 == 2 && other.is_bool()) user = Value(admin_uid);
    Value::Array lines;
    for (int l = 0; l <= i % 3; ++l) {
      const DemoProduct& p = kProducts[(i + l * 3) % std::size(kProducts)];
      lines.emplace_back(Value::Array{
          Value(0), Value(0),
          Value(Value::Struct{{"product_id", Value(products[(i + l * 3) % products.size()])},
                              {"name", Value(std::string("[") + p.code + "] " + p.name)},
                              {"product_uom_qty", Value(static_cast<double>(1 + (i + l) % 5))},
                              {"price_unit", Value(p.price)}})});
    }
    const char* state = kStates[i % std::size(kStates)];
    KG_ASSIGN_OR_RETURN(
        int64_t id,
        create("sale.order", {{"partner_id", Value(partner)},
                              {"date_order", Value(Date(i, true))},
                              {"user_id", user},
                              {"state", Value(state)},
                              {"client_order_ref",
                               i % 4 == 0 ? Value("PO-" + std::to_string(1000 + i)) : False()},
                              {"order_line", Value(std::move(lines))}}));
    if (std::string(state) == "sale") confirmed.push_back({id, partner});
  }

  // Invoices and deliveries for the first confirmed orders.
  for (size_t k = 0; k < confirmed.size() && k < 6; ++k) {
    const Confirmed& c = confirmed[k];
    KG_ASSIGN_OR_RETURN(
        Value order,
        Call(registry, conn, env, "sale.order", "read", {Value(Value::Array{Value(c.id)})},
             {{"fields", Value(Value::Array{"name", "amount_total"})}}));
    const Value& rec = order.as_array()[0];
    char number[32];
    std::snprintf(number, sizeof number, "INV/2024/%05zu", k + 1);
    KG_ASSIGN_OR_RETURN(
        int64_t move,
        create("account.move", {{"name", Value(number)},
                                {"move_type", Value("out_invoice")},
                                {"partner_id", Value(c.partner)},
                                {"invoice_date", Value(Date(static_cast<int>(k), false))},
                                {"invoice_origin", *rec.Find("name")},
                                {"amount_total", *rec.Find("amount_total")}}));
    if (k < 4) KG_RETURN_IF_ERROR(write("account.move", move, {{"state", Value("posted")}}));
    KG_ASSIGN_OR_RETURN(
        int64_t picking,
        create("stock.picking", {{"partner_id", Value(c.partner)},
                                 {"origin", *rec.Find("name")},
                                 {"picking_type_code", Value("outgoing")},
                                 {"scheduled_date", Value(Date(static_cast<int>(k), true))}}));
    KG_RETURN_IF_ERROR(
        write("stock.picking", picking, {{"state", Value(k % 2 == 0 ? "done" : "assigned")}}));
  }
  // A vendor bill and a receipt, so that every type shows up.
  int64_t vendor = customers[0];
  KG_RETURN_IF_ERROR(create("account.move", {{"move_type", Value("in_invoice")},
                                             {"partner_id", Value(vendor)},
                                             {"ref", Value("BILL-2024-001")},
                                             {"invoice_date", Value("2024-02-15")},
                                             {"amount_total", Value(1250.0)}})
                         .status());
  KG_RETURN_IF_ERROR(create("stock.picking", {{"partner_id", Value(vendor)},
                                              {"origin", Value("P00001")},
                                              {"picking_type_code", Value("incoming")}})
                         .status());
  return Status::Ok();
}

}  // namespace keygate::models
