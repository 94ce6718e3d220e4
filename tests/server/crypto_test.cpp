#include <doctest/doctest.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server/crypto/codec.hpp"
#include "server/crypto/rsa_key.hpp"
#include "server/crypto/signer.hpp"
#include "server/crypto/tls_cert.hpp"
#include "server/protocol/signature_header.hpp"

using namespace antom::server;

TEST_CASE("signing content is Antom's exact string") {
  CHECK(signing_content("POST", "/ams/api/v1/payments/pay", "SANDBOX_X", "1685599933871", "{\"a\":1}") ==
        "POST /ams/api/v1/payments/pay\nSANDBOX_X.1685599933871.{\"a\":1}");
  // the body is used as raw bytes: no trimming, newlines kept
  CHECK(signing_content("POST", "/p", "c", "t", "{\n   \"a\": 1\n}\n") == "POST /p\nc.t.{\n   \"a\": 1\n}\n");
}

TEST_CASE("signature header parsing is tolerant") {
  auto p = parse_signature_header("algorithm=RSA256,keyVersion=1,signature=ab%2Bc%2Fd%3D%3D");
  CHECK(p.error == SignatureHeaderError::None);
  CHECK(p.header.signature == "ab+c/d==");
  CHECK(p.header.key_version == 1);
  p = parse_signature_header("signature=ab%2bc%2fd%3d, keyVersion=2 , algorithm=RSA256");
  CHECK(p.error == SignatureHeaderError::None);
  CHECK(p.header.signature == "ab+c/d=");
  CHECK(p.header.key_version == 2);
  p = parse_signature_header("algorithm=RSA256, signature=raw+base64==");  // not URL-encoded at all
  CHECK(p.header.signature == "raw+base64==");
  CHECK_FALSE(p.header.key_version);
  CHECK(parse_signature_header("algorithm=RSA256,keyVersion=1").error == SignatureHeaderError::NoSignaturePart);
  // keyVersion is a whole number, all of it: a valid prefix is not enough.
  for (const char* v : {"x", "1abc", "1.0", "1 2", "-1", "", "0x1", "99999999999"})
    CHECK_MESSAGE(parse_signature_header("algorithm=RSA256,keyVersion=" + std::string(v) + ",signature=a").error ==
                      SignatureHeaderError::BadKeyVersion,
                  v);
  CHECK(parse_signature_header("algorithm=RSA256,signature=%zz").error == SignatureHeaderError::BadEncoding);
  CHECK(parse_signature_header("algorithm=HS256,signature=abc").error == SignatureHeaderError::UnsupportedAlgorithm);
  CHECK(parse_signature_header("").error == SignatureHeaderError::NoSignaturePart);
  CHECK(parse_signature_header("algorithm=RSA256,keyVersion=1,signature=").header.signature.empty());
}

TEST_CASE("keys load in every form the SDKs use, and sign/verify round trips") {
  const RsaKey key = RsaKey::generate(2048);
  REQUIRE(key.valid());
  const std::string content = signing_content("POST", "/ams/api/v1/authorizations/consult", "C", "T", "{}");
  const std::string sig = sign_sha256(key, content);
  REQUIRE_FALSE(sig.empty());
  const auto raw = base64_decode(sig);
  REQUIRE(raw);

  for (const std::string& text : {key.private_pkcs8_pem(), key.private_pkcs1_pem(), key.private_pkcs8_base64(),
                                  key.private_pkcs1_base64()}) {
    auto loaded = RsaKey::load_private(text);
    REQUIRE(loaded);
    CHECK(loaded->has_private());
    CHECK(loaded->public_base64() == key.public_base64());
  }
  std::string pkcs1_public_pem = key.public_pem();  // SPKI PEM
  for (const std::string& text : {key.public_pem(), key.public_base64(), "\n" + key.public_base64() + "\n"}) {
    auto pub = RsaKey::load_public(text);
    REQUIRE(pub);
    CHECK(verify_sha256(*pub, content, *raw));
    CHECK_FALSE(verify_sha256(*pub, content + "x", *raw));
  }
  CHECK_FALSE(RsaKey::load_private("not a key"));
  CHECK_FALSE(RsaKey::load_public("bm90IGEga2V5"));
  CHECK_FALSE(RsaKey::load_public(""));
  CHECK_FALSE(verify_sha256(key, content, ""));
}

