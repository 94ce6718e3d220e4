#include "server/wallet/redirect_url.hpp"

#include "server/crypto/codec.hpp"

#include <algorithm>
#include <cctype>

namespace antom::server {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool valid_scheme(std::string_view scheme) {
  if (scheme.empty() || !std::isalpha(static_cast<unsigned char>(scheme[0]))) return false;
  return std::all_of(scheme.begin(), scheme.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '+' || c == '-' || c == '.';
  });
}

}  // namespace

std::optional<std::string> clean_url(std::string_view raw, UrlUse use) {
  std::string url(raw);
  // Encoded form: the scheme separator itself is encoded ("https%3A%2F%2F...").
  const auto colon = url.find(':');
  const auto encoded = lower(url).find("%3a");
  if (encoded != std::string::npos && (colon == std::string::npos || encoded < colon)) {
    auto decoded = percent_decode(url);
    if (!decoded) return std::nullopt;
    url = std::move(*decoded);
  }
  if (url.empty() || url.size() > 2048) return std::nullopt;
  for (unsigned char c : url)
    if (c <= 0x20 || c == 0x7f) return std::nullopt;
  const auto sep = url.find(':');
  if (sep == std::string::npos) return std::nullopt;
  const std::string scheme = lower(std::string_view(url).substr(0, sep));
  if (!valid_scheme(scheme)) return std::nullopt;
  const bool web = scheme == "http" || scheme == "https";
  if (web) {
    if (url.compare(sep, 3, "://") != 0) return std::nullopt;
    const auto host_end = url.find_first_of("/?#", sep + 3);
    const std::string_view authority =
        std::string_view(url).substr(sep + 3, host_end == std::string::npos ? std::string::npos : host_end - sep - 3);
    if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
    return url;
  }
  if (use == UrlUse::Notify) return std::nullopt;
  static constexpr std::string_view kUnsafe[] = {"javascript", "data", "vbscript", "file", "blob", "about"};
  for (auto bad : kUnsafe)
    if (scheme == bad) return std::nullopt;
  if (url.size() == sep + 1) return std::nullopt;
  return url;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string with_query(std::string_view url, const std::vector<std::pair<std::string, std::string>>& params) {
  const auto hash = url.find('#');
  const std::string_view base = url.substr(0, hash);
  const std::string_view fragment = hash == std::string_view::npos ? std::string_view{} : url.substr(hash);
  std::string out(base);
  char sep = base.find('?') == std::string_view::npos ? '?' : '&';
  if (!out.empty() && (out.back() == '?' || out.back() == '&')) sep = 0;  // "cb?" already ends the query
  for (const auto& [name, value] : params) {
    if (sep) out += sep;
    out += percent_encode(name);
    out += '=';
    out += percent_encode(value);
    sep = '&';
  }
  out += fragment;
  return out;
}

std::string wallet_page_url(std::string_view base_url, std::string_view client_id, std::string_view attempt_id) {
  return std::string(base_url) + "/_sim/wallet/" + percent_encode(client_id) + "/" + percent_encode(attempt_id);
}

}  // namespace antom::server
