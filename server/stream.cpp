#include "stream.hpp"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "connection.hpp"
#include "loop.hpp"
#include "server.hpp"

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

Stream::~Stream() { release_subscriber(); }

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
  drain();
}

void Stream::on_ready(sse_subscriber *, void *user_data) {
  auto *s = static_cast<Stream *>(user_data);
  s->loop_.mark_ready(s);
}

void Stream::on_flushed(evhttp_connection *, void *arg) { static_cast<Stream *>(arg)->drain(); }

void Stream::drain() {
  if (ended_ || sub_ == nullptr) return;
  evbuffer *out = bufferevent_get_output(evhttp_connection_get_bufferevent(conn_.evcon));
  evbuffer *chunk = loop_.scratch();
  bool closed = false;
  // When finishing (server stop) everything queued goes out: the queue is bounded.
  while (finishing_ || evbuffer_get_length(out) + evbuffer_get_length(chunk) < kOutputWatermark) {
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
      closed = true;  // SSE_ECLOSED: policy, publisher closed, or our own close
      break;
    }
    if (n < kTakeBatch) break;
  }
  // One chunk for everything taken this turn; the callback fires once the socket
  // has taken all of the output, to take more.
  if (evbuffer_get_length(chunk) > 0) evhttp_send_reply_chunk_with_cb(req_, chunk, on_flushed, this);
  if (closed || finishing_) end_response();
}

void Stream::finish() {
  finishing_ = true;
  drain();
}

void Stream::end_response() {
  if (ended_) return;
  ended_ = true;
  release_subscriber();
  evhttp_send_reply_end(req_);  // evhttp owns and frees the request from here on
}

void Stream::connection_closed() {
  release_subscriber();
  if (!ended_) {
    ended_ = true;
    // A client that went away mid-stream: evhttp detached the request from the
    // connection and left it to us.
    if (evhttp_request_get_connection(req_) == nullptr) evhttp_request_free(req_);
  }
}

void Stream::release_subscriber() {
  if (sub_ == nullptr) return;
  sse_subscriber_free(sub_);  // no on_ready runs after this returns
  sub_ = nullptr;
  loop_.srv.counters.subscribers.fetch_sub(1);
}

}  // namespace sse::server
