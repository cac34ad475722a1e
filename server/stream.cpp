#include "stream.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

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
  // Writes are already coalesced per loop turn; Nagle would only hold a turn's
  // chunk back until the previous one is acknowledged.
  int one = 1;
  setsockopt(bufferevent_getfd(bev), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
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
  blocked_ = false;
  bool closed = false;
  // When finishing (server stop) everything queued goes out: the queue is bounded.
  for (;;) {
    if (!finishing_ && evbuffer_get_length(out_) >= kOutputWatermark) {
      blocked_ = true;  // on_output_changed resumes once the output has drained
      break;
    }
    sse_frame_ref refs[kTakeBatch];
    size_t n = 0;
    int rc = sse_subscriber_take(sub_, refs, kTakeBatch, &n);
    if (n > 0) send(refs, n);
    if (sub_ == nullptr) return;  // the client is gone; evhttp closes the connection
    if (rc < 0) {                 // SSE_ECLOSED: slow policy, publisher closed
      closed = true;
      break;
    }
    // The queue is empty: on_ready tells of more. A subscriber that ended after its
    // last frames (publisher closed) says so only to the next take, without another
    // on_ready: take again then.
    if (n == 0 || (n < kTakeBatch && sse_subscriber_close_reason(sub_) == SSE_CLOSE_NONE)) break;
  }
  if (closed || finishing_) end_response();
}

void Stream::send(sse_frame_ref *refs, size_t n) {
  static const char kCrlf[] = "\r\n";
  iovec iov[kTakeBatch + 2];
  int k = 0;
  size_t total = 0;
  for (size_t i = 0; i < n; ++i) total += refs[i].bytes.len;
  char head[24];
  size_t head_len = 0;
  if (chunked_ && total > 0) {
    head_len = static_cast<size_t>(std::snprintf(head, sizeof head, "%zx\r\n", total));
    iov[k++] = {head, head_len};
  }
  for (size_t i = 0; i < n; ++i)
    if (refs[i].bytes.len > 0) iov[k++] = {const_cast<char *>(refs[i].bytes.ptr), refs[i].bytes.len};
  if (chunked_ && total > 0) iov[k++] = {const_cast<char *>(kCrlf), 2};

  // Straight to the socket when nothing is waiting before it (order) and the
  // connection is plain TCP: one sendmsg for the whole turn, nothing allocated.
  size_t sent = 0;
  if (fd_ >= 0 && total > 0 && evbuffer_get_length(out_) == 0) {
    ssize_t w = send_vectors(fd_, iov, k);
    if (w < 0) return abandon(refs, n);  // the client is gone
    sent = static_cast<size_t>(w);
  }
  // What the socket did not take queues in the output buffer, in order: the frames
  // by reference (released once written), the framing bytes copied.
  if (head_len > 0) {
    if (sent < head_len) evbuffer_add(out_, head + sent, head_len - sent);
    sent = sent > head_len ? sent - head_len : 0;
  }
  for (size_t i = 0; i < n; ++i) {
    size_t len = refs[i].bytes.len;
    if (sent >= len) {
      sent -= len;
      sse_frame_release(refs[i].frame);
      continue;
    }
    if (evbuffer_add_reference(out_, refs[i].bytes.ptr + sent, len - sent, release_frame,
                               refs[i].frame) != 0)
      return abandon(refs + i, n - i);  // out of memory: the chunk cannot be completed
    sent = 0;
  }
  if (chunked_ && total > 0 && sent < 2) evbuffer_add(out_, kCrlf + sent, 2 - sent);
}

void Stream::abandon(sse_frame_ref *refs, size_t n) {
  for (size_t i = 0; i < n; ++i) sse_frame_release(refs[i].frame);
  release_subscriber();
  // Nothing sensible can follow on this connection: shut the socket so that evhttp
  // sees the end on its side and frees the connection (this stream with it).
  shutdown(bufferevent_getfd(evhttp_connection_get_bufferevent(conn_.evcon)), SHUT_RDWR);
}

void Stream::finish() {
  finishing_ = true;
  if (sub_ == nullptr)
    end_response();  // the client is gone: only the terminating chunk is left to try
  else
    drain();
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
