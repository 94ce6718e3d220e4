// Signature diagnostics over real sockets: a refused signature gets Antom's exact INVALID_SIGNATURE
// answer, and GET /_sim/diagnostics/signatures says why: wrong key, wrong path, wrong body or a
// malformed signature each give a different verdict.
#include <doctest/doctest.h>

#include "server/crypto/codec.hpp"
#include "server/crypto/signer.hpp"
#include "tests/support/sim_fixture.hpp"

using namespace antom::test;
using antom::server::RsaKey;

namespace {

const std::string kRevokePath = "/ams/api/v1/authorizations/revoke";
const std::string kRevokeBody = R"({"accessToken":"no-such-token-123"})";
const std::string kTime = "2026-03-01T10:00:00+08:00";

// The signature header a client would send having signed (path, body) with `key`.
std::string signed_header(const RsaKey& key, int key_version, const std::string& client_id, const std::string& path,
                          const std::string& body) {
  const std::string content = antom::server::signing_content("POST", path, client_id, kTime, body);
  return antom::server::signature_header(key_version, antom::server::sign_sha256(key, content));
}

// The newest diagnosis for the merchant, as the control API returns it.
rapidjson::Document last_diagnosis(SimFixture& fx, const std::string& client_id) {
  const auto r = fx.control("GET", "/_sim/diagnostics/signatures?clientId=" + client_id);
  REQUIRE(r.http_status == 200);
  REQUIRE(r.json["diagnoses"].IsArray());
  REQUIRE(r.json["diagnoses"].Size() > 0);
  rapidjson::Document out;
  out.CopyFrom(r.json["diagnoses"][r.json["diagnoses"].Size() - 1], out.GetAllocator());
  return out;
}

// Antom's answer to a bad signature, unchanged by the diagnosis.
void check_antom_refusal(const ApiResult& r) {
  CHECK(r.http_status == 200);
  CHECK(r.code() == "INVALID_SIGNATURE");
  CHECK_FALSE(r.has_signature);
}

std::string text(const rapidjson::Value& v, const char* name) {
  return v.HasMember(name) && v[name].IsString() ? v[name].GetString() : std::string{};
}

}  // namespace

