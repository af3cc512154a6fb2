// Value helpers: truthiness, lookup, copy-on-write containers, equality.
#include "common/value.h"

#include <string_view>
#include <unordered_map>

namespace keygate {

Value::Array& Value::mutable_array() {
  auto& p = std::get<std::shared_ptr<Array>>(v_);
  if (p.use_count() > 1) p = std::make_shared<Array>(*p);
  return *p;
}

Value::Struct& Value::mutable_struct() {
  auto& p = std::get<std::shared_ptr<Struct>>(v_);
  if (p.use_count() > 1) p = std::make_shared<Struct>(*p);
  return *p;
}

bool Value::Truthy() const {
  switch (type()) {
    case Type::kNil:
      return false;
    case Type::kBool:
      return as_bool();
    case Type::kInt:
      return as_int() != 0;
    case Type::kDouble:
      return as_double() != 0.0;
    case Type::kString:
      return !as_string().empty();
    case Type::kBinary:
      return !as_binary().empty();
    case Type::kDateTime:
      return true;
    case Type::kArray:
      return !as_array().empty();
    case Type::kStruct:
      return !as_struct().empty();
  }
  return false;
}

const Value* Value::Find(std::string_view key) const {
  if (!is_struct()) return nullptr;
  for (const auto& [k, v] : as_struct()) {
    if (k == key) return &v;
  }
  return nullptr;
}

void Value::Set(std::string key, Value value) {
  if (!is_struct()) *this = Value(Struct{});
  auto& s = mutable_struct();
  for (auto& [k, v] : s) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  s.emplace_back(std::move(key), std::move(value));
}

void Value::Merge(const Struct& overrides) {
  if (!is_struct()) *this = Value(Struct{});
  if (overrides.empty()) return;
  auto& s = mutable_struct();
  // Reserved first: the index holds views of the stored keys, which must never move.
  s.reserve(s.size() + overrides.size());
  std::unordered_map<std::string_view, size_t> index;
  index.reserve(s.size() + overrides.size());
  for (size_t i = 0; i < s.size(); ++i) index.try_emplace(s[i].first, i);
  for (const auto& [key, value] : overrides) {
    auto it = index.find(key);
    if (it != index.end()) {
      s[it->second].second = value;
    } else {
      s.emplace_back(key, value);
      index.emplace(s.back().first, s.size() - 1);
    }
  }
}

const char* Value::TypeName() const {
  switch (type()) {
    case Type::kNil:
      return "NoneType";
    case Type::kBool:
      return "bool";
    case Type::kInt:
      return "int";
    case Type::kDouble:
      return "float";
    case Type::kString:
      return "str";
    case Type::kBinary:
      return "bytes";
    case Type::kDateTime:
      return "datetime";
    case Type::kArray:
      return "list";
    case Type::kStruct:
      return "dict";
  }
  return "object";
}

bool operator==(const Value& a, const Value& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Value::Type::kNil:
      return true;
    case Value::Type::kBool:
      return a.as_bool() == b.as_bool();
    case Value::Type::kInt:
      return a.as_int() == b.as_int();
    case Value::Type::kDouble:
      return a.as_double() == b.as_double();
    case Value::Type::kString:
      return a.as_string() == b.as_string();
    case Value::Type::kBinary:
      return a.as_binary() == b.as_binary();
    case Value::Type::kDateTime:
      return a.as_datetime() == b.as_datetime();
    case Value::Type::kArray:
      return a.as_array() == b.as_array();
    case Value::Type::kStruct:
      return a.as_struct() == b.as_struct();
  }
  return false;
}

}  // namespace keygate
