// The codecs on every request's path (the signature header's percent-decoding and base64, the
// response signature's URL-encoding) against the plain character-by-character versions they
// replaced, on the inputs that matter (signatures, escapes, whitespace) and on random strings.
#include <doctest/doctest.h>
#include <openssl/evp.h>

#include <optional>
#include <random>
#include <string>

#include "server/crypto/codec.hpp"

using namespace antom::server;

namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string reference_url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '*')
      out += static_cast<char>(c);
    else if (c == ' ')
      out += '+';
    else
      out += std::string{'%', kHex[c >> 4], kHex[c & 15]};
  }
  return out;
}

std::optional<std::string> reference_percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || hex(text[i + 1]) < 0 || hex(text[i + 2]) < 0) return std::nullopt;
    out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
    i += 2;
  }
  return out;
}

// The previous implementation: whitespace dropped into a copy, anything else outside the
// alphabet refused, then OpenSSL's block decoder (whose view of stray '=' both keep).
std::optional<std::string> reference_base64_decode(std::string_view text) {
  std::string clean;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                    c == '/' || c == '=';
    if (!ok) return std::nullopt;
    clean.push_back(c);
  }
  if (clean.size() % 4 != 0) return std::nullopt;
  std::string out(clean.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(clean.data()), static_cast<int>(clean.size()));
  if (n < 0) return std::nullopt;
  std::size_t pad = 0;
  if (!clean.empty() && clean.back() == '=') ++pad;
  if (clean.size() > 1 && clean[clean.size() - 2] == '=') ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

}  // namespace

TEST_CASE("url_encode and percent_decode agree with the reference, and round-trip any bytes") {
  std::mt19937 rng(11);
  for (int i = 0; i < 3000; ++i) {
    std::string bytes(rng() % 64, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng() % 256);
    const std::string encoded = url_encode(bytes);
    CHECK(encoded == reference_url_encode(bytes));
    // Spaces become '+', which percent_decode leaves as is (form_decode turns it back).
    CHECK(percent_decode(encoded) == reference_percent_decode(encoded));
    CHECK(form_decode(encoded) == bytes);
  }
  for (const std::string text : {"", "%", "%2", "%2B", "a%2", "%zz", "%2b%2F%3d", "abc%", "x%41y%4a%4A", "%%41", "100%"})
    CHECK_MESSAGE(percent_decode(text) == reference_percent_decode(text), text);
}

TEST_CASE("base64_decode agrees with the reference: signatures, whitespace anywhere, bad characters") {
  std::mt19937 rng(12);
  for (int i = 0; i < 3000; ++i) {
    std::string bytes(rng() % 300, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng() % 256);
    std::string text = base64_encode(bytes);
    CHECK(base64_decode(text) == bytes);
    if (i % 3 == 0 && !text.empty())  // whitespace at the start, inside and at the end
      for (int k = 0; k < 3; ++k) text.insert(rng() % (text.size() + 1), 1, " \n\r\t"[rng() % 4]);
    if (i % 5 == 0 && !text.empty()) text[rng() % text.size()] = static_cast<char>(rng() % 128);
    CHECK_MESSAGE(base64_decode(text) == reference_base64_decode(text), text);
  }
  for (const std::string text : {"", " ", "\t+/8=", "+/8= ", "+/ 8=", "abc", "ab$=", "====", "a===", "ab==", "ab=c", " \n"})
    CHECK_MESSAGE(base64_decode(text) == reference_base64_decode(text), text);
}
