#include "server/crypto/codec.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdint>

namespace antom::server {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 unreserved characters plus '*' (what Java's URLEncoder leaves alone).
constexpr std::array<bool, 256> kUnreserved = [] {
  std::array<bool, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (char c : {'-', '_', '.', '*'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

enum Base64Class : std::uint8_t { kBase64Invalid, kBase64Char, kBase64Space };
constexpr std::array<std::uint8_t, 256> kBase64Class = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kBase64Char;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kBase64Char;
  for (int c = '0'; c <= '9'; ++c) t[c] = kBase64Char;
  for (char c : {'+', '/', '='}) t[static_cast<unsigned char>(c)] = kBase64Char;
  for (char c : {' ', '\n', '\r', '\t'}) t[static_cast<unsigned char>(c)] = kBase64Space;
  return t;
}();

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  // Whitespace is dropped (a copy only when there is some); anything else outside the alphabet fails.
  std::string clean;
  bool copying = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (kBase64Class[c] == kBase64Char) {
      if (copying) clean.push_back(static_cast<char>(c));
      continue;
    }
    if (kBase64Class[c] != kBase64Space) return std::nullopt;
    if (!copying) {
      clean.reserve(text.size());
      clean.assign(text.substr(0, i));
      copying = true;
    }
  }
  const std::string_view data = copying ? std::string_view(clean) : text;
  if (data.size() % 4 != 0) return std::nullopt;
  std::string out(data.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  if (n < 0) return std::nullopt;
  std::size_t pad = 0;
  if (!data.empty() && data.back() == '=') ++pad;
  if (data.size() > 1 && data[data.size() - 2] == '=') ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out(text.size() * 3, '\0');
  char* o = out.data();
  for (unsigned char c : text) {
    if (kUnreserved[c]) {
      *o++ = static_cast<char>(c);
    } else if (c == ' ') {
      *o++ = '+';
    } else {
      *o++ = '%';
      *o++ = kHex[c >> 4];
      *o++ = kHex[c & 15];
    }
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  // Runs without '%' are copied whole: a signature has a few escapes (+ / =) in 344 characters.
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t escape = text.find('%', i);
    out.append(text.substr(i, escape - i));  // to the end when there is no '%' left
    if (escape == std::string_view::npos) break;
    if (escape + 2 >= text.size()) return std::nullopt;
    const int hi = hex_value(text[escape + 1]);
    const int lo = hex_value(text[escape + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i = escape + 3;
  }
  return out;
}

std::string form_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace antom::server