TEST_CASE("each kind of signature mistake gets its own diagnosis") {
  SimFixture fx;
  const std::string merchant = fx.add_merchant("SANDBOX_DIAG_1");
  const RsaKey& key = fx.merchant_key(merchant);

  SUBCASE("a correct signature leaves no diagnosis") {
    const auto ok = fx.call(kRevokePath, kRevokeBody, {.client_id = merchant, .request_time = kTime});
    CHECK(ok.code() != "INVALID_SIGNATURE");
    const auto r = fx.control("GET", "/_sim/diagnostics/signatures?clientId=" + merchant);
    CHECK(r.json["diagnoses"].Size() == 0);
  }
  SUBCASE("wrong path: signed for the sandbox path, sent to the production one") {
    const std::string sig = signed_header(key, 1, merchant, "/ams/sandbox/api/v1/authorizations/revoke", kRevokeBody);
    check_antom_refusal(fx.call(kRevokePath, kRevokeBody, {.client_id = merchant, .request_time = kTime, .signature_override = sig}));
    const auto d = last_diagnosis(fx, merchant);
    CHECK(text(d, "verdict") == "WRONG_PATH");
    CHECK(text(d, "verifiesWith") == "/ams/sandbox/api/v1/authorizations/revoke");
    CHECK(text(d, "path") == kRevokePath);
  }
  SUBCASE("wrong path: signed for another operation") {
    const std::string sig = signed_header(key, 1, merchant, "/ams/api/v1/payments/pay", kRevokeBody);
    check_antom_refusal(fx.call(kRevokePath, kRevokeBody, {.client_id = merchant, .request_time = kTime, .signature_override = sig}));
    const auto d = last_diagnosis(fx, merchant);
    CHECK(text(d, "verdict") == "WRONG_PATH");
    CHECK(text(d, "verifiesWith") == "/ams/api/v1/payments/pay");
  }
  SUBCASE("wrong body: the body sent is not the body signed") {
    const std::string sig = signed_header(key, 1, merchant, kRevokePath, R"({"accessToken":"another"})");
    check_antom_refusal(fx.call(kRevokePath, kRevokeBody, {.client_id = merchant, .request_time = kTime, .signature_override = sig}));
    const auto d = last_diagnosis(fx, merchant);
    CHECK(text(d, "verdict") == "WRONG_BODY");
    CHECK(d["bodyLength"].GetUint64() == kRevokeBody.size());
    CHECK(text(d, "bodySha256") == antom::server::sha256_hex(kRevokeBody));
    CHECK(text(d, "expectedContent") == "POST " + kRevokePath + "\n" + merchant + "." + kTime + ".<body: " +
                                            std::to_string(kRevokeBody.size()) + " bytes, sha256 " +
                                            antom::server::sha256_hex(kRevokeBody) + ">");
    CHECK(d["keyVersion"].GetInt() == 1);
    CHECK(d["signatureDecodes"].GetBool());
    CHECK(d["signatureBytes"].GetUint64() == 256);
  }
  SUBCASE("wrong key: a private key whose public key is not registered") {
    const RsaKey stranger = RsaKey::generate(2048);
    const std::string sig = signed_header(stranger, 1, merchant, kRevokePath, kRevokeBody);
    check_antom_refusal(fx.call(kRevokePath, kRevokeBody, {.client_id = merchant, .request_time = kTime, .signature_override = sig}));
    CHECK(text(last_diagnosis(fx, merchant), "verdict") == "UNREGISTERED_KEY");
  }
  SUBCASE("wrong key: another registered key than the header's keyVersion names") {
    const RsaKey second = RsaKey::generate(2048);
    const auto reg = fx.control("POST", "/_sim/merchants",
                                R"({"clientId":")" + merchant + R"(","publicKeys":{"2":")" + second.public_base64() + R"("}})");
    REQUIRE(reg.http_status == 200);
    const std::string sig = signed_header(second, 1, merchant, kRevokePath, kRevokeBody);
    check_antom_refusal(fx.call(kRevokePath, kRevokeBody, {.client_id = merchant, .request_time = kTime, .signature_override = sig}));
    const auto d = last_diagnosis(fx, merchant);
    CHECK(text(d, "verdict") == "OTHER_KEY_VERSION");
    CHECK(text(d, "verifiesWith") == "keyVersion=2");
  }
  SUBCASE("malformed: not base64, or the wrong length") {
    check_antom_refusal(fx.call(kRevokePath, kRevokeBody, {.client_id = merchant, .request_time = kTime,
                                                           .signature_override = "algorithm=RSA256,keyVersion=1,signature=%%%"}));
    auto d = last_diagnosis(fx, merchant);
    CHECK(text(d, "verdict") == "MALFORMED_SIGNATURE");
    CHECK_FALSE(d["signatureDecodes"].GetBool());
    check_antom_refusal(fx.call(kRevokePath, kRevokeBody, {.client_id = merchant, .request_time = kTime,
                                                           .signature_override = "algorithm=RSA256,keyVersion=1,signature=QUJD"}));
    d = last_diagnosis(fx, merchant);
    CHECK(text(d, "verdict") == "MALFORMED_SIGNATURE");
    CHECK(d["signatureDecodes"].GetBool());
    CHECK(d["signatureBytes"].GetUint64() == 3);
  }
  SUBCASE("wrong client id: signed with SANDBOX_ stripped") {
    const std::string sig = signed_header(key, 1, "DIAG_1", kRevokePath, kRevokeBody);
    check_antom_refusal(fx.call(kRevokePath, kRevokeBody, {.client_id = merchant, .request_time = kTime, .signature_override = sig}));
    CHECK(text(last_diagnosis(fx, merchant), "verdict") == "WRONG_CLIENT_ID");
  }
}

TEST_CASE("signature diagnoses are bounded per merchant, kept apart per merchant, and cleared by reset") {
  SimFixture fx;
  const std::string a = fx.add_merchant("SANDBOX_DIAG_A");
  const std::string b = fx.add_merchant("SANDBOX_DIAG_B");
  const std::string bad = "algorithm=RSA256,keyVersion=1,signature=QUJD";
  for (int i = 0; i < 55; ++i)
    (void)fx.call(kRevokePath, kRevokeBody, {.client_id = a, .request_time = kTime, .signature_override = bad});
  (void)fx.call(kRevokePath, kRevokeBody, {.client_id = b, .request_time = kTime, .signature_override = bad});
  CHECK(fx.control("GET", "/_sim/diagnostics/signatures?clientId=" + a).json["diagnoses"].Size() == 50);
  CHECK(fx.control("GET", "/_sim/diagnostics/signatures?clientId=" + b).json["diagnoses"].Size() == 1);
  CHECK(fx.control("GET", "/_sim/diagnostics/signatures").json["diagnoses"].Size() == 51);
  CHECK(fx.control("GET", "/_sim/diagnostics/signatures?clientId=NOBODY").http_status == 404);
  CHECK(fx.control("GET", "/_sim/diagnostics/signatures?merchnt=" + a).http_status == 400);
  REQUIRE(fx.control("POST", "/_sim/reset").http_status == 200);
  CHECK(fx.control("GET", "/_sim/diagnostics/signatures").json["diagnoses"].Size() == 0);
}
