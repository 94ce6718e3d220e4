#include "server/simulator.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/system/system_error.hpp>

#include <condition_variable>
#include <future>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "server/control/control_router.hpp"
#include "server/crypto/tls_cert.hpp"
#include "server/http/listener.hpp"
#include "server/keys_setup.hpp"
#include "server/log.hpp"
#include "server/merchant_config.hpp"
#include "server/protocol/pipeline.hpp"
#include "server/notify/notifier.hpp"
#include "server/sftp/sftp_accounts.hpp"
#include "server/sftp/sftp_host_key.hpp"
#include "server/sftp/sftp_server.hpp"
#include "server/snapshot/state_file.hpp"

namespace antom::server {

namespace net = boost::asio;

struct Simulator::Impl {
  explicit Impl(Options options)
      : app(std::move(options)), ioc(single_thread() ? 1 : BOOST_ASIO_CONCURRENCY_HINT_DEFAULT),
        tls(net::ssl::context::tls_server) {}

  // With one thread Asio can skip its scheduler locking and connections need no strands.
  bool single_thread() const {
    return app.options.threads == 1 || (app.options.threads == 0 && std::thread::hardware_concurrency() <= 1);
  }

  App app;
  net::io_context ioc;
  net::ssl::context tls;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::unique_ptr<HttpServer> http;
  ControlRouter router;
  std::vector<std::thread> threads;
  std::vector<std::string> bound;
  std::unique_ptr<SftpServer> sftp;  // with --sftp-listen
  std::string sftp_bound;
  std::vector<std::string> notes;
  bool stopped = false;
  // --state-save-interval: a thread that saves the state file, woken early to stop.
  std::thread saver;
  std::mutex saver_mu;
  std::condition_variable saver_cv;
  bool saver_stop = false;

  void save_state_file_now(const char* when) {
    const auto r = save_state_file(app, *app.options.state_file);
    if (!r.saved.ok()) std::cerr << "antom-sim: the state was not saved (" << when << "): " << r.saved.reason() << std::endl;
  }
  void run_saver() {
    std::unique_lock lock(saver_mu);
    while (!saver_cv.wait_for(lock, app.options.state_save_interval, [this] { return saver_stop; })) {
      lock.unlock();
      save_state_file_now("every --state-save-interval");
      lock.lock();
    }
  }

  // A body over the limit was not read: the request must not run as if it had an empty body.
  RawResponse body_too_large() const {
    RawResponse res = json_error(413, "PAYLOAD_TOO_LARGE",
                                 "The request body exceeds " + std::to_string(app.options.body_limit) + " bytes (--body-limit).");
    res.close = true;
    return res;
  }

