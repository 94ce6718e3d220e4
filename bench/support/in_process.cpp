#include "bench/support/in_process.hpp"

#include <unistd.h>

#include <chrono>
#include <system_error>

namespace antom::bench {

InProcessSim::InProcessSim(const std::string& name)
    : dir_(std::filesystem::temp_directory_path() / ("antom-" + name + "-" + std::to_string(::getpid()))) {
  server::Options o;
  o.listen = {"127.0.0.1:0"};
  o.threads = 2;
  o.data_dir = dir_;
  o.log_format = server::LogFormat::Off;
  sim_ = std::make_unique<server::Simulator>(o);
  sim_->start();
  const std::string& bound = sim_->bound().front();
  port_ = static_cast<unsigned short>(std::stoi(bound.substr(bound.rfind(':') + 1)));
}

InProcessSim::~InProcessSim() {
  sim_->stop(std::chrono::milliseconds(100));
  sim_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace antom::bench
