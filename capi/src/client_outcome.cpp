// The end of an attempt or of a stream: default decisions (M4, M6, M7), backoff and
// the give-up rule, then the user's policy callbacks.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <mutex>
#include <string_view>

#include "client_engine.hpp"

namespace sse::capi {

namespace {

std::uint64_t ms_between(Clock::time_point from, Clock::time_point to) {
  return static_cast<std::uint64_t>(
      std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count()));
}

bool is_tls_error(CURLcode r) {
  switch (r) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      return true;
    default:
      return false;
  }
}

const char *curl_message(const sse_client &c, CURLcode result) {
  return c.curl_error[0] != '\0' ? c.curl_error : curl_easy_strerror(result);
}

// A message in the handle's memory.
String text(sse_client &c, std::initializer_list<std::string_view> parts) {
  String out(&c.memory);
  for (std::string_view part : parts) out += part;
  return out;
}

std::string_view decimal(char (&buffer)[24], std::uint64_t n) {
  int len = std::snprintf(buffer, sizeof buffer, "%llu", static_cast<unsigned long long>(n));
  return std::string_view(buffer, static_cast<std::size_t>(len));
}

// What a curl error without a response is (M4 b; a bad redirect target is the
// redirect's fault, a refused connection after a redirect is still the network's).
int failure_kind(const sse_client &c, CURLcode result) {
  if (is_tls_error(result)) return SSE_FAILURE_TLS;
  if (result == CURLE_TOO_MANY_REDIRECTS) return SSE_FAILURE_REDIRECTS;
  bool bad_target = result == CURLE_URL_MALFORMAT || result == CURLE_UNSUPPORTED_PROTOCOL;
  if (bad_target && c.response.redirects > 0) return SSE_FAILURE_REDIRECTS;
  return SSE_FAILURE_NETWORK;
}

// The give-up rule turns a default reconnect into a stop.
void apply_give_up(const sse_client &c, sse_decision &d) {
  if (d.action != SSE_CLIENT_RECONNECT) return;
  bool attempts_done = c.max_attempts != 0 && c.failed_in_row >= c.max_attempts;
  bool time_done = c.max_elapsed_ms != 0 && c.outage_since &&
                   ms_between(*c.outage_since, Clock::now()) >= c.max_elapsed_ms;
  if (attempts_done || time_done) {
    d.action = SSE_CLIENT_STOP;
    d.gave_up = 1;
  }
}

// Runs a policy callback (on_failure or on_disconnect, may be NULL) and applies (or
// parks) the decision it leaves.
template <typename Info>
void decide_with(sse_client &c, sse_decision d,
                 int (*callback)(sse_client *, const Info *, sse_decision *, void *),
                 const Info &info) {
  int rc = callback ? deliver(c, [&] { return callback(&c, &info, &d, c.user_data); }) : 0;
  if (stopping(c)) {
    close_client(c);
    return;
  }
  if (rc == SSE_PAUSE) {  // the caller decides later with sse_client_decide()
    {
      std::lock_guard<std::mutex> lock(c.decision_lock);
      c.pending_decision = d;
      c.decision_pending = true;
      c.decision_given = false;
    }
    c.phase = Phase::deciding;
    c.state.store(SSE_CLIENT_CONNECTING);
    return;
  }
  apply_decision(c, d);
}

}  // namespace

std::int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void attempt_failed(sse_client &c, CURLcode result) {
  bool have_response = c.phase == Phase::rejecting;
  c.failures.fetch_add(1);
  ++c.failed_in_row;
  c.backoff.failed();
  if (!c.outage_since) c.outage_since = Clock::now();

  sse_failure f{};
  f.attempt = c.failed_in_row;
  f.retry_after_ms = -1;
  sse_decision d{SSE_CLIENT_RECONNECT, 0, 0};
  String message(&c.memory);
  Vector<sse_header> storage(&c.memory);
  sse_response response{};
  char number[24];
  if (have_response) {
    response = response_view(c, storage);
    f.response = &response;
    f.code = SSE_EPROTO;
    int status = c.response.status;
    const String *type = response_header(c, "Content-Type");
    if (c.response.bad_redirect != nullptr) {
      f.kind = SSE_FAILURE_REDIRECTS;
      f.code = SSE_EINVAL;
      const String *location = response_header(c, "Location");
      message = text(c, {"HTTP ", decimal(number, status), " redirects to '",
                         location ? std::string_view(*location) : "", "', not a valid URL: ",
                         c.response.bad_redirect});
    } else if (status == 204) {
      f.kind = SSE_FAILURE_NO_CONTENT;
      message = "HTTP 204 No Content: the server asked the client to stop";
    } else if (status == 200) {
      f.kind = SSE_FAILURE_CONTENT_TYPE;
      message = text(c, {"HTTP 200 with Content-Type '", type ? std::string_view(*type) : "(none)",
                         "'; expected text/event-stream"});
    } else {
      f.kind = SSE_FAILURE_STATUS;
      message = text(c, {"HTTP ", decimal(number, status), " from ", c.response.url});
    }
    if (const String *ra = response_header(c, "Retry-After"))
      if (auto ms = core::parse_retry_after(*ra, unix_now_ms()))
        f.retry_after_ms = static_cast<std::int64_t>(std::min<std::uint64_t>(*ms, INT64_MAX));
    bool retryable = f.kind == SSE_FAILURE_STATUS &&
                     std::find(c.retry_statuses.begin(), c.retry_statuses.end(), status) !=
                         c.retry_statuses.end();
    d.action = retryable ? SSE_CLIENT_RECONNECT : SSE_CLIENT_STOP;
  } else if (result == CURLE_OK) {
    // No stream, no curl error and no response: never a network failure "No error".
    f.kind = SSE_FAILURE_STATUS;
    f.code = SSE_EPROTO;
    message = "the transfer ended without a response";
    d.action = SSE_CLIENT_STOP;
  } else {
    message = curl_message(c, result);
    f.kind = failure_kind(c, result);
    f.code = result == CURLE_OPERATION_TIMEDOUT ? SSE_ETIMEDOUT : SSE_EIO;
    if (result == CURLE_URL_MALFORMAT) {  // retrying the same URL cannot help
      f.code = SSE_EINVAL;
      d.action = SSE_CLIENT_STOP;
    }
  }
  // Filled in for a default stop too, so a policy that overrides it to reconnect has
  // the delay the library would use (Retry-After included).
  d.delay_ms = c.backoff.next_delay(c.reconnection_ms.load());
  if (f.retry_after_ms > 0)
    d.delay_ms = std::max(d.delay_ms, static_cast<std::uint64_t>(f.retry_after_ms));
  apply_give_up(c, d);
  f.message = message.c_str();
  end_transfer(c);
  decide_with(c, d, c.callbacks.on_failure, f);
}

