#include "cors.hpp"

#include <string>
#include <string_view>

#include <event2/http.h>

#include "config.hpp"
#include "reply.hpp"

namespace sse::server {

namespace {
// The request's Origin when it is allowed, else nullptr.
const char *allowed_origin(const Config &cfg, evhttp_request *req) {
  const char *origin = request_header(req, "Origin");
  if (origin == nullptr) return nullptr;
  for (const std::string &allowed : cfg.cors_origins)
    if (allowed == "*" || allowed == origin) return origin;
  return nullptr;
}
}  // namespace

void add_cors_headers(const Config &cfg, evhttp_request *req) {
  if (cfg.cors_origins.empty()) return;
  add_header(req, "Vary", "Origin");
  if (const char *origin = allowed_origin(cfg, req))
    add_header(req, "Access-Control-Allow-Origin", origin);
}

void reply_preflight(const Config &cfg, evhttp_request *req, const char *method) {
  const char *origin = allowed_origin(cfg, req);
  if (origin == nullptr) {
    reply_text(req, 403, "CORS preflight refused: origin not allowed");
    return;
  }
  add_header(req, "Access-Control-Allow-Origin", origin);
  add_header(req, "Vary", "Origin");
  add_header(req, "Access-Control-Allow-Methods", (std::string(method) + ", OPTIONS").c_str());
  add_header(req, "Access-Control-Allow-Headers", "Last-Event-ID, Authorization, Content-Type");
  add_header(req, "Access-Control-Max-Age", "600");
  evhttp_send_reply(req, 204, "No Content", nullptr);
}

}  // namespace sse::server
