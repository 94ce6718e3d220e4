// An antom-sim inside the benchmark's own process (2 I/O threads, logging off, a fresh data
// directory under the temporary directory), for benches that fill its state directly and then
// time requests over loopback.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "server/simulator.hpp"

namespace antom::bench {

class InProcessSim {
 public:
  explicit InProcessSim(const std::string& name);  // the data directory is "antom-<name>-<pid>"
  ~InProcessSim();  // stops it and removes the data directory
  InProcessSim(const InProcessSim&) = delete;
  InProcessSim& operator=(const InProcessSim&) = delete;

  [[nodiscard]] server::App& app() { return sim_->app(); }
  [[nodiscard]] unsigned short port() const { return port_; }
  [[nodiscard]] const std::filesystem::path& data_dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<server::Simulator> sim_;
  unsigned short port_ = 0;
};

}  // namespace antom::bench
