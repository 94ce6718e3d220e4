// What a merchant sees over SFTP (server/sftp/sftp_view.hpp): paths resolved lexically against
// "/" (never above it), directories synthesized from its files, nothing else; the "sftp" account
// in --config; the host key in the data directory.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "server/merchant_config.hpp"
#include "server/options.hpp"
#include "server/sftp/sftp_accounts.hpp"
#include "server/sftp/sftp_host_key.hpp"
#include "server/sftp/sftp_view.hpp"

using antom::server::normalize_sftp_path;
using antom::server::SftpView;

TEST_CASE("SFTP paths resolve lexically and never leave the root") {
  CHECK(normalize_sftp_path("") == "/");
  CHECK(normalize_sftp_path(".") == "/");
  CHECK(normalize_sftp_path("/") == "/");
  CHECK(normalize_sftp_path("..") == "/");
  CHECK(normalize_sftp_path("../../etc/passwd") == "/etc/passwd");
  CHECK(normalize_sftp_path("/v1/settlements/1/../2/./x.csv") == "/v1/settlements/2/x.csv");
  CHECK(normalize_sftp_path("v1//settlements/") == "/v1/settlements");
  CHECK(normalize_sftp_path("/v1/settlements/1/20260301/../../../../../..") == "/");
  CHECK(normalize_sftp_path("/a/.../b") == "/a/.../b");  // "..." is a name
}

TEST_CASE("the view holds the merchant's files and the folders above them, nothing else") {
  const SftpView view("/v1/settlements/1", {{"/v1/settlements/1/20260301/a.csv", 10, 100},
                                           {"/v1/settlements/1/20260302/b.csv", 20, 200},
                                           {"/v1/settlements/1/20260302/c.csv", 30, 300}});
  auto root = view.list("/");
  REQUIRE(root);
  REQUIRE(root->size() == 1);
  CHECK((*root)[0].name == "v1");
  CHECK((*root)[0].directory);
  auto day = view.list("/v1/settlements/1/20260302");
  REQUIRE(day);
  REQUIRE(day->size() == 2);
  CHECK((*day)[0].name == "b.csv");
  CHECK((*day)[1].size == 30);
  auto file = view.stat("/v1/settlements/1/20260301/a.csv");
  REQUIRE(file);
  CHECK_FALSE(file->directory);
  CHECK(file->size == 10);
  CHECK(file->mtime == 100);
  auto folder = view.stat("/v1/settlements/1");
  REQUIRE(folder);
  CHECK(folder->directory);
  CHECK(folder->mtime == 300);
  CHECK_FALSE(view.stat("/v1/settlements/2"));
  CHECK_FALSE(view.stat("/v1/settlements/1/20260301/a.cs"));
  CHECK_FALSE(view.stat("/v1/settlements/1/20260301/a.csv/x"));
  CHECK_FALSE(view.list("/v1/settlements/1/20260301/a.csv"));  // a file is not listed as a directory
  CHECK_FALSE(view.list("/v1/settlement"));                    // a prefix of a name is not a folder
}

TEST_CASE("a merchant without files still has its folder, and the root always exists") {
  const SftpView empty("/v1/settlements/9", {});
  CHECK(empty.stat("/")->directory);
  CHECK(empty.stat("/v1/settlements/9")->directory);
  REQUIRE(empty.list("/v1/settlements/9"));
  CHECK(empty.list("/v1/settlements/9")->empty());
  const SftpView nothing("/", {});
  REQUIRE(nothing.list("/"));
  CHECK(nothing.list("/")->empty());
}

TEST_CASE("ls -l lines and constant-time password checks") {
  CHECK(antom::server::sftp_long_name({"a.csv", false, 123, 0}) ==
        "-r--r--r--    1 antom    antom           123 Jan  1 00:00 a.csv");
  CHECK(antom::server::same_secret("pw", "pw"));
  CHECK_FALSE(antom::server::same_secret("pw", "pw2"));
  CHECK_FALSE(antom::server::same_secret("", "pw"));
}

