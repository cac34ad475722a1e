// One subscriber streamed over one HTTP response: frames taken from the publisher
// go into the connection's output buffer by reference (evbuffer_add_reference,
// released by sse_frame_release once written), batched into one chunk per loop
// turn, and only while that buffer is below a watermark, so a client that does not
// read leaves its backlog in the subscriber's bounded queue, where the publisher's
// slow-consumer policy deals with it.
#pragma once

#include <atomic>

#include <sse/publisher.h>

#include "status.hpp"

struct evhttp_connection;
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
  // Loop thread: move ready frames into the output (called once per loop turn for
  // a ready stream, and again when the output has drained).
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
  static void on_flushed(evhttp_connection *evcon, void *arg);
  void end_response();
  void release_subscriber();

  Connection &conn_;
  Loop &loop_;
  evhttp_request *req_;
  sse_subscriber *sub_ = nullptr;
  bool ended_ = false;
  bool finishing_ = false;
};

}  // namespace sse::server
