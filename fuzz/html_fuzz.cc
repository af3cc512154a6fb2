// Fuzz target for the html fields' sanitizer (models/html_sanitize.h, over libxml2's HTML parser):
// any bytes are sanitized without harm, and what is stored (sanitized twice, as Odoo's write does)
// is safe to show, whatever came in.
// Every tag written is one the Cleaner keeps (no script, style, frame, object, form control,
// document structure), no attribute is an event handler, no link names a script scheme (a base64
// image excepted), and UTF-8 in gives UTF-8 out.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "fuzz_check.h"
#include "models/html_sanitize.h"
#include "rpc/codec_text.h"

namespace {

using keygate::fuzz::Check;

bool IsForbiddenTag(std::string_view tag) {
  for (std::string_view bad :
       {"script",   "style",  "iframe",  "object", "embed",  "frame",    "frameset",
        "noframes", "applet", "base",    "link",   "meta",   "title",    "head",
        "noscript", "form",   "input",   "button", "select", "textarea", "html",
        "body",     "blink",  "marquee", "param",  "layer"}) {
    if (tag == bad) return true;
  }
  return false;
}

bool IsLinkAttribute(std::string_view name) {
  for (std::string_view link : {"href", "src", "action", "cite", "longdesc", "usemap"}) {
    if (name == link) return true;
  }
  return false;
}

// The link or style as a browser may read it: &amp; decoded, a link's percent escapes decoded,
// blanks and control characters dropped, lower case.
std::string Squeezed(std::string_view value, bool link) {
  std::string s;
  for (size_t i = 0; i < value.size(); ++i) {
    s += value[i];
    if (value.compare(i, 5, "&amp;") == 0) i += 4;
  }
  std::string out;
  for (char c : link ? keygate::DecodeFormComponent(s) : s) {
    // What lxml removes before it looks (blanks and control characters but \x1a and \x1b,
    // which no browser ignores inside a scheme or a CSS word either).
    if (static_cast<unsigned char>(c) <= ' ' && c != '\x1a' && c != '\x1b') continue;
    out += keygate::Lower(c);
  }
  return out;
}

void CheckLink(std::string_view value) {
  const std::string link = Squeezed(value, true);
  if (link.rfind("data:image/", 0) == 0 && link.find(";base64") != std::string::npos) return;
  for (std::string_view scheme :
       {"javascript:", "vbscript:", "livescript:", "jscript:", "data:", "about:", "mocha:"}) {
    Check(link.find(scheme) == std::string::npos, "a link names a script scheme");
  }
}

// Walks the sanitizer's output: every '<' there starts markup the serializer wrote (text escapes
// its own), so tags and attributes can be read back plainly.
void CheckOutput(std::string_view out) {
  size_t i = 0;
  while ((i = out.find('<', i)) != std::string_view::npos) {
    ++i;
    if (out.compare(i, 3, "!--") == 0) {
      // As a browser reads it (HTML5): "<!-->" and "<!--->" are whole comments, and a comment
      // ends at the first "-->" or "--!>".
      i += 3;
      if (out.compare(i, 1, ">") == 0 || out.compare(i, 2, "->") == 0) continue;
      size_t end = std::min(out.find("-->", i), out.find("--!>", i));
      Check(end != std::string_view::npos, "an unterminated comment");
      i = end + 3;
      continue;
    }
    if (i < out.size() && out[i] == '/') continue;
    size_t name_end = i;
    while (name_end < out.size() && out[name_end] != ' ' && out[name_end] != '>') ++name_end;
    const std::string_view tag = out.substr(i, name_end - i);
    Check(!tag.empty(), "an empty tag name");
    Check(!IsForbiddenTag(tag), "a tag the Cleaner removes was written");
    i = name_end;
    while (i < out.size() && out[i] != '>') {
      Check(out[i] == ' ', "malformed attribute list");
      ++i;
      size_t eq = i;
      while (eq < out.size() && out[eq] != '=' && out[eq] != ' ' && out[eq] != '>') ++eq;
      const std::string_view name = out.substr(i, eq - i);
      Check(name.size() < 2 || keygate::Lower(name[0]) != 'o' || keygate::Lower(name[1]) != 'n',
            "an event handler attribute was written");
      i = eq;
      if (i < out.size() && out[i] == '=') {
        const char quote = out[i + 1];
        Check(quote == '"' || quote == '\'', "an unquoted attribute value");
        size_t close = out.find(quote, i + 2);
        Check(close != std::string_view::npos, "an unterminated attribute value");
        const std::string_view value = out.substr(i + 2, close - i - 2);
        if (IsLinkAttribute(name)) CheckLink(value);
        Check(name != "style" || Squeezed(value, false).find("expression(") == std::string::npos,
              "a style with an expression was written");
        i = close + 1;
      }
    }
    Check(i < out.size(), "an unterminated tag");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // What fields.Html stores: the value sanitized twice. Once is not enough, in Odoo's function
  // as in keygate's copy of it: a comment whose text starts with '>' (left when libxml2 drops a
  // character it refuses, "<!--\x04>") is written "<!-->", which a browser reads as a whole
  // comment, so what followed inside it becomes markup. The second pass turns "<!-->" into
  // "<!-- -->" before parsing.
  const std::string once = keygate::models::SanitizeHtml(input);
  const std::string twice = keygate::models::SanitizeHtml(once);
  CheckOutput(twice);
  if (keygate::rpc::IsValidUtf8(input)) {
    Check(keygate::rpc::IsValidUtf8(once) && keygate::rpc::IsValidUtf8(twice),
          "UTF-8 in, not UTF-8 out");
  }
  return 0;
}