TEST_CASE("base64 and URL encoding") {
  CHECK(base64_encode("\xfb\xff") == "+/8=");
  CHECK(base64_decode("+/8=") == std::string("\xfb\xff"));
  CHECK_FALSE(base64_decode("abc"));
  CHECK_FALSE(base64_decode("ab$="));
  CHECK(url_encode("+/=") == "%2B%2F%3D");
  CHECK(percent_decode("%2b%2F%3d") == std::string("+/="));
  CHECK_FALSE(percent_decode("%2"));
  CHECK(form_decode("a+b%20c") == "a b c");
}

TEST_CASE("the self-signed TLS certificate: EC P-256, localhost names, made once and reused") {
  const auto dir = std::filesystem::temp_directory_path() / ("tls-cert-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const auto files = ensure_self_signed_certificate(dir);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(files.cert_pem.c_str(), "r"), BIO_free);
  REQUIRE(bio);
  std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  REQUIRE(cert);
  EVP_PKEY* pub = X509_get0_pubkey(cert.get());
  REQUIRE(pub);
  CHECK(EVP_PKEY_is_a(pub, "EC"));
  CHECK(X509_check_host(cert.get(), "localhost", 0, 0, nullptr) == 1);
  CHECK(X509_check_ip_asc(cert.get(), "127.0.0.1", 0) == 1);
  CHECK(X509_check_ip_asc(cert.get(), "::1", 0) == 1);
  CHECK(X509_verify(cert.get(), pub) == 1);  // self-signed with its own key
  const auto written = std::filesystem::last_write_time(files.cert_pem);
  CHECK(ensure_self_signed_certificate(dir).cert_pem == files.cert_pem);
  CHECK(std::filesystem::last_write_time(files.cert_pem) == written);  // reused, not remade
  std::filesystem::remove_all(dir);
}

TEST_CASE("generated RSA keys: 2048 bits, e = 65537, pass OpenSSL's full key check, differ every time") {
  const RsaKey a = RsaKey::generate(2048), b = RsaKey::generate(2048);
  REQUIRE(a.valid());
  REQUIRE(b.valid());
  CHECK(EVP_PKEY_get_bits(a.get()) == 2048);
  BIGNUM* e = nullptr;
  REQUIRE(EVP_PKEY_get_bn_param(a.get(), "e", &e) == 1);
  CHECK(BN_get_word(e) == 65537);
  BN_free(e);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, a.get(), nullptr),
                                                                  EVP_PKEY_CTX_free);
  CHECK(EVP_PKEY_check(ctx.get()) == 1);  // primes, d, CRT values: everything
  CHECK(a.public_base64() != b.public_base64());
  // What the SDKs load (PKCS #1 for Python, PKCS #8 for the others) signs what the public key verifies.
  for (const std::string& text : {a.private_pkcs1_base64(), a.private_pkcs8_base64()}) {
    const auto loaded = RsaKey::load_private(text);
    REQUIRE(loaded);
    const auto sig = base64_decode(sign_sha256(*loaded, "content"));
    REQUIRE(sig);
    CHECK(verify_sha256(*RsaKey::load_public(a.public_pem()), "content", *sig));
  }
  CHECK_FALSE(RsaKey::generate(1023).valid());
}

TEST_CASE("signing contexts kept per thread and key: the right key always signs, across threads and many keys") {
  // More keys than a thread keeps: each new key must get its own context, never a dropped key's.
  const auto keys = RsaKey::generate_many(18, 2048);
  REQUIRE(keys.size() == 18);
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t i = 0; i < keys.size(); ++i) {
      CAPTURE(i);
      const auto sig = base64_decode(sign_sha256(keys[i], "content " + std::to_string(i)));
      REQUIRE(sig);
      const auto pub = RsaKey::load_public(keys[i].public_pem());
      CHECK(verify_sha256(*pub, "content " + std::to_string(i), *sig));
      CHECK_FALSE(verify_sha256(*pub, "content " + std::to_string(i + 1), *sig));
      CHECK_FALSE(verify_sha256(*RsaKey::load_public(keys[(i + 1) % keys.size()].public_pem()), "content " + std::to_string(i), *sig));
    }
  // A key made and dropped in turn may reuse the same address: its signatures still verify.
  for (int i = 0; i < 3; ++i) {
    const RsaKey fresh = RsaKey::generate(2048);
    CHECK(verify_sha256(*RsaKey::load_public(fresh.public_pem()), "x", *base64_decode(sign_sha256(fresh, "x"))));
  }
  // Threads signing with one shared key at once each use their own context.
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        const std::string content = "thread " + std::to_string(t) + " " + std::to_string(i);
        const auto sig = base64_decode(sign_sha256(keys[0], content));
        if (sig && verify_sha256(keys[0], content, *sig)) ++good;
      }
    });
  for (auto& th : threads) th.join();
  CHECK(good == 20);
}
