// One subscriber streamed over one HTTP response.
//
// Frames taken from the publisher are added by reference (evbuffer_add_reference,
// released by sse_frame_release once written) and everything ready for the stream
// in one loop turn goes out as one chunk. On plain TCP, when nothing is pending in
// the connection's output, the chunk is written straight to the socket with one
// sendmsg over the frames themselves: no allocation and no EPOLLOUT round trip per
// delivery. What the socket does not take (and
// everything over TLS) waits in the connection's output buffer, and frames are only
// taken while that buffer is below a watermark, so a client that does not read
// leaves its backlog in the subscriber's bounded queue, where the publisher's
// slow-consumer policy deals with it.
#pragma once

#include <atomic>

#include <sse/publisher.h>

#include "status.hpp"

struct evbuffer;
struct evbuffer_cb_entry;
struct evbuffer_cb_info;
struct evhttp_request;

namespace sse::server {

class Connection;
class Loop;

class Stream {
 public:
  Stream(Connection &conn, evhttp_request *req);
  ~Stream();
  Stream(const Stream &) = delete;
  Stream &operator=(const Stream &) = delete;

  // Creates the subscriber; on failure nothing was sent and the caller replies.
  Status subscribe(const sse_subscriber_options &base_opts);
  // Sends the response head and whatever is already queued (retry, replay).
  void begin();
  // Loop thread: move ready frames into the output (once per loop turn for a ready
  // stream, and again when a full output has drained).
  void drain();
  // Graceful end (server stop): send what is queued, then end the response.
  void finish();
  // The connection is gone (evhttp is freeing it): drop the subscriber.
  void connection_closed();

  // The readiness handshake with publishing threads (see Loop::mark_ready):
  // `flagged` is set by whoever puts the stream on the ready list and cleared by
  // the loop when it takes it off, so a stream is listed at most once.
  std::atomic<bool> flagged{false};
  // Set when the stream was released while still listed; the loop deletes it.
  bool orphaned = false;

 private:
  static void on_ready(sse_subscriber *s, void *user_data);
  static void on_output_changed(evbuffer *buf, const evbuffer_cb_info *info, void *arg);
  // Sends taken frames as one chunk: straight to the socket when possible, the rest
  // queued in the output buffer. Takes over the frame references.
  void send(sse_frame_ref *refs, size_t n);
  // Gives up on the stream: releases `refs` and the subscriber, shuts the socket.
  void abandon(sse_frame_ref *refs, size_t n);
  void end_response();
  void stop_watching_output();
  void release_subscriber();

  Connection &conn_;
  Loop &loop_;
  evhttp_request *req_;
  sse_subscriber *sub_ = nullptr;
  evbuffer *out_ = nullptr;              // the connection's output buffer
  evbuffer_cb_entry *out_watch_ = nullptr;
  int fd_ = -1;                          // the socket for direct writes; -1 over TLS
  bool chunked_ = false;
  bool blocked_ = false;                 // stopped taking at the watermark
  bool ended_ = false;
  bool finishing_ = false;
};

}  // namespace sse::server
