// JSON codec on RapidJSON's SAX reader. A bracket pre-scan bounds the nesting depth before parsing,
// the reader is iterative, and the Value is assembled on an explicit stack that enforces the depth
// limit again, so nothing recurses on untrusted input and no RapidJSON DOM is ever built.
#include "rpc/json_codec.h"

#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "rpc/codec_text.h"

namespace keygate::rpc {
namespace {

// Numbers are handed over as text and converted here: RapidJSON 1.1.0's own decimal conversion
// misbehaves on extreme exponents (undefined shifts, out-of-range table reads). NaN and Infinity
// are accepted because Python's json.loads (and so Odoo) accepts them.
constexpr unsigned kParseFlags =
    rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag |
    rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseNanAndInfFlag;

Status Invalid(std::string_view what) {
  return InvalidRequest("invalid JSON: " + std::string(what));
}

// True when no point of `text` is nested deeper than `limit` arrays/objects. Brackets inside
// strings do not count. On malformed input the count may be off only after the first syntax
// error, where parsing stops anyway.
bool NestingWithinLimit(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

// A JSON number's text: int64 when it is an integer in range (as Python's int), otherwise a
// double (Python would keep a bigger integer exact; the Value model has no big integers).
std::optional<Value> NumberValue(std::string_view text) {
  if (text.find_first_of(".eEIN") == std::string_view::npos) {
    if (std::optional<int64_t> n = ParsePythonInt(text)) return Value(*n);
  }
  if (std::optional<double> d = ParsePythonFloat(text)) return Value(*d);
  return std::nullopt;
}

// SAX handler that assembles the Value with an explicit stack of open containers, so building
// never recurses and the depth limit is enforced as containers open.
class ValueBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ValueBuilder> {
 public:
  explicit ValueBuilder(size_t max_object_members) : max_object_members_(max_object_members) {}

  bool Null() { return Add(Value()); }
  bool Bool(bool b) { return Add(Value(b)); }
  bool Int(int n) { return Add(Value(n)); }
  bool Uint(unsigned n) { return Add(Value(static_cast<int64_t>(n))); }
  bool Int64(int64_t n) { return Add(Value(n)); }
  bool Uint64(uint64_t n) { return Add(Value(static_cast<double>(n))); }
  bool Double(double d) { return Add(Value(d)); }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    std::optional<Value> number = NumberValue(std::string_view(text, length));
    if (!number) return Fail("bad number");
    return Add(std::move(*number));
  }
  bool String(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    std::string s(text, length);
    // RapidJSON lets an escaped lone low surrogate (\udc00) through as CESU-8 bytes.
    if (!IsValidUtf8(s)) return Fail("invalid UTF-8 in string");
    return Add(Value(std::move(s)));
  }
  bool Key(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    if (++frames_.back().members > max_object_members_) {
      return Fail("an object holds more than " + std::to_string(max_object_members_) + " members");
    }
    std::string key(text, length);
    if (!IsValidUtf8(key)) return Fail("invalid UTF-8 in string");
    frames_.back().key = std::move(key);
    return true;
  }
  bool StartObject() { return Open(true); }
  bool StartArray() { return Open(false); }
  bool EndObject(rapidjson::SizeType /*count*/) { return Close(); }
  bool EndArray(rapidjson::SizeType /*count*/) { return Close(); }

  const std::string& error() const { return error_; }
  Value TakeResult() { return std::move(result_); }

 private:
  struct Frame {
    bool is_object = false;
    Value::Array items;
    Value::Struct fields;
    // A repeated key keeps its first position and its last value, like a Python dict.
    std::unordered_map<std::string, size_t> index;
    std::string key;
    size_t members = 0;  // repeated keys included
  };

  bool Fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  bool Open(bool is_object) {
    if (frames_.size() >= static_cast<size_t>(kMaxJsonDepth)) return Fail("nesting too deep");
    frames_.emplace_back();
    frames_.back().is_object = is_object;
    return true;
  }

  bool Close() {
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    return Add(frame.is_object ? Value(std::move(frame.fields)) : Value(std::move(frame.items)));
  }

  bool Add(Value value) {
    if (frames_.empty()) {
      result_ = std::move(value);
      return true;
    }
    Frame& top = frames_.back();
    if (!top.is_object) {
      top.items.push_back(std::move(value));
      return true;
    }
    auto [it, inserted] = top.index.try_emplace(top.key, top.fields.size());
    if (inserted) {
      top.fields.emplace_back(std::move(top.key), std::move(value));
    } else {
      top.fields[it->second].second = std::move(value);
    }
    return true;
  }

  size_t max_object_members_;
  std::vector<Frame> frames_;
  Value result_;
  std::string error_;
};

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteString(Writer* writer, std::string_view s) {
  const std::string valid = ToValidUtf8(s);
  writer->String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
}

void Write(Writer* writer, const Value& value) {
  switch (value.type()) {
    case Value::Type::kNil:
      writer->Null();
      return;
    case Value::Type::kBool:
      writer->Bool(value.as_bool());
      return;
    case Value::Type::kInt:
      writer->Int64(value.as_int());
      return;
    case Value::Type::kDouble: {
      const double d = value.as_double();
      if (!std::isfinite(d)) {
        writer->Null();  // JSON has no NaN or Infinity
        return;
      }
      const std::string text = FormatPythonFloat(d);
      writer->RawValue(text.data(), text.size(), rapidjson::kNumberType);
      return;
    }
    case Value::Type::kString:
      WriteString(writer, value.as_string());
      return;
    case Value::Type::kBinary: {
      const std::string encoded = Base64Encode(value.as_binary());
      writer->String(encoded.data(), static_cast<rapidjson::SizeType>(encoded.size()));
      return;
    }
    case Value::Type::kDateTime:
      WriteString(writer, value.as_datetime());
      return;
    case Value::Type::kArray:
      writer->StartArray();
      for (const Value& item : value.as_array()) Write(writer, item);
      writer->EndArray();
      return;
    case Value::Type::kStruct:
      writer->StartObject();
      for (const auto& [key, member] : value.as_struct()) {
        const std::string valid = ToValidUtf8(key);
        writer->Key(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
        Write(writer, member);
      }
      writer->EndObject();
      return;
  }
}

}  // namespace

StatusOr<Value> ParseJson(std::string_view text, size_t max_object_members) {
  // RapidJSON's memory stream treats NUL as the end of input, which would hide trailing bytes;
  // a raw NUL is never valid JSON anyway.
  if (text.find('\0') != std::string_view::npos) return Invalid("NUL byte");
  if (!NestingWithinLimit(text, kMaxJsonDepth)) return Invalid("nesting too deep");
  rapidjson::MemoryStream memory(text.data(), text.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> stream(memory);
  rapidjson::Reader reader;
  ValueBuilder builder(max_object_members);
  const rapidjson::ParseResult result = reader.Parse<kParseFlags>(stream, builder);
  if (result.IsError()) {
    if (!builder.error().empty()) return Invalid(builder.error());
    return Invalid(std::string(rapidjson::GetParseError_En(result.Code())) + " (offset " +
                   std::to_string(result.Offset()) + ")");
  }
  return builder.TakeResult();
}

std::string PythonJsonDecodeError(std::string_view text) {
  rapidjson::MemoryStream memory(text.data(), text.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> stream(memory);
  rapidjson::Reader reader;
  rapidjson::BaseReaderHandler<> ignore;
  const rapidjson::ParseResult result =
      reader.Parse<kParseFlags & ~rapidjson::kParseNumbersAsStringsFlag>(stream, ignore);
  if (!result.IsError()) return "";
  size_t offset = std::min(result.Offset(), text.size());
  std::string_view what = "Expecting value";
  switch (result.Code()) {
    case rapidjson::kParseErrorObjectMissName:
      what = "Expecting property name enclosed in double quotes";
      break;
    case rapidjson::kParseErrorObjectMissColon:
      what = "Expecting ':' delimiter";
      break;
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket:
      what = "Expecting ',' delimiter";
      break;
    case rapidjson::kParseErrorDocumentRootNotSingular:
      what = "Extra data";
      break;
    case rapidjson::kParseErrorStringEscapeInvalid:
    case rapidjson::kParseErrorStringUnicodeEscapeInvalidHex:
      what = "Invalid \\escape";
      break;
    case rapidjson::kParseErrorStringMissQuotationMark:
      what = "Unterminated string starting at";
      break;
    default:  // an empty document, an invalid value or number: where a value was expected
      break;
  }
  const size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  const size_t line =
      1 + static_cast<size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
  const size_t column =
      line_start == std::string_view::npos || offset == 0 ? offset + 1 : offset - line_start;
  return std::string(what) + ": line " + std::to_string(line) + " column " +
         std::to_string(column) + " (char " + std::to_string(offset) + ")";
}

std::string SerializeJson(const Value& value) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  Write(&writer, value);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace keygate::rpc
