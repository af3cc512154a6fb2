// The member-count scan of raw XML-RPC request bytes (see xml_struct_scan.h).
#include "rpc/xml_struct_scan.h"

#include <cstdint>
#include <vector>

#include "rpc/xmlrpc_codec.h"

namespace keygate::rpc {
namespace {

// One open <struct>: its members so far, and how many other elements are open inside it (a
// <member> counts only when its parent is the struct itself).
struct OpenStruct {
  size_t members = 0;
  size_t others_open = 0;
};

bool EndsName(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '>';
}

std::string_view WithoutPrefix(std::string_view name) {
  const size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Where the markup opened at `at` by `opener` ends (the offset just past `closer`), or npos.
size_t PastMarkup(std::string_view body, size_t at, std::string_view opener,
                  std::string_view closer) {
  const size_t end = body.find(closer, at + opener.size());
  return end == std::string_view::npos ? end : end + closer.size();
}

}  // namespace

bool HasStructOverMembers(std::string_view body, size_t max_members) {
  std::vector<OpenStruct> structs;
  size_t others_outside = 0;  // open elements that are in no struct
  size_t at = 0;
  while (true) {
    const size_t lt = body.find('<', at);
    if (lt == std::string_view::npos) return false;
    const std::string_view rest = body.substr(lt);
    if (rest.starts_with("<!--")) {
      at = PastMarkup(body, lt, "<!--", "-->");
    } else if (rest.starts_with("<![CDATA[")) {
      at = PastMarkup(body, lt, "<![CDATA[", "]]>");
    } else if (rest.starts_with("<?")) {
      at = PastMarkup(body, lt, "<?", "?>");
    } else if (rest.starts_with("<!")) {
      at = PastMarkup(body, lt, "<!", ">");  // a DOCTYPE: the codec refuses it
    } else {
      const bool closing = rest.starts_with("</");
      const size_t name_at = lt + (closing ? 2 : 1);
      size_t name_end = name_at;
      while (name_end < body.size() && !EndsName(body[name_end])) ++name_end;
      const std::string_view name = WithoutPrefix(body.substr(name_at, name_end - name_at));
      // The tag's '>', past quoted attribute values (which may hold '>').
      size_t gt = name_end;
      for (char quote = 0; gt < body.size(); ++gt) {
        const char c = body[gt];
        if (quote != 0) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '>') {
          break;
        }
      }
      if (gt >= body.size()) return false;
      at = gt + 1;
      size_t& others = structs.empty() ? others_outside : structs.back().others_open;
      if (closing) {
        if (others > 0) {
          --others;
        } else if (!structs.empty()) {
          structs.pop_back();
        }
        continue;
      }
      if (name == "member" && !structs.empty() && structs.back().others_open == 0 &&
          ++structs.back().members > max_members) {
        return true;
      }
      if (body[gt - 1] == '/') continue;  // <empty/> opens nothing
      if (name != "struct") {
        ++others;
      } else if (structs.size() < static_cast<size_t>(kMaxNestingDepth)) {
        structs.emplace_back();
      } else {
        return false;  // deeper than any request may nest: the codec refuses it
      }
    }
    if (at == std::string_view::npos) return false;
  }
}

}  // namespace keygate::rpc
