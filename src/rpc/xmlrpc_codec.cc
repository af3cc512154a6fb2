// XML-RPC codec on pugixml. The body is checked as raw bytes first (UTF-8, XML 1.0 characters, no
// DTD) and parsed without entity expansion; character references are decoded here, strictly, so
// that nothing but the five predefined entities and numeric references is ever expanded.
// Serialisation reproduces Python's xmlrpc.client.dumps byte for byte.
#include "rpc/xmlrpc_codec.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <iterator>
#include <limits>
#include <pugixml.hpp>
#include <string>
#include <unordered_map>
#include <utility>

#include "rpc/codec_text.h"
#include "rpc/request_limits.h"
#include "rpc/xml_struct_scan.h"

namespace keygate::rpc {
namespace {

constexpr std::string_view kRequestPrefix = "malformed XML-RPC request: ";
constexpr std::string_view kResponsePrefix = "malformed XML-RPC response: ";

// Code points XML 1.0 allows in a document (production [2] Char).
bool IsXmlChar(uint32_t cp) {
  if (cp < 0x20) return cp == 0x9 || cp == 0xA || cp == 0xD;
  if (cp >= 0xD800 && cp <= 0xDFFF) return false;
  return cp != 0xFFFE && cp != 0xFFFF && cp <= 0x10FFFF;
}

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (!IsXmlSpace(c)) return false;
  }
  return true;
}

