// The gateway over real sockets: every SDK request shape is accepted and every response is signed
// as Antom signs it; every bad input gets its defined Antom result.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>

#include "server/crypto/codec.hpp"
#include "server/crypto/signer.hpp"
#include "server/protocol/signature_header.hpp"
#include "tests/support/sim_fixture.hpp"

using namespace antom::test;
using antom::server::find_header;

namespace {

// A revoke of an unknown token: valid for the field table, so it exercises the whole pipeline.
const std::string kRevokePath = "/ams/api/v1/authorizations/revoke";
const std::string kRevokeBody = R"({"accessToken":"no-such-token-123"})";

void check_signed_antom_answer(const ApiResult& r) {
  CHECK(r.error.empty());
  CHECK(r.http_status == 200);
  CHECK(r.has_signature);
  CHECK(r.signature_ok);
  CHECK_FALSE(r.code().empty());
  CHECK(r.code() != "INVALID_SIGNATURE");
  CHECK(r.code() != "PARAM_ILLEGAL");
}

}  // namespace

TEST_CASE("requests signed the way each SDK signs them are accepted") {
  SimFixture fx;
  SUBCASE("Request-Time in all five SDK formats") {
    for (const char* t : {"1700000000123", "2023-01-01T08:00:00+08:00", "2024-01-01T00:00:00+00:00",
                          "2024-01-01T08:00:00+0800", "2024-01-01T00:00:00.0000000Z", "1700000000123456789"}) {
      CAPTURE(t);
      check_signed_antom_answer(fx.call(kRevokePath, kRevokeBody, {.request_time = t}));
    }
  }
  SUBCASE("Python SDK: pretty-printed body, absolute-form target over TLS") {
    const std::string pretty = "{\n   \"accessToken\": \"no-such-token-123\"\n}";
    check_signed_antom_answer(fx.call(kRevokePath, pretty, {.tls = true, .request_time = "2024-01-01T00:00:00+00:00",
                                                            .absolute_form = true}));
  }
  SUBCASE(".NET SDK: lower-case percent-encoding") {
    check_signed_antom_answer(fx.call(kRevokePath, kRevokeBody, {.lower_case_percent = true}));
  }
  SUBCASE("no keyVersion: the merchant's latest key") {
    check_signed_antom_answer(fx.call(kRevokePath, kRevokeBody, {.key_version = std::nullopt}));
  }
  SUBCASE("sandbox path, and the signature covers the path as sent") {
    check_signed_antom_answer(fx.call("/ams/sandbox/api/v1/authorizations/revoke", kRevokeBody));
  }
  SUBCASE("PHP SDK: escaped slashes and unicode escapes in a compact body, Go SDK: HTML escapes") {
    check_signed_antom_answer(fx.call(kRevokePath, R"({"accessToken":"no\/such\u002dtoken\u0026"})"));
  }
  SUBCASE("signature header with spaces and parts in another order") {
    const std::string t = "1700000000123";
    const std::string sig = antom::server::sign_sha256(
        fx.merchant_key(fx.demo_client_id()),
        antom::server::signing_content("POST", kRevokePath, fx.demo_client_id(), t, kRevokeBody));
    const std::string header = "signature=" + antom::server::url_encode(sig) + ", keyVersion=1, algorithm=RSA256";
    check_signed_antom_answer(fx.call(kRevokePath, kRevokeBody, {.request_time = t, .signature_override = header}));
  }
  SUBCASE("plain and SANDBOX_-prefixed Client-Id both reach the merchant") {
    const std::string plain = std::string(fx.demo_client_id()).substr(8);
    // sign with the demo key but the client id as sent
    const std::string t = "1700000000123";
    const std::string sig = antom::server::sign_sha256(
        fx.merchant_key(fx.demo_client_id()), antom::server::signing_content("POST", kRevokePath, plain, t, kRevokeBody));
    antom::test::HttpCall call;
    call.port = fx.port();
    call.target = kRevokePath;
    call.body = kRevokeBody;
    call.headers = {{"client-id", plain}, {"request-time", t}, {"content-type", "application/json"},
                    {"signature", "algorithm=RSA256,keyVersion=1,signature=" + antom::server::url_encode(sig)}};
    const auto reply = antom::test::http_send(call);
    const auto json = parse_json(reply.body);
    CHECK(std::string(json["result"]["resultCode"].GetString()) != "INVALID_CLIENT");
    CHECK(std::string(json["result"]["resultCode"].GetString()) != "INVALID_SIGNATURE");
    CHECK(*find_header(reply.headers, "client-id") == plain);
  }
}

