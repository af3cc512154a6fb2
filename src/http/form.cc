// Form decoding.
#include "http/form.h"

#include "common/strings.h"

namespace keygate::http {

FormData FormData::Parse(std::string_view urlencoded) {
  FormData form;
  while (!urlencoded.empty()) {
    size_t amp = urlencoded.find('&');
    std::string_view part = urlencoded.substr(0, amp);
    urlencoded = amp == std::string_view::npos ? std::string_view() : urlencoded.substr(amp + 1);
    if (part.empty()) continue;
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      form.fields_.emplace_back(DecodeFormComponent(part), "");
    } else {
      form.fields_.emplace_back(DecodeFormComponent(part.substr(0, eq)),
                                DecodeFormComponent(part.substr(eq + 1)));
    }
  }
  return form;
}

std::string FormData::Get(std::string_view name) const {
  for (const auto& [k, v] : fields_) {
    if (k == name) return v;
  }
  return "";
}

std::vector<std::string> FormData::GetAll(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : fields_) {
    if (k == name) out.push_back(v);
  }
  return out;
}

bool FormData::Has(std::string_view name) const {
  for (const auto& f : fields_) {
    if (f.first == name) return true;
  }
  return false;
}

std::string UrlEncode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace keygate::http
