// HTML as the tag soup Odoo's html fields are parsed from: parsed by libxml2's HTML parser with
// lxml's options (lxml and so Odoo use the same parser: Debian 12 ships 2.9.14 to both), so that
// implied html/head/body and paragraphs, the start tags that close open elements, misplaced tags
// and entities come out as in Odoo (content nested past libxml2's 256 levels is lost there too);
// kept as a small tree of our own, and written back the way libxml2 writes HTML.
// Thread-safety: stateless functions over values; libxml2 is initialised once.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace keygate::models {

// libxml2 stops at 256 levels itself (as in Odoo); this bound only keeps the conversion safe.
inline constexpr size_t kMaxHtmlDepth = 512;

struct HtmlAttr {
  std::string name;  // lower case
  std::string value;
  bool has_value = true;  // false for <td nowrap>
};

struct HtmlNode {
  enum class Kind { kElement, kText, kComment };
  Kind kind = Kind::kElement;
  std::string name;  // element: the tag, lower case
  std::vector<HtmlAttr> attrs;
  std::string text;  // text or comment content
  std::vector<std::unique_ptr<HtmlNode>> children;
  HtmlNode* parent = nullptr;

  bool is_element() const { return kind == Kind::kElement; }
  const HtmlAttr* Attr(std::string_view attr_name) const;
  // Sets (or adds, last) the attribute.
  void SetAttr(std::string_view attr_name, std::string_view value);
  void RemoveAttr(std::string_view attr_name);
  // Appends a child, merging text with a text child before it.
  HtmlNode* Append(std::unique_ptr<HtmlNode> child);
};

std::unique_ptr<HtmlNode> NewElement(std::string_view name);
std::unique_ptr<HtmlNode> NewText(std::string_view text);

// The document libxml2 makes of `html`: its <html> element (with <head> and <body> where libxml2
// implies them), or nullptr when the input holds no content (only blanks or comments). What lies
// outside <html> (a comment before everything) is not part of it, as in lxml.
std::unique_ptr<HtmlNode> ParseHtmlDocument(std::string_view html);

// libxml2's HTML serialisation of the node (not of what follows it).
void WriteHtml(const HtmlNode& node, std::string& out);

}  // namespace keygate::models
