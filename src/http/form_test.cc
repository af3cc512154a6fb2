// Form fields and query strings: decoding and encoding (form.h).
#include "http/form.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace keygate::http {
namespace {

TEST(Form, DecodesFields) {
  FormData f = FormData::Parse("a=1&b=x+y%21&a=2&empty=&flag&bad=%zz%4");
  EXPECT_EQ(f.Get("a"), "1");
  EXPECT_EQ(f.GetAll("a"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(f.Get("b"), "x y!");
  EXPECT_TRUE(f.Has("empty"));
  EXPECT_TRUE(f.Has("flag"));
  EXPECT_FALSE(f.Has("missing"));
  EXPECT_EQ(f.Get("missing"), "");
  EXPECT_EQ(f.Get("bad"), "%zz%4");
  EXPECT_EQ(UrlEncode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
}

}  // namespace
}  // namespace keygate::http
