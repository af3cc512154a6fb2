// HTML tag soup through libxml2's HTML parser, and libxml2's way of writing HTML (see html_soup.h).
#include "models/html_soup.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <mutex>
#include <utility>

namespace keygate::models {

namespace {

bool IsBooleanAttr(const std::string& name) {
  return htmlIsBooleanAttr(reinterpret_cast<const xmlChar*>(name.c_str())) != 0;
}

// libxml2's xmlEncodeEntities for HTML: markup characters and the no-break space.
void EscapeText(std::string_view s, std::string& out) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
      out += "&nbsp;";
      ++i;
    } else {
      out += c;
    }
  }
}

// libxml2's xmlURIEscapeStr(value, "@/:=?;#%&,+<>"): what an href, src or action is written as.
std::string EscapeUri(std::string_view s) {
  static constexpr std::string_view kKept = "-_.!~*'()@/:=?;#%&,+<>";
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x80 && std::isalnum(u) != 0) || kKept.find(c) != std::string_view::npos) {
      out += c;
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

void WriteAttr(const HtmlNode& element, const HtmlAttr& a, std::string& out) {
  out += ' ';
  out += a.name;
  // htmlAttrDumpOutput: an attribute without value, and any of HTML's boolean ones, is bare.
  if (!a.has_value || IsBooleanAttr(a.name)) return;
  std::string value;
  EscapeText(a.value, value);
  if (a.name == "href" || a.name == "action" || a.name == "src" ||
      (a.name == "name" && element.name == "a")) {
    size_t start = value.find_first_not_of(" \t\n\r");
    value = EscapeUri(start == std::string::npos ? "" : std::string_view(value).substr(start));
  }
  // xmlBufWriteQuotedString: double quotes, single ones around a value holding only double ones.
  out += '=';
  if (value.find('"') == std::string::npos) {
    out += '"' + value + '"';
  } else if (value.find('\'') == std::string::npos) {
    out += '\'' + value + '\'';
  } else {
    out += '"';
    for (char c : value) {
      if (c == '"') {
        out += "&quot;";
      } else {
        out += c;
      }
    }
    out += '"';
  }
}

}  // namespace

const HtmlAttr* HtmlNode::Attr(std::string_view attr_name) const {
  for (const auto& a : attrs) {
    if (a.name == attr_name) return &a;
  }
  return nullptr;
}

void HtmlNode::SetAttr(std::string_view attr_name, std::string_view value) {
  for (auto& a : attrs) {
    if (a.name == attr_name) {
      a.value = value;
      a.has_value = true;
      return;
    }
  }
  attrs.push_back({std::string(attr_name), std::string(value), true});
}

void HtmlNode::RemoveAttr(std::string_view attr_name) {
  attrs.erase(std::remove_if(attrs.begin(), attrs.end(),
                             [&](const HtmlAttr& a) { return a.name == attr_name; }),
              attrs.end());
}

HtmlNode* HtmlNode::Append(std::unique_ptr<HtmlNode> child) {
  if (child->kind == Kind::kText && !children.empty() && children.back()->kind == Kind::kText) {
    children.back()->text += child->text;
    return children.back().get();
  }
  child->parent = this;
  children.push_back(std::move(child));
  return children.back().get();
}

std::unique_ptr<HtmlNode> NewElement(std::string_view name) {
  auto node = std::make_unique<HtmlNode>();
  node->name = name;
  return node;
}

std::unique_ptr<HtmlNode> NewText(std::string_view text) {
  auto node = std::make_unique<HtmlNode>();
  node->kind = HtmlNode::Kind::kText;
  node->text = text;
  return node;
}

namespace {

std::unique_ptr<HtmlNode> ConvertElement(const xmlNode* n) {
  auto element = NewElement(reinterpret_cast<const char*>(n->name));
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    HtmlAttr attr{reinterpret_cast<const char*>(a->name), "", a->children != nullptr};
    if (attr.has_value) {
      xmlChar* value = xmlNodeListGetString(n->doc, a->children, 1);
      if (value != nullptr) attr.value = reinterpret_cast<const char*>(value);
      xmlFree(value);
    }
    element->attrs.push_back(std::move(attr));
  }
  return element;
}

// The element tree of a libxml2 node, children first converted below kMaxHtmlDepth; deeper
// elements give their text only.
void Convert(const xmlNode* from, HtmlNode& to, size_t depth) {
  for (const xmlNode* n = from->children; n != nullptr; n = n->next) {
    switch (n->type) {
      case XML_ELEMENT_NODE: {
        if (depth >= kMaxHtmlDepth) {
          Convert(n, to, depth);
          break;
        }
        HtmlNode* added = to.Append(ConvertElement(n));
        Convert(n, *added, depth + 1);
        break;
      }
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        if (n->content != nullptr) to.Append(NewText(reinterpret_cast<const char*>(n->content)));
        break;
      case XML_COMMENT_NODE: {
        auto comment = std::make_unique<HtmlNode>();
        comment->kind = HtmlNode::Kind::kComment;
        if (n->content != nullptr) comment->text = reinterpret_cast<const char*>(n->content);
        to.Append(std::move(comment));
        break;
      }
      default:  // processing instructions, entity declarations: not part of a field's HTML
        break;
    }
  }
}

}  // namespace

std::unique_ptr<HtmlNode> ParseHtmlDocument(std::string_view html) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  if (html.empty() || html.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return nullptr;
  }
  // lxml's HTMLParser: recover, no network, blanks and comments kept.
  std::unique_ptr<xmlDoc, void (*)(xmlDoc*)> doc(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                     HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_COMPACT |
                         HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING),
      xmlFreeDoc);
  if (doc == nullptr) return nullptr;
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return nullptr;
  auto out = ConvertElement(root);
  Convert(root, *out, 1);
  return out;
}

void WriteHtml(const HtmlNode& node, std::string& out) {
  switch (node.kind) {
    case HtmlNode::Kind::kText:
      if (node.parent != nullptr &&
          (node.parent->name == "script" || node.parent->name == "style")) {
        out += node.text;
      } else {
        EscapeText(node.text, out);
      }
      return;
    case HtmlNode::Kind::kComment:
      out += "<!--" + node.text + "-->";
      return;
    case HtmlNode::Kind::kElement:
      break;
  }
  // htmlNodeDumpFormatOutput, with libxml2's own table of HTML elements: an empty element (<br>)
  // has no end tag, and neither has one that may omit it (<li>) when it holds nothing.
  const htmlElemDesc* info = htmlTagLookup(reinterpret_cast<const xmlChar*>(node.name.c_str()));
  out += '<' + node.name;
  for (const auto& a : node.attrs) WriteAttr(node, a, out);
  out += '>';
  if (info != nullptr && info->empty != 0) return;
  if (node.children.empty() && info != nullptr && info->saveEndTag != 0 && node.name != "html" &&
      node.name != "body") {
    return;
  }
  for (const auto& child : node.children) WriteHtml(*child, out);
  out += "</" + node.name + '>';
}

}  // namespace keygate::models
