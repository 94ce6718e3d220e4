#pragma once
// A notification body, immutable once queued: the outbox record and every attempt taken from it
// share one tree. (Copying the tree for each attempt was most of the notification sender's work.)
#include <memory>

#include "state/fields.hpp"

namespace antom::state {

class Payload {
 public:
  Payload() : fields_(std::make_shared<const Fields>()) {}
  Payload(Fields fields) : fields_(std::make_shared<const Fields>(std::move(fields))) {}  // NOLINT: implicit on purpose

  [[nodiscard]] const Fields& fields() const { return *fields_; }
  operator const Fields&() const { return *fields_; }  // NOLINT: reads like the Fields it holds

 private:
  std::shared_ptr<const Fields> fields_;
};

}  // namespace antom::state
