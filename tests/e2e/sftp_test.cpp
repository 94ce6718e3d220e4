// Issue #17 item 4: the report files over real SFTP (--sftp-listen), with two real clients:
// OpenSSH's sftp in batch mode (password through SSH_ASKPASS) and paramiko
// (tests/sftp/paramiko_check.py). Files come from signed payments and the virtual clock, as in
// settlement_reports_test.cpp; what SFTP serves must be byte for byte what GET /_sim/reports/file gives.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "server/log.hpp"
#include "server/sftp/sftp_host_key.hpp"
#include "server/sftp/sftp_server.hpp"
#include "tests/e2e/payment_support.hpp"
#include "tests/support/stderr_capture.hpp"

using namespace antom::test;
using namespace antom::test::pay;
using namespace std::chrono_literals;

namespace {

const std::string kHome = "/v1/settlements/2188120000000001";
const std::string kOtherHome = "/v1/settlements/2188000000000999";
const std::string kOther = "SANDBOX_SFTP_OTHER";
const std::string kParamiko = std::string(ANTOM_SOURCE_DIR) + "/tests/sftp/paramiko_check.py";

FixtureOptions with_sftp(std::chrono::seconds idle = 120s, std::chrono::seconds login = 10s) {
  FixtureOptions o;
  o.sftp = true;
  o.idle_timeout = idle;
  o.sftp_login_timeout = login;
  return o;
}

struct Run {
  int status = -1;
  std::string output;
};

// Runs a shell command; stdout and stderr together.
Run run(const std::string& command) {
  Run r;
  std::FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  const int raw = ::pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int sftp_port(SimFixture& fx) {
  const std::string url = fx.simulator().sftp_url();
  REQUIRE(url.starts_with("sftp://127.0.0.1:"));
  return std::stoi(url.substr(url.rfind(':') + 1));
}

// OpenSSH sftp -b: sftp turns BatchMode on, which forbids passwords; BatchMode=no given first
// wins (ssh keeps an option's first value), and SSH_ASKPASS answers the password prompt. Local
// files are in `dir`/client.
Run sftp_batch_at(const std::string& dir_root, int port, const std::string& user, const std::string& password,
                  const std::string& commands) {
  const std::string dir = dir_root + "/client";
  std::filesystem::create_directories(dir);
  write_file(dir + "/askpass.sh", "#!/bin/sh\necho '" + password + "'\n");
  std::filesystem::permissions(dir + "/askpass.sh", std::filesystem::perms::owner_all);
  write_file(dir + "/batch", commands);
  return run("cd " + dir + " && env SSH_ASKPASS=" + dir + "/askpass.sh SSH_ASKPASS_REQUIRE=force DISPLAY=:0 setsid -w sftp " +
             "-o BatchMode=no -b batch -P " + std::to_string(port) +
             " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
             " -o PreferredAuthentications=password -o NumberOfPasswordPrompts=1 " +
             user + "@127.0.0.1 < /dev/null");
}

Run sftp_batch(SimFixture& fx, const std::string& user, const std::string& password, const std::string& commands) {
  return sftp_batch_at(fx.data_dir(), sftp_port(fx), user, password, commands);
}

std::vector<std::string> report_paths(SimFixture& fx, const std::string& client_id) {
  auto r = fx.control("GET", "/_sim/reports?clientId=" + client_id);
  REQUIRE(r.http_status == 200);
  std::vector<std::string> out;
  for (const auto& f : r.json["files"].GetArray()) out.emplace_back(f["path"].GetString());
  return out;
}

std::string http_bytes(SimFixture& fx, const std::string& client_id, const std::string& path) {
  auto r = fx.control("GET", "/_sim/reports/file?clientId=" + client_id + "&path=" + path);
  REQUIRE(r.http_status == 200);
  return r.body;
}

// The demo merchant (sftp user demo) and another one (user other) settle a payment each; the
// day ends, so each has its three files.
void two_merchants_with_files(SimFixture& fx) {
  REQUIRE(fx.control("POST", "/_sim/merchants", R"({"clientId":")" + fx.demo_client_id() + R"(","settlementCurrencies":["USD"]})")
              .http_status == 200);
  fx.add_merchant(kOther);
  REQUIRE(fx.control("POST", "/_sim/merchants",
                     R"({"clientId":")" + kOther +
                         R"(","settlementCurrencies":["USD"],"settlement":{"customerId":"2188000000000999"},)"
                         R"("sftp":{"user":"other","password":"other-secret"}})")
              .http_status == 200);
  REQUIRE(fx.call(kPay, pay_body("SFTP-1", mint(fx, "GCASH", fx.demo_client_id()).access_token, "29900")).code() == "SUCCESS");
  REQUIRE(fx.call(kPay, pay_body("SFTP-2", mint(fx, "GCASH", kOther).access_token, "19900"), as_client(kOther)).code() ==
          "SUCCESS");
  fx.advance(14h);  // past midnight GMT+8: T+1
  REQUIRE(report_paths(fx, fx.demo_client_id()).size() == 3);
  REQUIRE(report_paths(fx, kOther).size() == 3);
}

