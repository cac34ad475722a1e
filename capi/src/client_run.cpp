// The driving loop behind sse_client_run(): one thread, curl's multi interface, every
// callback delivered inside it (house style: the client is driven).
#include <algorithm>
#include <chrono>
#include <limits>
#include <new>

#include "client_engine.hpp"
#include "error.hpp"

namespace sse::capi {

namespace {

// Longest single wait; waking up now and then costs nothing and bounds any surprise.
constexpr int kMaxPollMs = 1000;

int ms_until(Clock::time_point now, Clock::time_point then) {
  if (then <= now) return 0;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(then - now).count() + 1;
  return static_cast<int>(std::min<std::int64_t>(ms, kMaxPollMs));
}

Clock::time_point idle_deadline(const sse_client &c) {
  return c.last_activity + std::chrono::milliseconds(c.idle_timeout_ms);
}

Clock::time_point read_deadline(const sse_client &c) {
  return c.last_byte + std::chrono::milliseconds(c.read_timeout_ms);
}

// The disconnect reason of an open stream whose timer ran out, or 0. No byte at all
// is checked first: it is the narrower report (a stalled connection).
int stream_timeout(const sse_client &c, Clock::time_point now) {
  if (c.read_timeout_ms != 0 && now >= read_deadline(c)) return SSE_DISCONNECT_READ_TIMEOUT;
  if (c.idle_timeout_ms != 0 && now >= idle_deadline(c)) return SSE_DISCONNECT_IDLE;
  return 0;
}

// Parses body bytes kept back by a pause. Returns false when it paused again.
bool drain_pending_input(sse_client &c) {
  String chunk(&c.memory);
  chunk.swap(c.pending_input);
  size_t consumed = 0;
  stamp_chunk(c);  // when it is parsed: the user held it back until now
  int rc = c.parser.feed(chunk.data(), chunk.size(), consumed);
  if (rc == 0) return true;
  if (rc == SSE_PAUSE && !stopping(c))
    c.pending_input.assign(chunk, consumed, String::npos);
  return false;
}

// The transfer's end, once every byte it delivered has been parsed.
void finish_transfer(sse_client &c) {
  CURLcode result = *c.finished;
  // Safety net: a clean end without an open stream is the last response's failure,
  // never a network failure "No error".
  if (c.phase == Phase::connecting && result == CURLE_OK && c.response.status != 0)
    reject_final_response(c);
  if (c.phase == Phase::open)
    stream_ended(c, result == CURLE_OK ? SSE_DISCONNECT_END : SSE_DISCONNECT_NETWORK, result);
  else
    attempt_failed(c, result);
}

// M7 step 4 and the before-request hook. Returns false when run() must return.
bool begin_attempt(sse_client &c, int &rc) {
  std::uint64_t attempt = c.attempts.load() + 1;
  if (!c.request_approved && c.callbacks.on_before_request != nullptr) {
    int r = deliver(c, [&] { return c.callbacks.on_before_request(&c, attempt, c.user_data); });
    if (stopping(c)) return true;  // the loop closes
    if (r == SSE_PAUSE) {
      c.request_approved = true;  // send it on the next run without asking again
      return true;
    }
  }
  c.request_approved = false;
  if ((rc = start_transfer(c)) != 0) return false;
  c.attempts.fetch_add(1);
  if (attempt > 1) c.reconnects.fetch_add(1);
  return true;
}

// One wait + perform round on the transfer (or just the wait between attempts).
int poll_and_perform(sse_client &c, int wait_ms) {
  CURLMcode mc = curl_multi_poll(c.multi, nullptr, 0, wait_ms, nullptr);
  if (mc != CURLM_OK) return set_error(SSE_EIO, "sse_client_run: %s", curl_multi_strerror(mc));
  if (c.easy == nullptr) return 0;
  int running = 0;
  mc = curl_multi_perform(c.multi, &running);
  if (mc != CURLM_OK) return set_error(SSE_EIO, "sse_client_run: %s", curl_multi_strerror(mc));
  int queued = 0;
  while (CURLMsg *m = curl_multi_info_read(c.multi, &queued))
    if (m->msg == CURLMSG_DONE && m->easy_handle == c.easy) c.finished = m->data.result;
  return 0;
}

}  // namespace

int run_client(sse_client &c, int timeout_ms) {
  const bool bounded = timeout_ms >= 0;
  const auto deadline = Clock::now() + std::chrono::milliseconds(bounded ? timeout_ms : 0);
  bool waited = false;
  for (;;) {
    if (c.close_requested.load() && c.phase != Phase::closed) close_client(c);
    if (c.callback_error != 0) {
      close_client(c);
      int rc = c.callback_error;
      c.callback_error = 0;
      c.close_requested.store(true);  // the error is reported once, then SSE_ECLOSED
      if (rc == SSE_ENOMEM) return set_error(rc, "sse_client_run: out of memory");
      return set_error(rc, "sse_client_run: a callback returned %d", rc);
    }
    if (c.phase == Phase::closed) return set_error(SSE_ECLOSED, "sse_client_run: client is closed");
    if (c.restart_requested.exchange(false)) restart_now(c);
    if (c.pause_pending) {
      c.pause_pending = 0;
      return SSE_PAUSED;
    }
    if (c.wakeup_requested.exchange(false)) return 0;

    if (!c.pending_input.empty()) {
      if (!drain_pending_input(c)) continue;
    }
    if (c.recv_paused && c.easy != nullptr) {
      c.recv_paused = false;
      c.last_byte = Clock::now();  // the pause was ours: the read timeout starts again
      curl_easy_pause(c.easy, CURLPAUSE_CONT);
    }
    if (c.finished) {
      finish_transfer(c);
      continue;
    }

    auto now = Clock::now();
    switch (c.phase) {
      case Phase::start:
        c.phase = Phase::requesting;
        continue;
      case Phase::deciding:
        apply_pending_decision(c);
        continue;
      case Phase::waiting:
        if (now >= c.next_attempt_at) {
          c.phase = Phase::requesting;
          continue;
        }
        break;
      case Phase::requesting: {
        int rc = 0;
        if (!begin_attempt(c, rc)) return rc;
        if (c.phase == Phase::requesting) continue;  // paused, or a callback ended it
        break;
      }
      case Phase::open:
        if (int reason = stream_timeout(c, now)) {
          stream_ended(c, reason, CURLE_OK);
          continue;
        }
        break;
      default:
        break;
    }

    if (bounded && waited && now >= deadline) return 0;
    int wait_ms = bounded ? ms_until(now, deadline) : kMaxPollMs;
    if (c.phase == Phase::waiting) wait_ms = std::min(wait_ms, ms_until(now, c.next_attempt_at));
    if (c.phase == Phase::open) {
      if (c.idle_timeout_ms != 0) wait_ms = std::min(wait_ms, ms_until(now, idle_deadline(c)));
      if (c.read_timeout_ms != 0) wait_ms = std::min(wait_ms, ms_until(now, read_deadline(c)));
    }
    if (int rc = poll_and_perform(c, wait_ms)) return rc;
    waited = true;
  }
}

}  // namespace sse::capi
