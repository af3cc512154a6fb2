// What Odoo 18 stores of a value written to an html field (fields.Html with its defaults:
// odoo.tools.mail.html_sanitize with sanitize_tags and sanitize_attributes): the value parsed as
// HTML tag soup (html_soup.h), lxml's choice of the fragment's root, Odoo's mail-quote marks,
// lxml's Cleaner with Odoo's settings (script, style, iframe, object, form controls and the like
// removed with their content; html, body, form, blink and unknown tags removed, their content kept;
// only Odoo's safe attributes; javascript:, data: (but images) and similar links emptied; styles
// with expressions dropped; conditional comments removed), written back as libxml2 writes HTML,
// without the <div> that wraps several top-level nodes. Plain text becomes a paragraph: "first
// company" is stored as "<p>first company</p>". Thread-safety: a pure function.
#pragma once

#include <string>
#include <string_view>

namespace keygate::models {

// "" for a value that holds no content (blanks, comments only).
std::string SanitizeHtml(std::string_view html);

}  // namespace keygate::models
