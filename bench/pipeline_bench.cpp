// The request pipeline without sockets (issue #2): calls handle_api_request, the function every
// Antom API request goes through (route, verify, validate, plan, state, render, sign), in a loop
// on one thread, with pre-built pay requests signed like the SDKs sign them. Separates the
// simulator's own CPU cost per request from the kernel's and Beast's, which gateway_bench
// includes. Prints CPU microseconds per request for: verification and signing off (real payments
// and an unknown token), verification only, and both on. A benchmark: exits 0 once it has run.
// Usage: pipeline_bench [--nosign N] [--signed N]
#include <malloc.h>
#include <sched.h>
#include <stdlib.h>

#include <chrono>
#include <cstdlib>
#include <new>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "server/app.hpp"
#include "server/control/control_router.hpp"
#include "server/crypto/codec.hpp"
#include "server/crypto/signer.hpp"
#include "server/keys_setup.hpp"
#include "server/protocol/pipeline.hpp"
#include "server/simulator.hpp"

namespace fs = std::filesystem;
using namespace antom::server;

// Counts operator new calls, to print allocations per request (a large share of the path's time).
static std::size_t g_allocations = 0;
void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

const std::string kPayPath = "/ams/api/v1/payments/pay";

double thread_cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

RawRequest control_request(const std::string& path, const std::string& body) {
  RawRequest r;
  r.method = "POST";
  r.target = path;
  r.headers = {{"Host", "127.0.0.1"}, {"Content-Type", "application/json"}};
  r.body = body;
  r.remote = "127.0.0.1:40000";  // the control API answers loopback peers only
  return r;
}

std::string json_text(const std::string& body, const std::string& key) {
  const auto at = body.find("\"" + key + "\":\"");
  if (at == std::string::npos) return {};
  const auto from = at + key.size() + 4;
  return body.substr(from, body.find('"', from) - from);
}

// A pay request as an SDK sends it (headers in the SDKs' spelling); unsigned when key is null.
RawRequest pay_request(const RsaKey* key, const std::string& request_id, const std::string& token) {
  const std::string body = R"({"productCode":"AGREEMENT_PAYMENT","paymentRequestId":")" + request_id +
                           R"(","order":{"referenceOrderId":"ORD-)" + request_id +
                           R"(","orderDescription":"Pipeline benchmark plan","orderAmount":{"currency":"PHP","value":"100"}},)"
                           R"("paymentAmount":{"currency":"PHP","value":"100"},)"
                           R"("paymentMethod":{"paymentMethodType":"GCASH","paymentMethodId":")" + token + R"("}})";
  const std::string time = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::system_clock::now().time_since_epoch()).count());
  std::string signature = "placeholder";
  if (key) signature = url_encode(sign_sha256(*key, signing_content("POST", kPayPath, kDemoClientId, time, body)));
  RawRequest r;
  r.method = "POST";
  r.target = kPayPath;
  r.headers = {{"Host", "127.0.0.1"},
               {"Content-Type", "application/json; charset=UTF-8"},
               {"Client-Id", kDemoClientId},
               {"Request-Time", time},
               {"Signature", "algorithm=RSA256,keyVersion=1,signature=" + signature},
               {"Content-Length", std::to_string(body.size())}};
  r.body = body;
  r.local = "127.0.0.1:8080";
  r.remote = "127.0.0.1:40000";
  return r;
}

struct Phase {
  double cpu_us_per_req = 0;
  double heap_bytes_per_req = 0;  // growth of the malloc heap: what the state keeps per request
  double allocations_per_req = 0;
  std::string first_code;
  long non_success = 0;
};

Phase run(App& app, std::vector<RawRequest>& requests, const std::string& expected_code) {
  Phase p;
  const auto heap0 = static_cast<double>(mallinfo2().uordblks);
  const std::size_t allocations0 = g_allocations;
  const double cpu0 = thread_cpu_us();
  for (auto& r : requests) {
    const RawResponse res = handle_api_request(app, r);
    if (p.first_code.empty()) p.first_code = res.log_code;
    if (res.log_code != expected_code) ++p.non_success;
  }
  p.cpu_us_per_req = (thread_cpu_us() - cpu0) / static_cast<double>(requests.size());
  p.allocations_per_req = static_cast<double>(g_allocations - allocations0) / static_cast<double>(requests.size());
  p.heap_bytes_per_req = (static_cast<double>(mallinfo2().uordblks) - heap0) / static_cast<double>(requests.size());
  return p;
}

