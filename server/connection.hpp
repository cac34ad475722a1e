// What the server tracks per TCP connection: its place in the connection count,
// the deadline for a complete request head (slowloris), and its stream if it
// became a subscriber.
#pragma once

#include <memory>

struct bufferevent;
struct event;
struct evhttp_connection;

namespace sse::server {

class Loop;
class Stream;

class Connection {
 public:
  // Counts the connection; `over_limit` when it is beyond max_connections (it will
  // be answered 503).
  Connection(Loop &loop, bufferevent *bev);
  ~Connection();
  Connection(const Connection &) = delete;
  Connection &operator=(const Connection &) = delete;

  // Called once evhttp has wrapped the socket (same loop turn as the accept).
  // Returns false when evhttp already closed it.
  bool adopt();
  // (Re)starts the request-head deadline: after accept and after each reply that
  // leaves the connection open for another request.
  void arm_deadline();
  void disarm_deadline();
  // Closes the connection now (evhttp frees it; on_closed runs).
  void close_now();

  Loop &loop;
  bufferevent *const bev;
  evhttp_connection *evcon = nullptr;
  bool over_limit = false;
  std::unique_ptr<Stream> stream;  // set while this connection is a subscriber

 private:
  static void on_deadline(int, short, void *arg);
  static void on_closed(evhttp_connection *evcon, void *arg);
  event *deadline_ = nullptr;
};

}  // namespace sse::server
