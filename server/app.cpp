#include "server/app.hpp"

#include "server/notify/notifier.hpp"

namespace antom::server {

App::App(Options opts) : options(std::move(opts)), world(options.seed) {}

// Here, where Notifier is complete, for the unique_ptr.
App::~App() = default;

}  // namespace antom::server
