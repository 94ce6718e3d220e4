#include "server/crypto/signer.hpp"

#include <openssl/evp.h>

#include <memory>

#include "server/crypto/codec.hpp"

namespace antom::server {
namespace {
using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
}

std::string signing_content(std::string_view method, std::string_view path, std::string_view client_id,
                            std::string_view time, std::string_view body) {
  std::string s;
  s.reserve(method.size() + path.size() + client_id.size() + time.size() + body.size() + 4);
  s.append(method).append(" ").append(path).append("\n");
  s.append(client_id).append(".").append(time).append(".").append(body);
  return s;
}

std::string sign_sha256(const RsaKey& key, std::string_view content) {
  if (!key.valid() || !key.has_private()) return {};
  MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) return {};
  std::size_t len = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(content.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &len, data, content.size()) != 1) return {};
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, data, content.size()) != 1)
    return {};
  sig.resize(len);
  return base64_encode(sig);
}

bool verify_sha256(const RsaKey& key, std::string_view content, std::string_view raw_signature) {
  if (!key.valid() || raw_signature.empty()) return false;
  MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(raw_signature.data()),
                          raw_signature.size(), reinterpret_cast<const unsigned char*>(content.data()),
                          content.size()) == 1;
}

std::string signature_header(int key_version, std::string_view base64_signature) {
  return "algorithm=RSA256,keyVersion=" + std::to_string(key_version) + ",signature=" + url_encode(base64_signature);
}

}  // namespace antom::server
