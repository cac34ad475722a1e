// CORS: the allowed origins (exact match, or "*" for any), the response headers
// that let a page on such an origin read a stream or a publish reply, and the
// answer to a preflight.
#pragma once

struct evhttp_request;

namespace sse::server {

struct Config;

// Adds Access-Control-Allow-Origin (the request's Origin echoed) and Vary: Origin
// when the request comes from an allowed origin; nothing otherwise.
void add_cors_headers(const Config &cfg, evhttp_request *req);
// OPTIONS on a served path: 204 with the allowed method and headers for an allowed
// origin, 403 for any other (or none).
void reply_preflight(const Config &cfg, evhttp_request *req, const char *method);

}  // namespace sse::server