// A DOCTYPE is the only place entities can be declared; refusing it outright defeats entity
// expansion bombs and external entities before any parser looks at the declaration.
bool ContainsDoctype(std::string_view body) {
  constexpr std::string_view kNeedle = "<!doctype";
  if (body.size() < kNeedle.size()) return false;
  for (size_t i = 0; i + kNeedle.size() <= body.size(); ++i) {
    if (body[i] != '<' || body[i + 1] != '!') continue;
    bool match = true;
    for (size_t k = 2; k < kNeedle.size(); ++k) {
      char c = body[i + k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != kNeedle[k]) {
        match = false;
        break;
      }
    }
    if (match) return true;
  }
  return false;
}

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes the references in raw character data. Only &amp; &lt; &gt; &quot; &apos; and numeric
// references to XML characters are valid; anything else (an undeclared entity, a bare '&')
// fails, as in a conforming XML parser.
bool DecodeCharacterData(std::string_view raw, std::string* out) {
  size_t i = 0;
  while (i < raw.size()) {
    const size_t amp = raw.find('&', i);
    if (amp == std::string_view::npos) {
      out->append(raw.substr(i));
      return true;
    }
    out->append(raw.substr(i, amp - i));
    const size_t semi = raw.find(';', amp);
    if (semi == std::string_view::npos || semi - amp > 12) return false;
    const std::string_view ref = raw.substr(amp + 1, semi - amp - 1);
    if (ref == "amp") {
      out->push_back('&');
    } else if (ref == "lt") {
      out->push_back('<');
    } else if (ref == "gt") {
      out->push_back('>');
    } else if (ref == "quot") {
      out->push_back('"');
    } else if (ref == "apos") {
      out->push_back('\'');
    } else if (ref.size() >= 2 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      if (digits.empty()) return false;
      uint32_t cp = 0;
      for (char c : digits) {
        int d;
        if (c >= '0' && c <= '9') {
          d = c - '0';
        } else if (hex && c >= 'a' && c <= 'f') {
          d = c - 'a' + 10;
        } else if (hex && c >= 'A' && c <= 'F') {
          d = c - 'A' + 10;
        } else {
          return false;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
        if (cp > 0x10FFFF) return false;
      }
      if (!IsXmlChar(cp)) return false;
      AppendUtf8(out, cp);
    } else {
      return false;
    }
    i = semi + 1;
  }
  return true;
}

// The element name without a namespace prefix: Apache XML-RPC sends <ex:nil/>, <ex:i8>.
std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Where expat (Python's XML parser, whose errors Odoo passes on) places an offset of the body:
// "line 1, column 0" (lines from 1, columns from 0, in characters).
std::string ExpatPosition(std::string_view body, size_t offset) {
  offset = std::min(offset, body.size());
  size_t line = 1;
  size_t column = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (body[i] == '\n') {
      ++line;
      column = 0;
    } else if ((static_cast<unsigned char>(body[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Turns a parsed pugixml tree into Values. Recursion happens only for arrays and structs and is
// bounded by kMaxNestingDepth, checked before descending.
class TreeReader {
 public:
  TreeReader(std::string_view prefix, size_t max_struct_members)
      : prefix_(prefix), max_struct_members_(max_struct_members) {}

  Status Fail(std::string_view what) const {
    std::string message(prefix_);
    message += what;
    return InvalidRequest(std::move(message));
  }

  // The single root element, after the raw-text checks and the parse.
  StatusOr<pugi::xml_node> Load(std::string_view body, pugi::xml_document* doc) const {
    if (!IsValidUtf8(body)) return Fail("invalid UTF-8");
    for (size_t i = 0; i < body.size();) {
      uint32_t cp;
      const size_t len = DecodeUtf8(body, i, &cp);
      if (!IsXmlChar(cp)) return Fail("character not allowed in XML");
      i += len;
    }
    if (ContainsDoctype(body)) return Fail("DTDs are not allowed");
    // parse_escapes is off: references are decoded by DecodeCharacterData. Whitespace-only text
    // is kept because <value>  </value> is the string "  ". Fragment mode keeps text outside the
    // root element as nodes, so that junk around the document is seen and rejected.
    const unsigned flags = (pugi::parse_default & ~pugi::parse_escapes) | pugi::parse_doctype |
                           pugi::parse_fragment | pugi::parse_ws_pcdata;
    const pugi::xml_parse_result result =
        doc->load_buffer(body.data(), body.size(), flags, pugi::encoding_utf8);
    if (!result) {
      return Fail(std::string("not well-formed XML (") + result.description() + " at offset " +
                  std::to_string(result.offset) + ")");
    }
    pugi::xml_node root;
    for (pugi::xml_node child : doc->children()) {
      switch (child.type()) {
        case pugi::node_doctype:
          return Fail("DTDs are not allowed");
        case pugi::node_element:
          if (root) return Fail("more than one root element");
          root = child;
          break;
        case pugi::node_pcdata:
        case pugi::node_cdata:
          if (!IsBlank(child.value())) {
            // Expat's words for text around the document, at the text's first character.
            const std::string_view text = child.value();
            const ptrdiff_t node_at = child.offset_debug();
            const size_t at = (node_at < 0 ? 0 : static_cast<size_t>(node_at)) +
                              text.find_first_not_of(" \t\r\n");
            return Status(StatusCode::kXmlSyntaxError,
                          std::string(root ? "junk after document element: " : "syntax error: ") +
                              ExpatPosition(body, at));
          }
          break;
        default:
          break;
      }
    }
    // Expat reads to the end before it knows no element came.
    if (!root) {
      return Status(StatusCode::kXmlSyntaxError,
                    "no element found: " + ExpatPosition(body, body.size()));
    }
    return root;
  }

  // The element children of `node`; fails on non-blank text between them.
  Status Elements(const pugi::xml_node& node, std::vector<pugi::xml_node>* out) const {
    for (pugi::xml_node child : node.children()) {
      switch (child.type()) {
        case pugi::node_element:
          out->push_back(child);
          break;
        case pugi::node_pcdata:
        case pugi::node_cdata:
          if (!IsBlank(child.value())) return Fail("unexpected text");
          break;
        default:
          break;
      }
    }
    return Status::Ok();
  }

  // The one child element named `name` among the children of `node`.
  StatusOr<pugi::xml_node> OnlyChild(const pugi::xml_node& node, std::string_view name) const {
    std::vector<pugi::xml_node> elements;
    KG_RETURN_IF_ERROR(Elements(node, &elements));
    if (elements.size() != 1 || LocalName(elements[0]) != name) {
      return Fail("expected exactly one <" + std::string(name) + ">");
    }
    return elements[0];
  }

  // The decoded text content of an element that must not contain elements.
  StatusOr<std::string> Text(const pugi::xml_node& node) const {
    std::string out;
    for (pugi::xml_node child : node.children()) {
      switch (child.type()) {
        case pugi::node_pcdata:
          if (!DecodeCharacterData(child.value(), &out)) return Fail("invalid entity reference");
          break;
        case pugi::node_cdata:
          out += child.value();
          break;
        case pugi::node_element:
          return Fail("unexpected element inside <" + std::string(LocalName(node)) + ">");
        default:
          break;
      }
    }
    return out;
  }

  // One <value> element. `depth` counts the arrays and structs around it.
  StatusOr<Value> ReadValue(const pugi::xml_node& value_node, int depth) const {
    pugi::xml_node typed;
    bool has_text = false;
    for (pugi::xml_node child : value_node.children()) {
      switch (child.type()) {
        case pugi::node_element:
          if (typed) return Fail("more than one type inside <value>");
          typed = child;
          break;
        case pugi::node_pcdata:
        case pugi::node_cdata:
          if (!IsBlank(child.value())) has_text = true;
          break;
        default:
          break;
      }
    }
    if (!typed) {
      // No type element: the text, whitespace included, is a string.
      KG_ASSIGN_OR_RETURN(std::string text, Text(value_node));
      return Value(std::move(text));
    }
    if (has_text) return Fail("unexpected text inside <value>");

    const std::string_view type = LocalName(typed);
    if (type == "int" || type == "i4" || type == "i8" || type == "i1" || type == "i2" ||
        type == "biginteger") {
      KG_ASSIGN_OR_RETURN(std::string text, Text(typed));
      const std::optional<int64_t> n = ParsePythonInt(text);
      if (!n) return Fail("bad integer value");
      return Value(*n);
    }
    if (type == "boolean") {
      KG_ASSIGN_OR_RETURN(std::string text, Text(typed));
      if (text == "0") return Value(false);
      if (text == "1") return Value(true);
      return Fail("bad boolean value");
    }
    if (type == "string") {
      KG_ASSIGN_OR_RETURN(std::string text, Text(typed));
      return Value(std::move(text));
    }
    if (type == "double" || type == "float") {
      KG_ASSIGN_OR_RETURN(std::string text, Text(typed));
      const std::optional<double> d = ParsePythonFloat(text);
      if (!d) return Fail("bad double value");
      return Value(*d);
    }
    if (type == "dateTime.iso8601") {
      KG_ASSIGN_OR_RETURN(std::string text, Text(typed));
      return Value(Value::DateTime{std::move(text)});
    }
    if (type == "base64") {
      KG_ASSIGN_OR_RETURN(std::string text, Text(typed));
      std::optional<std::string> bytes = Base64Decode(text);
      if (!bytes) return Fail("bad base64 value");
      return Value(Value::Binary{std::move(*bytes)});
    }
    if (type == "nil") {
      KG_ASSIGN_OR_RETURN(std::string text, Text(typed));
      if (!IsBlank(text)) return Fail("unexpected text inside <nil>");
      return Value();
    }
    if (type == "array") {
      if (depth >= kMaxNestingDepth) return Fail("nesting too deep");
      return ReadArray(typed, depth + 1);
    }
    if (type == "struct") {
      if (depth >= kMaxNestingDepth) return Fail("nesting too deep");
      return ReadStruct(typed, depth + 1);
    }
    return Fail("unknown value type");
  }

  StatusOr<Value> ReadArray(const pugi::xml_node& array_node, int depth) const {
    std::vector<pugi::xml_node> elements;
    KG_RETURN_IF_ERROR(Elements(array_node, &elements));
    Value::Array items;
    if (elements.empty()) return Value(std::move(items));  // <array/>, as Python accepts
    if (elements.size() != 1 || LocalName(elements[0]) != "data") {
      return Fail("<array> must hold one <data>");
    }
    std::vector<pugi::xml_node> values;
    KG_RETURN_IF_ERROR(Elements(elements[0], &values));
    items.reserve(values.size());
    for (const pugi::xml_node& v : values) {
      if (LocalName(v) != "value") return Fail("<data> may only hold <value>");
      KG_ASSIGN_OR_RETURN(Value item, ReadValue(v, depth));
      items.push_back(std::move(item));
    }
    return Value(std::move(items));
  }

  StatusOr<Value> ReadStruct(const pugi::xml_node& struct_node, int depth) const {
    std::vector<pugi::xml_node> members;
    KG_RETURN_IF_ERROR(Elements(struct_node, &members));
    if (members.size() > max_struct_members_) {
      return Fail("a <struct> holds more than " + std::to_string(max_struct_members_) + " members");
    }
    Value::Struct fields;
    fields.reserve(members.size());
    // A repeated name replaces the earlier value in place, like a Python dict; the index keeps
    // that linear for large structs.
    std::unordered_map<std::string, size_t> index;
    for (const pugi::xml_node& member : members) {
      if (LocalName(member) != "member") return Fail("<struct> may only hold <member>");
      std::vector<pugi::xml_node> parts;
      KG_RETURN_IF_ERROR(Elements(member, &parts));
      pugi::xml_node name_node;
      pugi::xml_node value_node;
      for (const pugi::xml_node& part : parts) {
        const std::string_view part_name = LocalName(part);
        pugi::xml_node* slot = part_name == "name"    ? &name_node
                               : part_name == "value" ? &value_node
                                                      : nullptr;
        if (slot == nullptr || *slot) return Fail("<member> must hold one <name> and one <value>");
        *slot = part;
      }
      if (!name_node || !value_node) return Fail("<member> must hold one <name> and one <value>");
      KG_ASSIGN_OR_RETURN(std::string name, Text(name_node));
      KG_ASSIGN_OR_RETURN(Value value, ReadValue(value_node, depth));
      auto [it, inserted] = index.try_emplace(name, fields.size());
      if (inserted) {
        fields.emplace_back(std::move(name), std::move(value));
      } else {
        fields[it->second].second = std::move(value);
      }
    }
    return Value(std::move(fields));
  }

  // <params><param><value>..</value></param>...</params>
  StatusOr<Value::Array> ReadParams(const pugi::xml_node& params_node) const {
    std::vector<pugi::xml_node> params;
    KG_RETURN_IF_ERROR(Elements(params_node, &params));
    Value::Array out;
    out.reserve(params.size());
    for (const pugi::xml_node& param : params) {
      if (LocalName(param) != "param") return Fail("<params> may only hold <param>");
      KG_ASSIGN_OR_RETURN(pugi::xml_node value_node, OnlyChild(param, "value"));
      KG_ASSIGN_OR_RETURN(Value value, ReadValue(value_node, 0));
      out.push_back(std::move(value));
    }
    return out;
  }

 private:
  std::string_view prefix_;
  size_t max_struct_members_;
};

// --- Serialisation, mirroring xmlrpc.client.Marshaller ---

void AppendEscaped(std::string* out, std::string_view text) {
  std::string repaired;
  if (!IsValidUtf8(text)) {
    repaired = ToValidUtf8(text);
    text = repaired;
  }
  // The characters between two that need escaping are copied at once.
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '&' && c != '<' && c != '>') continue;
    out->append(text.data() + start, i - start);
    *out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;";
    start = i + 1;
  }
  out->append(text.data() + start, text.size() - start);
}

// Python's base64.encodebytes: lines of at most 76 characters, each ending in '\n'.
void AppendBase64Lines(std::string* out, std::string_view bytes) {
  const std::string encoded = Base64Encode(bytes);
  for (size_t i = 0; i < encoded.size(); i += 76) {
    out->append(encoded, i, 76);
    out->push_back('\n');
  }
}

void AppendValue(std::string* out, const Value& value) {
  switch (value.type()) {
    case Value::Type::kNil:
      *out += "<value><nil/></value>";  // Python writes no newline after nil
      return;
    case Value::Type::kBool:
      *out += value.as_bool() ? "<value><boolean>1</boolean></value>\n"
                              : "<value><boolean>0</boolean></value>\n";
      return;
    case Value::Type::kInt: {
      const int64_t n = value.as_int();
      const bool fits_int32 =
          n >= std::numeric_limits<int32_t>::min() && n <= std::numeric_limits<int32_t>::max();
      const char* tag = fits_int32 ? "int" : "i8";
      char digits[24];
      const auto written = std::to_chars(std::begin(digits), std::end(digits), n);
      *out += "<value><";
      *out += tag;
      *out += ">";
      out->append(digits, written.ptr);
      *out += "</";
      *out += tag;
      *out += "></value>\n";
      return;
    }
    case Value::Type::kDouble:
      *out += "<value><double>";
      *out += FormatPythonFloat(value.as_double());
      *out += "</double></value>\n";
      return;
    case Value::Type::kString:
      *out += "<value><string>";
      AppendEscaped(out, value.as_string());
      *out += "</string></value>\n";
      return;
    case Value::Type::kBinary:
      *out += "<value><base64>\n";
      AppendBase64Lines(out, value.as_binary());
      *out += "</base64></value>\n";
      return;
    case Value::Type::kDateTime:
      *out += "<value><dateTime.iso8601>";
      AppendEscaped(out, value.as_datetime());
      *out += "</dateTime.iso8601></value>\n";
      return;
    case Value::Type::kArray:
      *out += "<value><array><data>\n";
      for (const Value& item : value.as_array()) AppendValue(out, item);
      *out += "</data></array></value>\n";
      return;
    case Value::Type::kStruct:
      *out += "<value><struct>\n";
      for (const auto& [name, member] : value.as_struct()) {
        *out += "<member>\n<name>";
        AppendEscaped(out, name);
        *out += "</name>\n";
        AppendValue(out, member);
        *out += "</member>\n";
      }
      *out += "</struct></value>\n";
      return;
  }
}

// About the size AppendValue writes for `value` (the tags around each value and member), so that
// the answer is written into one allocation.
size_t XmlSizeHint(const Value& value) {
  constexpr size_t kTags = 40;
  switch (value.type()) {
    case Value::Type::kString:
      return kTags + value.as_string().size();
    case Value::Type::kBinary:
      return kTags + value.as_binary().size() * 4 / 3 + value.as_binary().size() / 57;
    case Value::Type::kArray: {
      size_t size = kTags;
      for (const Value& item : value.as_array()) size += XmlSizeHint(item);
      return size;
    }
    case Value::Type::kStruct: {
      size_t size = kTags;
      for (const auto& [name, member] : value.as_struct()) {
        size += kTags + name.size() + XmlSizeHint(member);
      }
      return size;
    }
    default:
      return kTags;
  }
}

constexpr std::string_view kXmlHeader = "<?xml version='1.0'?>\n";

std::string FaultResponse(Value fault_code, std::string_view fault_string) {
  std::string out(kXmlHeader);
  out += "<methodResponse>\n<fault>\n";
  AppendValue(&out, Value(Value::Struct{{"faultCode", std::move(fault_code)},
                                        {"faultString", Value(fault_string)}}));
  out += "</fault>\n</methodResponse>\n";
  return out;
}

}  // namespace

StatusOr<XmlRpcCall> ParseXmlRpcCall(std::string_view body) {
  const TreeReader reader(kRequestPrefix, kMaxStructMembers);
  // Before any tree is built: megabytes of struct members cost a scan of their first 10,001.
  if (HasStructOverMembers(body, kMaxStructMembers)) {
    return reader.Fail("a <struct> holds more than " + std::to_string(kMaxStructMembers) +
                       " members");
  }
  pugi::xml_document doc;
  KG_ASSIGN_OR_RETURN(pugi::xml_node root, reader.Load(body, &doc));
  if (LocalName(root) != "methodCall") return reader.Fail("root element is not <methodCall>");
  std::vector<pugi::xml_node> parts;
  KG_RETURN_IF_ERROR(reader.Elements(root, &parts));
  pugi::xml_node name_node;
  pugi::xml_node params_node;
  for (const pugi::xml_node& part : parts) {
    const std::string_view part_name = LocalName(part);
    if (part_name == "methodName" && !name_node) {
      name_node = part;
    } else if (part_name == "params" && !params_node) {
      params_node = part;
    } else {
      return reader.Fail("unexpected element inside <methodCall>");
    }
  }
  if (!name_node) return reader.Fail("missing <methodName>");
  XmlRpcCall call;
  KG_ASSIGN_OR_RETURN(call.method, reader.Text(name_node));
  if (call.method.empty()) return reader.Fail("empty <methodName>");
  if (params_node) {
    KG_ASSIGN_OR_RETURN(call.params, reader.ReadParams(params_node));
  }
  return call;
}

StatusOr<Value> ParseXmlRpcResponse(std::string_view body, bool* is_fault) {
  if (is_fault != nullptr) *is_fault = false;
  const TreeReader reader(kResponsePrefix, kUnboundedStructMembers);
  pugi::xml_document doc;
  KG_ASSIGN_OR_RETURN(pugi::xml_node root, reader.Load(body, &doc));
  if (LocalName(root) != "methodResponse") {
    return reader.Fail("root element is not <methodResponse>");
  }
  std::vector<pugi::xml_node> parts;
  KG_RETURN_IF_ERROR(reader.Elements(root, &parts));
  if (parts.size() != 1) return reader.Fail("expected one <params> or <fault>");
  const std::string_view kind = LocalName(parts[0]);
  if (kind == "params") {
    KG_ASSIGN_OR_RETURN(Value::Array params, reader.ReadParams(parts[0]));
    if (params.size() != 1) return reader.Fail("expected exactly one <param>");
    return std::move(params[0]);
  }
  if (kind != "fault") return reader.Fail("expected one <params> or <fault>");
  KG_ASSIGN_OR_RETURN(pugi::xml_node value_node, reader.OnlyChild(parts[0], "value"));
  KG_ASSIGN_OR_RETURN(Value fault, reader.ReadValue(value_node, 0));
  if (fault.Find("faultCode") == nullptr || fault.Find("faultString") == nullptr) {
    return reader.Fail("<fault> without faultCode and faultString");
  }
  if (is_fault != nullptr) *is_fault = true;
  return fault;
}

std::string SerializeXmlRpcResponse(const Value& result) {
  std::string out;
  out.reserve(128 + XmlSizeHint(result));
  out += kXmlHeader;
  out += "<methodResponse>\n<params>\n<param>\n";
  AppendValue(&out, result);
  out += "</param>\n</params>\n</methodResponse>\n";
  return out;
}

std::string SerializeXmlRpcFault(int fault_code, std::string_view fault_string) {
  return FaultResponse(Value(fault_code), fault_string);
}

std::string SerializeXmlRpcFault(std::string_view fault_code, std::string_view fault_string) {
  return FaultResponse(Value(fault_code), fault_string);
}

std::string SerializeXmlRpcCall(std::string_view method, const Value::Array& params) {
  std::string out(kXmlHeader);
  out += "<methodCall>\n<methodName>";
  AppendEscaped(&out, method);
  out += "</methodName>\n<params>\n";
  for (const Value& param : params) {
    out += "<param>\n";
    AppendValue(&out, param);
    out += "</param>\n";
  }
  out += "</params>\n</methodCall>\n";
  return out;
}

}  // namespace keygate::rpc
