#include "tests/support/sim_fixture.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <fstream>
#include <filesystem>
#include <stdexcept>

#include "server/crypto/codec.hpp"
#include "server/crypto/signer.hpp"
#include "server/protocol/json_view.hpp"
#include "server/protocol/signature_header.hpp"

namespace antom::test {

using antom::server::find_header;

namespace {

std::string make_temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "antom-sim-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

std::string lower_percent(std::string s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i)
    if (s[i] == '%') {
      s[i + 1] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i + 1])));
      s[i + 2] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i + 2])));
    }
  return s;
}

std::string epoch_millis_now() {
  return std::to_string(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

// OpenSSL makes an RSA-2048 key in 0.1-0.3 s of CPU, and hundreds of fixtures each start on a fresh
// data directory: each gets the same two private keys, made once per test process, and start-up
// derives every other file from them as on a first start.
void seed_private_keys(const std::string& dir) {
  static const std::vector<std::string> pems = [] {
    std::vector<std::string> out;
    for (const auto& key : antom::server::RsaKey::generate_many(2, 2048)) out.push_back(key.private_pkcs8_pem());
    if (out.size() != 2) throw std::runtime_error("cannot generate the fixture keys");
    return out;
  }();
  std::ofstream(dir + "/antom-private-key.pem", std::ios::binary) << pems[0];
  std::ofstream(dir + "/demo-merchant-private-pkcs8.pem", std::ios::binary) << pems[1];
}

}  // namespace

rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  if (doc.HasParseError()) doc.SetObject();
  return doc;
}

std::string ApiResult::text(const char* path) const { return antom::server::text_at(json, path); }
std::string ApiResult::code() const { return text("result.resultCode"); }
std::string ApiResult::status() const { return text("result.resultStatus"); }
std::string ApiResult::message() const { return text("result.resultMessage"); }

std::string HttpResult::header(const char* name) const {
  const std::string* v = find_header(headers, name);
  return v ? *v : std::string{};
}

SimFixture::SimFixture(FixtureOptions options) : options_(std::move(options)), data_dir_(make_temp_dir()) {
  antom::server::Options o;
  o.listen = {"127.0.0.1:0"};
  o.threads = options_.threads;
  o.data_dir = data_dir_;
  o.seed = options_.seed;
  o.control_token = options_.control_token;
  o.log_format = antom::server::LogFormat::Off;
  o.notification_schedule = options_.notification_schedule;
  o.body_limit = options_.body_limit;
  o.verify_signatures = options_.verify_signatures;
  o.idle_timeout = options_.idle_timeout;
  o.strict_scenarios = options_.strict_scenarios;
  o.notify_timeout = options_.notify_timeout;
  o.journal_size = options_.journal_size;
  if (options_.sftp) o.sftp_listen = "127.0.0.1:0";
  o.sftp_login_timeout = options_.sftp_login_timeout;
  seed_private_keys(data_dir_);
  o.notify_allow = options_.notify_allow;
  o.retention_days = options_.retention_days;
  if (!options_.state_file.empty()) o.state_file = options_.state_file;
  for (const auto& f : options_.fixtures) o.fixtures.emplace_back(f);
  o.state_save_interval = options_.state_save_interval;
  sim_ = std::make_unique<antom::server::Simulator>(o);
  sim_->start();
  const std::string& bound = sim_->bound().front();
  port_ = static_cast<std::uint16_t>(std::stoi(bound.substr(bound.rfind(':') + 1)));
  // The demo merchant's private key, as the SDK would load it from the data directory.
  std::FILE* f = std::fopen((data_dir_ + "/demo-merchant-private-pkcs8.b64").c_str(), "rb");
  if (!f) throw std::runtime_error("demo merchant key missing");
  std::string text(8192, '\0');
  text.resize(std::fread(text.data(), 1, text.size(), f));
  std::fclose(f);
  auto demo = antom::server::RsaKey::load_private(text);
  if (!demo) throw std::runtime_error("demo merchant key unreadable");
  keys_[demo_client_id()] = *demo;
  if (options_.freeze_clock) {
    app().world.clock().freeze();
    set_time(options_.start_time);
  }
}

SimFixture::~SimFixture() {
  sim_->stop(std::chrono::milliseconds(200));
  sim_.reset();
  std::error_code ec;
  std::filesystem::remove_all(data_dir_, ec);
}

antom::server::App& SimFixture::app() { return sim_->app(); }
std::string SimFixture::base_url(bool tls) const { return std::string(tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_); }
std::string SimFixture::demo_client_id() const { return antom::server::kDemoClientId; }

