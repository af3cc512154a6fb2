// Demo business data: counts, names, totals and consistency with the ORM.
#include "models/demo_data.h"

#include <gtest/gtest.h>

#include "models/test_db.h"

namespace keygate::models {
namespace {

using testing::L;
using testing::ModelsTest;

class DemoDataTest : public ModelsTest {};

TEST_F(DemoDataTest, SeedsProductsOrdersInvoicesAndPickings) {
  ASSERT_TRUE(conn_->Begin().ok());
  Status s = SeedBusinessDemoData(*conn_, 2);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_EQ(CountRows("product_product"), 10);
  EXPECT_EQ(CountRows("sale_order"), kDemoSaleOrders);
  EXPECT_GE(CountRows("sale_order_line"), kDemoSaleOrders);
  EXPECT_GT(CountRows("sale_order WHERE user_id = 2"), 10);
  EXPECT_GT(CountRows("sale_order WHERE user_id IS NULL"), 10);
  EXPECT_GE(CountRows("account_move"), 5);
  EXPECT_GE(CountRows("stock_picking"), 5);
  // Only customers (customer_rank > 0) get orders.
  EXPECT_EQ(CountRows("sale_order o JOIN res_partner p ON p.id = o.partner_id "
                      "WHERE p.customer_rank = 0"),
            0);
  // Totals are the sums of the lines.
  EXPECT_EQ(CountRows("sale_order o WHERE abs(o.amount_total - (SELECT SUM(product_uom_qty * "
                      "price_unit) FROM sale_order_line l WHERE l.order_id = o.id)) > 0.001"),
            0);
  auto names = Run("sale.order", "search_read", {L({})},
                   {{"fields", L({"name"})}, {"order", Value("id")}, {"limit", Value(1)}});
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names->as_array()[0].Find("name"), Value("S00001"));
  // The benchmark's query: 80 records, 5 fields.
  auto all = Run("sale.order", "search_read", {L({})},
                 {{"fields", L({"name", "partner_id", "date_order", "amount_total", "state"})}});
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(all->as_array().size(), static_cast<size_t>(kDemoSaleOrders));
}

}  // namespace
}  // namespace keygate::models
