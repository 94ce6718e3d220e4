#pragma once
// The API tables (operations, request fields, result codes) as Markdown, from the same data the
// validator uses: `antom-sim --print-api` writes docs/api.md.
#include <string>

namespace antom::server {

[[nodiscard]] std::string api_tables_markdown();

}  // namespace antom::server
