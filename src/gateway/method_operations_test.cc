#include "gateway/method_operations.h"

#include <gtest/gtest.h>

namespace keygate::gateway {
namespace {

using models::Operation;

TEST(MethodOperationsTest, MapsOdooMethodsAndCountsUnknownOnesAsWrites) {
  EXPECT_EQ(OperationOfMethod("search_read"), Operation::kRead);
  EXPECT_EQ(OperationOfMethod("read"), Operation::kRead);
  EXPECT_EQ(OperationOfMethod("fields_get"), Operation::kRead);
  EXPECT_EQ(OperationOfMethod("create"), Operation::kCreate);
  EXPECT_EQ(OperationOfMethod("copy"), Operation::kCreate);
  EXPECT_EQ(OperationOfMethod("write"), Operation::kWrite);
  EXPECT_EQ(OperationOfMethod("unlink"), Operation::kUnlink);
  EXPECT_EQ(OperationOfMethod("action_confirm"), Operation::kWrite);
  EXPECT_EQ(OperationOfMethod("message_post"), Operation::kWrite);
  EXPECT_EQ(OperationOfMethod("READ"), Operation::kWrite);
  EXPECT_EQ(OperationOfMethod(""), Operation::kWrite);
}

}  // namespace
}  // namespace keygate::gateway
