// create / write / unlink: defaults, sequences, validation texts, x2many commands, computed
// totals, record rules and the one-transaction-per-call guarantee.
#include "models/write_methods.h"

#include <gtest/gtest.h>

#include "models/test_db.h"

namespace keygate::models {
namespace {

using testing::L;
using testing::ModelsTest;
using testing::S;

class WriteTest : public ModelsTest {
 protected:
  int64_t NewProduct(const char* name, double price) {
    auto r = Run("product.product", "create",
                 {Value(S({{"name", Value(name)}, {"list_price", Value(price)}}))});
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r->as_int() : 0;
  }
  Value ReadOne(std::string_view model, int64_t id, Value fields) {
    auto r = Run(model, "read", {L({Value(id)})}, {{"fields", std::move(fields)}});
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() && !r->as_array().empty() ? r->as_array()[0] : Value();
  }
};

TEST_F(WriteTest, CreateOneReturnsAnIdAndAListReturnsIds) {
  auto one = Run("res.partner", "create", {Value(S({{"name", Value("Solo")}}))});
  ASSERT_TRUE(one.ok()) << one.status().message();
  ASSERT_TRUE(one->is_int());
  auto many = Run("res.partner", "create",
                  {L({Value(S({{"name", Value("A")}})), Value(S({{"name", Value("B")}}))})});
  ASSERT_TRUE(many.ok()) << many.status().message();
  ASSERT_EQ(many->as_array().size(), 2u);
  EXPECT_EQ(many->as_array()[1].as_int(), many->as_array()[0].as_int() + 1);
  auto empty = Run("res.partner", "create", {L({})});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, L({}));
  Value rec = ReadOne("res.partner", one->as_int(),
                      L({"name", "display_name", "create_uid", "write_uid", "active"}));
  EXPECT_EQ(*rec.Find("name"), Value("Solo"));
  EXPECT_EQ(*rec.Find("display_name"), Value("Solo"));
  EXPECT_EQ(*rec.Find("create_uid"), L({2, "Admin"}));
  EXPECT_EQ(*rec.Find("write_uid"), L({2, "Admin"}));
}

TEST_F(WriteTest, DefaultsSequenceUserCompanyAndNow) {
  auto id = Run("sale.order", "create", {Value(S({{"partner_id", Value(10)}}))});
  ASSERT_TRUE(id.ok()) << id.status().message();
  Value rec = ReadOne("sale.order", id->as_int(),
                      L({"name", "state", "user_id", "company_id", "date_order", "amount_total"}));
  EXPECT_EQ(*rec.Find("name"), Value("S00001"));
  EXPECT_EQ(*rec.Find("state"), Value("draft"));
  EXPECT_EQ(*rec.Find("user_id"), L({2, "Admin"}));
  EXPECT_EQ(*rec.Find("company_id"), L({1, "My Company"}));
  EXPECT_EQ(rec.Find("date_order")->as_string().size(), 19u);
  EXPECT_EQ(*rec.Find("amount_total"), Value(0.0));
  auto second =
      Run("sale.order", "create", {Value(S({{"partner_id", Value(11)}, {"name", Value("New")}}))});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*ReadOne("sale.order", second->as_int(), L({"name"})).Find("name"), Value("S00002"));
  auto named = Run("sale.order", "create",
                   {Value(S({{"partner_id", Value(11)}, {"name", Value("Custom")}}))});
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(*ReadOne("sale.order", named->as_int(), L({"name"})).Find("name"), Value("Custom"));
  auto product = Run("product.product", "create", {Value(S({{"name", Value("P")}}))});
  ASSERT_TRUE(product.ok());
  Value p = ReadOne("product.product", product->as_int(), L({"list_price", "type", "active"}));
  EXPECT_EQ(*p.Find("list_price"), Value(1.0));
  EXPECT_EQ(*p.Find("type"), Value("consu"));
  EXPECT_EQ(*p.Find("active"), Value(true));
}

