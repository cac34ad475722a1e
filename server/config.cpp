#include "config.hpp"

#include <algorithm>
#include <thread>

namespace sse::server {

namespace {
Status invalid(const std::string &why) { return Status::fail(SSE_EINVAL, why); }

Status check_path(const char *name, const std::string &p) {
  if (p.empty() || p[0] != '/') return invalid(std::string(name) + " must start with '/': '" + p + "'");
  if (p.find_first_of("?# \r\n") != std::string::npos)
    return invalid(std::string(name) + " must be a plain path (no query, fragment or space): '" + p + "'");
  return Status::ok();
}
}  // namespace

Status make_config(const sse_server_options &o, Config &c) {
  c = {};
  c.listen_text = o.listen ? o.listen : SSE_SERVER_DEFAULT_LISTEN;
  if (Status st = parse_listen_address(c.listen_text, c.listen)) return st;
  c.path = o.path ? o.path : SSE_SERVER_DEFAULT_PATH;
  if (Status st = check_path("path", c.path)) return st;
  if (o.publish_path != nullptr) {
    c.publish_path = o.publish_path;
    if (Status st = check_path("publish_path", *c.publish_path)) return st;
    if (*c.publish_path == c.path) return invalid("publish_path must differ from path");
    if (o.publish_token == nullptr || o.publish_token[0] == '\0')
      return invalid("publish_path is set but publish_token is empty: publishing needs a token");
    c.publish_token = o.publish_token;
  }
  if (o.n_cors_origins > 0 && o.cors_origins == nullptr) return invalid("cors_origins is NULL");
  for (std::size_t i = 0; i < o.n_cors_origins; ++i) {
    if (o.cors_origins[i] == nullptr || o.cors_origins[i][0] == '\0')
      return invalid("cors_origins[" + std::to_string(i) + "] is empty");
    c.cors_origins.emplace_back(o.cors_origins[i]);
  }
  c.threads = o.threads != 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  if (c.threads > 256) return invalid("threads: at most 256");
  if (o.max_connections == 0) return invalid("max_connections must be > 0");
  if (o.max_header_bytes < 256) return invalid("max_header_bytes must be at least 256");
  if (o.header_timeout_ms == 0) return invalid("header_timeout_ms must be > 0");
  if (o.max_publish_bytes == 0) return invalid("max_publish_bytes must be > 0");
  c.max_connections = o.max_connections;
  c.max_header_bytes = o.max_header_bytes;
  c.header_timeout_ms = o.header_timeout_ms;
  c.max_publish_bytes = o.max_publish_bytes;
  c.retry_ms = o.retry_ms;
  if (o.index_html.ptr != nullptr) c.index_html.emplace(o.index_html.ptr, o.index_html.len);
  if ((o.tls_cert_file == nullptr) != (o.tls_key_file == nullptr))
    return invalid("tls_cert_file and tls_key_file go together");
  if (o.tls_cert_file != nullptr) {
    c.tls_cert_file = o.tls_cert_file;
    c.tls_key_file = o.tls_key_file;
  }
  c.authorize = o.authorize;
  c.authorize_user_data = o.authorize_user_data;
  return Status::ok();
}

}  // namespace sse::server
