// Short non-streaming replies: errors as plain text with a message saying what was
// wrong, and small JSON or HTML bodies.
#pragma once

#include <string_view>

struct evhttp_request;

namespace sse::server {

// Replies `status` with `message` (plus a newline) as text/plain.
void reply_text(evhttp_request *req, int status, std::string_view message);
// Replies `status` with `body` under `content_type`.
void reply_body(evhttp_request *req, int status, const char *content_type, std::string_view body);
// Adds a response header (before one of the replies above).
void add_header(evhttp_request *req, const char *name, const char *value);
// A request header's value, or nullptr.
const char *request_header(evhttp_request *req, const char *name);

}  // namespace sse::server