TEST_F(WriteTest, MissingRequiredFieldHasOdoosText) {
  auto r = Run("sale.order", "create", {Value(S({{"note", Value("x")}}))});
  ASSERT_EQ(r.status().code(), StatusCode::kValidationError);
  EXPECT_EQ(r.status().message(),
            "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n"
            "- Delete: another model requires the record being deleted. If possible, archive it "
            "instead.\n\nModel: Sales Order (sale.order)\nField: Customer (partner_id)\n");
  EXPECT_EQ(CountRows("sale_order"), 0);
  // Clearing a required field on write is refused the same way.
  auto id = Run("sale.order", "create", {Value(S({{"partner_id", Value(10)}}))});
  ASSERT_TRUE(id.ok());
  r = Run("sale.order", "write", {L({*id}), Value(S({{"partner_id", Value(false)}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kValidationError);
  EXPECT_NE(r.status().message().find("Field: Customer (partner_id)"), std::string::npos);
}

TEST_F(WriteTest, ValidationErrors) {
  // Odoo's ValueErrors (fault 1): an unknown field, a value outside a selection.
  auto r = Run("sale.order", "create", {Value(S({{"partner_id", Value(10)}, {"x", Value(1)}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kPyValueError);
  EXPECT_EQ(r.status().message(), "Invalid field 'x' on model 'sale.order'");
  r = Run("sale.order", "create", {Value(S({{"partner_id", Value(10)}, {"state", Value("x")}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kPyValueError);
  EXPECT_EQ(r.status().message(), "Wrong value for sale.order.state: 'x'");
  r = Run("sale.order", "create", {Value(S({{"partner_id", Value(10)}, {"note", Value(5)}}))});
  EXPECT_EQ(r.status().message(), "Wrong value for sale.order.note: 5");
  r = Run("product.product", "create", {Value(S({{"name", Value("p")}, {"list_price", "1"}}))});
  EXPECT_EQ(r.status().message(), "Wrong value for product.product.list_price: '1'");
  // A boolean is bool(value), whatever the value.
  r = Run("product.product", "create", {Value(S({{"name", Value("p")}, {"active", "yes"}}))});
  ASSERT_TRUE(r.ok()) << r.status().message();
  auto active = Run("product.product", "read", {L({*r}), L({"active"})});
  ASSERT_TRUE(active.ok()) << active.status().message();
  EXPECT_EQ(*active->as_array()[0].Find("active"), Value(true));
  r = Run("account.move", "create", {Value(S({{"invoice_date", Value("2024-13-01")}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kValidationError);
  EXPECT_EQ(r.status().message(), "time data '2024-13-01' does not match format '%Y-%m-%d'");
  r = Run("sale.order", "create",
          {Value(S({{"partner_id", Value(10)}, {"date_order", Value("2024-01-01 25:00:00")}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kValidationError);
  r = Run("sale.order", "create", {Value(S({{"partner_id", Value(999)}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kValidationError);
  EXPECT_EQ(r.status().message(),
            "The operation cannot be completed: another model requires the record being "
            "deleted. If possible, archive it instead.\n\nModel: Sales Order (sale.order)\n"
            "Constraint: sale_order_partner_id_fkey\n");
  r = Run("sale.order", "create", {Value(S({{"partner_id", Value(10)}, {"id", Value(5)}}))});
  EXPECT_EQ(r.status().message(),
            "Field 'id' on model 'sale.order' is read-only and cannot be written");
  r = Run("sale.order", "create",
          {Value(S({{"partner_id", Value(10)}, {"amount_total", Value(5.0)}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kValidationError);
  r = Run("sale.order", "create", {Value(S({{"partner_id", Value(10)}, {"date_order", "x"}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kValidationError);
  r = Run("sale.order", "create", {L({1})});
  EXPECT_EQ(r.status().code(), StatusCode::kValidationError);
  EXPECT_EQ(CountRows("sale_order"), 0);
  // Dates are accepted as text, as XML-RPC dateTime values and (for datetimes) as plain dates.
  auto ok = Run("sale.order", "create",
                {Value(S({{"partner_id", Value(10)},
                          {"date_order", Value(Value::DateTime{"20240131T10:20:30"})}}))});
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(*ReadOne("sale.order", ok->as_int(), L({"date_order"})).Find("date_order"),
            Value("2024-01-31 10:20:30"));
  ok = Run("account.move", "create", {Value(S({{"invoice_date", Value("2024-02-29")}}))});
  ASSERT_TRUE(ok.ok()) << ok.status().message();
}

// res.partner's check (Odoo's SQL constraint res_partner_check_name): a contact has a name, an
// address of another type need not.
TEST_F(WriteTest, ModelChecksRefuseRecordsThatBreakThem) {
  const int64_t before = CountRows("res_partner");
  for (const Value& vals : {Value(S({{"ref", Value("x")}})), Value(S({})),
                            Value(S({{"name", Value(false)}, {"type", Value("contact")}}))}) {
    auto r = Run("res.partner", "create", {vals});
    EXPECT_EQ(r.status().code(), StatusCode::kValidationError);
    EXPECT_EQ(r.status().message(), "The operation cannot be completed: Contacts require a name");
  }
  EXPECT_EQ(CountRows("res_partner"), before);
  auto invoice = Run("res.partner", "create", {Value(S({{"type", Value("invoice")}}))});
  ASSERT_TRUE(invoice.ok()) << invoice.status().message();
  auto contact = Run("res.partner", "create", {Value(S({{"name", Value("Nell")}}))});
  ASSERT_TRUE(contact.ok()) << contact.status().message();
  EXPECT_EQ(Run("res.partner", "write", {L({*contact}), Value(S({{"name", Value(false)}}))})
                .status()
                .message(),
            "The operation cannot be completed: Contacts require a name");
  EXPECT_EQ(Run("res.partner", "write", {L({*invoice}), Value(S({{"type", Value("contact")}}))})
                .status()
                .message(),
            "The operation cannot be completed: Contacts require a name");
  EXPECT_TRUE(
      Run("res.partner", "write", {L({*contact}), Value(S({{"name", Value("Nora")}}))}).ok());
}

// A many2one to a missing record: the database's refusal, unless a stored computed field follows
// it (a contact's complete name reads its parent first: Odoo's MissingError).
TEST_F(WriteTest, MissingMany2oneTarget) {
  auto r = Run("res.partner", "create", {Value(S({{"name", Value("Zed")}, {"parent_id", 999}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kMissingError);
  EXPECT_EQ(r.status().message(),
            "Record does not exist or has been deleted.\n(Record: "
            "res.partner(999,), User: " +
                std::to_string(env_.uid) + ")");
  r = Run("sale.order", "create", {Value(S({{"partner_id", Value(999)}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kValidationError);
}

TEST_F(WriteTest, WriteUpdatesAndMaintainsWriteFields) {
  ASSERT_TRUE(conn_->Exec("UPDATE res_partner SET write_date = '2000-01-01 00:00:00'", {}).ok());
  auto r = Run("res.partner", "write",
               {L({11, 12}), Value(S({{"city", Value("Ghent")}, {"phone", Value(false)}}))});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, Value(true));
  Value rec = ReadOne("res.partner", 12, L({"city", "phone", "write_uid", "write_date"}));
  EXPECT_EQ(*rec.Find("city"), Value("Ghent"));
  EXPECT_EQ(*rec.Find("phone"), Value(false));
  EXPECT_EQ(*rec.Find("write_uid"), L({2, "Admin"}));
  EXPECT_NE(*rec.Find("write_date"), Value("2000-01-01 00:00:00"));
  r = Run("res.partner", "write", {L({11, 999}), Value(S({{"city", Value("X")}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kMissingError);
  EXPECT_EQ(r.status().message(),
            "Record does not exist or has been deleted.\n(Record: res.partner(999,), User: 2)");
  EXPECT_EQ(*ReadOne("res.partner", 11, L({"city"})).Find("city"), Value("Ghent"));
  // Related fields write through their many2one: res.users.name is the partner's name.
  r = Run("res.users", "write", {L({2}), Value(S({{"name", Value("Mitchell Admin")}}))});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*ReadOne("res.partner", 20, L({"name"})).Find("name"), Value("Mitchell Admin"));
}

TEST_F(WriteTest, OrderLinesCommandsAndTotals) {
  int64_t chair = NewProduct("Chair", 70.0);
  int64_t lamp = NewProduct("Lamp", 40.0);
  auto id = Run("sale.order", "create",
                {Value(S({{"partner_id", Value(10)},
                          {"order_line", L({L({0, 0,
                                               Value(S({{"product_id", Value(chair)},
                                                        {"product_uom_qty", Value(2.0)},
                                                        {"price_unit", Value(70.0)}}))}),
                                            L({0, 0,
                                               Value(S({{"product_id", Value(lamp)},
                                                        {"product_uom_qty", Value(3.0)},
                                                        {"price_unit", Value(40.0)}}))})})}}))});
  ASSERT_TRUE(id.ok()) << id.status().message();
  int64_t order = id->as_int();
  Value rec = ReadOne("sale.order", order, L({"order_line", "amount_untaxed", "amount_total"}));
  ASSERT_EQ(rec.Find("order_line")->as_array().size(), 2u);
  EXPECT_EQ(*rec.Find("amount_untaxed"), Value(260.0));
  EXPECT_EQ(*rec.Find("amount_total"), Value(260.0));
  int64_t line1 = rec.Find("order_line")->as_array()[0].as_int();
  int64_t line2 = rec.Find("order_line")->as_array()[1].as_int();
  EXPECT_EQ(*ReadOne("sale.order.line", line1, L({"price_subtotal"})).Find("price_subtotal"),
            Value(140.0));
  // (1, id, vals) updates a line; the order total follows.
  ASSERT_TRUE(Run("sale.order", "write",
                  {L({order}),
                   Value(S({{"order_line",
                             L({L({1, line1, Value(S({{"product_uom_qty", Value(1.0)}}))})})}}))})
                  .ok());
  EXPECT_EQ(*ReadOne("sale.order", order, L({"amount_total"})).Find("amount_total"), Value(190.0));
  // Writing a line directly recomputes its order too.
  ASSERT_TRUE(
      Run("sale.order.line", "write", {L({line2}), Value(S({{"price_unit", Value(10.0)}}))}).ok());
  EXPECT_EQ(*ReadOne("sale.order", order, L({"amount_total"})).Find("amount_total"), Value(100.0));
  // (2, id) deletes a line.
  ASSERT_TRUE(
      Run("sale.order", "write", {L({order}), Value(S({{"order_line", L({L({2, line2})})}}))})
          .ok());
  EXPECT_EQ(CountRows("sale_order_line"), 1);
  EXPECT_EQ(*ReadOne("sale.order", order, L({"amount_total"})).Find("amount_total"), Value(70.0));
  // unlink of a line directly.
  ASSERT_TRUE(Run("sale.order.line", "unlink", {L({line1})}).ok());
  EXPECT_EQ(*ReadOne("sale.order", order, L({"amount_total"})).Find("amount_total"), Value(0.0));
  // (5,) on a one2many whose inverse is required deletes the lines.
  ASSERT_TRUE(Run("sale.order", "write",
                  {L({order}), Value(S({{"order_line", L({L({0, 0, Value(S({}))})})}}))})
                  .ok());
  EXPECT_EQ(CountRows("sale_order_line"), 1);
  ASSERT_TRUE(
      Run("sale.order", "write", {L({order}), Value(S({{"order_line", L({L({5})})}}))}).ok());
  EXPECT_EQ(CountRows("sale_order_line"), 0);
}

TEST_F(WriteTest, One2manyLinkAndReplaceOnPartners) {
  // child_ids: (4, id) links, (3, id) unlinks (the inverse is optional: parent_id cleared),
  // (6, 0, ids) replaces.
  ASSERT_TRUE(
      Run("res.partner", "write", {L({16}), Value(S({{"child_ids", L({L({4, 14})})}}))}).ok());
  EXPECT_EQ(Search(L({L({"parent_id", "=", 16})})), (std::vector<int64_t>{14}));
  ASSERT_TRUE(
      Run("res.partner", "write", {L({16}), Value(S({{"child_ids", L({L({3, 14})})}}))}).ok());
  EXPECT_EQ(Search(L({L({"parent_id", "=", 16})})), (std::vector<int64_t>{}));
  EXPECT_EQ(CountRows("res_partner WHERE id = 14"), 1);
  ASSERT_TRUE(
      Run("res.partner", "write", {L({16}), Value(S({{"child_ids", L({L({6, 0, L({14, 12})})})}}))})
          .ok());
  EXPECT_EQ(Search(L({L({"parent_id", "=", 16})})), (std::vector<int64_t>{12, 14}));
  ASSERT_TRUE(Run("res.partner", "write", {L({16}), Value(S({{"child_ids", L({14})}}))}).ok());
  EXPECT_EQ(Search(L({L({"parent_id", "=", 16})})), (std::vector<int64_t>{14}));
  auto r = Run("res.partner", "write", {L({16}), Value(S({{"child_ids", L({L({9, 1})})}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kValidationError);
  r = Run("res.partner", "write", {L({16}), Value(S({{"child_ids", "x"}}))});
  EXPECT_EQ(r.status().message(), "Wrong value for res.partner.child_ids: 'x'");
}

TEST_F(WriteTest, LogAccessFieldsAndDisplayNameAreIgnoredAsInOdoo) {
  auto id = Run("res.partner", "create",
                {Value(S({{"name", Value("Quiet")},
                          {"display_name", Value("Loud")},
                          {"create_date", Value("2001-01-01 00:00:00")}}))});
  ASSERT_TRUE(id.ok()) << id.status().message();
  Value rec = ReadOne("res.partner", id->as_int(), L({"display_name", "create_date"}));
  EXPECT_EQ(*rec.Find("display_name"), Value("Quiet"));
  EXPECT_NE(*rec.Find("create_date"), Value("2001-01-01 00:00:00"));
  auto w =
      Run("res.partner", "write",
          {L({id->as_int()}), Value(S({{"display_name", Value("x")}, {"write_uid", Value(1)}}))});
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_EQ(*ReadOne("res.partner", id->as_int(), L({"display_name"})).Find("display_name"),
            Value("Quiet"));
}

TEST_F(WriteTest, ContactNamesAndHierarchyAsOdoo) {
  // complete_name (and so display_name and name_search): "Company, Person" under a company,
  // recomputed for the descendants when an ancestor changes.
  auto co = Run("res.partner", "create",
                {Value(S({{"name", Value("Zeta Co")}, {"is_company", Value(true)}}))});
  ASSERT_TRUE(co.ok()) << co.status().message();
  auto person = Run("res.partner", "create",
                    {Value(S({{"name", Value("Ann")}, {"parent_id", Value(co->as_int())}}))});
  ASSERT_TRUE(person.ok()) << person.status().message();
  auto sub = Run("res.partner", "create",
                 {Value(S({{"name", Value("Bob")}, {"parent_id", Value(person->as_int())}}))});
  ASSERT_TRUE(sub.ok()) << sub.status().message();
  EXPECT_EQ(*ReadOne("res.partner", person->as_int(), L({"display_name"})).Find("display_name"),
            Value("Zeta Co, Ann"));
  // The nearest company names a person, whatever the depth.
  EXPECT_EQ(*ReadOne("res.partner", sub->as_int(), L({"complete_name"})).Find("complete_name"),
            Value("Zeta Co, Bob"));
  ASSERT_TRUE(
      Run("res.partner", "write", {L({co->as_int()}), Value(S({{"name", Value("Eta Co")}}))}).ok());
  EXPECT_EQ(*ReadOne("res.partner", sub->as_int(), L({"complete_name"})).Find("complete_name"),
            Value("Eta Co, Bob"));
  auto found = Run("res.partner", "name_search", {Value("eta co, ann")});
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_EQ(*found, L({L({person->as_int(), "Eta Co, Ann"})}));
  // A parent that would make the hierarchy loop is refused with Odoo's text.
  auto loop = Run("res.partner", "write",
                  {L({co->as_int()}), Value(S({{"parent_id", Value(sub->as_int())}}))});
  EXPECT_EQ(loop.status().code(), StatusCode::kValidationError);
  EXPECT_EQ(loop.status().message(), "You cannot create recursive Partner hierarchies.");
}

TEST_F(WriteTest, Many2manyCommands) {
  auto companies = [&]() {
    return *ReadOne("res.users", 2, L({"company_ids"})).Find("company_ids");
  };
  ASSERT_TRUE(Run("res.company", "create",
                  {Value(S({{"name", Value("Second")}, {"partner_id", Value(16)}}))})
                  .ok());
  auto w = [&](Value commands) {
    return Run("res.users", "write", {L({2}), Value(S({{"company_ids", std::move(commands)}}))});
  };
  ASSERT_TRUE(w(L({L({4, 2})})).ok());
  EXPECT_EQ(companies(), L({1, 2}));
  ASSERT_TRUE(w(L({L({4, 2})})).ok());  // linking twice keeps one link
  EXPECT_EQ(companies(), L({1, 2}));
  ASSERT_TRUE(w(L({L({3, 1})})).ok());
  EXPECT_EQ(companies(), L({2}));
  ASSERT_TRUE(w(L({L({5})})).ok());
  EXPECT_EQ(companies(), L({}));
  ASSERT_TRUE(w(L({L({6, 0, L({1, 2})})})).ok());
  EXPECT_EQ(companies(), L({1, 2}));
  ASSERT_TRUE(w(L({1})).ok());  // a plain list of ids replaces the set
  EXPECT_EQ(companies(), L({1}));
  EXPECT_EQ(w(L({L({4, 99})})).status().code(), StatusCode::kValidationError);
  // (0, 0, vals) creates the comodel record and links it.
  ASSERT_TRUE(
      w(L({L({0, 0, Value(S({{"name", Value("Third")}, {"partner_id", Value(16)}}))})})).ok());
  EXPECT_EQ(companies().as_array().size(), 2u);
}

TEST_F(WriteTest, UnlinkCascadesRestrictsAndClears) {
  auto order =
      Run("sale.order", "create",
          {Value(S({{"partner_id", Value(16)},
                    {"order_line", L({L({0, 0, Value(S({{"price_unit", Value(3.0)}}))})})}}))});
  ASSERT_TRUE(order.ok()) << order.status().message();
  // The partner is required on the order: refused with Odoo's foreign key text.
  auto r = Run("res.partner", "unlink", {L({16})});
  ASSERT_EQ(r.status().code(), StatusCode::kValidationError);
  EXPECT_EQ(r.status().message(),
            "The operation cannot be completed: another model requires the record being "
            "deleted. If possible, archive it instead.\n\nModel: Sales Order (sale.order)\n"
            "Constraint: sale_order_partner_id_fkey\n");
  EXPECT_EQ(CountRows("res_partner WHERE id = 16"), 1);
  // Deleting the order cascades to its lines.
  ASSERT_TRUE(Run("sale.order", "unlink", {*order}).ok());
  EXPECT_EQ(CountRows("sale_order"), 0);
  EXPECT_EQ(CountRows("sale_order_line"), 0);
  // Optional references are cleared: John's child loses its parent.
  ASSERT_TRUE(Run("res.partner", "unlink", {L({11})}).ok());
  EXPECT_EQ(CountRows("res_partner WHERE id = 15 AND parent_id IS NULL"), 1);
  r = Run("res.partner", "unlink", {L({11})});
  EXPECT_EQ(r.status().code(), StatusCode::kMissingError);
  EXPECT_EQ(*Run("res.partner", "unlink", {L({})}), Value(true));
}

TEST_F(WriteTest, FailureLeavesNothingBehind) {
  int64_t before = CountRows("res_partner");
  // The second record fails: the first one must not stay.
  auto r = Run("res.partner", "create",
               {L({Value(S({{"name", Value("Kept?")}})), Value(S({{"name", Value(1)}}))})});
  EXPECT_EQ(r.status().code(), StatusCode::kValidationError);
  EXPECT_EQ(CountRows("res_partner"), before);
  // A failing nested line rolls back the order and the sequence.
  r = Run("sale.order", "create",
          {Value(S({{"partner_id", Value(10)},
                    {"order_line", L({L({0, 0, Value(S({{"product_id", Value(999)}}))})})}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kValidationError);
  EXPECT_EQ(CountRows("sale_order"), 0);
  auto ok = Run("sale.order", "create", {Value(S({{"partner_id", Value(10)}}))});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ReadOne("sale.order", ok->as_int(), L({"name"})).Find("name"), Value("S00001"));
  // Inside a caller's transaction, a savepoint undoes only the failed call.
  env_.own_transaction = false;
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(Run("res.partner", "create", {Value(S({{"name", Value("In tx")}}))}).ok());
  EXPECT_FALSE(Run("res.partner", "create", {Value(S({{"name", Value(2)}}))}).ok());
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_EQ(CountRows("res_partner"), before + 1);
}

TEST_F(WriteTest, ReadonlyModelsRefuseWrites) {
  auto r = Run("res.groups", "create", {Value(S({{"name", Value("X")}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kAccessError);
  EXPECT_EQ(r.status().message(),
            "You are not allowed to create 'Access Groups' (res.groups) records through the API.");
  EXPECT_EQ(Run("res.groups", "write", {L({1}), Value(S({{"name", Value("X")}}))}).status().code(),
            StatusCode::kAccessError);
  EXPECT_EQ(Run("res.groups", "unlink", {L({1})}).status().code(), StatusCode::kAccessError);
}

// A policy with a record rule "own documents": user_id = uid.
class OwnDocuments : public AllowAll {
 public:
  StatusOr<std::optional<Value>> RuleDomain(const ModelDef& model, Operation) const override {
    if (model.name != "sale.order") return std::optional<Value>();
    return std::optional<Value>(L({L({"user_id", "=", 2})}));
  }
};

class DenyCreate : public AllowAll {
 public:
  Status CheckModel(const ModelDef& model, Operation op) const override {
    if (op == Operation::kCreate && model.name == "sale.order.line") {
      return AccessError("no lines");
    }
    return Status::Ok();
  }
};

TEST_F(WriteTest, RecordRulesAndAccessChecks) {
  auto mine = Run("sale.order", "create", {Value(S({{"partner_id", Value(10)}}))});
  auto theirs = Run("sale.order", "create",
                    {Value(S({{"partner_id", Value(10)}, {"user_id", Value(false)}}))});
  ASSERT_TRUE(mine.ok() && theirs.ok());
  OwnDocuments own;
  env_.access = &own;
  EXPECT_TRUE(Run("sale.order", "write", {*mine, Value(S({{"note", Value("ok")}}))}).ok());
  auto r = Run("sale.order", "write", {*theirs, Value(S({{"note", Value("no")}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kAccessError);
  EXPECT_EQ(r.status().message(),
            "Due to security restrictions, you are not allowed to write 'Sales Order' "
            "(sale.order) records.");
  EXPECT_EQ(Run("sale.order", "unlink", {*theirs}).status().code(), StatusCode::kAccessError);
  // Creating a record the create rule would not let the user see is refused and rolled back.
  r = Run("sale.order", "create", {Value(S({{"partner_id", Value(10)}, {"user_id", Value(3)}}))});
  EXPECT_EQ(r.status().code(), StatusCode::kAccessError);
  EXPECT_EQ(CountRows("sale_order"), 2);
  // Nested (0, 0, vals) needs create access on the comodel.
  DenyCreate deny;
  env_.access = &deny;
  r = Run("sale.order", "write", {*mine, Value(S({{"order_line", L({L({0, 0, Value(S({}))})})}}))});
  EXPECT_EQ(r.status().message(), "no lines");
}

}  // namespace
}  // namespace keygate::models
