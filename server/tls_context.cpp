#include "tls_context.hpp"

#include <openssl/err.h>

#include <sse/common.h>

namespace sse::server {

namespace {
Status openssl_failure(const std::string &what) {
  char reason[256] = "unknown reason";
  unsigned long e = ERR_get_error();
  if (e != 0) ERR_error_string_n(e, reason, sizeof reason);
  ERR_clear_error();
  return Status::fail(SSE_EIO, what + ": " + reason);
}
}  // namespace

Status load_tls_context(const std::string &cert_file, const std::string &key_file, SslCtxPtr &out) {
  SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) return openssl_failure("TLS context");
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  // Frames are added by reference and only released once written; OpenSSL must not
  // insist on the same buffer address when a write is retried.
  SSL_CTX_set_mode(ctx.get(), SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_ENABLE_PARTIAL_WRITE);
  if (SSL_CTX_use_certificate_chain_file(ctx.get(), cert_file.c_str()) != 1)
    return openssl_failure("TLS certificate '" + cert_file + "'");
  if (SSL_CTX_use_PrivateKey_file(ctx.get(), key_file.c_str(), SSL_FILETYPE_PEM) != 1)
    return openssl_failure("TLS key '" + key_file + "'");
  if (SSL_CTX_check_private_key(ctx.get()) != 1)
    return openssl_failure("TLS key '" + key_file + "' does not match the certificate");
  out = std::move(ctx);
  return Status::ok();
}

}  // namespace sse::server
