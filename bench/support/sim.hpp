// One antom-sim child for a benchmark: located, started (optionally under a wrapper such as
// valgrind), probed with one pay request, given a real access token; one-off blocking exchanges.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/support/child_process.hpp"

namespace antom::bench {

// The antom-sim to run: `arg`; when that is the default "build/antom-sim" and not there (the bench
// is run from elsewhere), the one in the build tree the running bench is in. Absolute once it exists.
std::string locate_sim(std::string arg);

struct Started {
  Child child;               // for a wrapped start, the wrapper's process (valgrind keeps its pid)
  unsigned short port = 0;   // 0: did not start or printed no ready line
  double ready_ms = -1, first_response_ms = -1;
  bool first_signed = false;
  std::string first_code;    // "resultCode: resultMessage" of the probe
};

// Starts `binary` on 127.0.0.1:0 with one thread and logging off, pinned to `cpu`, and sends one pay
// request (unknown token, signed with the demo merchant key) once it is ready. crypto_on == false
// turns verification and signing off. `wrapper` is a command put before the binary (e.g. valgrind
// and its options); `extra_ready_timeout` is added to the 60 s wait for the ready line.
Started start_sim(const std::string& binary, const std::filesystem::path& data_dir, bool crypto_on, int cpu = kServerCpu,
                  const std::vector<std::string>& wrapper = {},
                  std::chrono::milliseconds extra_ready_timeout = std::chrono::milliseconds(0));

// One blocking exchange on a fresh connection (start-up probe, control calls); "" on failure.
std::string round_trip(unsigned short port, const std::string& request);

// A real, reusable access token: minted through /_sim/, with limits lifted so every pay succeeds;
// "" when minting failed.
std::string mint_token(unsigned short port);

}  // namespace antom::bench
