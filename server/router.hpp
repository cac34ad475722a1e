// Every request of a loop comes here: limits first, then path and method decide
// the handler; anything else gets a 4xx with a message.
#pragma once

struct evhttp_request;

namespace sse::server {

class Connection;
class Loop;

void route_request(Loop &loop, evhttp_request *req);

// The handlers the router dispatches to (one file each).
void handle_subscribe(Loop &loop, Connection *conn, evhttp_request *req, const char *query);
void handle_publish(Loop &loop, evhttp_request *req);

}  // namespace sse::server
