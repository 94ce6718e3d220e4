// antom-sim: parse options, build the simulator, print where everything is, serve until a signal.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <malloc.h>

#include <cstdio>
#include <iostream>
#include <string_view>
#include <vector>

#include "server/cli/call_command.hpp"
#include "server/notify/undelivered_file.hpp"
#include "server/options.hpp"
#include "server/print_api.hpp"
#include "server/simulator.hpp"

int main(int argc, char** argv) {
  using namespace antom::server;
  if (argc > 1 && std::string_view(argv[1]) == "call") return run_call(std::vector<std::string>(argv + 2, argv + argc));
  const ParsedOptions parsed = parse_options(argc, argv);
  if (!parsed.error.empty()) {
    std::cerr << "antom-sim: " << parsed.error << "\n";
    return 2;
  }
  if (parsed.show_help) {
    std::cout << usage_text();
    return 0;
  }
  if (parsed.show_version) {
    std::cout << "antom-sim " << ANTOM_SIM_VERSION << "\n";
    return 0;
  }
  if (parsed.print_api) {
    std::cout << api_tables_markdown();
    return 0;
  }
  // One heap, grown in 4 MiB steps. Stored payments and notifications grow the heap with every
  // request; in glibc's per-thread arenas that growth is one mprotect call per 4 KiB page (1.2 a
  // pay, 5 % of the server's CPU at c64 with crypto off), in the main heap one brk call per step.
  // Threads share the heap's lock; their small allocations come from per-thread caches.
  mallopt(M_ARENA_MAX, 1);
  mallopt(M_TOP_PAD, 4 << 20);
  try {
    Simulator sim(parsed.options);
    sim.start();
    for (const auto& note : sim.startup_notes()) std::cout << note << "\n";
    std::cout << sim.ready_line() << std::endl;

    boost::asio::io_context signals_ctx;
    boost::asio::signal_set signals(signals_ctx, SIGINT, SIGTERM);
    signals.async_wait([](const boost::system::error_code&, int) {});
    signals_ctx.run();

    const std::size_t pending = sim.stop(std::chrono::seconds(5));
    std::cout << "antom-sim stopped; notifications still undelivered: " << pending << std::endl;
    if (pending > 0) {
      const auto left = write_undelivered_notifications(sim.app());
      if (!left.error.empty())
        std::cerr << "antom-sim: " << left.count << " undelivered notifications could not be saved: " << left.error << "\n";
      else if (left.count > 0)
        std::cerr << "antom-sim: " << left.count << " undelivered notifications (id, merchant, URL, body, attempts) saved to "
                  << left.path.string() << "\n";
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "antom-sim: cannot start: " << e.what() << "\n";
    return 1;
  }
}
