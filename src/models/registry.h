// The registry of declared models: schema/models/*.json parsed and validated once at startup
// (relations exist, types are known, identifiers are safe to put in SQL, orders parse).
// Thread-safety: immutable once loaded; share it freely between threads.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "models/model_def.h"

namespace keygate::models {

class Registry {
 public:
  // The declarations compiled into the binary (schema/models/*.json).
  static StatusOr<Registry> LoadEmbedded();
  // Declarations read from files (tests, tools).
  static StatusOr<Registry> LoadFromFiles(const std::vector<std::string>& paths);
  // Declarations given as (file name, JSON text) pairs; the name only labels errors.
  static StatusOr<Registry> LoadFromStrings(
      const std::vector<std::pair<std::string, std::string>>& files);

  // nullptr when no such model is declared.
  const ModelDef* Find(std::string_view model) const;
  std::vector<std::string> ModelNames() const;  // sorted

 private:
  Status Validate();
  Status ResolveField(const ModelDef& model, FieldDef& field, int depth);

  std::map<std::string, ModelDef, std::less<>> models_;
};

// Whether `s` is a plain SQL identifier ([a-z_][a-z0-9_]*) that is safe to quote and embed.
bool IsSafeIdentifier(std::string_view s);

}  // namespace keygate::models