void stream_ended(sse_client &c, int reason, CURLcode result) {
  auto now = Clock::now();
  std::uint64_t open_ms = ms_between(c.opened_at, now);
  c.parser.finish();  // the unfinished event is discarded (P27, M6)
  c.backoff.disconnected(open_ms, c.events_this_stream > 0);
  c.outage_since = now;
  sse_disconnect dc{};
  dc.reason = reason;
  dc.connected_ms = open_ms;
  dc.events = c.events_this_stream;
  String message(&c.memory);
  char number[24];
  if (reason == SSE_DISCONNECT_END) {
    message = "the server ended the stream";
  } else if (reason == SSE_DISCONNECT_IDLE) {
    dc.code = SSE_ETIMEDOUT;
    message = text(c, {"no event or comment for ", decimal(number, c.idle_timeout_ms), " ms"});
  } else if (reason == SSE_DISCONNECT_READ_TIMEOUT) {
    dc.code = SSE_ETIMEDOUT;
    message = text(c, {"no byte received for ", decimal(number, c.read_timeout_ms), " ms"});
  } else {
    dc.code = SSE_EIO;
    message = text(c, {"connection lost: ", curl_message(c, result)});
  }
  dc.message = message.c_str();
  sse_decision d{SSE_CLIENT_RECONNECT, c.backoff.next_delay(c.reconnection_ms.load()), 0};
  apply_give_up(c, d);
  end_transfer(c);
  c.state.store(SSE_CLIENT_CONNECTING);
  decide_with(c, d, c.callbacks.on_disconnect, dc);
}

namespace {

void drop_pending_decision(sse_client &c) {
  std::lock_guard<std::mutex> lock(c.decision_lock);
  c.decision_pending = false;
}

}  // namespace

void apply_pending_decision(sse_client &c) {
  sse_decision d;
  {
    std::lock_guard<std::mutex> lock(c.decision_lock);
    d = c.pending_decision;
    c.decision_pending = false;
  }
  apply_decision(c, d);
}

void wait_for_decision(sse_client &c) noexcept {
  if (c.phase != Phase::deciding) return;
  try {
    std::unique_lock<std::mutex> lock(c.decision_lock);
    c.decision_changed.wait(lock, [&] {
      return c.decision_given || !c.decision_pending || c.close_requested.load() ||
             c.restart_requested.load();
    });
  } catch (...) {
    // A failed wait only means the thread runs again at once, as before 1.1.
  }
}

void notify_decision_waiter(sse_client &c) noexcept {
  try {
    std::lock_guard<std::mutex> lock(c.decision_lock);  // no lost wake-up
  } catch (...) {
  }
  c.decision_changed.notify_all();
}

void restart_now(sse_client &c) {
  if (c.phase == Phase::start || c.phase == Phase::requesting) return;  // already due
  if (c.phase == Phase::open) c.parser.finish();  // the unfinished event is dropped (P27)
  end_transfer(c);
  drop_pending_decision(c);  // a paused decision is replaced by the restart
  c.phase = Phase::requesting;
  c.state.store(SSE_CLIENT_CONNECTING);
}

void apply_decision(sse_client &c, const sse_decision &d) {
  if (d.action == SSE_CLIENT_STOP) {
    close_client(c);  // M8: failing the connection never reconnects
    return;
  }
  c.phase = Phase::waiting;
  c.state.store(SSE_CLIENT_CONNECTING);
  // Clamped so the time arithmetic cannot overflow; a year is "never" in practice.
  std::uint64_t delay = std::min<std::uint64_t>(d.delay_ms, 365ull * 24 * 3600 * 1000);
  c.next_attempt_at = Clock::now() + std::chrono::milliseconds(delay);
  c.current_delay_ms.store(delay);
}

void close_client(sse_client &c) {
  end_transfer(c);
  drop_pending_decision(c);
  c.phase = Phase::closed;
  c.state.store(SSE_CLIENT_CLOSED);
}

}  // namespace sse::capi