void print(const char* name, const Phase& p, std::size_t n) {
  std::printf("%-40s %8.1f us/req %7.0f heap bytes/req %5.0f allocations/req  (%zu requests, %s%s)\n", name,
              p.cpu_us_per_req, p.heap_bytes_per_req, p.allocations_per_req, n, p.first_code.c_str(),
              p.non_success ? ", SOME DIFFERED" : "");
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t nosign = 100000, signed_n = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--nosign") nosign = std::stoul(argv[i + 1]);
    else if (a == "--signed") signed_n = std::stoul(argv[i + 1]);
    else return std::fprintf(stderr, "usage: pipeline_bench [--nosign N] [--signed N]\n"), 2;
  }
  char dir_template[] = "/tmp/pipeline-bench-XXXXXX";
  const fs::path data_dir = mkdtemp(dir_template);
  Options options;
  options.data_dir = data_dir;
  App app(options);
  install_keys(app, prepare_keys(app.options), kDemoClientId);
  const auto demo_key = RsaKey::load_private(
      [&] {
        std::FILE* f = std::fopen((data_dir / "demo-merchant-private-pkcs8.pem").c_str(), "rb");
        std::string text(8192, '\0');
        text.resize(std::fread(text.data(), 1, text.size(), f));
        std::fclose(f);
        return text;
      }());
  const ControlRouter router = build_control_router();
  // A buyer of its own for each load of real payments: one buyer reaches GCash's published daily
  // cap after about 100 000 payments of 100 PHP, and the loads after it would time refusals.
  auto mint_buyer = [&]() -> std::string {
    const std::string minted =
        router.handle(app, control_request("/_sim/authorizations/tokens", R"({"customerBelongsTo":"GCASH"})"), "http://127.0.0.1").body;
    const std::string token = json_text(minted, "accessToken");
    if (token.empty()) std::fprintf(stderr, "pipeline_bench: could not mint a token: %s\n", minted.c_str());
    else
      (void)router.handle(app, control_request("/_sim/buyers/" + url_encode(token), R"({"balance":900000000000000,"dailyCountLimit":1000000000})"),
                          "http://127.0.0.1");
    return token;
  };
  const std::string token = mint_buyer(), verify_token = mint_buyer(), signed_token = mint_buyer();
  if (token.empty() || verify_token.empty() || signed_token.empty()) return 1;
  if (!demo_key) return std::fprintf(stderr, "pipeline_bench: could not read the demo merchant's private key\n"), 1;

  std::printf("pipeline_bench: handle_api_request in-process on one thread (no sockets, no Beast); notifications are queued\n"
              "and never sent (no sender runs)\n");
  std::vector<RawRequest> requests;
  auto fill = [&](std::size_t n, const RsaKey* key, const std::string& prefix, const std::string& tok) {
    requests.clear();
    requests.reserve(n);
    for (std::size_t i = 0; i < n; ++i) requests.push_back(pay_request(key, prefix + std::to_string(i), tok));
  };
  app.options.verify_signatures = false;
  app.options.sign_responses = false;
  fill(nosign, nullptr, "fast-", token);
  print("verify+sign off, real payments", run(app, requests, "SUCCESS"), nosign);
  fill(nosign, nullptr, "lookup-", "unknown-token");
  print("verify+sign off, unknown token", run(app, requests, "INVALID_ACCESS_TOKEN"), nosign);
  fill(signed_n, &*demo_key, "verify-", verify_token);
  app.options.verify_signatures = true;
  print("verify on, sign off, real payments", run(app, requests, "SUCCESS"), signed_n);
  fill(signed_n, &*demo_key, "signed-", signed_token);
  app.options.sign_responses = true;
  print("verify+sign on, real payments", run(app, requests, "SUCCESS"), signed_n);
  std::vector<RawRequest>().swap(requests);
  const std::string content(900, 'x');
  const double cpu0 = thread_cpu_us();
  for (std::size_t i = 0; i < signed_n; ++i) (void)sign_sha256(app.keys.antom_private, content);
  std::printf("%-40s %8.1f us/sign\n", "sign_sha256 alone (900-byte content)", (thread_cpu_us() - cpu0) / static_cast<double>(signed_n));
  std::error_code ignored;
  fs::remove_all(data_dir, ignored);
  return 0;
}