int connect_tcp(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  return fd;
}

// Reads until the server closes; false when it is still open after `limit`.
bool closed_within(int fd, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  char buf[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("OpenSSH sftp lists, downloads and resumes a merchant's files; writes, other folders and .. are refused") {
  SimFixture fx(with_sftp());
  two_merchants_with_files(fx);
  const auto paths = report_paths(fx, fx.demo_client_id());
  const std::string summary = paths[2];
  const std::string expected = http_bytes(fx, fx.demo_client_id(), summary);
  const std::string folder = summary.substr(0, summary.rfind('/'));
  const std::string name = summary.substr(summary.rfind('/') + 1);

  const std::string url = fx.simulator().sftp_url();
  CHECK(fx.simulator().ready_line().find(url.empty() ? "(none)" : url) != std::string::npos);
  const Run listed = sftp_batch(fx, "demo", "antom-sim",
                                "pwd\nls /\nls /v1/settlements\ncd " + folder + "\nls -l\nget " + name + " whole.csv\n");
  INFO(listed.output);
  REQUIRE(listed.status == 0);
  CHECK(listed.output.find("Remote working directory: /\n") != std::string::npos);
  CHECK(listed.output.find(kHome) != std::string::npos);
  CHECK(listed.output.find("2188000000000999") == std::string::npos);  // another merchant's folder is not listed
  CHECK(listed.output.find("-r--r--r--") != std::string::npos);
  CHECK(listed.output.find(name) != std::string::npos);
  CHECK(read_file(fx.data_dir() + "/client/whole.csv") == expected);

  // A download cut short, resumed: reget asks for the bytes after the local file's size.
  write_file(fx.data_dir() + "/client/part.csv", expected.substr(0, expected.size() / 3));
  const Run resumed = sftp_batch(fx, "demo", "antom-sim", "reget " + summary + " part.csv\n");
  INFO(resumed.output);
  REQUIRE(resumed.status == 0);
  CHECK(read_file(fx.data_dir() + "/client/part.csv") == expected);

  // "-" lets the batch go on after a refusal; each names its reason.
  write_file(fx.data_dir() + "/client/upload.csv", "x\n");
  const std::string other_file = report_paths(fx, kOther)[0];
  const Run refused = sftp_batch(fx, "demo", "antom-sim",
                                 "-put upload.csv " + kHome + "/upload.csv\n-mkdir " + kHome + "/new\n-rm " + summary +
                                     "\n-rename " + summary + " " + kHome + "/moved.csv\n-chmod 666 " + summary +
                                     "\n-ln -s " + summary + " " + kHome + "/link\n-cd " + kOtherHome + "\n-get " +
                                     other_file + " stolen.csv\n-get ../../../../etc/passwd passwd\n-get /etc/passwd passwd\n"
                                     "-ls " + kOtherHome + "\nls " + folder + "\n");
  INFO(refused.output);
  CHECK(refused.status == 0);
  CHECK(refused.output.find("upload.csv\": Permission denied") != std::string::npos);
  CHECK(refused.output.find("remote mkdir \"" + kHome + "/new\": Permission denied") != std::string::npos);
  CHECK(refused.output.find("remote delete " + summary + ": Permission denied") != std::string::npos);
  CHECK(refused.output.find("to \"" + kHome + "/moved.csv\": Permission denied") != std::string::npos);
  CHECK(refused.output.find("setstat \"" + summary + "\": Permission denied") != std::string::npos);
  CHECK(refused.output.find("/link\": Permission denied") != std::string::npos);
  CHECK(refused.output.find("stat remote: No such file or directory") != std::string::npos);  // cd to the other folder
  CHECK(refused.output.find("File \"" + other_file + "\" not found.") != std::string::npos);
  CHECK(refused.output.find("File \"/etc/passwd\" not found.") != std::string::npos);
  CHECK(refused.output.find("Can't ls: \"" + kOtherHome + "\" not found") != std::string::npos);
  CHECK(!std::filesystem::exists(fx.data_dir() + "/client/stolen.csv"));
  CHECK(!std::filesystem::exists(fx.data_dir() + "/client/passwd"));
  CHECK(report_paths(fx, fx.demo_client_id()) == paths);  // nothing changed
  CHECK(http_bytes(fx, fx.demo_client_id(), summary) == expected);

  // The other merchant sees its own folder only, with its own password.
  const Run other = sftp_batch(fx, "other", "other-secret", "ls " + kOtherHome + "\n-ls " + kHome + "\n");
  INFO(other.output);
  CHECK(other.status == 0);
  CHECK(other.output.find(report_paths(fx, kOther)[0].substr(kOtherHome.size() + 1, 8)) != std::string::npos);
  const Run wrong = sftp_batch(fx, "other", "antom-sim", "ls /\n");
  CHECK(wrong.status != 0);
  CHECK(wrong.output.find("Permission denied") != std::string::npos);
  const Run unknown = sftp_batch(fx, "nobody", "antom-sim", "ls /\n");
  CHECK(unknown.status != 0);
}

TEST_CASE("paramiko lists, downloads, reads from an offset and is refused writes and other folders") {
  SimFixture fx(with_sftp());
  two_merchants_with_files(fx);
  const std::string file = report_paths(fx, fx.demo_client_id())[1];
  write_file(fx.data_dir() + "/expected.csv", http_bytes(fx, fx.demo_client_id(), file));
  const Run r = run("/usr/bin/python3 " + kParamiko + " check --port " + std::to_string(sftp_port(fx)) +
                    " --user demo --password antom-sim --file " + file + " --expected " + fx.data_dir() +
                    "/expected.csv --other-dir " + kOtherHome);
  INFO(r.output);
  CHECK(r.status == 0);
  CHECK(r.output.find("OK") != std::string::npos);
}

TEST_CASE("a truncated handshake, garbage and a client that never reads are closed without affecting others") {
  SimFixture fx(with_sftp(2s, 1s));
  two_merchants_with_files(fx);
  const int port = sftp_port(fx);
  const std::string file = report_paths(fx, fx.demo_client_id())[0];

  const int truncated = connect_tcp(port);
  REQUIRE(::send(truncated, "SSH-2.0-trunc", 13, 0) == 13);  // no end of line, then silence
  const int garbage = connect_tcp(port);
  REQUIRE(::send(garbage, "GET / HTTP/1.1\r\n\r\n", 18, 0) == 18);
  const int silent = connect_tcp(port);  // connects and sends nothing

  // A client that logs in, opens a file and stops reading (SIGSTOP: its socket is never read).
  std::FILE* staller = ::popen(("/usr/bin/python3 " + kParamiko + " stall --port " + std::to_string(port) +
                                " --user demo --password antom-sim --file " + file + " 2>&1")
                                   .c_str(),
                               "r");
  REQUIRE(staller != nullptr);
  char line[256] = {};
  REQUIRE(std::fgets(line, sizeof line, staller) != nullptr);
  REQUIRE(std::string(line).starts_with("ready "));
  const pid_t stalled_pid = std::stoi(std::string(line).substr(6));
  struct ContinueOnExit {  // a failed REQUIRE below must not leave a stopped process behind
    pid_t pid;
    ~ContinueOnExit() { ::kill(pid, SIGCONT); }
  } continue_on_exit{stalled_pid};

  // Meanwhile a good session works.
  const Run good = sftp_batch(fx, "demo", "antom-sim", "ls " + kHome + "\nget " + file + " got.csv\n");
  INFO(good.output);
  CHECK(good.status == 0);
  CHECK(read_file(fx.data_dir() + "/client/got.csv") == http_bytes(fx, fx.demo_client_id(), file));

  CHECK(closed_within(garbage, 2s));
  CHECK(closed_within(truncated, 3s));  // --sftp login deadline: 1 s here
  CHECK(closed_within(silent, 3s));
  ::close(truncated);
  ::close(garbage);
  ::close(silent);

  std::this_thread::sleep_for(3500ms);  // past the idle timeout (2 s here)
  ::kill(stalled_pid, SIGCONT);
  std::string rest;
  while (std::fgets(line, sizeof line, staller) != nullptr) rest += line;
  ::pclose(staller);
  CHECK(rest.find("closed") != std::string::npos);

  // And the server still serves.
  const Run after = sftp_batch(fx, "demo", "antom-sim", "ls " + kHome + "\n");
  INFO(after.output);
  CHECK(after.status == 0);
}

TEST_CASE("at most 16 sessions: the 17th connection is closed at once, and room comes back") {
  SimFixture fx(with_sftp(120s, 1s));
  const int port = sftp_port(fx);
  std::vector<int> silent;
  for (int i = 0; i < 16; ++i) silent.push_back(connect_tcp(port));
  std::this_thread::sleep_for(200ms);  // the acceptor takes them all
  const int extra = connect_tcp(port);
  CHECK(closed_within(extra, 500ms));
  for (int fd : silent) CHECK(closed_within(fd, 3s));  // the login deadline (1 s here)
  for (int fd : silent) ::close(fd);
  ::close(extra);
  std::this_thread::sleep_for(300ms);  // the acceptor reaps the ended sessions
  const Run after = sftp_batch(fx, "demo", "antom-sim", "ls " + kHome + "\n");
  INFO(after.output);
  CHECK(after.status == 0);
}

TEST_CASE("sftp credentials through POST /_sim/merchants: shown without the password, checked, unique, removable") {
  SimFixture fx(with_sftp());
  fx.add_merchant(kOther);
  auto set = fx.control("POST", "/_sim/merchants", R"({"clientId":")" + kOther + R"(","sftp":{"user":"acme","password":"s3cret-Pass"}})");
  REQUIRE(set.http_status == 200);
  CHECK(set.body.find(R"("sftp":{"user":"acme"})") != std::string::npos);
  CHECK(set.body.find("s3cret-Pass") == std::string::npos);
  auto listed = fx.control("GET", "/_sim/merchants");
  CHECK(listed.body.find("acme") != std::string::npos);
  CHECK(listed.body.find("s3cret-Pass") == std::string::npos);
  CHECK(listed.body.find("antom-sim\"") == std::string::npos);  // nor the demo merchant's

  // An update keeps what it does not mention.
  REQUIRE(fx.control("POST", "/_sim/merchants", R"({"clientId":")" + kOther + R"(","sftp":{"password":"n3w"}})").http_status == 200);
  CHECK(sftp_batch(fx, "acme", "n3w", "ls /\n").status == 0);
  CHECK(sftp_batch(fx, "acme", "s3cret-Pass", "ls /\n").status != 0);

  auto taken = fx.control("POST", "/_sim/merchants", R"({"clientId":")" + kOther + R"(","sftp":{"user":"demo","password":"x"}})");
  CHECK(taken.http_status == 400);
  CHECK(taken.body.find("sftp.user demo is already the SFTP user of " + fx.demo_client_id()) != std::string::npos);
  auto spaced = fx.control("POST", "/_sim/merchants", R"({"clientId":")" + kOther + R"(","sftp":{"user":"a b","password":"x"}})");
  CHECK(spaced.http_status == 400);
  CHECK(spaced.body.find("sftp.user must be") != std::string::npos);
  auto extra = fx.control("POST", "/_sim/merchants", R"({"clientId":")" + kOther + R"(","sftp":{"user":"u","pass":"x"}})");
  CHECK(extra.http_status == 400);
  CHECK(extra.body.find("sftp.pass is unknown") != std::string::npos);
  auto no_password = fx.control("POST", "/_sim/merchants", R"({"clientId":"SANDBOX_NEW","publicKey":null,"sftp":{"user":"u"}})");
  CHECK(no_password.http_status == 400);
  CHECK(no_password.body.find("sftp.password must be") != std::string::npos);

  // null removes the account: the login is refused.
  REQUIRE(fx.control("POST", "/_sim/merchants", R"({"clientId":")" + kOther + R"(","sftp":null})").http_status == 200);
  CHECK(sftp_batch(fx, "acme", "n3w", "ls /\n").status != 0);
}

TEST_CASE("SFTP log lines: logins, refusals, and a user name with a line break kept on one line") {
  SimFixture fx(with_sftp());
  StderrCapture log;
  antom::server::set_log_format(antom::server::LogFormat::Text);
  const Run evil = run("/usr/bin/python3 -c \"import paramiko; t = paramiko.Transport(('127.0.0.1', " +
                       std::to_string(sftp_port(fx)) + ")); t.connect(username='x\\nFORGED 200', password='p')\"");
  CHECK(evil.status != 0);
  CHECK(evil.output.find("AuthenticationException") != std::string::npos);
  CHECK(sftp_batch(fx, "demo", "antom-sim", "-put batch " + kHome + "/n\n").status == 0);
  antom::server::set_log_format(antom::server::LogFormat::Off);
  log.restore();
  const std::string text = log.text();
  INFO(text);
  CHECK(text.find(" SFTP login x?FORGED 200 - AUTH_FAILED ") != std::string::npos);
  CHECK(text.find("\nFORGED") == std::string::npos);
  CHECK(text.find(" SFTP login " + fx.demo_client_id() + " OK ") != std::string::npos);
  CHECK(text.find(" SFTP open for writing " + kHome + "/n " + fx.demo_client_id() + " REFUSED ") != std::string::npos);
}

TEST_CASE("a client that asks for a big file and never reads is closed after the idle timeout; others go on") {
  // The SFTP server alone, with a 16 MB file: more than the SSH window and the socket buffers hold,
  // so its session blocks writing until the idle deadline shuts the socket down.
  namespace fs = std::filesystem;
  antom::server::set_log_format(antom::server::LogFormat::Off);
  std::string dir = (fs::temp_directory_path() / "antom-sftp-big-XXXXXX").string();
  REQUIRE(mkdtemp(dir.data()) != nullptr);
  const std::string big(16 * 1024 * 1024, 'x');
  const std::string path = "/v1/settlements/1/20260301/big.csv";
  antom::server::SftpBackend backend;
  backend.login = [](std::string_view user, std::string_view password) -> std::optional<std::string> {
    if (user == "u" && password == "p") return std::string("M");
    return std::nullopt;
  };
  backend.view = [&](const std::string&) -> std::optional<antom::server::SftpView> {
    return antom::server::SftpView("/v1/settlements/1", {{path, big.size(), 0}});
  };
  backend.read = [&](const std::string&, const std::string&) -> std::optional<std::string> { return big; };
  antom::server::SftpSettings settings;
  settings.listen = "127.0.0.1:0";
  settings.host_key = antom::server::ensure_sftp_host_key(dir).file;
  settings.idle_timeout = 1s;
  antom::server::SftpServer server(settings, backend);
  const std::string bound = server.start();
  const int port = std::stoi(bound.substr(bound.rfind(':') + 1));

  std::FILE* staller = ::popen(("/usr/bin/python3 " + kParamiko + " stall --prefetch --port " + std::to_string(port) +
                                " --user u --password p --file " + path + " 2>&1")
                                   .c_str(),
                               "r");
  REQUIRE(staller != nullptr);
  char line[256] = {};
  REQUIRE(std::fgets(line, sizeof line, staller) != nullptr);
  REQUIRE(std::string(line).starts_with("ready "));
  const pid_t stalled_pid = std::stoi(std::string(line).substr(6));
  struct ContinueOnExit {
    pid_t pid;
    ~ContinueOnExit() { ::kill(pid, SIGCONT); }
  } continue_on_exit{stalled_pid};

  const Run good = sftp_batch_at(dir, port, "u", "p", "ls -l /v1/settlements/1/20260301\n");
  INFO(good.output);
  CHECK(good.status == 0);
  CHECK(good.output.find("16777216") != std::string::npos);

  std::this_thread::sleep_for(2500ms);  // past the idle timeout (1 s here)
  ::kill(stalled_pid, SIGCONT);
  std::string rest;
  while (std::fgets(line, sizeof line, staller) != nullptr) rest += line;
  ::pclose(staller);
  CHECK(rest.find("closed") != std::string::npos);
  server.stop();
  fs::remove_all(dir);
}
