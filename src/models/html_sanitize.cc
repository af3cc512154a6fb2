// Odoo 18's html_sanitize for fields.Html's defaults (see html_sanitize.h): odoo/tools/mail.py's
// html_normalize, tag_quote and _Cleaner, over lxml 4.9's fromstring and Cleaner.
#include "models/html_sanitize.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "common/strings.h"
#include "models/html_soup.h"

namespace keygate::models {

namespace {

bool OneOf(std::string_view s, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

// Python's str.isspace for ASCII, plus the control characters lxml strips from links.
bool IsPySpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         (c >= '\x1c' && c <= '\x1f');
}

// Python's str.strip() == "": ASCII blanks and Unicode's white space (no-break space included).
bool IsBlankText(std::string_view s) {
  static constexpr std::string_view kUnicodeSpaces[] = {
      "\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\xA8",
      "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80"};
  for (size_t i = 0; i < s.size();) {
    if (IsPySpace(s[i])) {
      ++i;
      continue;
    }
    // U+2000..U+200A
    if (s.compare(i, 2, "\xE2\x80") == 0 && i + 2 < s.size() &&
        static_cast<unsigned char>(s[i + 2]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 2]) <= 0x8A) {
      i += 3;
      continue;
    }
    bool matched = false;
    for (std::string_view space : kUnicodeSpaces) {
      if (s.compare(i, space.size(), space) == 0) {
        i += space.size();
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

std::string_view StripPy(std::string_view s) {
  while (!s.empty() && IsPySpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsPySpace(s.back())) s.remove_suffix(1);
  return s;
}

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// html_normalize's textual fixes before parsing: "--!>" ends a comment, "<!-->" is an empty one,
// and Outlook's <o:p> tags go.
std::string Prepare(std::string_view html) {
  std::string s(html);
  ReplaceAll(s, "--!>", "-->");
  ReplaceAll(s, "<!--->", "<!-- -->");
  ReplaceAll(s, "<!-->", "<!-- -->");
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    bool office = s.compare(i, 3, "<o:") == 0 || s.compare(i, 4, "</o:") == 0;
    size_t end = office ? s.find_first_of(">\n", i) : std::string::npos;
    if (office && end != std::string::npos && s[end] == '>') {
      i = end + 1;
      continue;
    }
    out += s[i++];
  }
  return out;
}

// lxml.html.defs.tags with the HTML5 tags Odoo adds (SANITIZE_TAGS["allow_tags"]).
bool IsAllowedTag(std::string_view tag) {
  static const std::vector<std::string_view> kTags = {
      "a",        "abbr",     "acronym",    "address",  "applet",   "area",       "article",
      "aside",    "audio",    "b",          "base",     "basefont", "bdi",        "bdo",
      "big",      "blink",    "blockquote", "body",     "br",       "button",     "canvas",
      "caption",  "center",   "cite",       "code",     "col",      "colgroup",   "command",
      "datalist", "dd",       "del",        "details",  "dfn",      "dir",        "div",
      "dl",       "dt",       "em",         "embed",    "fieldset", "figcaption", "figure",
      "font",     "footer",   "form",       "frameset", "h1",       "h2",         "h3",
      "h4",       "h5",       "h6",         "head",     "header",   "hgroup",     "hr",
      "html",     "i",        "iframe",     "img",      "input",    "ins",        "isindex",
      "kbd",      "keygen",   "label",      "legend",   "li",       "link",       "main",
      "map",      "mark",     "marquee",    "math",     "menu",     "meta",       "meter",
      "nav",      "noscript", "object",     "ol",       "optgroup", "option",     "output",
      "p",        "param",    "pre",        "progress", "q",        "rp",         "rt",
      "ruby",     "s",        "samp",       "script",   "section",  "select",     "small",
      "source",   "span",     "strike",     "strong",   "style",    "sub",        "summary",
      "sup",      "svg",      "table",      "tbody",    "td",       "textarea",   "tfoot",
      "th",       "thead",    "time",       "title",    "tr",       "track",      "tt",
      "u",        "ul",       "var",        "video",    "wbr"};
  return std::find(kTags.begin(), kTags.end(), tag) != kTags.end();
}

// lxml.html.defs.safe_attrs with Odoo's additions (odoo/tools/mail.py safe_attrs).
bool IsSafeAttr(std::string_view attr) {
  static const std::vector<std::string_view> kAttrs = {
      "abbr", "accept", "accept-charset", "accesskey", "action", "align", "alt", "axis", "border",
      "cellpadding", "cellspacing", "char", "charoff", "charset", "checked", "cite", "class",
      "clear", "color", "cols", "colspan", "compact", "coords", "datetime", "dir", "disabled",
      "enctype", "for", "frame", "headers", "height", "href", "hreflang", "hspace", "id", "ismap",
      "label", "lang", "longdesc", "maxlength", "media", "method", "multiple", "name", "nohref",
      "noshade", "nowrap", "prompt", "readonly", "rel", "rev", "rows", "rowspan", "rules", "scope",
      "selected", "shape", "size", "span", "src", "start", "summary", "tabindex", "target", "title",
      "type", "usemap", "valign", "value", "vspace", "width",
      // Odoo's
      "style", "data-o-mail-quote", "data-o-mail-quote-node", "data-oe-model", "data-oe-id",
      "data-oe-field", "data-oe-type", "data-oe-expression", "data-oe-translation-source-sha",
      "data-oe-nodeid", "data-last-history-steps", "data-oe-protected", "data-embedded",
      "data-embedded-editable", "data-embedded-props", "data-oe-version",
      "data-oe-transient-content", "data-behavior-props", "data-prop-name", "data-publish",
      "data-id", "data-res_id", "data-interval", "data-member_id", "data-scroll-background-ratio",
      "data-view-id", "data-class", "data-mimetype", "data-original-src", "data-original-id",
      "data-gl-filter", "data-quality", "data-resize-width", "data-shape", "data-shape-colors",
      "data-file-name", "data-original-mimetype", "data-mimetype-before-conversion"};
  return std::find(kAttrs.begin(), kAttrs.end(), attr) != kAttrs.end();
}

// lxml.html.defs.link_attrs: the attributes rewrite_links looks at.
bool IsLinkAttr(std::string_view attr) {
  return OneOf(
      attr, {"action", "archive", "background", "cite", "classid", "codebase", "data", "dynsrc",
             "formaction", "href", "longdesc", "lowsrc", "profile", "src", "usemap", "xlink:href"});
}

// lxml's Cleaner._remove_javascript_link: a link whose unquoted, space-free form names a script
// scheme (or data: other than a base64 image) anywhere becomes empty.
bool IsScriptLink(std::string_view link) {
  const std::string decoded = DecodeFormComponent(link);
  std::string squeezed;
  for (char c : decoded) {
    if (!IsPySpace(c) && !(c >= '\x00' && c <= '\x08') && !(c >= '\x0e' && c <= '\x19')) {
      squeezed += Lower(c);
    }
  }
  if (squeezed.rfind("data:image/", 0) == 0) {
    size_t base64 = squeezed.find(";base64", 11);
    if (base64 != std::string::npos && base64 > 11) return false;
  }
  for (std::string_view scheme :
       {"javascript:", "jscript:", "livescript:", "vbscript:", "data:", "about:", "mocha:"}) {
    if (squeezed.find(scheme) != std::string::npos) return true;
  }
  return false;
}

// rewrite_links on one link: stripped, and emptied when it is a script link.
std::string CleanLink(std::string_view link) {
  std::string_view stripped = StripPy(link);
  return IsScriptLink(stripped) ? std::string() : std::string(stripped);
}

// rewrite_links on the url(...) of a style attribute.
std::string CleanStyleUrls(const std::string& style) {
  std::string out;
  std::string lower = Lower(style);
  size_t i = 0;
  while (i < style.size()) {
    size_t at = lower.find("url(", i);
    if (at == std::string::npos) break;
    size_t start = at + 4;
    while (start < style.size() && IsPySpace(style[start])) ++start;
    size_t end = start;
    while (end < style.size() && !IsPySpace(style[end]) && style[end] != ')') ++end;
    size_t close = end;
    while (close < style.size() && IsPySpace(style[close])) ++close;
    if (end == start || close >= style.size() || style[close] != ')') {
      out.append(style, i, at + 4 - i);
      i = at + 4;
      continue;
    }
    std::string link = style.substr(start, end - start);
    if (link.size() >= 2 && (link.front() == '"' || link.front() == '\'') &&
        link.back() == link.front()) {
      out.append(style, i, start + 1 - i);
      out += CleanLink(link.substr(1, link.size() - 2));
      out += link.back();
    } else {
      out.append(style, i, start - i);
      out += CleanLink(link);
    }
    i = end;
  }
  out.append(style, i, std::string::npos);
  return out;
}

// `expression\s*\(.*?\)` and `@\s*import`, removed (lxml's _replace_css_javascript and
// _replace_css_import).
std::string RemoveCssScript(const std::string& style) {
  std::string out;
  std::string lower = Lower(style);
  for (size_t i = 0; i < style.size();) {
    if (lower.compare(i, 10, "expression") == 0) {
      size_t p = i + 10;
      while (p < style.size() && IsPySpace(style[p])) ++p;
      size_t close = p < style.size() && style[p] == '(' ? style.find(')', p) : std::string::npos;
      if (close != std::string::npos) {
        i = close + 1;
        continue;
      }
    }
    if (style[i] == '@') {
      size_t p = i + 1;
      while (p < style.size() && IsPySpace(style[p])) ++p;
      if (lower.compare(p, 6, "import") == 0) {
        i = p + 6;
        continue;
      }
    }
    out += style[i++];
  }
  return out;
}

// lxml's Cleaner._has_sneaky_javascript.
bool HasSneakyJavascript(const std::string& style) {
  std::string s;
  for (size_t i = 0; i < style.size(); ++i) {
    if (style.compare(i, 2, "/*") == 0) {
      size_t end = style.find("*/", i + 2);
      if (end != std::string::npos) {
        i = end + 1;
        continue;
      }
    }
    if (style[i] == '\\') continue;
    s += style[i];
  }
  std::string squeezed;
  for (char c : s) {
    if (!IsPySpace(c) && !(c >= '\x00' && c <= '\x08') && !(c >= '\x0e' && c <= '\x19')) {
      squeezed += Lower(c);
    }
  }
  if (IsScriptLink(squeezed)) return true;
  if (squeezed.find("expression(") != std::string::npos) return true;
  if (squeezed.find("@import") != std::string::npos) return true;
  if (squeezed.find("</noscript") != std::string::npos) return true;
  // _looks_like_tag_content: "</?[a-zA-Z]+" or "\son[a-zA-Z]+\s*=" in the comment-free text.
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == '<') {
      size_t p = i + 1 + (s[i + 1] == '/' ? 1 : 0);
      if (p < s.size() && std::isalpha(static_cast<unsigned char>(s[p])) != 0) return true;
    }
    if (IsPySpace(s[i]) && i + 3 < s.size() && Lower(s[i + 1]) == 'o' && Lower(s[i + 2]) == 'n' &&
        std::isalpha(static_cast<unsigned char>(s[i + 3])) != 0) {
      size_t p = i + 3;
      while (p < s.size() && std::isalpha(static_cast<unsigned char>(s[p])) != 0) ++p;
      while (p < s.size() && IsPySpace(s[p])) ++p;
      if (p < s.size() && s[p] == '=') return true;
    }
  }
  return false;
}

// lxml's _conditional_comment_re: `\[if[\s\n\r]+.*?][\s\n\r]*>` anywhere, ignoring case.
bool IsConditionalComment(const std::string& text) {
  std::string lower = Lower(text);
  for (size_t at = lower.find("[if"); at != std::string::npos; at = lower.find("[if", at + 1)) {
    size_t p = at + 3;
    if (p >= lower.size() || !IsPySpace(lower[p])) continue;
    for (size_t close = lower.find(']', p); close != std::string::npos;
         close = lower.find(']', close + 1)) {
      size_t q = close + 1;
      while (q < lower.size() && IsPySpace(lower[q])) ++q;
      if (q < lower.size() && lower[q] == '>') return true;
    }
  }
  return false;
}

void ForEachElement(HtmlNode& node, const std::function<void(HtmlNode&)>& visit) {
  if (!node.is_element()) return;
  visit(node);
  // Index-based: visit may insert children before the one it is at (tag_quote's spans).
  for (size_t i = 0; i < node.children.size(); ++i) ForEachElement(*node.children[i], visit);
}

size_t IndexInParent(const HtmlNode& node) {
  const auto& siblings = node.parent->children;
  for (size_t i = 0; i < siblings.size(); ++i) {
    if (siblings[i].get() == &node) return i;
  }
  return siblings.size();
}

void MergeTexts(HtmlNode& parent) {
  auto& c = parent.children;
  for (size_t i = 1; i < c.size();) {
    if (c[i - 1]->kind == HtmlNode::Kind::kText && c[i]->kind == HtmlNode::Kind::kText) {
      c[i - 1]->text += c[i]->text;
      c.erase(c.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
}

// lxml's drop_tree: the element and its content go; what followed it stays.
void DropTree(HtmlNode& node) {
  HtmlNode* parent = node.parent;
  parent->children.erase(parent->children.begin() +
                         static_cast<std::ptrdiff_t>(IndexInParent(node)));
  MergeTexts(*parent);
}

// lxml's drop_tag: the element goes, its content takes its place.
void DropTag(HtmlNode& node) {
  HtmlNode* parent = node.parent;
  size_t at = IndexInParent(node);
  std::unique_ptr<HtmlNode> owned = std::move(parent->children[at]);
  parent->children.erase(parent->children.begin() + static_cast<std::ptrdiff_t>(at));
  for (auto& child : owned->children) {
    child->parent = parent;
    parent->children.insert(parent->children.begin() + static_cast<std::ptrdiff_t>(at++),
                            std::move(child));
  }
  MergeTexts(*parent);
}

// The text of an element before its first child (lxml's el.text).
std::string LeadingText(const HtmlNode& el) {
  if (!el.children.empty() && el.children.front()->kind == HtmlNode::Kind::kText) {
    return el.children.front()->text;
  }
  return "";
}

bool HasChildElement(const HtmlNode& el, std::string_view tag) {
  return std::any_of(el.children.begin(), el.children.end(),
                     [&](const auto& c) { return c->is_element() && c->name == tag; });
}

// The matches of tag_quote's text_complete_regex,
// `((?:\n[>]+[^\n\r]*)+|(?:(?:^|\n)[-]{2}[\s]?[\r\n]{1,2}[\s\S]+))`, as [start, end) pairs.
std::vector<std::pair<size_t, size_t>> QuoteMatches(const std::string& t) {
  std::vector<std::pair<size_t, size_t>> out;
  const size_t n = t.size();
  auto quoted_lines = [&](size_t i) {
    size_t j = i;
    while (j + 1 < n && t[j] == '\n' && t[j + 1] == '>') {
      size_t k = j + 1;
      while (k < n && t[k] == '>') ++k;
      while (k < n && t[k] != '\n' && t[k] != '\r') ++k;
      j = k;
    }
    return j - i;
  };
  auto signature_at = [&](size_t s) {  // "--" at s, then [\s]?[\r\n]{1,2} and one char more
    if (t.compare(s, 2, "--") != 0) return false;
    size_t r = s + 2;
    auto newline_then_more = [&](size_t p) {
      return p < n && (t[p] == '\r' || t[p] == '\n') && p + 1 < n;
    };
    return (r < n && IsPySpace(t[r]) && newline_then_more(r + 1)) || newline_then_more(r);
  };
  for (size_t i = 0; i < n;) {
    if (size_t len = quoted_lines(i); len > 0) {
      out.emplace_back(i, i + len);
      i += len;
      continue;
    }
    if ((i == 0 && signature_at(0)) || (t[i] == '\n' && signature_at(i + 1))) {
      out.emplace_back(i, n);
      break;
    }
    ++i;
  }
  return out;
}

bool HasAttrValue(const HtmlNode& el, std::string_view name) {
  const HtmlAttr* a = el.Attr(name);
  return a != nullptr && !a->value.empty();
}

// odoo.tools.mail.tag_quote: marks the parts of a mail that quote earlier mails.
void TagQuote(HtmlNode& el) {
  const HtmlAttr* cls = el.Attr("class");
  const HtmlAttr* id = el.Attr("id");
  const std::string el_class = cls != nullptr ? cls->value : "";
  const std::string el_id = id != nullptr ? id->value : "";
  auto mark_with_container = [&] {
    el.SetAttr("data-o-mail-quote", "1");
    if (el.parent != nullptr) el.parent->SetAttr("data-o-mail-quote-container", "1");
  };
  if (el_class.find("gmail_extra") != std::string::npos ||
      el_id.find("divRplyFwdMsg") != std::string::npos ||
      el_class.find("SkyDrivePlaceholder") != std::string::npos) {
    mark_with_container();
  }
  if ((el.name == "hr" && (el_class.find("stopSpelling") != std::string::npos ||
                           el_id.find("stopSpelling") != std::string::npos)) ||
      el_class.find("yahoo_quoted") != std::string::npos) {
    el.SetAttr("data-o-mail-quote", "1");
    if (el.parent != nullptr) {
      bool after = false;
      for (auto& sibling : el.parent->children) {
        if (sibling.get() == &el) {
          after = true;
        } else if (after && sibling->is_element()) {
          sibling->SetAttr("data-o-mail-quote", "1");
        }
      }
    }
  }
  const std::string text = LeadingText(el);
  // signature_begin, `((?:(?:^|\n)[-]{2}[\s]?$))`: the text ends with a "--" line.
  if (!text.empty() && HasChildElement(el, "br")) {
    std::string_view t = text;
    if (!t.empty() && t.back() == '\n') t.remove_suffix(1);  // $ matches before a last newline
    bool signature = false;
    for (size_t cut : {size_t{2}, size_t{3}}) {
      if (t.size() < cut) continue;
      std::string_view tail = t.substr(t.size() - cut);
      bool dashes = tail.substr(0, 2) == "--" && (cut == 2 || IsPySpace(tail[2]));
      size_t start = t.size() - cut;
      if (dashes && (start == 0 || t[start - 1] == '\n')) signature = true;
    }
    if (signature) mark_with_container();
  }
  if (!HasAttrValue(el, "data-o-mail-quote") && !text.empty()) {
    auto matches = QuoteMatches(text);
    if (!matches.empty()) {
      std::vector<std::unique_ptr<HtmlNode>> parts;
      size_t at = 0;
      for (auto [start, end] : matches) {
        if (start > at) parts.push_back(NewText(text.substr(at, start - at)));
        auto span = NewElement("span");
        span->SetAttr("data-o-mail-quote", "1");
        span->Append(NewText(text.substr(start, end - start)));
        parts.push_back(std::move(span));
        at = end;
      }
      if (at < text.size()) parts.push_back(NewText(text.substr(at)));
      el.children.erase(el.children.begin());
      size_t i = 0;
      for (auto& part : parts) {
        part->parent = &el;
        el.children.insert(el.children.begin() + static_cast<std::ptrdiff_t>(i++), std::move(part));
      }
      MergeTexts(el);
    }
  }
  if (el.name == "blockquote") {
    el.SetAttr("data-o-mail-quote-node", "1");
    el.SetAttr("data-o-mail-quote", "1");
  }
  if (el.parent != nullptr &&
      (HasAttrValue(*el.parent, "data-o-mail-quote") ||
       HasAttrValue(*el.parent, "data-o-mail-quote-container")) &&
      !HasAttrValue(*el.parent, "data-o-mail-quote-node")) {
    el.SetAttr("data-o-mail-quote", "1");
  }
}

bool IsKilled(std::string_view tag) {
  return OneOf(tag, {"base", "embed", "frame", "head", "iframe", "link", "meta", "noscript",
                     "object", "script", "style", "title", "applet", "frameset", "noframes",
                     "button", "input", "select", "textarea"});
}

bool IsRemoved(std::string_view tag) {
  return OneOf(tag, {"html", "body", "head", "title", "iframe", "embed", "layer", "object", "param",
                     "form", "blink", "marquee"});
}

// lxml's Cleaner with Odoo's settings, on the fragment's root. False where lxml fails: a root it
// kills is emptied first, and an element to kill or remove among its children then has no parent
// (Odoo answers "<p>Unknown error when sanitizing</p>").
bool Clean(HtmlNode& root) {
  ForEachElement(root, [](HtmlNode& el) {
    if (el.name == "image") el.name = "img";
  });
  // Conditional comments.
  ForEachElement(root, [](HtmlNode& el) {
    for (size_t i = 0; i < el.children.size();) {
      const auto& c = el.children[i];
      if (c->kind == HtmlNode::Kind::kComment && IsConditionalComment(c->text)) {
        DropTree(*c);
      } else {
        ++i;
      }
    }
  });
  ForEachElement(root, [](HtmlNode& el) {
    el.attrs.erase(std::remove_if(el.attrs.begin(), el.attrs.end(),
                                  [](const HtmlAttr& a) { return !IsSafeAttr(a.name); }),
                   el.attrs.end());
    for (auto& a : el.attrs) {
      if (IsLinkAttr(a.name)) a.value = CleanLink(a.value);
    }
    if (const HtmlAttr* style = el.Attr("style"); style != nullptr && !style->value.empty()) {
      const std::string old = style->value;
      std::string value = RemoveCssScript(CleanStyleUrls(old));
      if (HasSneakyJavascript(value)) {
        el.RemoveAttr("style");
      } else if (value != old) {
        el.SetAttr("style", value);
      }
    }
  });
  // <param> outside <applet> and <object>.
  std::vector<HtmlNode*> stray_params;
  ForEachElement(root, [&](HtmlNode& el) {
    if (el.name != "param" || &el == &root) return;
    const HtmlNode* p = el.parent;
    while (p != nullptr && p->name != "applet" && p->name != "object") p = p->parent;
    if (p == nullptr) stray_params.push_back(&el);
  });
  for (auto it = stray_params.rbegin(); it != stray_params.rend(); ++it) DropTree(**it);

  // Killed elements go with their content, removed ones leave it. What lies inside a killed
  // element is not looked at: it goes with it.
  std::vector<HtmlNode*> kill;
  std::vector<HtmlNode*> remove;
  std::function<void(HtmlNode&)> sort = [&](HtmlNode& el) {
    if (IsKilled(el.name)) {
      kill.push_back(&el);
      if (&el != &root) return;
    } else if (IsRemoved(el.name)) {
      remove.push_back(&el);
    }
    for (auto& c : el.children) {
      if (c->is_element()) sort(*c);
    }
  };
  sort(root);
  if (!remove.empty() && remove.front() == &root) {
    root.name = "div";
    root.attrs.clear();
    remove.erase(remove.begin());
  } else if (!kill.empty() && kill.front() == &root) {
    auto orphaned = [&](const HtmlNode* el) { return el != &root && el->parent == &root; };
    if (std::any_of(kill.begin(), kill.end(), orphaned) ||
        std::any_of(remove.begin(), remove.end(), orphaned)) {
      return false;
    }
    if (root.name != "html") root.name = "div";
    root.attrs.clear();
    root.children.clear();
    kill.clear();
    remove.clear();
  }
  for (auto it = kill.rbegin(); it != kill.rend(); ++it) DropTree(**it);
  for (HtmlNode* el : remove) DropTag(*el);

  std::vector<HtmlNode*> unknown;
  ForEachElement(root, [&](HtmlNode& el) {
    if (!IsAllowedTag(el.name)) unknown.push_back(&el);
  });
  if (!unknown.empty() && unknown.front() == &root) {
    root.name = "div";
    root.attrs.clear();
    unknown.erase(unknown.begin());
  }
  for (HtmlNode* el : unknown) DropTag(*el);
  return true;
}

bool ContainsBlockTag(const HtmlNode& node) {
  for (const auto& c : node.children) {
    if (!c->is_element()) continue;
    if (OneOf(c->name, {"address",  "blockquote", "caption", "center", "col",   "colgroup", "dd",
                        "del",      "dir",        "div",     "dl",     "dt",    "fieldset", "form",
                        "h1",       "h2",         "h3",      "h4",     "h5",    "h6",       "hr",
                        "ins",      "isindex",    "legend",  "li",     "menu",  "noscript", "ol",
                        "optgroup", "option",     "p",       "pre",    "table", "tbody",    "td",
                        "tfoot",    "th",         "thead",   "tr",     "ul"}) ||
        ContainsBlockTag(*c)) {
      return true;
    }
  }
  return false;
}

HtmlNode* ChildElement(HtmlNode& html, std::string_view tag) {
  for (auto& c : html.children) {
    if (c->is_element() && c->name == tag) return c.get();
  }
  return nullptr;
}

// lxml's _looks_like_full_html_unicode: `^\s*<(?:html|!doctype)`, ignoring case.
bool LooksLikeFullHtml(std::string_view s) {
  while (!s.empty() && IsPySpace(s.front())) s.remove_prefix(1);
  std::string head = Lower(s.substr(0, 9));
  return head.rfind("<html", 0) == 0 || head.rfind("<!doctype", 0) == 0;
}

}  // namespace

std::string SanitizeHtml(std::string_view html) {
  if (html.empty()) return "";
  const std::string prepared = Prepare(html);
  std::unique_ptr<HtmlNode> document = ParseHtmlDocument(prepared);
  if (document == nullptr) return "";

  // lxml.html.fromstring's root: the whole document when it looks like one or has a <head>; the
  // one element of the body; else the body, called <div> or <span>.
  HtmlNode* root = document.get();
  const HtmlNode* tail = nullptr;  // the text after a root taken out of the body
  HtmlNode* body = ChildElement(*document, "body");
  if (!LooksLikeFullHtml(prepared) && ChildElement(*document, "head") == nullptr &&
      body != nullptr) {
    std::vector<HtmlNode*> items;
    for (auto& c : body->children) {
      if (c->kind != HtmlNode::Kind::kText) items.push_back(c.get());
    }
    const std::string lead = LeadingText(*body);
    const HtmlNode* after = !body->children.empty() &&
                                    body->children.back()->kind == HtmlNode::Kind::kText &&
                                    body->children.size() > 1
                                ? body->children.back().get()
                                : nullptr;
    if (items.size() == 1 && items[0]->is_element() && IsBlankText(lead) &&
        (after == nullptr || IsBlankText(after->text))) {
      root = items[0];
      tail = after;
    } else {
      body->name = ContainsBlockTag(*body) ? "div" : "span";
      root = body;
      // What libxml2 put after a closed </body> is outside; blanks there are the body's tail.
      const auto& siblings = document->children;
      for (size_t i = 0; i + 1 < siblings.size(); ++i) {
        if (siblings[i].get() == body && siblings[i + 1]->kind == HtmlNode::Kind::kText) {
          tail = siblings[i + 1].get();
        }
      }
    }
  }

  ForEachElement(*root, TagQuote);
  bool killed_root = IsKilled(root->name);
  if (!Clean(*root)) return "<p>Unknown error when sanitizing</p>";

  std::string out;
  WriteHtml(*root, out);
  if (tail != nullptr && !killed_root) WriteHtml(*tail, out);
  if (out.size() >= 11 && out.rfind("<div>", 0) == 0 &&
      out.compare(out.size() - 6, 6, "</div>") == 0) {
    out = out.substr(5, out.size() - 11);
  }
  return out;
}

}  // namespace keygate::models
