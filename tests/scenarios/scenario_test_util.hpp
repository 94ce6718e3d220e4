#pragma once
// Builds PlanInputs from a field map, for the scenario unit tests.
#include <map>
#include <memory>
#include <string>

#include "scenarios/plan.hpp"
#include "state/time.hpp"

namespace antom::scenarios::test {

struct Request {
  std::string operation = "pay";
  std::string client_id = "SANDBOX_A";
  std::string wallet = "GCASH";
  std::string idempotency_key;
  std::string header;
  std::map<std::string, std::string> fields;
  state::TimePoint now = state::from_epoch_ms(1'772'330'400'000);  // 2026-03-01T10:00:00+08:00
  std::uint64_t seed = 0;

  // The PlanInput views into this Request: keep the Request alive while the input is used.
  [[nodiscard]] PlanInput input() const {
    PlanInput in;
    in.operation = operation;
    in.client_id = client_id;
    in.wallet = wallet;
    in.idempotency_key = idempotency_key;
    in.header_scenario = header;
    in.now = now;
    in.seed = seed;
    const auto* f = &fields;
    in.field = [f](std::string_view path) -> std::optional<std::string_view> {
      auto it = f->find(std::string(path));
      if (it == f->end()) return std::nullopt;
      return it->second;
    };
    return in;
  }
};

}  // namespace antom::scenarios::test
