// GET <path>?topic=...: a new subscriber streamed on this connection.
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "connection.hpp"
#include "cors.hpp"
#include "listen_address.hpp"
#include "loop.hpp"
#include "reply.hpp"
#include "router.hpp"
#include "server.hpp"
#include "stream.hpp"
#include "subscribe_query.hpp"

namespace sse::server {

namespace {

sse_str view(const std::string &s) { return {s.c_str(), s.size()}; }
sse_str view(const char *s) { return {s, std::strlen(s)}; }

// Asks the application's authorization callback; 0 = allowed, else the status.
int authorize(Loop &loop, evhttp_request *req, const char *raw_query, const std::string &path,
              const std::vector<sse_str> &topics, const char *last_event_id) {
  const Config &cfg = loop.srv.config;
  std::vector<sse_header> headers;
  for (evkeyval *kv = evhttp_request_get_input_headers(req)->tqh_first; kv != nullptr;
       kv = kv->next.tqe_next)
    headers.push_back({view(kv->key), view(kv->value)});
  std::string remote = "?";
  if (evhttp_connection *evcon = evhttp_request_get_connection(req))
    if (const sockaddr *sa = evhttp_connection_get_addr(evcon)) remote = format_address(sa);
  sse_server_request r{};
  r.method = view("GET");
  r.path = view(path);
  r.query = view(raw_query != nullptr ? raw_query : "");
  r.headers = headers.data();
  r.header_count = headers.size();
  r.topics = topics.data();
  r.n_topics = topics.size();
  r.last_event_id = last_event_id != nullptr ? view(last_event_id) : sse_str{nullptr, 0};
  r.remote_addr = view(remote);
  int verdict = cfg.authorize(loop.srv.handle, &r, cfg.authorize_user_data);
  if (verdict == 0) return 0;
  return verdict >= 400 && verdict <= 599 ? verdict : 403;
}

void refuse(Loop &loop, evhttp_request *req, const Status &st) {
  if (st.code == SSE_ELIMIT || st.code == SSE_ECLOSED) {
    loop.srv.counters.rejected_limit.fetch_add(st.code == SSE_ELIMIT ? 1 : 0);
    add_header(req, "Retry-After", "1");
    return reply_text(req, 503, "cannot subscribe now: " + st.message);
  }
  reply_text(req, st.code == SSE_EINVAL || st.code == SSE_EFIELD ? 400 : 500,
             "cannot subscribe: " + st.message);
}

}  // namespace

void handle_subscribe(Loop &loop, Connection *conn, evhttp_request *req, const char *query) {
  const Config &cfg = loop.srv.config;
  add_cors_headers(cfg, req);
  SubscribeQuery q;
  if (Status st = parse_subscribe_query(query != nullptr ? query : "", q))
    return reply_text(req, 400, st.message);
  const char *last_id = request_header(req, "Last-Event-ID");
  if (last_id == nullptr && q.last_event_id) last_id = q.last_event_id->c_str();

  std::vector<sse_str> topics;
  for (const std::string &t : q.topics) topics.push_back(view(t));
  if (cfg.authorize != nullptr) {
    if (int status = authorize(loop, req, query, cfg.path, topics, last_id))
      return reply_text(req, status, "subscription refused");
  }
  if (conn == nullptr) return reply_text(req, 500, "connection not tracked");

  sse_subscriber_options opts = SSE_SUBSCRIBER_OPTIONS_INIT;
  opts.topics = topics.data();
  opts.n_topics = topics.size();
  if (last_id != nullptr) opts.last_event_id = view(last_id);
  opts.retry_ms = cfg.retry_ms;
  auto stream = std::make_unique<Stream>(*conn, req);
  if (Status st = stream->subscribe(opts)) return refuse(loop, req, st);
  conn->stream = std::move(stream);
  conn->stream->begin();
}

}  // namespace sse::server
