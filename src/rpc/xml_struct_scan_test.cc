// Tests for the raw member-count scan: it counts only a struct's own <member> children, and
// markup that only looks like tags (comments, CDATA, quoted attributes) does not fool it.
#include "rpc/xml_struct_scan.h"

#include <gtest/gtest.h>

#include <string>

namespace keygate::rpc {
namespace {

std::string Members(int n, std::string_view member = "<member><name>k</name><value/></member>") {
  std::string out;
  for (int i = 0; i < n; ++i) out += member;
  return out;
}

TEST(XmlStructScanTest, CountsTheMembersOfEachStruct) {
  EXPECT_FALSE(HasStructOverMembers("<struct>" + Members(3) + "</struct>", 3));
  EXPECT_TRUE(HasStructOverMembers("<struct>" + Members(4) + "</struct>", 3));
  // Two structs of three each: no struct holds four.
  EXPECT_FALSE(HasStructOverMembers("<array><data><value><struct>" + Members(3) +
                                        "</struct></value><value><struct>" + Members(3) +
                                        "</struct></value></data></array>",
                                    3));
  // An unclosed body is judged on what it holds.
  EXPECT_TRUE(HasStructOverMembers("<struct>" + Members(4), 3));
}

TEST(XmlStructScanTest, MembersOfAnInnerStructCountForItAlone) {
  const std::string inner =
      "<member><name>in</name><value><struct>" + Members(3) + "</struct></value></member>";
  EXPECT_FALSE(HasStructOverMembers("<struct>" + inner + Members(2) + "</struct>", 3));
  EXPECT_TRUE(HasStructOverMembers("<struct>" + inner + Members(3) + "</struct>", 3));
}

TEST(XmlStructScanTest, OnlyDirectChildrenAreMembers) {
  // <member> elements below another element of the struct are not its members.
  EXPECT_FALSE(HasStructOverMembers(
      "<struct><member><name>a</name><value><x>" + Members(5) + "</x></value></member></struct>",
      3));
  EXPECT_FALSE(HasStructOverMembers(Members(5), 3));  // no struct at all
}

TEST(XmlStructScanTest, MarkupThatIsNotATagIsSkipped) {
  const std::string hidden =
      "<!--" + Members(5) + "--><![CDATA[" + Members(5) + "]]><?pi " + Members(5) + "?>";
  EXPECT_FALSE(HasStructOverMembers("<struct>" + hidden + Members(3) + "</struct>", 3));
  EXPECT_TRUE(HasStructOverMembers("<struct>" + hidden + Members(4) + "</struct>", 3));
  // A quoted '>' inside a tag does not end it; an empty element opens nothing.
  EXPECT_TRUE(HasStructOverMembers(
      "<struct a='>' b=\"<x>\">" + Members(2, "<member/>") + Members(2) + "</struct>", 3));
  EXPECT_FALSE(HasStructOverMembers("<struct/>" + Members(5), 3));
}

TEST(XmlStructScanTest, NamespacePrefixesAreIgnored) {
  EXPECT_TRUE(HasStructOverMembers(
      "<ex:struct>" + Members(4, "<ex:member><name>k</name></ex:member>") + "</ex:struct>", 3));
}

TEST(XmlStructScanTest, TruncatedMarkupEndsTheScan) {
  EXPECT_FALSE(HasStructOverMembers("<struct>" + Members(3) + "<!-- never closed", 3));
  EXPECT_FALSE(HasStructOverMembers("<struct>" + Members(3) + "<member", 3));
  EXPECT_FALSE(HasStructOverMembers("", 3));
}

TEST(XmlStructScanTest, StructsNestedPastTheCodecDepthAreLeftToTheCodec) {
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "<struct>";
  EXPECT_FALSE(HasStructOverMembers(deep + Members(5), 3));
}

}  // namespace
}  // namespace keygate::rpc
