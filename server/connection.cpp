#include "connection.hpp"

#include <algorithm>

#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>

#include "loop.hpp"
#include "server.hpp"
#include "stream.hpp"

namespace sse::server {

// Connections over the limit still get an answer (503), but only this long to ask.
constexpr uint32_t kOverLimitDeadlineMs = 2000;

Connection::Connection(Loop &l, bufferevent *b) : loop(l), bev(b) {
  uint64_t now = loop.srv.counters.connections.fetch_add(1) + 1;
  over_limit = now > loop.srv.config.max_connections;
}

Connection::~Connection() {
  if (deadline_ != nullptr) event_free(deadline_);
  loop.srv.counters.connections.fetch_sub(1);
}

bool Connection::adopt() {
  bufferevent_event_cb event_cb = nullptr;
  void *cb_arg = nullptr;
  bufferevent_getcb(bev, nullptr, nullptr, &event_cb, &cb_arg);
  // bufferevent_free clears every callback: evhttp has already dropped this one.
  // (Not the read callback alone: evhttp also clears that one while it writes.)
  if (event_cb == nullptr || cb_arg == nullptr) return false;
  // evhttp installs its callbacks with the evhttp_connection as their argument.
  evcon = static_cast<evhttp_connection *>(cb_arg);
  evhttp_connection_set_closecb(evcon, on_closed, this);
  deadline_ = evtimer_new(loop.base(), on_deadline, this);
  if (deadline_ != nullptr) arm_deadline();
  return true;
}

void Connection::arm_deadline() {
  if (deadline_ == nullptr) return;
  uint32_t ms = loop.srv.config.header_timeout_ms;
  if (over_limit) ms = std::min(ms, kOverLimitDeadlineMs);
  timeval tv{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>((ms % 1000) * 1000)};
  evtimer_add(deadline_, &tv);
}

void Connection::disarm_deadline() {
  if (deadline_ != nullptr) evtimer_del(deadline_);
}

void Connection::close_now() {
  if (evcon != nullptr) evhttp_connection_free(evcon);  // runs on_closed, which deletes this
}

void Connection::on_deadline(int, short, void *arg) {
  auto *c = static_cast<Connection *>(arg);
  if (c->stream) return;  // a subscriber: its request head arrived long ago
  c->loop.srv.counters.rejected_limit.fetch_add(1);
  c->close_now();
}

void Connection::on_closed(evhttp_connection *, void *arg) {
  auto *c = static_cast<Connection *>(arg);
  if (c->stream) {
    Stream *s = c->stream.release();
    s->connection_closed();
    // Still on the loop's ready list: the loop deletes it when it gets there.
    if (s->flagged.load())
      s->orphaned = true;
    else
      delete s;
  }
  c->loop.forget(c);
  delete c;
}

}  // namespace sse::server
