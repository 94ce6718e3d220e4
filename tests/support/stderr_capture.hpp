#pragma once
// Sends this process's stderr (where the server logs) to a temporary file while alive, so tests can
// read the log lines an in-process simulator wrote.
#include <filesystem>
#include <string>
#include <vector>

namespace antom::test {

class StderrCapture {
 public:
  StderrCapture();
  ~StderrCapture();
  StderrCapture(const StderrCapture&) = delete;
  StderrCapture& operator=(const StderrCapture&) = delete;

  // Gives stderr back (the destructor does too); what was captured stays readable.
  void restore();
  // Everything written so far.
  [[nodiscard]] std::string text() const;
  // The lines written so far.
  [[nodiscard]] std::vector<std::string> lines() const;

 private:
  std::filesystem::path path_;
  int saved_ = -1;
};

}  // namespace antom::test
