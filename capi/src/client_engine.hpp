// The client's state machine, split by concern:
// - client_transfer.cpp: one libcurl transfer (request building, header and body
//   callbacks, classifying the final response as open or rejected, M4);
// - client_outcome.cpp: what happens when an attempt fails or a stream ends (default
//   decisions, backoff, give-up, the policy callbacks, M6-M8);
// - client_run.cpp: the driving loop behind sse_client_run().
#pragma once

#include <curl/curl.h>

#include "client_handle.hpp"

namespace sse::capi {

// Starts an attempt with the current request settings. 0 or SSE_ENOMEM / SSE_EIO
// (recorded).
int start_transfer(sse_client &c);
// Releases the transfer (if any) and its per-attempt state.
void end_transfer(sse_client &c);
// The public view of the current response; `storage` backs the header array.
sse_response response_view(const sse_client &c, Vector<sse_header> &storage);
// The last value of a response header (case-insensitive name), or NULL.
const String *response_header(const sse_client &c, std::string_view name);
// The transfer ended cleanly on a response taken for a followed redirect that
// libcurl did not follow after all: that response is the final one, and it failed.
void reject_final_response(sse_client &c);
// Feeds body bytes to the parser, honouring pauses; returns what curl's write
// callback must return.
std::size_t receive_body(sse_client &c, const char *data, std::size_t len);

// The attempt ended without opening a stream / the open stream ended.
void attempt_failed(sse_client &c, CURLcode result);
void stream_ended(sse_client &c, int reason, CURLcode result);
// Applies a reconnect or stop decision; the paused one (Phase::deciding).
void apply_decision(sse_client &c, const sse_decision &d);
void apply_pending_decision(sse_client &c);
// sse_client_start()'s thread after a pause: sleeps while a paused decision waits
// for sse_client_decide(), sse_client_restart() or sse_client_close().
void wait_for_decision(sse_client &c) noexcept;
// Wakes wait_for_decision() after one of those calls.
void notify_decision_waiter(sse_client &c) noexcept;
// sse_client_restart(): drop the transfer, if any, and make the next attempt due now
// (no failure, no backoff step, no on_disconnect).
void restart_now(sse_client &c);
// Closes for good (M9): no transfer, no timer, state CLOSED.
void close_client(sse_client &c);

// Runs a user callback: records SSE_PAUSE and negative results on the handle, and
// skips the call once the client is closing. Returns what the caller should pass on.
// The client is closing or a callback failed: no more callbacks, abort the transfer.
inline bool stopping(const sse_client &c) {
  return c.close_requested.load(std::memory_order_relaxed) || c.callback_error != 0;
}

// sse_client_restart() was called: the current stream's remaining input is dropped.
inline bool restarting(const sse_client &c) {
  return c.restart_requested.load(std::memory_order_relaxed);
}

template <typename Call>
int deliver(sse_client &c, Call &&call) {
  if (stopping(c)) return SSE_PAUSE;  // stop the parser; the run loop closes
  int rc = call();
  if (rc == SSE_PAUSE) c.pause_pending = 1;
  else if (rc < 0) c.callback_error = rc;
  return rc == SSE_PAUSE || rc < 0 ? rc : 0;
}

std::int64_t unix_now_ms();

// Stamps the bytes about to be parsed with the time they arrived (`now`).
inline void stamp_chunk(sse_client &c, Clock::time_point now = Clock::now()) {
  c.chunk_received = now;
  c.chunk_received_unix_ms = unix_now_ms();
}

int run_client(sse_client &c, int timeout_ms);

}  // namespace sse::capi
