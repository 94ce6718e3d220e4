#pragma once
// What an operation that can be refused returns: success, or a refusal with its reason for the
// user. The type is [[nodiscard]], so no caller can drop a refusal unread.
#include <string>
#include <utility>

namespace antom::state {

class [[nodiscard]] Status {
 public:
  Status() = default;  // success
  [[nodiscard]] static Status refused(std::string reason) {
    Status s;
    s.reason_ = reason.empty() ? std::string("refused") : std::move(reason);
    return s;
  }
  [[nodiscard]] bool ok() const { return reason_.empty(); }
  [[nodiscard]] const std::string& reason() const { return reason_; }  // empty when ok

 private:
  std::string reason_;
};

}  // namespace antom::state
