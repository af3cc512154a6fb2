// Fuzz target for the CSV reader of the shipped access data (models/access_data.h). Any text
// must parse or fail with kValidationError; rows that parse, written back with every field
// quoted, parse again to the same rows; and the text, read as ir.model.access.csv and as
// ir_rule.csv (with the shipped other file), loads or fails with kValidationError.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "models/access_data.h"

namespace keygate::fuzz {
namespace {

using Rows = std::vector<std::vector<std::string>>;

std::string WriteQuoted(const Rows& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      out += '"';
      for (char c : row[i]) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    }
    out += '\n';
  }
  return out;
}

void CheckLoads(const StatusOr<models::AccessData>& data) {
  if (!data.ok()) {
    Check(data.status().code() == StatusCode::kValidationError, "access data: error not 400");
  }
}

}  // namespace
}  // namespace keygate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keygate;
  using fuzz::Check;
  static const std::string kAccessCsv =
      "id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink\n";
  static const std::string kRulesCsv =
      "id,name,model_id:id,groups,domain_force,perm_read,perm_write,perm_create,perm_unlink\n";
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  StatusOr<fuzz::Rows> rows = models::ParseCsv(text);
  if (!rows.ok()) {
    Check(rows.status().code() == StatusCode::kValidationError, "csv: error other than 400");
  } else {
    StatusOr<fuzz::Rows> again = models::ParseCsv(fuzz::WriteQuoted(*rows));
    Check(again.ok() && *again == *rows, "csv rows changed when written back quoted");
  }
  fuzz::CheckLoads(models::ParseAccessData(text, kRulesCsv));
  fuzz::CheckLoads(models::ParseAccessData(kAccessCsv, text));
  return 0;
}
