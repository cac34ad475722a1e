#include "loop.hpp"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>
#include <event2/thread.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <sse/common.h>

#include "connection.hpp"
#include "router.hpp"
#include "server.hpp"
#include "stream.hpp"

namespace sse::server {

Loop::Loop(Server &s) : srv(s) {}

Loop::~Loop() {
  // evhttp_free frees the connections still open (none after a stop) and the
  // listener; the tracking records of any that remain go with them.
  if (http_ != nullptr) evhttp_free(http_);
  for (Connection *c : adopting_) delete c;
  // Streams released while listed and never reached by on_wake (the loop had left).
  for (Stream *s : ready_)
    if (s->orphaned) delete s;
  for (event *ev : {adopt_ev_, wake_ev_, stop_ev_, stop_deadline_ev_})
    if (ev != nullptr) event_free(ev);
  if (base_ != nullptr) event_base_free(base_);
}

Status Loop::init(int listen_fd) {
  base_ = event_base_new();
  if (base_ == nullptr) {
    close(listen_fd);
    return Status::fail(SSE_ENOMEM, "event_base_new failed");
  }
  evconnlistener *listener = evconnlistener_new(base_, nullptr, nullptr,
                                                LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, -1,
                                                listen_fd);
  if (listener == nullptr) {
    close(listen_fd);
    return Status::fail(SSE_ENOMEM, "evconnlistener_new failed");
  }
  http_ = evhttp_new(base_);
  bound_ = http_ != nullptr ? evhttp_bind_listener(http_, listener) : nullptr;
  if (bound_ == nullptr) {
    evconnlistener_free(listener);
    return Status::fail(SSE_ENOMEM, "cannot set up the HTTP listener");
  }
  adopt_ev_ = event_new(base_, -1, 0, on_adopt, this);
  wake_ev_ = event_new(base_, -1, 0, on_wake, this);
  stop_ev_ = event_new(base_, -1, 0, on_stop, this);
  stop_deadline_ev_ = evtimer_new(base_, on_stop_deadline, this);
  if (adopt_ev_ == nullptr || wake_ev_ == nullptr || stop_ev_ == nullptr ||
      stop_deadline_ev_ == nullptr)
    return Status::fail(SSE_ENOMEM, "cannot set up the event loop");
  const Config &cfg = srv.config;
  evhttp_set_max_headers_size(http_, static_cast<ev_ssize_t>(cfg.max_header_bytes));
  evhttp_set_max_body_size(http_, static_cast<ev_ssize_t>(cfg.max_publish_bytes));
  // Every method reaches the router, which answers 405 with Allow (libevent would
  // answer 501 to the ones it is not told about).
  evhttp_set_allowed_methods(http_, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD |
                                        EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS |
                                        EVHTTP_REQ_TRACE | EVHTTP_REQ_CONNECT | EVHTTP_REQ_PATCH);
  evhttp_set_default_content_type(http_, "text/plain; charset=utf-8");
  evhttp_set_bevcb(http_, make_bufferevent, this);
  evhttp_set_gencb(http_, on_request, this);
  return Status::ok();
}

void Loop::start_thread() {
  thread_ = std::thread([this] {
    // libevent writes with writev, which raises SIGPIPE when a client has gone; in
    // this thread that is only the EPIPE error it also returns (a pending SIGPIPE of a
    // thread that blocks it is never delivered), and the process's handler is left
    // alone.
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    thread_id_.store(std::this_thread::get_id());
    event_base_loop(base_, 0);
  });
}

void Loop::join() {
  if (thread_.joinable()) thread_.join();
}

void Loop::request_stop(int timeout_ms) {
  {
    std::lock_guard<std::mutex> lock(ready_mu_);
    stop_timeout_ms_ = timeout_ms;
  }
  event_active(stop_ev_, 0, 0);  // thread-safe: evthread locking is on
}

// --- accepting ---------------------------------------------------------------

// evhttp asks for a bufferevent for each accepted socket; this is the only hook
// libevent 2.1 offers at accept time. The extra reference keeps the bufferevent
// readable until on_adopt (later in this turn) finds evhttp's connection in its
// callback argument and registers the close callback.
bufferevent *Loop::make_bufferevent(event_base *base, void *arg) {
  auto *loop = static_cast<Loop *>(arg);
  bufferevent *bev;
  if (SSL_CTX *ctx = loop->srv.tls()) {
    SSL *ssl = SSL_new(ctx);
    if (ssl == nullptr) return nullptr;
    bev = bufferevent_openssl_socket_new(base, -1, ssl, BUFFEREVENT_SSL_ACCEPTING,
                                         BEV_OPT_CLOSE_ON_FREE);
    if (bev == nullptr) SSL_free(ssl);
  } else {
    bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
  }
  if (bev == nullptr) return nullptr;
  Connection *c = nullptr;
  try {
    c = new Connection(*loop, bev);
    loop->adopting_.push_back(c);
  } catch (...) {
    delete c;
    return bev;  // served, just not counted; out of memory anyway
  }
  bufferevent_incref(bev);
  event_active(loop->adopt_ev_, 0, 0);
  return bev;
}

void Loop::on_adopt(int, short, void *arg) { static_cast<Loop *>(arg)->adopt_pending(); }

void Loop::adopt_pending() {
  std::vector<Connection *> batch;
  batch.swap(adopting_);
  for (Connection *c : batch) {
    bufferevent *bev = c->bev;
    if (c->adopt()) {
      try {
        connections_.emplace(c->evcon, c);
      } catch (...) {
        c->close_now();  // cannot track it: do not serve it
      }
    } else {
      delete c;
    }
    bufferevent_decref(bev);
  }
  if (stopping_) {
    for (auto &[evcon, c] : std::unordered_map<evhttp_connection *, Connection *>(connections_))
      if (!c->stream) c->close_now();
  }
}

Connection *Loop::find(evhttp_connection *evcon) {
  if (!adopting_.empty()) adopt_pending();
  auto it = connections_.find(evcon);
  return it == connections_.end() ? nullptr : it->second;
}

void Loop::forget(Connection *c) {
  connections_.erase(c->evcon);
  maybe_exit();
}

void Loop::on_request(evhttp_request *req, void *arg) {
  auto *loop = static_cast<Loop *>(arg);
  route_request(*loop, req);
}

// --- readiness ---------------------------------------------------------------

void Loop::mark_ready(Stream *s) {
  if (s->flagged.exchange(true)) return;  // already listed
  bool wake;
  {
    std::lock_guard<std::mutex> lock(ready_mu_);
    ready_.push_back(s);
    wake = !wake_pending_;
    wake_pending_ = true;
  }
  if (wake) event_active(wake_ev_, 0, 0);
}

void Loop::on_wake(int, short, void *arg) {
  auto *loop = static_cast<Loop *>(arg);
  {
    std::lock_guard<std::mutex> lock(loop->ready_mu_);
    loop->ready_batch_.swap(loop->ready_);
    loop->wake_pending_ = false;
  }
  for (Stream *s : loop->ready_batch_) {
    s->flagged.store(false);
    if (s->orphaned)
      delete s;
    else
      s->drain();
  }
  loop->ready_batch_.clear();
}

// --- stopping ----------------------------------------------------------------

void Loop::on_stop(int, short, void *arg) {
  auto *loop = static_cast<Loop *>(arg);
  if (loop->stopping_) return;
  loop->stopping_ = true;
  int timeout_ms;
  {
    std::lock_guard<std::mutex> lock(loop->ready_mu_);
    timeout_ms = loop->stop_timeout_ms_;
  }
  evhttp_del_accept_socket(loop->http_, loop->bound_);  // closes the listening socket
  loop->bound_ = nullptr;
  loop->adopt_pending();
  // Streams end after what they have queued (their responses say Connection:
  // close, so evhttp closes each once written); connections without a stream
  // (idle keep-alive, a request head still arriving) close now.
  for (auto &[evcon, c] : std::unordered_map<evhttp_connection *, Connection *>(loop->connections_)) {
    if (c->stream)
      c->stream->finish();
    else
      c->close_now();
  }
  if (loop->connections_.empty()) {
    event_base_loopbreak(loop->base_);
  } else if (timeout_ms >= 0) {
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    evtimer_add(loop->stop_deadline_ev_, &tv);
  }
}

void Loop::on_stop_deadline(int, short, void *arg) { static_cast<Loop *>(arg)->close_all_and_exit(); }

void Loop::close_all_and_exit() {
  adopt_pending();
  for (auto &[evcon, c] : std::unordered_map<evhttp_connection *, Connection *>(connections_))
    c->close_now();
  event_base_loopbreak(base_);
}

void Loop::maybe_exit() {
  if (stopping_ && connections_.empty()) event_base_loopbreak(base_);
}

}  // namespace sse::server
