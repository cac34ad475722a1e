// The sse_client handle: request settings, the reconnect state machine's state, the
// libcurl transfer and the parser of the current stream (house style B13).
#pragma once

#include <curl/curl.h>
#include <sse/client.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

#include "../../core/client_policy.hpp"
#include "../../core/parser.hpp"
#include "client_memory.hpp"
#include "memory.hpp"

namespace sse::capi {

using Clock = std::chrono::steady_clock;

// What the next attempt sends; every field is a copy of the caller's data.
struct RequestSettings {
  explicit RequestSettings(std::pmr::memory_resource *m)
      : url(m), configured_origin(m), method("GET", m), headers(m), user_agent(m), proxy(m),
        ca_file(m), client_cert(m), client_key(m) {}
  String url;                // the next attempt's URL (a redirect's final URL, M12)
  String configured_origin;  // origin of the URL the caller set: credentials go there
  String method;
  std::optional<String> body;
  HeaderList headers;        // user headers, in order
  String user_agent;
  String proxy;
  bool has_proxy = false;
  String ca_file, client_cert, client_key;
  bool insecure = false;
  bool accept_encoding = true;
  bool unrestricted_auth = false;
  int http_version = 0;
  std::uint64_t connect_timeout_ms = 10000;
  unsigned max_redirects = 20;
};

// Where the state machine is (one transfer at most at any time).
enum class Phase {
  start,         // before the first attempt
  waiting,       // reconnection delay running until `next_attempt_at`
  requesting,    // on_before_request is due (or paused there)
  connecting,    // transfer started, no final response headers yet
  open,          // 200 text/event-stream: body goes to the parser
  rejecting,     // a final response that fails (M4 c/d): keeping the start of its body
  deciding,      // on_failure / on_disconnect paused; the decision may still change
  closed
};

// The final response of the current transfer, collected by the header callback.
struct ResponseInfo {
  explicit ResponseInfo(std::pmr::memory_resource *m) : headers(m), body(m), url(m) {}
  int status = 0;
  HeaderList headers;
  unsigned redirects = 0;  // redirect responses seen on this attempt
  String body;             // start of a rejected body
  String url;              // effective URL
  int http_version = 0;
  // A redirect whose target is not a well-formed http(s) URL: libcurl's reason.
  const char *bad_redirect = nullptr;
  void clear_block() {
    status = 0;
    headers.clear();
  }
  void reset() {
    clear_block();
    redirects = 0;
    body.clear();
    url.clear();
    http_version = 0;
    bad_redirect = nullptr;
  }
};

}  // namespace sse::capi

// The parser handler is the client itself: parsed events go straight to the user.
struct sse_client final : sse::core::ParserHandler {
  sse_client(const sse::capi::AllocatorResource &memory_in, const sse_client_options &options,
             const sse_client_callbacks &callbacks_in, void *user_data_in);
  ~sse_client() override;

  int on_event(const sse::core::Event &event) override;
  int on_comment(std::string_view text) override;
  int on_retry(std::uint64_t milliseconds) override;
  int on_skipped(std::string_view reason) override;
  bool wants_comments() const override { return true; }  // comments feed the idle timer

  sse::capi::AllocatorResource memory;
  sse_client_callbacks callbacks;
  void *user_data;

  // Settings.
  sse::capi::RequestSettings request;
  std::uint64_t idle_timeout_ms;
  std::uint64_t read_timeout_ms;
  std::uint64_t max_attempts;
  std::uint64_t max_elapsed_ms;
  sse::capi::Vector<int> retry_statuses;
  std::size_t max_failure_body_bytes;

  // State machine (driving thread only).
  sse::capi::Phase phase = sse::capi::Phase::start;
  std::atomic<bool> in_callback{false};  // inside sse_client_run(): user code may run
  std::atomic<std::thread::id> driver{};  // the thread inside sse_client_run()
  bool request_approved = false;         // on_before_request returned SSE_PAUSE earlier
  int pause_pending = 0;                 // a callback asked run() to return SSE_PAUSED
  int callback_error = 0;                // a callback's negative value, ends the client
  sse_decision pending_decision{};       // while Phase::deciding (decision_lock)
  sse::capi::Clock::time_point next_attempt_at{};
  sse::capi::Clock::time_point opened_at{};
  sse::capi::Clock::time_point last_activity{};  // last event or comment (idle timeout)
  sse::capi::Clock::time_point last_byte{};      // last body byte (read timeout)
  std::optional<sse::capi::Clock::time_point> outage_since;
  std::uint64_t failed_in_row = 0;       // consecutive failed attempts (give-up rule)
  std::uint64_t events_this_stream = 0;
  // Read once per received chunk, not per event: a clock read costs about as much as
  // parsing a small event.
  sse::capi::Clock::time_point chunk_received{};
  std::int64_t chunk_received_unix_ms = 0;
  sse::core::Backoff backoff;
  sse::core::Parser parser;

  // The transfer.
  CURLM *multi = nullptr;
  CURL *easy = nullptr;
  curl_slist *header_list = nullptr;
  curl_slist *proxy_header_list = nullptr;  // CURLOPT_PROXYHEADER: Proxy-Authorization
  char curl_error[CURL_ERROR_SIZE] = {0};
  sse::capi::ResponseInfo response;
  sse::capi::String pending_input;       // body bytes received while paused
  bool recv_paused = false;
  std::optional<CURLcode> finished;      // transfer done, handled once input is drained

  // Cross-thread signals.
  std::atomic<bool> wakeup_requested{false};
  std::atomic<bool> close_requested{false};
  std::atomic<bool> restart_requested{false};
  // A paused on_failure / on_disconnect decision, settable from any thread; the
  // sse_client_start() thread sleeps on `decision_changed` until it is decided.
  std::mutex decision_lock;
  std::condition_variable decision_changed;
  bool decision_pending = false;  // Phase::deciding, sse_client_decide() allowed
  bool decision_given = false;    // sse_client_decide() was called since
  std::atomic<int> state{SSE_CLIENT_CONNECTING};

  // Counters (readable from any thread).
  std::atomic<std::uint64_t> attempts{0}, reconnects{0}, failures{0}, events{0}, bytes{0},
      skipped{0}, current_delay_ms{0};
  std::atomic<std::uint64_t> reconnection_ms;  // M10: the server's retry, else retry_ms
  std::atomic<std::int64_t> last_event_unix_ms{0};

  // sse_client_start().
  std::thread runner;
  std::atomic<bool> runner_active{false};
  std::atomic<std::thread::id> runner_id{};  // set by the thread itself before it runs
  int runner_result = 0;
};