TEST_CASE("responses carry Antom's headers, lower-case, and a signature openssl accepts") {
  SimFixture fx;
  const auto r = fx.call(kRevokePath, kRevokeBody);
  REQUIRE(r.signature_ok);
  bool saw_signature = false, saw_time = false, saw_client = false;
  for (const auto& [name, value] : r.headers) {
    if (name == "signature") saw_signature = true;
    if (name == "response-time") saw_time = true;
    if (name == "client-id") saw_client = true;
  }
  CHECK(saw_signature);
  CHECK(saw_time);
  CHECK(saw_client);
  CHECK(*find_header(r.headers, "content-type") == "application/json; charset=UTF-8");
  CHECK(*find_header(r.headers, "client-id") == fx.demo_client_id());
  const std::string time = *find_header(r.headers, "response-time");
  CHECK(std::regex_match(time, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d)")));
  const std::string sig_header = *find_header(r.headers, "signature");
  CHECK(sig_header.rfind("algorithm=RSA256,keyVersion=1,signature=", 0) == 0);
  CHECK(sig_header.find('+') == std::string::npos);
  CHECK(sig_header.find('/') == std::string::npos);
  CHECK(r.json["result"]["resultStatus"].IsString());

  // The same check a merchant makes with openssl and the key from /_sim/keys.
  const auto keys = fx.control("GET", "/_sim/keys");
  REQUIRE(keys.http_status == 200);
  const std::string dir = fx.data_dir();
  std::ofstream(dir + "/pub.pem") << keys.json["publicKeyPem"].GetString();
  std::ofstream(dir + "/content.txt", std::ios::binary)
      << antom::server::signing_content("POST", kRevokePath, fx.demo_client_id(), time, r.body);
  const auto parsed = antom::server::parse_signature_header(sig_header);
  std::ofstream(dir + "/sig.bin", std::ios::binary) << *antom::server::base64_decode(parsed.header.signature);
  const std::string cmd = "openssl dgst -sha256 -verify " + dir + "/pub.pem -signature " + dir + "/sig.bin " + dir +
                          "/content.txt > " + dir + "/openssl.out 2>&1";
  CHECK(std::system(cmd.c_str()) == 0);
}

TEST_CASE("authentication failures get Antom's codes") {
  SimFixture fx;
  SUBCASE("each missing header is named") {
    for (const char* header : {"client-id", "request-time", "signature"}) {
      CAPTURE(header);
      antom::test::HttpCall call;
      call.port = fx.port();
      call.target = kRevokePath;
      call.body = kRevokeBody;
      call.headers = {{"client-id", fx.demo_client_id()}, {"request-time", "1"}, {"signature", "algorithm=RSA256,signature=abc"}};
      std::erase_if(call.headers, [&](const auto& h) { return h.first == header; });
      const auto reply = antom::test::http_send(call);
      const auto json = parse_json(reply.body);
      CHECK(reply.status == 200);
      CHECK(std::string(json["result"]["resultCode"].GetString()) == "PARAM_ILLEGAL");
      CHECK(std::string(json["result"]["resultMessage"].GetString()).find(header) != std::string::npos);
    }
  }
  SUBCASE("an empty header is as good as a missing one, and is named") {
    for (const char* header : {"client-id", "request-time", "signature"}) {
      CAPTURE(header);
      antom::test::HttpCall call;
      call.port = fx.port();
      call.target = kRevokePath;
      call.body = kRevokeBody;
      call.headers = {{"client-id", fx.demo_client_id()}, {"request-time", "1"}, {"signature", "algorithm=RSA256,signature=abc"}};
      for (auto& h : call.headers)
        if (h.first == header) h.second.clear();
      const auto json = parse_json(antom::test::http_send(call).body);
      const std::string code = json["result"]["resultCode"].GetString();
      CHECK((code == "PARAM_ILLEGAL" || code == "INVALID_SIGNATURE"));
      if (std::string_view(header) != "signature") {
        CHECK(code == "PARAM_ILLEGAL");
        CHECK(std::string(json["result"]["resultMessage"].GetString()).find(header) != std::string::npos);
      }
    }
  }
  SUBCASE("a keyVersion that is not a whole number, though the signature is good") {
    const std::string t = "1700000000123";
    const std::string sig = antom::server::sign_sha256(fx.merchant_key(fx.demo_client_id()),
                                                       antom::server::signing_content("POST", kRevokePath, fx.demo_client_id(), t, kRevokeBody));
    for (const char* v : {"1abc", "1.0", "-1"}) {
      CAPTURE(v);
      const auto r = fx.call(kRevokePath, kRevokeBody, {.request_time = t, .signature_override = "algorithm=RSA256,keyVersion=" +
                                                                                              std::string(v) + ",signature=" +
                                                                                              antom::server::url_encode(sig)});
      CHECK(r.code() == "KEY_NOT_FOUND");
    }
  }
  SUBCASE("unknown client") {
    fx.add_merchant("SANDBOX_TEMP");
    fx.control("DELETE", "/_sim/merchants/SANDBOX_TEMP");
    const auto r = fx.call(kRevokePath, kRevokeBody, {.client_id = "SANDBOX_TEMP"});
    CHECK(r.code() == "INVALID_CLIENT");
    CHECK(r.status() == "F");
    CHECK(r.signature_ok);
  }
  SUBCASE("unknown keyVersion") {
    const auto r = fx.call(kRevokePath, kRevokeBody, {.key_version = 7});
    CHECK(r.code() == "KEY_NOT_FOUND");
  }
  SUBCASE("wrong signature: INVALID_SIGNATURE and no signature header") {
    const auto r = fx.call(kRevokePath, kRevokeBody + " ", {.request_time = "1700000000123",
                                                              .signature_override = ""});
    CHECK(r.code() != "INVALID_SIGNATURE");  // a fresh signature over the body as sent is fine
    const std::string t = "1700000000123";
    const std::string sig = antom::server::sign_sha256(
        fx.merchant_key(fx.demo_client_id()), antom::server::signing_content("POST", kRevokePath, fx.demo_client_id(), t, "{}"));
    const auto bad = fx.call(kRevokePath, kRevokeBody,
                             {.request_time = t, .signature_override = "algorithm=RSA256,keyVersion=1,signature=" +
                                                                       antom::server::url_encode(sig)});
    CHECK(bad.code() == "INVALID_SIGNATURE");
    CHECK_FALSE(bad.has_signature);
    CHECK(bad.http_status == 200);
  }
  SUBCASE("a signature over another path or time is refused") {
    const std::string t = "1700000000123";
    const std::string sig = antom::server::sign_sha256(
        fx.merchant_key(fx.demo_client_id()),
        antom::server::signing_content("POST", "/ams/sandbox/api/v1/authorizations/revoke", fx.demo_client_id(), t, kRevokeBody));
    CHECK(fx.call(kRevokePath, kRevokeBody, {.request_time = t, .signature_override = "algorithm=RSA256,keyVersion=1,signature=" +
                                                                                      antom::server::url_encode(sig)})
              .code() == "INVALID_SIGNATURE");
    CHECK(fx.call(kRevokePath, kRevokeBody, {.request_time = "1700000000124", .signature_override = "algorithm=RSA256,keyVersion=1,signature=" +
                                                                                                    antom::server::url_encode(sig)})
              .code() == "INVALID_SIGNATURE");
  }
  SUBCASE("empty, garbage and non-base64 signatures") {
    for (const char* s : {"algorithm=RSA256,keyVersion=1,signature=", "algorithm=RSA256,keyVersion=1,signature=%%%",
                          "algorithm=RSA256,keyVersion=1,signature=not*base64", "garbage", ""}) {
      CAPTURE(s);
      CHECK(fx.call(kRevokePath, kRevokeBody, {.signature_override = s[0] ? s : " "}).code() == "INVALID_SIGNATURE");
    }
  }
  SUBCASE("signing with another merchant's key") {
    fx.add_merchant("SANDBOX_OTHER");
    const std::string t = "1700000000123";
    const std::string sig = antom::server::sign_sha256(
        fx.merchant_key("SANDBOX_OTHER"), antom::server::signing_content("POST", kRevokePath, fx.demo_client_id(), t, kRevokeBody));
    CHECK(fx.call(kRevokePath, kRevokeBody, {.request_time = t, .signature_override = "algorithm=RSA256,keyVersion=1,signature=" +
                                                                                      antom::server::url_encode(sig)})
              .code() == "INVALID_SIGNATURE");
  }
}

TEST_CASE("routing and body errors get defined Antom results, never a crash") {
  SimFixture fx({.body_limit = 4096});
  SUBCASE("method") {
    for (const char* method : {"GET", "PUT", "PATCH", "DELETE"}) {
      CAPTURE(std::string(method));
      const auto r = fx.call(kRevokePath, kRevokeBody, {.method = method});
      CHECK(r.code() == "METHOD_NOT_SUPPORTED");
      CHECK(r.http_status == 200);
    }
  }
  SUBCASE("unknown path under /ams/") {
    CHECK(fx.call("/ams/api/v1/payments/teleport", "{}").code() == "NO_INTERFACE_DEF");
    CHECK(fx.call("/ams/api/v2/payments/pay", "{}").code() == "NO_INTERFACE_DEF");
  }
  SUBCASE("malformed bodies") {
    CHECK(fx.call(kRevokePath, "{\"accessToken\":").code() == "PARAM_ILLEGAL");
    CHECK(fx.call(kRevokePath, "[1,2,3]").code() == "PARAM_ILLEGAL");
    CHECK(fx.call(kRevokePath, "\"just a string\"").code() == "PARAM_ILLEGAL");
    CHECK(fx.call(kRevokePath, "").code() == "PARAM_ILLEGAL");
    CHECK(fx.call(kRevokePath, "{\"accessToken\":\"a\"} trailing").code() == "PARAM_ILLEGAL");
    const auto utf8 = fx.call(kRevokePath, "{\"accessToken\":\"\xff\xfe\"}");
    CHECK(utf8.code() == "PARAM_ILLEGAL");
    CHECK(utf8.message().find("UTF-8") != std::string::npos);
    // Outside a string, an overlong form, a surrogate: the same answer.
    for (const std::string bad : {"{\"accessToken\":\"a\"}\xc3", "{\"accessToken\":\"\xc0\xaf\"}", "{\"accessToken\":\"\xed\xa0\x80\"}"})
      CHECK(fx.call(kRevokePath, bad).message() == "The request body is not valid UTF-8.");
    // The first problem in the body is reported: a syntax error before a bad byte wins over it.
    CHECK(fx.call(kRevokePath, "{,\"accessToken\":\"\xff\"}").message() ==
          "The request body is not valid JSON: Missing a name for object member. (offset 1).");
    CHECK(fx.call(kRevokePath, "{\"accessToken\":\xff}").message() == "The request body is not valid UTF-8.");
    // A raw control character inside a string is refused, 0x1A-0x1F as much as the others.
    for (const char c : {'\x01', '\x0b', '\x19', '\x1a', '\x1b', '\x1f'}) {
      const auto control = fx.call(kRevokePath, std::string("{\"accessToken\":\"a") + c + "b\"}");
      CAPTURE(static_cast<int>(c));
      CHECK(control.message().find("not valid JSON") != std::string::npos);
    }
    // A NUL byte is never JSON: inside a string, or after a complete value.
    const auto nul = fx.call(kRevokePath, std::string("{\"accessToken\":\"a") + '\0' + "b\"}");
    CHECK(nul.code() == "PARAM_ILLEGAL");
    CHECK(nul.message() == "The request body is not valid JSON: a NUL byte (offset 17).");
    CHECK(fx.call(kRevokePath, std::string(kRevokeBody) + '\0' + "trailing").message().find("NUL byte") != std::string::npos);
    // A UTF-8 byte order mark is skipped; error offsets still count it.
    CHECK(fx.call(kRevokePath, "\xEF\xBB\xBF" + std::string(kRevokeBody)).code() != "PARAM_ILLEGAL");
    CHECK(fx.call(kRevokePath, "\xEF\xBB\xBF{,}").message().find("(offset 4)") != std::string::npos);
    // A body that starts with a closing bracket: the same words with and without a BOM.
    CHECK(fx.call(kRevokePath, "}{}").message() == "The request body is not valid JSON: Invalid value. (offset 0).");
    CHECK(fx.call(kRevokePath, "\xEF\xBB\xBF]").message() == "The request body is not valid JSON: Invalid value. (offset 3).");
    // Nesting is refused before parsing (the parser recurses), also when strings hide brackets.
    std::string deep(200, '[');
    deep += std::string(200, ']');
    const auto nested = fx.call(kRevokePath, "{\"a\":" + deep + "}");
    CHECK(nested.code() == "PARAM_ILLEGAL");
    CHECK(nested.message().find("nests") != std::string::npos);
    CHECK(fx.call(kRevokePath, "{\"a\":\"\\\"[[[[\"," + std::string(40, '[') + std::string(40, ']') + "}").message().find("nests") !=
          std::string::npos);
    const std::string deep_unclosed = "{\"a\":" + std::string(4000, '[');  // the fixture's body limit is 4096
    CHECK(fx.call(kRevokePath, deep_unclosed).message().find("nests") != std::string::npos);
    const std::string in_strings = "{\"accessToken\":\"" + std::string(100, '[') + "\",\"b\":" + std::string(31, '[') +
                                   std::string(31, ']') + "}";
    CHECK(fx.call(kRevokePath, in_strings).code() != "PARAM_ILLEGAL");  // 100 brackets in a string, 32 levels
  }
  SUBCASE("a body over the limit is refused without reading it") {
    const std::string big = "{\"accessToken\":\"" + std::string(8000, 'a') + "\"}";
    const auto r = fx.call(kRevokePath, big);
    CHECK(r.code() == "PARAM_ILLEGAL");
    CHECK(r.message().find("exceeds") != std::string::npos);
    // and the server still serves
    CHECK(fx.call(kRevokePath, kRevokeBody).signature_ok);
  }
  SUBCASE("content types") {
    CHECK(fx.call(kRevokePath, kRevokeBody, {.content_type = "application/xml"}).code() == "MEDIA_TYPE_NOT_ACCEPTABLE");
    CHECK(fx.call(kRevokePath, kRevokeBody, {.content_type = "application/json; charset=GBK"}).code() == "MEDIA_TYPE_NOT_ACCEPTABLE");
    CHECK(fx.call(kRevokePath, kRevokeBody, {.content_type = ""}).code() != "MEDIA_TYPE_NOT_ACCEPTABLE");
    CHECK(fx.call(kRevokePath, kRevokeBody, {.content_type = "text/plain;charset=UTF-8"}).code() != "MEDIA_TYPE_NOT_ACCEPTABLE");
  }
  SUBCASE("field table violations name the field") {
    const auto r = fx.call(kRevokePath, "{}");
    CHECK(r.code() == "PARAM_ILLEGAL");
    CHECK(r.message().find("accessToken") != std::string::npos);
    CHECK(r.signature_ok);
    const auto too_long = fx.call(kRevokePath, "{\"accessToken\":\"" + std::string(129, 'a') + "\"}");
    CHECK(too_long.code() == "PARAM_ILLEGAL");
    CHECK(too_long.message().find("accessToken") != std::string::npos);
  }
  SUBCASE("not HTTP at all") {
    antom::test::HttpCall call;
    call.port = fx.port();
    call.method = "BREW";
    call.target = "not a target";
    const auto reply = antom::test::http_send(call);
    CHECK(reply.status != 200);
    CHECK(fx.control("GET", "/_sim/health").http_status == 200);
  }
}

TEST_CASE("verification can be switched off for experiments") {
  SimFixture fx({.verify_signatures = false});
  const auto r = fx.call(kRevokePath, kRevokeBody, {.signature_override = "algorithm=RSA256,keyVersion=1,signature=AAAA"});
  CHECK(r.code() != "INVALID_SIGNATURE");
  CHECK(r.signature_ok);
}

TEST_CASE("raw SDK wire shapes: PHP's Name:value headers, Go's duplicate Content-Type and empty Agent-Token") {
  SimFixture fx;
  const std::string t = "2024-01-01T08:00:00+0800";
  const std::string sig = antom::server::url_encode(antom::server::sign_sha256(
      fx.merchant_key(fx.demo_client_id()),
      antom::server::signing_content("POST", kRevokePath, fx.demo_client_id(), t, kRevokeBody)));
  for (bool tls : {false, true}) {
    CAPTURE(tls);
    const std::string request = "POST " + kRevokePath + " HTTP/1.1\r\nHost:127.0.0.1\r\nContent-Type:application/json; charset=UTF-8\r\n"
                                "Content-Type: application/json; charset=UTF-8\r\nAgent-Token: \r\nclient-id:" + fx.demo_client_id() +
                                "\r\nRequest-Time:" + t + "\r\nSignature:algorithm=RSA256,keyVersion=1,signature=" + sig +
                                "\r\nContent-Length: " + std::to_string(kRevokeBody.size()) + "\r\nConnection: close\r\n\r\n" + kRevokeBody;
    const auto reply = antom::test::raw_send(fx.port(), request, tls);
    REQUIRE(reply.status == 200);
    const auto json = parse_json(reply.body);
    const std::string code = json["result"]["resultCode"].GetString();
    CHECK(code != "INVALID_SIGNATURE");
    CHECK(code != "PARAM_ILLEGAL");
    CHECK(find_header(reply.headers, "signature"));
  }
  // Python's absolute-form target on plain HTTP too
  const std::string absolute = "POST http://127.0.0.1:" + std::to_string(fx.port()) + kRevokePath +
                               " HTTP/1.1\r\nHost: 127.0.0.1\r\nclient-id: " + fx.demo_client_id() + "\r\nrequest-time: " + t +
                               "\r\nsignature: algorithm=RSA256,keyVersion=1,signature=" + sig + "\r\nContent-Length: " +
                               std::to_string(kRevokeBody.size()) + "\r\n\r\n" + kRevokeBody;
  const auto reply = antom::test::raw_send(fx.port(), absolute);
  CHECK(std::string(parse_json(reply.body)["result"]["resultCode"].GetString()) != "INVALID_SIGNATURE");
}

TEST_CASE("an unknown scenario named in x-sim-scenario is reported, not fatal") {
  SimFixture fx;
  const auto r = fx.call(kRevokePath, kRevokeBody, {.headers = {{"x-sim-scenario", "no-such-scenario-signature"}}});
  check_signed_antom_answer(r);
  const std::string* warning = find_header(r.headers, "x-sim-warning");
  REQUIRE(warning);
  CHECK(warning->find("no-such-scenario") != std::string::npos);
  CHECK(warning->find("signature") == std::string::npos);  // masked for PHP's header scan
}
