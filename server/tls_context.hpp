// The OpenSSL server context loaded from the certificate and key files.
#pragma once

#include <memory>
#include <string>

#include <openssl/ssl.h>

#include "status.hpp"

namespace sse::server {

struct SslCtxFree {
  void operator()(SSL_CTX *ctx) const { SSL_CTX_free(ctx); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;

// SSE_EIO with OpenSSL's reason when a file is unreadable or the key does not
// match the certificate.
Status load_tls_context(const std::string &cert_file, const std::string &key_file, SslCtxPtr &out);

}  // namespace sse::server
