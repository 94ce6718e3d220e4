#pragma once
// `antom-sim call`: a merchant in one command (see call_options.hpp and docs/call.md).
#include <string>
#include <vector>

namespace antom::server {

// args: what follows "call". Prints the answer's body on stdout; returns the exit status.
int run_call(const std::vector<std::string>& args);

}  // namespace antom::server