TEST_CASE("--config: an sftp account per merchant, its user unique, the password never written back") {
  using namespace antom::server;
  const RsaKey key = RsaKey::generate(2048);
  const std::string pub = key.public_base64();
  MerchantRegistry registry;
  auto ok = load_merchant_config_text(R"({"merchants":[{"clientId":"A","publicKey":")" + pub +
                                          R"(","sftp":{"user":"a-user","password":"pw-a"}},{"clientId":"B","publicKey":")" +
                                          pub + R"("}]})",
                                      "config.json", registry, nullptr);
  REQUIRE(ok.ok());
  REQUIRE(registry.find("A")->sftp);
  CHECK(registry.find("A")->sftp->password == "pw-a");
  CHECK_FALSE(registry.find("B")->sftp);
  CHECK(merchant_to_json(*registry.find("A")).find(R"("sftp":{"user":"a-user"})") != std::string::npos);
  CHECK(merchant_to_json(*registry.find("A")).find("pw-a") == std::string::npos);

  auto twice = load_merchant_config_text(R"({"merchants":[{"clientId":"C","publicKey":")" + pub +
                                             R"(","sftp":{"user":"u","password":"p"}},{"clientId":"D","publicKey":")" + pub +
                                             R"(","sftp":{"user":"u","password":"q"}}]})",
                                         "config.json", registry, nullptr);
  CHECK(twice.reason() == "config.json: merchants[1]: sftp.user u is already the SFTP user of C; each merchant needs its own");
  auto taken = load_merchant_config_text(R"({"merchants":[{"clientId":"E","publicKey":")" + pub +
                                             R"(","sftp":{"user":"a-user","password":"p"}}]})",
                                         "config.json", registry, nullptr);
  CHECK(taken.reason().find("sftp.user a-user is already the SFTP user of A") != std::string::npos);
  auto bad = load_merchant_config_text(R"({"merchants":[{"clientId":"F","publicKey":")" + pub + R"(","sftp":"u:p"}]})",
                                       "config.json", registry, nullptr);
  CHECK(bad.reason().find("sftp must be an object") != std::string::npos);
  CHECK_FALSE(registry.find("C"));  // all or nothing
}

TEST_CASE("the SFTP host key is made once in the data directory, then read") {
  namespace fs = std::filesystem;
  std::string tmpl = (fs::temp_directory_path() / "antom-sftp-key-XXXXXX").string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  const auto first = antom::server::ensure_sftp_host_key(tmpl);
  CHECK(first.fingerprint.starts_with("SHA256:"));
  CHECK((fs::status(first.file).permissions() & fs::perms::others_read) == fs::perms::none);
  const auto again = antom::server::ensure_sftp_host_key(tmpl);
  CHECK(again.fingerprint == first.fingerprint);
  { std::ofstream(first.file, std::ios::trunc) << "not a key\n"; }
  CHECK_THROWS_WITH_AS(antom::server::ensure_sftp_host_key(tmpl), doctest::Contains("is not a private key libssh can read"),
                       std::runtime_error);
  fs::remove_all(tmpl);
}

TEST_CASE("--sftp-listen: off by default, HOST:PORT, a bad value named") {
  using antom::server::parse_options;
  auto no_env = [](const char*) -> const char* { return nullptr; };
  const char* none[] = {"antom-sim"};
  CHECK_FALSE(parse_options(1, none, no_env).options.sftp_listen);
  const char* given[] = {"antom-sim", "--sftp-listen", "127.0.0.1:2222"};
  CHECK(parse_options(3, given, no_env).options.sftp_listen == "127.0.0.1:2222");
  auto env = [](const char* name) -> const char* { return std::string_view(name) == "ANTOM_SIM_SFTP_LISTEN" ? ":0" : nullptr; };
  CHECK(parse_options(1, none, env).options.sftp_listen == ":0");
  const char* bad[] = {"antom-sim", "--sftp-listen", "localhost"};
  CHECK(parse_options(3, bad, no_env).error == "--sftp-listen expects HOST:PORT with a port 0..65535, got 'localhost'");
}
