#include "router.hpp"

#include <optional>
#include <string>

#include <event2/http.h>

#include "connection.hpp"
#include "cors.hpp"
#include "loop.hpp"
#include "percent_decode.hpp"
#include "reply.hpp"
#include "server.hpp"

namespace sse::server {

namespace {

void method_not_allowed(evhttp_request *req, const char *allow) {
  add_header(req, "Allow", allow);
  reply_text(req, 405, std::string("method not allowed here; allowed: ") + allow);
}

void reject_for_capacity(Loop &loop, evhttp_request *req, const char *why) {
  loop.srv.counters.rejected_limit.fetch_add(1);
  add_header(req, "Retry-After", "1");
  add_header(req, "Connection", "close");
  reply_text(req, 503, why);
}

void dispatch(Loop &loop, Connection *conn, evhttp_request *req) {
  const Config &cfg = loop.srv.config;
  const evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
  const char *raw_path = uri != nullptr ? evhttp_uri_get_path(uri) : nullptr;
  std::optional<std::string> path =
      percent_decode(raw_path != nullptr && raw_path[0] != '\0' ? raw_path : "/", false);
  if (!path) return reply_text(req, 400, "malformed percent escape in the path");
  const char *query = uri != nullptr ? evhttp_uri_get_query(uri) : nullptr;
  evhttp_cmd_type cmd = evhttp_request_get_command(req);

  if (*path == cfg.path) {
    if (cmd == EVHTTP_REQ_OPTIONS) return reply_preflight(cfg, req, "GET");
    if (cmd != EVHTTP_REQ_GET) return method_not_allowed(req, "GET, OPTIONS");
    return handle_subscribe(loop, conn, req, query);
  }
  if (cfg.publish_path && *path == *cfg.publish_path) {
    if (cmd == EVHTTP_REQ_OPTIONS) return reply_preflight(cfg, req, "POST");
    if (cmd != EVHTTP_REQ_POST) return method_not_allowed(req, "POST, OPTIONS");
    return handle_publish(loop, req);
  }
  if (cfg.index_html && *path == "/") {
    if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD) return method_not_allowed(req, "GET, HEAD");
    return reply_body(req, 200, "text/html; charset=utf-8", *cfg.index_html);
  }
  reply_text(req, 404, "not found: subscribe with GET " + cfg.path + "?topic=NAME");
}

}  // namespace

void route_request(Loop &loop, evhttp_request *req) {
  loop.srv.counters.requests.fetch_add(1);
  Connection *conn = loop.find(evhttp_request_get_connection(req));
  if (conn != nullptr) conn->disarm_deadline();
  if (conn != nullptr && conn->over_limit) {
    reject_for_capacity(loop, req, "too many connections; retry later");
  } else if (loop.stopping()) {
    reject_for_capacity(loop, req, "server is stopping");
  } else {
    dispatch(loop, conn, req);
  }
  // A connection that stays open for another request gets a new deadline for it.
  if (conn != nullptr && !conn->stream) conn->arm_deadline();
}

}  // namespace sse::server
