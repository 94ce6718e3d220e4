#include "server/print_api.hpp"

#include "server/protocol/operations.hpp"
#include "state/result_code.hpp"

namespace antom::server {

std::string api_tables_markdown() {
  std::string out = "### Operations and request fields\n\n";
  for (const auto& op : all_operations()) {
    out += "#### " + std::string(op.name) + " — `POST /ams/api" + std::string(op.path) + "` (sandbox: `/ams/sandbox/api" +
           std::string(op.path) + "`)\n\n";
    if (!op.idempotency_field.empty()) out += "Idempotency key: `" + std::string(op.idempotency_field) + "`.\n\n";
    out += "| field | type | presence | max | allowed values |\n|---|---|---|---|---|\n";
    for_each_row(op.fields, [&](const FieldSpec& f, const std::string& path) {
      std::string presence(to_string(f.presence));
      if (!f.when_field.empty()) {
        presence += f.presence == Presence::RequiredUnless ? " (required unless `" : " (required when `";
        presence += std::string(f.when_field) + "`";
        if (!f.when_values.empty()) {
          presence += " is ";
          for (std::size_t i = 0; i < f.when_values.size(); ++i) presence += (i ? "/" : "") + std::string(f.when_values[i]);
        }
        presence += " is given)";
        if (f.presence == Presence::RequiredWhen) presence.replace(presence.size() - 10, 10, ")");
      }
      std::string allowed;
      for (std::size_t i = 0; i < f.allowed.size(); ++i) allowed += (i ? ", " : "") + std::string(f.allowed[i]);
      const unsigned max = f.item_max_len ? f.item_max_len : f.max_len;
      out += "| `" + path + "` | " + std::string(to_string(f.kind)) + " | " + presence + " | " +
             (max ? std::to_string(max) : std::string{}) + " | " + allowed + " |\n";
    });
    out += "\n";
  }
  out += "### Result codes\n\n| resultCode | resultStatus | default resultMessage |\n|---|---|---|\n";
  for (const auto& info : state::all_result_codes())
    out += "| `" + std::string(info.name) + "` | " + std::string(state::to_string(info.status)) + " | " +
           std::string(info.default_message) + " |\n";
  return out;
}

}  // namespace antom::server
