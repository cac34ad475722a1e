// POST <publish_path>: one event, authenticated by the bearer token, decoded
// strictly from a form or JSON body, published through the publisher.
#include <string>
#include <vector>

#include <event2/buffer.h>
#include <event2/http.h>

#include "bearer_token.hpp"
#include "cors.hpp"
#include "json_string.hpp"
#include "loop.hpp"
#include "publish_body.hpp"
#include "reply.hpp"
#include "router.hpp"
#include "server.hpp"

namespace sse::server {

namespace {

sse_str view(const std::optional<std::string> &s) {
  return s ? sse_str{s->data(), s->size()} : sse_str{nullptr, 0};
}

int status_for(int code) {
  switch (code) {
    case SSE_EINVAL: case SSE_EFIELD: return 400;
    case SSE_ELIMIT: return 413;
    case SSE_ECLOSED: return 503;
    default: return 500;
  }
}

}  // namespace

void handle_publish(Loop &loop, evhttp_request *req) {
  Server &srv = loop.srv;
  add_cors_headers(srv.config, req);
  const char *auth = request_header(req, "Authorization");
  if (!bearer_token_matches(auth != nullptr ? auth : "", srv.config.publish_token)) {
    add_header(req, "WWW-Authenticate", "Bearer realm=\"sse-publish\"");
    return reply_text(req, 401, auth == nullptr ? "publishing needs Authorization: Bearer <token>"
                                                : "wrong publish token");
  }
  evbuffer *in = evhttp_request_get_input_buffer(req);
  std::size_t len = evbuffer_get_length(in);
  if (len > srv.config.max_publish_bytes) {
    srv.counters.rejected_limit.fetch_add(1);
    return reply_text(req, 413, "publish body larger than " +
                                    std::to_string(srv.config.max_publish_bytes) + " bytes");
  }
  const char *body = len > 0 ? reinterpret_cast<const char *>(evbuffer_pullup(in, -1)) : "";
  const char *content_type = request_header(req, "Content-Type");
  PublishRequest pr;
  if (Status st = decode_publish_body(content_type != nullptr ? content_type : "",
                                      std::string_view(body, len), pr))
    return reply_text(req, 400, st.message);

  std::vector<sse_str> topics;
  for (const std::string &t : pr.topics) topics.push_back({t.data(), t.size()});
  sse_message msg = SSE_MESSAGE_INIT;
  msg.data = view(pr.data);
  msg.type = view(pr.type);
  msg.id = view(pr.id);
  msg.retry_ms = pr.retry_ms;
  char id_buf[128];
  size_t id_len = 0;
  int rc = sse_publisher_publish(srv.publisher, topics.data(), topics.size(), &msg, id_buf,
                                 sizeof id_buf, &id_len);
  if (rc < 0) {
    if (rc == SSE_ELIMIT) srv.counters.rejected_limit.fetch_add(1);
    return reply_text(req, status_for(rc), std::string("not published: ") + sse_error_last()->message);
  }
  srv.counters.published.fetch_add(1);
  // The caller's own id may be longer than the buffer; a generated one never is.
  std::string id = pr.id ? *pr.id : std::string(id_buf, std::min(id_len, sizeof id_buf - 1));
  reply_body(req, 200, "application/json", "{\"id\":" + json_string(id) + "}\n");
}

}  // namespace sse::server
