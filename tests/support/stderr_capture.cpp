#include "tests/support/stderr_capture.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace antom::test {

StderrCapture::StderrCapture() {
  static std::atomic<int> serial{0};
  path_ = std::filesystem::temp_directory_path() /
          ("antom-sim-stderr-" + std::to_string(::getpid()) + "-" + std::to_string(serial++) + ".log");
  std::fflush(stderr);
  saved_ = ::dup(2);
  std::FILE* f = std::fopen(path_.c_str(), "w");
  if (f) {
    ::dup2(::fileno(f), 2);
    std::fclose(f);
  }
}

StderrCapture::~StderrCapture() {
  restore();
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

void StderrCapture::restore() {
  if (saved_ < 0) return;
  std::fflush(stderr);
  ::dup2(saved_, 2);
  ::close(saved_);
  saved_ = -1;
}

std::string StderrCapture::text() const {
  std::fflush(stderr);
  std::ifstream in(path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> StderrCapture::lines() const {
  std::fflush(stderr);
  std::ifstream in(path_);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(std::move(line));
  return out;
}

}  // namespace antom::test