  RawResponse handle(const RawRequest& req) {
    app.requests_served.fetch_add(1, std::memory_order_relaxed);
    const std::string path = req.path();
    const bool api = path == "/ams" || path.starts_with("/ams/");
    if (req.body_too_large && !api) return body_too_large();  // API paths answer as Antom does
    if (path == "/_sim" || path.starts_with("/_sim/") || path == "/metrics") return router.handle(app, req, req.base_url());
    if (api) return handle_api_request(app, req);
    if (path == "/" || path.empty()) return redirect_response("/_sim/");
    return json_error(404, "NOT_FOUND", "antom-sim serves Antom's APIs under /ams/ and its own control API under /_sim/.");
  }
};

namespace {

std::pair<std::string, std::uint16_t> split_host_port(const std::string& text) {
  const auto colon = text.rfind(':');
  std::string host = text.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port_text = text.substr(colon + 1);
  unsigned long port = 0;
  try {
    port = std::stoul(port_text);
  } catch (const std::exception&) {
    throw std::runtime_error("--listen " + text + ": the port is not a number");
  }
  if (port > 65535) throw std::runtime_error("--listen " + text + ": the port is out of range");
  return {host, static_cast<std::uint16_t>(port)};
}

// The TLS context every listening port shares: --tls-cert/--tls-key, or the self-signed certificate
// in the data directory (made on first start). Throws std::runtime_error.
CertificateFiles setup_tls(net::ssl::context& tls, const Options& options) {
  CertificateFiles cert{};
  if (options.tls_cert) cert = {*options.tls_cert, *options.tls_key};
  else cert = ensure_self_signed_certificate(options.data_dir);
  boost::system::error_code ec;
  tls.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 | net::ssl::context::no_sslv3 |
                  net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
  tls.use_certificate_chain_file(cert.cert_pem.string(), ec);
  if (!ec) tls.use_private_key_file(cert.key_pem.string(), net::ssl::context::pem, ec);
  if (ec) throw std::runtime_error("TLS certificate " + cert.cert_pem.string() + ": " + ec.message());
  return cert;
}

}  // namespace

Simulator::Simulator(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {
  App& app = impl_->app;
  set_log_format(app.options.log_format);
  // Reading the keys takes milliseconds and a first start's key generation (OpenSSL, one thread per
  // key) a few hundred: the scenario catalog and the TLS context are made meanwhile. (The future's
  // destructor waits if something below throws.)
  auto keys = std::async(std::launch::async, [&options = app.options] { return prepare_keys(options); });
  if (auto s = app.scenarios.load_catalog(scenarios::builtin_catalog_files(), app.options.scenario_dirs); !s.ok())
    throw std::runtime_error(s.reason());
  const CertificateFiles cert = setup_tls(impl_->tls, app.options);
  const StartupKeys startup_keys = keys.get();

  install_keys(app, startup_keys, kDemoClientId);
  impl_->notes.push_back("simulator public key (give it to your SDK as the Antom public key): " +
                         startup_keys.simulator_public_pem.string() + " (PEM), " +
                         startup_keys.simulator_public_base64.string() + " (bare base64)");
  if (startup_keys.demo) {
    const DemoMerchantFiles& files = startup_keys.demo_files;
    impl_->notes.push_back(std::string("demo merchant client id: ") + kDemoClientId);
    impl_->notes.push_back("demo merchant private key: " + files.private_pkcs8_base64.string() +
                           " (bare base64 PKCS#8: Java, Go, .NET), " + files.private_pkcs1_base64.string() +
                           " (bare base64 PKCS#1: Python), " + files.private_pkcs8_pem.string() + " / " +
                           files.private_pkcs1_pem.string() + " (PEM)");
  }
  auto targets = std::make_shared<NotifyTargets>();
  if (auto added = targets->add_list(app.options.notify_allow); !added.ok())
    throw std::runtime_error("--notify-allow: " + added.reason());
  if (app.options.config) {
    std::vector<std::string> allow;
    if (auto s = load_merchant_config(*app.options.config, app.merchants, &allow); !s.ok()) throw std::runtime_error(s.reason());
    for (const auto& entry : allow)
      if (auto added = targets->add(entry); !added.ok()) throw std::runtime_error(added.reason());
  }
  load_startup_state(app);  // fixtures, then the state file: over --config's merchants
  if (app.options.state_file)
    impl_->notes.push_back("state file: " + app.options.state_file->string() +
                           " (saved on shutdown and on POST /_sim/state/save" +
                           (app.options.state_save_interval.count() > 0
                                ? ", and every " + std::to_string(app.options.state_save_interval.count()) + " s)"
                                : ")"));
  impl_->notes.push_back("notifications may go to: " + targets->describe() + " (--notify-allow)");
  impl_->notes.push_back("TLS certificate (trust it, or disable verification): " + cert.cert_pem.string());
  if (app.options.sftp_listen) {
    const SftpHostKey host_key = ensure_sftp_host_key(app.options.data_dir);
    impl_->notes.push_back("SFTP host key: " + host_key.file.string() + " (" + host_key.fingerprint + ")");
    SftpSettings sftp;
    sftp.listen = *app.options.sftp_listen;
    sftp.host_key = host_key.file;
    sftp.login_timeout = app.options.sftp_login_timeout;
    sftp.idle_timeout = app.options.idle_timeout;
    impl_->sftp = std::make_unique<SftpServer>(std::move(sftp), make_sftp_backend(app));
  }

  impl_->router = build_control_router();
  impl_->http = std::make_unique<HttpServer>(impl_->ioc, impl_->tls,
                                             [impl = impl_.get()](const RawRequest& req) { return impl->handle(req); },
                                             app.options.body_limit, impl_->single_thread(), app.options.idle_timeout);
  NotifierSettings notify_settings;
  notify_settings.targets = std::move(targets);
  notify_settings.attempt_timeout = app.options.notify_timeout;
  app.notifier = std::make_unique<Notifier>(app, notify_settings);
  app.on_state_changed = [n = app.notifier.get()] { n->wake(); };
}

Simulator::~Simulator() { stop(std::chrono::milliseconds(200)); }

void Simulator::start() {
  for (const auto& listen : impl_->app.options.listen) {
    const auto [host, port] = split_host_port(listen);
    try {
      impl_->bound.push_back(impl_->http->listen(host, port));
    } catch (const boost::system::system_error& e) {
      const bool in_use = e.code() == boost::asio::error::address_in_use;
      throw std::runtime_error("--listen " + listen + ": " + e.code().message() +
                               (in_use ? "; stop what uses the port, or choose another (port 0 = any free port)"
                                       : "; choose another address or port (--listen, ANTOM_SIM_LISTEN)"));
    }
  }
  if (impl_->sftp) impl_->sftp_bound = impl_->sftp->start();
  impl_->work.emplace(impl_->ioc.get_executor());
  impl_->app.notifier->start();
  if (impl_->app.options.state_file && impl_->app.options.state_save_interval.count() > 0)
    impl_->saver = std::thread([impl = impl_.get()] { impl->run_saver(); });
  unsigned n = impl_->app.options.threads;
  if (n == 0) n = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < n; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

std::size_t Simulator::stop(std::chrono::milliseconds grace) {
  if (impl_->stopped) return 0;
  impl_->stopped = true;
  std::size_t pending = 0;
  if (impl_->http) impl_->http->stop_accepting();
  if (impl_->sftp) impl_->sftp->stop();
  if (impl_->app.notifier && !impl_->threads.empty()) pending = impl_->app.notifier->shutdown(grace);
  impl_->work.reset();
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->threads.clear();
  if (impl_->saver.joinable()) {
    {
      std::lock_guard lock(impl_->saver_mu);
      impl_->saver_stop = true;
    }
    impl_->saver_cv.notify_all();
    impl_->saver.join();
  }
  // Last, once no request can change anything: the state a restart continues from.
  if (impl_->app.options.state_file) impl_->save_state_file_now("on shutdown");
  return pending;
}

App& Simulator::app() { return impl_->app; }
const std::vector<std::string>& Simulator::bound() const { return impl_->bound; }

std::vector<std::string> Simulator::urls() const {
  std::vector<std::string> out;
  for (const auto& b : impl_->bound) {
    out.push_back("http://" + b);
    out.push_back("https://" + b);
  }
  return out;
}

std::string Simulator::ready_line() const {
  std::string line = std::string("antom-sim ") + ANTOM_SIM_VERSION + " ready:";
  for (const auto& u : urls()) line += " " + u;
  if (!impl_->sftp_bound.empty()) line += " " + sftp_url();
  const std::uint64_t seed = impl_->app.options.seed;
  line += " seed " + std::to_string(seed);
  if (impl_->app.options.seed_from_os) line += " (drawn at start; --seed " + std::to_string(seed) + " replays this run)";
  return line;
}

std::string Simulator::sftp_url() const {
  return impl_->sftp_bound.empty() ? std::string{} : "sftp://" + impl_->sftp_bound;
}

std::vector<std::string> Simulator::startup_notes() const { return impl_->notes; }
std::string Simulator::demo_client_id() const { return kDemoClientId; }

}  // namespace antom::server
