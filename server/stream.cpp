#include "stream.hpp"

#include <cstdio>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/http.h>
#include <event2/http_struct.h>
#include <event2/keyvalq_struct.h>

#include "connection.hpp"
#include "loop.hpp"
#include "server.hpp"
#include "socket_write.hpp"

namespace sse::server {

namespace {

// Output queued in the connection beyond which no more frames are taken: enough to
// keep the socket busy for a turn, small enough that a client that stops reading
// costs at most this much here (the rest waits in the subscriber's bounded queue).
constexpr std::size_t kOutputWatermark = 64 * 1024;
// Frames moved per sse_subscriber_take() call.
constexpr std::size_t kTakeBatch = 64;

void release_frame(const void *, size_t, void *frame) {
  sse_frame_release(static_cast<sse_frame *>(frame));
}

}  // namespace

Stream::Stream(Connection &conn, evhttp_request *req) : conn_(conn), loop_(conn.loop), req_(req) {}

Stream::~Stream() {
  stop_watching_output();
  release_subscriber();
}

Status Stream::subscribe(const sse_subscriber_options &base_opts) {
  sse_subscriber_options opts = base_opts;
  opts.on_ready = on_ready;
  opts.user_data = this;
  int rc = sse_subscriber_new(&sub_, loop_.srv.publisher, &opts);
  if (rc < 0) return Status::fail(rc, sse_error_last()->message);
  loop_.srv.counters.subscribers.fetch_add(1);
  return Status::ok();
}

void Stream::begin() {
  evkeyvalq *h = evhttp_request_get_output_headers(req_);
  evhttp_add_header(h, "Content-Type", "text/event-stream; charset=utf-8");
  evhttp_add_header(h, "Cache-Control", "no-store");
  evhttp_add_header(h, "X-Accel-Buffering", "no");
  // One stream per connection: when it ends, the connection goes too (and a stop
  // does not have to wait for clients to close keep-alive connections).
  evhttp_add_header(h, "Connection", "close");
  evhttp_send_reply_start(req_, 200, "OK");
  chunked_ = req_->chunked;  // HTTP/1.1: chunked; HTTP/1.0: delimited by the close
  bufferevent *bev = evhttp_connection_get_bufferevent(conn_.evcon);
  out_ = bufferevent_get_output(bev);
  out_watch_ = evbuffer_add_cb(out_, on_output_changed, this);
  if (loop_.srv.tls() == nullptr) fd_ = bufferevent_getfd(bev);
  drain();
}

void Stream::on_ready(sse_subscriber *, void *user_data) {
  auto *s = static_cast<Stream *>(user_data);
  s->loop_.mark_ready(s);
}

// The output buffer shrank (the bufferevent wrote): once a stream that stopped at
// the watermark has room again, it takes more in this loop turn.
void Stream::on_output_changed(evbuffer *buf, const evbuffer_cb_info *info, void *arg) {
  auto *s = static_cast<Stream *>(arg);
  if (info->n_deleted != 0 && s->blocked_ && evbuffer_get_length(buf) < kOutputWatermark / 2) {
    s->blocked_ = false;
    s->loop_.mark_ready(s);
  }
}

void Stream::drain() {
  if (ended_ || sub_ == nullptr) return;
  evbuffer *chunk = loop_.scratch();
  bool closed = false;
  blocked_ = false;
  // When finishing (server stop) everything queued goes out: the queue is bounded.
  for (;;) {
    if (!finishing_ && evbuffer_get_length(out_) + evbuffer_get_length(chunk) >= kOutputWatermark) {
      blocked_ = true;
      break;
    }
    sse_frame_ref refs[kTakeBatch];
    size_t n = 0;
    int rc = sse_subscriber_take(sub_, refs, kTakeBatch, &n);
    for (size_t i = 0; i < n; ++i) {
      if (refs[i].bytes.len == 0 ||
          evbuffer_add_reference(chunk, refs[i].bytes.ptr, refs[i].bytes.len, release_frame,
                                 refs[i].frame) != 0) {
        sse_frame_release(refs[i].frame);
        if (refs[i].bytes.len != 0) closed = true;  // out of memory: end this stream
      }
    }
    if (rc < 0 || closed) {
      closed = true;  // SSE_ECLOSED: slow policy, publisher closed, or our own close
      break;
    }
    if (n < kTakeBatch) break;
  }
  if (evbuffer_get_length(chunk) > 0) send(chunk);
  if (closed || finishing_) end_response();
}

void Stream::send(evbuffer *chunk) {
  if (chunked_) {
    char head[24];
    int n = std::snprintf(head, sizeof head, "%zx\r\n", evbuffer_get_length(chunk));
    evbuffer_prepend(chunk, head, static_cast<size_t>(n));
    evbuffer_add(chunk, "\r\n", 2);
  }
  // Straight to the socket when nothing is waiting before it (order) and the
  // connection is plain TCP; whatever is left queues behind in the output buffer.
  if (fd_ >= 0 && evbuffer_get_length(out_) == 0 &&
      write_to_socket(chunk, fd_) == WriteResult::failed) {
    // The client is gone; evhttp notices on its side and closes the connection.
    evbuffer_drain(chunk, evbuffer_get_length(chunk));
    release_subscriber();
    return;
  }
  if (evbuffer_get_length(chunk) > 0) evbuffer_add_buffer(out_, chunk);
  if (evbuffer_get_length(out_) >= kOutputWatermark) blocked_ = true;
}

void Stream::finish() {
  finishing_ = true;
  drain();
  if (sub_ == nullptr) end_response();
}

void Stream::end_response() {
  if (ended_) return;
  ended_ = true;
  stop_watching_output();
  release_subscriber();
  evhttp_send_reply_end(req_);  // evhttp owns and frees the request from here on
}

void Stream::connection_closed() {
  stop_watching_output();
  release_subscriber();
  if (!ended_) {
    ended_ = true;
    // A client that went away mid-stream: evhttp detached the request from the
    // connection and left it to us.
    if (evhttp_request_get_connection(req_) == nullptr) evhttp_request_free(req_);
  }
}

void Stream::stop_watching_output() {
  if (out_watch_ == nullptr) return;
  evbuffer_remove_cb_entry(out_, out_watch_);
  out_watch_ = nullptr;
}

void Stream::release_subscriber() {
  if (sub_ == nullptr) return;
  sse_subscriber_free(sub_);  // no on_ready runs after this returns
  sub_ = nullptr;
  loop_.srv.counters.subscribers.fetch_sub(1);
}

}  // namespace sse::server
