#include "reply.hpp"

#include <event2/buffer.h>
#include <event2/http.h>

namespace sse::server {

namespace {
const char *reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return status < 500 ? "Client Error" : "Server Error";
  }
}
}  // namespace

void add_header(evhttp_request *req, const char *name, const char *value) {
  evhttp_add_header(evhttp_request_get_output_headers(req), name, value);
}

const char *request_header(evhttp_request *req, const char *name) {
  return evhttp_find_header(evhttp_request_get_input_headers(req), name);
}

void reply_body(evhttp_request *req, int status, const char *content_type, std::string_view body) {
  add_header(req, "Content-Type", content_type);
  add_header(req, "X-Content-Type-Options", "nosniff");
  add_header(req, "Cache-Control", "no-store");
  evbuffer *buf = evhttp_request_get_output_buffer(req);
  evbuffer_add(buf, body.data(), body.size());
  evhttp_send_reply(req, status, reason_phrase(status), nullptr);
}

void reply_text(evhttp_request *req, int status, std::string_view message) {
  evbuffer_add(evhttp_request_get_output_buffer(req), message.data(), message.size());
  reply_body(req, status, "text/plain; charset=utf-8", "\n");
}

}  // namespace sse::server
