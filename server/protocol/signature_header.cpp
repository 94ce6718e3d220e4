#include "server/protocol/signature_header.hpp"

#include <charconv>

#include "server/crypto/codec.hpp"
#include "server/http/raw_message.hpp"

namespace antom::server {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

ParsedSignature parse_signature_header(std::string_view value) {
  ParsedSignature out;
  bool have_signature = false;
  while (!value.empty()) {
    const auto comma = value.find(',');
    const std::string_view part = trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = trim(part.substr(0, eq));
    const std::string_view val = trim(part.substr(eq + 1));  // base64 '=' padding is URL-encoded
    if (iequals(key, "algorithm")) {
      out.header.algorithm = std::string(val);
    } else if (iequals(key, "keyVersion")) {
      int v = 0;
      const auto [p, ec] = std::from_chars(val.data(), val.data() + val.size(), v);
      if (ec != std::errc{} || p != val.data() + val.size() || v < 0) {
        out.error = SignatureHeaderError::BadKeyVersion;
        return out;
      }
      out.header.key_version = v;
    } else if (iequals(key, "signature")) {
      // The raw value may itself contain '=' padding when a client did not URL-encode it.
      const std::string_view raw = trim(part.substr(eq + 1));
      auto decoded = percent_decode(raw);
      if (!decoded) {
        out.error = SignatureHeaderError::BadEncoding;
        return out;
      }
      out.header.signature = std::move(*decoded);
      have_signature = true;
    }
  }
  if (!have_signature) {
    out.error = SignatureHeaderError::NoSignaturePart;
    return out;
  }
  if (!out.header.algorithm.empty() && !iequals(out.header.algorithm, "RSA256"))
    out.error = SignatureHeaderError::UnsupportedAlgorithm;
  return out;
}

}  // namespace antom::server
