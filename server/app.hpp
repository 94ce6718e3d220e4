#pragma once
// The composition root's state: everything a request needs, owned in one place. Sessions hold
// App& and never lock anything but what state::World locks inside.
#include <atomic>
#include <functional>
#include <memory>

#include "scenarios/engine.hpp"
#include "server/crypto/rsa_key.hpp"
#include "server/merchants.hpp"
#include "server/metrics.hpp"
#include "server/options.hpp"
#include "server/request_journal.hpp"
#include "server/signature_diagnoses.hpp"
#include "server/snapshot/snapshot_store.hpp"
#include "state/world.hpp"

namespace antom::server {

class Notifier;

struct SimKeys {
  RsaKey antom_private;        // signs responses and notifications
  int key_version = 1;
  std::filesystem::path private_pem_path;
  std::filesystem::path public_pem_path;
};

class App {
 public:
  explicit App(Options opts);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  Options options;
  state::World world;
  MerchantRegistry merchants;
  SimKeys keys;
  scenarios::Engine scenarios;
  SignatureDiagnosisLog signature_diagnoses;  // why recent INVALID_SIGNATUREs failed
  RequestJournal journal{options.journal_size};  // GET /_sim/requests
  Metrics metrics;                            // GET /metrics
  SnapshotStore snapshots;                    // /_sim/snapshots (server/snapshot/)

  // Called after anything that may have queued notifications or moved the clock; the
  // notification sender binds it to wake itself. Never blocks.
  std::function<void()> on_state_changed = [] {};
  void state_changed() const { on_state_changed(); }

  std::atomic<std::uint64_t> requests_served{0};
  // Wallet pages approve at once when opened, for every merchant (PUT /_sim/auto-approve).
  std::atomic<bool> auto_approve_all{false};

  // The notification sender, when one runs (the simulator makes it; unit tests and benchmarks may
  // not). Declared last: it reads the members above until it is destroyed.
  std::unique_ptr<Notifier> notifier;
};

}  // namespace antom::server
