// The neutral value model shared by every protocol codec and service: what an XML-RPC
// <value>, a JSON value and a Python object passed to Odoo have in common. Structs keep their
// insertion order (Python dicts do, and answers read better that way).
// Thread-safety: a value type; concurrent reads of one Value are safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace keygate {

class Value {
 public:
  enum class Type { kNil, kBool, kInt, kDouble, kString, kBinary, kDateTime, kArray, kStruct };
  using Array = std::vector<Value>;
  using Member = std::pair<std::string, Value>;
  using Struct = std::vector<Member>;

  // Tagged wrappers for the string-like types that are not plain strings.
  struct Binary {
    std::string bytes;
  };
  struct DateTime {
    std::string iso;  // as sent, e.g. "20240131T10:00:00" or "2024-01-31 10:00:00"
  };

  Value() = default;                                 // nil
  Value(std::nullptr_t) {}                           // NOLINT(google-explicit-constructor)
  Value(bool b) : v_(b) {}                           // NOLINT(google-explicit-constructor)
  Value(int i) : v_(static_cast<int64_t>(i)) {}      // NOLINT(google-explicit-constructor)
  Value(int64_t i) : v_(i) {}                        // NOLINT(google-explicit-constructor)
  Value(double d) : v_(d) {}                         // NOLINT(google-explicit-constructor)
  Value(std::string s) : v_(std::move(s)) {}         // NOLINT(google-explicit-constructor)
  Value(std::string_view s) : v_(std::string(s)) {}  // NOLINT(google-explicit-constructor)
  Value(const char* s) : v_(std::string(s)) {}       // NOLINT(google-explicit-constructor)
  Value(Binary b) : v_(std::move(b)) {}              // NOLINT(google-explicit-constructor)
  Value(DateTime d) : v_(std::move(d)) {}            // NOLINT(google-explicit-constructor)
  Value(Array a) : v_(std::make_shared<Array>(std::move(a))) {}    // NOLINT
  Value(Struct s) : v_(std::make_shared<Struct>(std::move(s))) {}  // NOLINT

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_nil() const { return type() == Type::kNil; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_int() const { return type() == Type::kInt; }
  bool is_double() const { return type() == Type::kDouble; }
  bool is_number() const { return is_int() || is_double(); }
  bool is_string() const { return type() == Type::kString; }
  bool is_binary() const { return type() == Type::kBinary; }
  bool is_datetime() const { return type() == Type::kDateTime; }
  bool is_array() const { return type() == Type::kArray; }
  bool is_struct() const { return type() == Type::kStruct; }

  // Accessors; calling the wrong one is a programming error (checked with std::get).
  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_double() const {
    return is_int() ? static_cast<double>(as_int()) : std::get<double>(v_);
  }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const std::string& as_binary() const { return std::get<Binary>(v_).bytes; }
  const std::string& as_datetime() const { return std::get<DateTime>(v_).iso; }
  const Array& as_array() const { return *std::get<std::shared_ptr<Array>>(v_); }
  const Struct& as_struct() const { return *std::get<std::shared_ptr<Struct>>(v_); }
  // Mutable access copies a shared container first (copy-on-write).
  Array& mutable_array();
  Struct& mutable_struct();

  // Python truthiness: nil, False, 0, 0.0, "", [] and {} are false.
  bool Truthy() const;

  // Struct member lookup; nullptr when absent or when this is not a struct.
  const Value* Find(std::string_view key) const;
  // Appends or replaces a struct member. Scans the members: for a few keys; use Merge for many.
  void Set(std::string key, Value value);
  // Sets every member of `overrides` (a later one wins, as in Python's dict.update), in time
  // linear in both sizes, so that a client's large struct cannot cost quadratic time.
  void Merge(const Struct& overrides);

  // Short type name as Python would print it ("int", "str", "list", ...), for error messages.
  const char* TypeName() const;

  // Deep equality (an int and a double never compare equal).
  friend bool operator==(const Value& a, const Value& b);

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Binary, DateTime,
               std::shared_ptr<Array>, std::shared_ptr<Struct>>
      v_;
};

// Odoo's False, used wherever Python code would return False (Odoo 18 sends False for None).
inline Value False() { return Value(false); }

}  // namespace keygate
