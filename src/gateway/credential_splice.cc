// Credential substitution in forwarded calls (see credential_splice.h).
#include "gateway/credential_splice.h"

#include "rpc/json_codec.h"
#include "rpc/xmlrpc_codec.h"

namespace keygate::gateway {

namespace {

bool IsNameChar(char c) {
  return c != '>' && c != '/' && c != ' ' && c != '\t' && c != '\r' && c != '\n';
}

// Markup that could make two XML parsers disagree about a document keygate forwards.
bool HasRiskyMarkup(std::string_view body) {
  if (body.find("<!--") != std::string_view::npos) return true;
  if (body.find("<![") != std::string_view::npos) return true;
  size_t pi = body.find("<?");
  if (pi != std::string_view::npos) {
    // Only the XML declaration, first in the document, is allowed.
    size_t first = body.find_first_not_of(" \t\r\n");
    if (pi != first || body.compare(pi, 5, "<?xml") != 0) return true;
    if (body.find("<?", pi + 2) != std::string_view::npos) return true;
  }
  return false;
}

Status NoSplice(const std::string& why) {
  return InvalidRequest("keygate cannot forward this call: " + why);
}

}  // namespace

StatusOr<std::string> SpliceXmlRpcSecret(std::string_view body, std::string_view secret,
                                         std::string_view replacement) {
  if (HasRiskyMarkup(body)) {
    return NoSplice("XML comments, CDATA sections and processing instructions are not accepted");
  }
  // The third opening <param> tag (params never nest, so they are the top-level ones) and the
  // closing tag that follows it.
  int seen = 0;
  size_t content_begin = std::string_view::npos;
  size_t content_end = std::string_view::npos;
  for (size_t i = body.find('<'); i != std::string_view::npos; i = body.find('<', i + 1)) {
    const bool closing = i + 1 < body.size() && body[i + 1] == '/';
    size_t name_begin = i + (closing ? 2 : 1);
    size_t name_end = name_begin;
    while (name_end < body.size() && IsNameChar(body[name_end])) ++name_end;
    if (body.substr(name_begin, name_end - name_begin) != "param") continue;
    const size_t tag_end = body.find('>', name_end);
    if (tag_end == std::string_view::npos) break;
    if (!closing) {
      if (body[tag_end - 1] == '/') continue;  // <param/>: an empty param, not ours
      if (++seen == 3) content_begin = tag_end + 1;
    } else if (content_begin != std::string_view::npos) {
      content_end = i;
      break;
    }
  }
  if (content_begin == std::string_view::npos || content_end == std::string_view::npos) {
    return NoSplice("its third parameter was not found");
  }
  // The bytes found must be the secret keygate checked.
  const std::string_view segment = body.substr(content_begin, content_end - content_begin);
  std::string probe = "<methodCall><methodName>x</methodName><params><param>";
  probe += segment;
  probe += "</param></params></methodCall>";
  auto parsed = rpc::ParseXmlRpcCall(probe);
  if (!parsed.ok() || parsed->params.size() != 1 || !parsed->params[0].is_string() ||
      parsed->params[0].as_string() != secret) {
    return NoSplice("its third parameter is not the credential that was checked");
  }
  std::string out;
  out.reserve(body.size() + replacement.size() + 32);
  out.append(body.substr(0, content_begin));
  out += "<value><string>";
  out += replacement;
  out += "</string></value>";
  out.append(body.substr(content_end));
  return out;
}

StatusOr<std::string> ReplaceJsonRpcSecret(const Value& envelope, std::string_view replacement) {
  Value copy = envelope;
  for (auto& [key, params] : copy.mutable_struct()) {
    if (key != "params" || !params.is_struct()) continue;
    for (auto& [name, args] : params.mutable_struct()) {
      if (name != "args" || !args.is_array() || args.as_array().size() < 3) continue;
      args.mutable_array()[2] = Value(std::string(replacement));
      return rpc::SerializeJson(copy);
    }
  }
  return NoSplice("it has no params.args[2]");
}

}  // namespace keygate::gateway
