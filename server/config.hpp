// The server's settings: a validated, owning copy of sse_server_options.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <sse/server.h>

#include "listen_address.hpp"
#include "status.hpp"

namespace sse::server {

struct Config {
  std::string listen_text;
  ListenAddress listen;
  std::string path;
  std::optional<std::string> publish_path;
  std::string publish_token;
  std::vector<std::string> cors_origins;
  unsigned threads = 1;
  std::size_t max_connections = 0;
  std::size_t max_header_bytes = 0;
  uint32_t header_timeout_ms = 0;
  std::size_t max_publish_bytes = 0;
  int64_t retry_ms = -1;
  std::optional<std::string> index_html;
  std::string tls_cert_file;
  std::string tls_key_file;
  sse_server_authorize_cb authorize = nullptr;
  void *authorize_user_data = nullptr;
};

// `o` is a complete current-version struct (the shim fills absent fields with
// defaults). Failures are SSE_EINVAL with a message.
Status make_config(const sse_server_options &o, Config &out);

}  // namespace sse::server