const antom::server::RsaKey& SimFixture::merchant_key(const std::string& client_id) const {
  auto it = keys_.find(client_id);
  if (it == keys_.end()) throw std::runtime_error("no key for " + client_id);
  return it->second;
}

ApiResult SimFixture::call(const std::string& path, const std::string& body, const CallOptions& options) {
  const std::string client_id = options.client_id.empty() ? demo_client_id() : options.client_id;
  const std::string request_time = options.request_time.empty() ? epoch_millis_now() : options.request_time;
  HttpCall call;
  call.port = port_;
  call.tls = options.tls;
  call.method = options.method;
  call.target = options.absolute_form ? base_url(true) + path : path;
  call.body = body;
  call.headers.emplace_back("client-id", client_id);
  call.headers.emplace_back("request-time", request_time);
  if (!options.content_type.empty()) call.headers.emplace_back("Content-Type", options.content_type);
  if (!options.signature_override.empty()) {
    call.headers.emplace_back("Signature", options.signature_override);
  } else if (options.sign) {
    std::string sig;
    if (auto it = keys_.find(client_id); it != keys_.end())
      sig = antom::server::sign_sha256(it->second, antom::server::signing_content("POST", path, client_id, request_time, body));
    std::string encoded = antom::server::url_encode(sig);
    if (options.lower_case_percent) encoded = lower_percent(encoded);
    std::string header = "algorithm=RSA256,";
    if (options.key_version) header += "keyVersion=" + std::to_string(*options.key_version) + ",";
    header += "signature=" + encoded;
    call.headers.emplace_back("Signature", header);
  }
  for (const auto& h : options.headers) call.headers.push_back(h);

  const HttpReply reply = http_send(call);
  ApiResult result;
  result.http_status = reply.status;
  result.headers = reply.headers;
  result.body = reply.body;
  result.error = reply.error;
  result.json = parse_json(reply.body);
  const std::string* sig = find_header(reply.headers, "signature");
  const std::string* time = find_header(reply.headers, "response-time");
  const std::string* cid = find_header(reply.headers, "client-id");
  result.has_signature = sig != nullptr;
  if (sig && time && cid) {
    const auto parsed = antom::server::parse_signature_header(*sig);
    const auto raw = antom::server::base64_decode(parsed.header.signature);
    result.signature_ok =
        raw && antom::server::verify_sha256(app().keys.antom_private,
                                            antom::server::signing_content("POST", path, *cid, *time, reply.body), *raw);
  }
  return result;
}

HttpResult SimFixture::control(const std::string& method, const std::string& path, const std::string& body,
                               antom::server::Headers headers) {
  HttpCall call;
  call.port = port_;
  call.method = method;
  call.target = path;
  call.body = body;
  call.headers = std::move(headers);
  if (!body.empty()) call.headers.emplace_back("content-type", "application/json");
  if (!options_.control_token.empty() && !find_header(call.headers, "authorization"))
    call.headers.emplace_back("authorization", "Bearer " + options_.control_token);
  const HttpReply reply = http_send(call);
  HttpResult r;
  r.http_status = reply.status;
  r.headers = reply.headers;
  r.body = reply.body;
  r.json = parse_json(reply.body);
  return r;
}

std::string SimFixture::add_merchant(const std::string& client_id, const std::string& notify_url) {
  auto key = antom::server::RsaKey::generate(2048);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("clientId");
  w.String(client_id.c_str());
  w.Key("publicKey");
  w.String(key.public_base64().c_str());
  w.Key("keyVersion");
  w.Int(1);
  w.Key("notifyUrl");
  w.String(notify_url.c_str());
  w.EndObject();
  const auto r = control("POST", "/_sim/merchants", buf.GetString());
  if (r.http_status != 200) throw std::runtime_error("add_merchant failed: " + r.body);
  keys_[client_id] = key;
  return client_id;
}

void SimFixture::set_time(const std::string& iso) {
  const auto r = control("POST", "/_sim/clock", "{\"time\":\"" + iso + "\"}");
  if (r.http_status != 200) throw std::runtime_error("set_time failed: " + r.body);
}

void SimFixture::advance(std::chrono::milliseconds by) {
  const auto r = control("POST", "/_sim/clock/advance", "{\"by\":" + std::to_string(by.count()) + "}");
  if (r.http_status != 200) throw std::runtime_error("advance failed: " + r.body);
}

}  // namespace antom::test
