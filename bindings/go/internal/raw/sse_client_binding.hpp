// The client side of the C++ layer SWIG wraps for Go, Ruby and Java.
//
// A language drives the client with run(timeout_ms), which returns one packed batch
// (sse_batch.hpp) holding every callback of that call, ending with a STATUS record.
// The C callbacks here never call into the target language, so run() may block with
// Ruby's GVL released or on any Go/Java thread.
//
// Policy callbacks: when the language has a handler for failures, disconnects or
// before-request, the matching pause_* flag makes the C callback return SSE_PAUSE,
// so run() returns with that record last; the language calls its handler and then
// decide() (or the request setters), and runs again. Without a handler the library
// default applies inside the same run() and the record is informational.
#ifndef SSE_CLIENT_BINDING_HPP
#define SSE_CLIENT_BINDING_HPP

#include <sse/sse.h>

#include <atomic>
#include <string>
#include <vector>

#include "sse_batch.hpp"
#include "sse_binding.hpp"

namespace sse_binding {

// Everything sse_client_options holds, as SWIG-friendly members. Strings are bytes;
// the has_* flags tell "not set" from "empty". Filling it cannot fail: the values are
// checked when a Client is built from it.
class ClientConfig {
 public:
  std::string url;
  std::string method;  // empty = GET
  std::string body;
  bool has_body = false;
  std::string last_event_id;
  std::string user_agent;  // empty = library default
  std::string proxy;
  std::string ca_file;
  std::string client_cert;
  std::string client_key;
  bool insecure = false;
  bool accept_encoding = true;
  int http_version = 0;
  int64_t connect_timeout_ms = -1;  // -1 = library default
  int64_t idle_timeout_ms = 0;
  int64_t read_timeout_ms = 0;  // 0 = off
  bool unrestricted_auth = false;
  int64_t retry_ms = -1;
  int64_t max_backoff_ms = -1;
  int64_t backoff_reset_ms = -1;
  int jitter_percent = -1;
  int64_t max_attempts = 0;
  int64_t max_elapsed_ms = 0;
  int max_redirects = -1;
  int64_t max_event_bytes = 0;  // 0 = library default
  int64_t max_failure_body_bytes = -1;  // -1 = library default (1 KiB)
  bool want_comments = false;
  bool pause_on_failure = false;
  bool pause_on_disconnect = false;
  bool pause_before_request = false;

  // Cannot fail short of the language's own memory running out.
  void add_header(const char *name, size_t name_len, const char *value, size_t value_len) {
    header_names.emplace_back(name ? name : "", name_len);
    header_values.emplace_back(value ? value : "", value_len);
  }
  void add_retry_status(int status) { retry_statuses.push_back(status); }

  std::vector<std::string> header_names;
  std::vector<std::string> header_values;
  std::vector<int> retry_statuses;
};

// The C API takes NUL-terminated strings here; a NUL inside a language string would
// silently cut it short, so it is refused instead.
inline bool has_nul(const char *p, size_t len) {
  return p != nullptr && len != 0 && std::memchr(p, '\0', len) != nullptr;
}
inline bool has_nul(const std::string &s) { return has_nul(s.data(), s.size()); }

// The client. Like Parser, the constructor records its status (check last_code()),
// and every fallible method returns one.
class Client : public Outcome {
 public:
  explicit Client(const ClientConfig &cfg) {
    guard([&] { return create(cfg); });
  }
  ~Client() { sse_client_free(c_); }
  Client(const Client &) = delete;
  Client &operator=(const Client &) = delete;

  // Drives the client for up to timeout_ms (-1 = until something happens that the
  // language must see). Returns the batch; its last record is STATUS with run()'s
  // code (0, SSE_PAUSED, SSE_ECLOSED or a negative error): the language delivers the
  // records first, then reports the status.
  std::string run(int timeout_ms) {
    batch_.clear();
    batch_full_ = false;
    woken_ = false;
    int rc = sse_client_run(c_, timeout_ms);
    if (rc == SSE_PAUSED && batch_full_) rc = 0;  // our own pause, not a policy question
    if (rc < 0) record(rc);
    batch_.kind(RECORD_STATUS);
    batch_.i32(rc);
    return batch_.bytes();
  }
  // Answers the policy record run() paused on. When that decision is no longer
  // pending because sse_client_restart() or sse_client_close() replaced it from another
  // thread meanwhile (SSE_EBUSY), nothing is left to decide: 0, not an error.
  int decide(int action, uint64_t delay_ms) noexcept {
    sse_decision d{action, delay_ms, 0};
    int rc = sse_client_decide(c_, &d);
    return rc == SSE_EBUSY ? 0 : record(rc);
  }
  // Which policy records the language answers (pause), changed when handlers are
  // installed after construction: a record without a handler is informational
  // (observers see it) and the library default applies inside the same run().
  // Thread-safe: read by the driving thread at the next record.
  void set_pauses(bool on_failure, bool on_disconnect, bool before_request) noexcept {
    pause_on_failure_ = on_failure;
    pause_on_disconnect_ = on_disconnect;
    pause_before_request_ = before_request;
  }
  // Thread-safe.
  void wakeup() noexcept { sse_client_wakeup(c_); }
  // Thread-safe.
  void close() noexcept { sse_client_close(c_); }
  // Thread-safe: drops the connection and reconnects at once (sse_client_restart).
  // The status is returned only: another thread's failure must not overwrite the
  // message of the driving thread's call.
  int restart() noexcept { return sse_client_restart(c_); }

  int set_url(const char *text, size_t len) noexcept {
    if (has_nul(text, len)) return refuse_nul("url");
    return guard([&] { return sse_client_set_url(c_, bytes(text, len).c_str()); });
  }
  int set_header(const char *name, size_t name_len, const char *value, size_t value_len) noexcept {
    if (has_nul(name, name_len)) return refuse_nul("header name");
    if (has_nul(value, value_len)) return refuse_nul("header value");
    return guard([&] {
      return sse_client_set_header(c_, bytes(name, name_len).c_str(),
                                   bytes(value, value_len).c_str());
    });
  }
  int remove_header(const char *name, size_t name_len) noexcept {
    if (has_nul(name, name_len)) return refuse_nul("header name");
    return guard([&] { return sse_client_set_header(c_, bytes(name, name_len).c_str(), nullptr); });
  }
  int set_method(const char *text, size_t len) noexcept {
    if (has_nul(text, len)) return refuse_nul("method");
    return guard([&] { return sse_client_set_method(c_, bytes(text, len).c_str()); });
  }
  int set_body(const char *data, size_t len) noexcept {
    return record(sse_client_set_body(c_, data ? data : "", len));
  }
  int remove_body() noexcept { return record(sse_client_set_body(c_, nullptr, 0)); }
  int set_last_event_id(const char *id, size_t len) noexcept {
    return record(sse_client_set_last_event_id(c_, id ? id : "", len));
  }

 private:
  int refuse_nul(const char *what) noexcept {
    char message[96];
    std::snprintf(message, sizeof message, "%s contains a NUL byte", what);
    return fail(SSE_EINVAL, message);
  }
  // A NUL-terminated copy of a borrowed byte string, for the C API.
  static std::string bytes(const char *p, size_t len) { return std::string(p ? p : "", len); }

  int create(const ClientConfig &cfg) {
    set_pauses(cfg.pause_on_failure, cfg.pause_on_disconnect, cfg.pause_before_request);
    for (const std::string *s : {&cfg.url, &cfg.method, &cfg.last_event_id, &cfg.user_agent,
                                 &cfg.proxy, &cfg.ca_file, &cfg.client_cert, &cfg.client_key})
      if (has_nul(*s)) return refuse_nul("a client setting");
    for (const auto &v : cfg.header_names)
      if (has_nul(v)) return refuse_nul("a header name");
    for (const auto &v : cfg.header_values)
      if (has_nul(v)) return refuse_nul("a header value");
    std::vector<sse_header> headers;
    for (std::size_t i = 0; i < cfg.header_names.size(); ++i)
      headers.push_back(sse_header{{cfg.header_names[i].data(), cfg.header_names[i].size()},
                                   {cfg.header_values[i].data(), cfg.header_values[i].size()}});
    sse_client_options o = SSE_CLIENT_OPTIONS_INIT;
    o.url = cfg.url.c_str();
    if (!cfg.method.empty()) o.method = cfg.method.c_str();
    if (cfg.has_body) {
      o.body = cfg.body.data();
      o.body_len = cfg.body.size();
    }
    o.headers = headers.data();
    o.header_count = headers.size();
    if (!cfg.last_event_id.empty()) o.last_event_id = cfg.last_event_id.c_str();
    if (!cfg.user_agent.empty()) o.user_agent = cfg.user_agent.c_str();
    if (!cfg.proxy.empty()) o.proxy = cfg.proxy.c_str();
    if (!cfg.ca_file.empty()) o.ca_file = cfg.ca_file.c_str();
    if (!cfg.client_cert.empty()) o.client_cert = cfg.client_cert.c_str();
    if (!cfg.client_key.empty()) o.client_key = cfg.client_key.c_str();
    o.insecure = cfg.insecure ? 1 : 0;
    o.accept_encoding = cfg.accept_encoding ? 1 : 0;
    o.http_version = cfg.http_version;
    if (cfg.connect_timeout_ms >= 0) o.connect_timeout_ms = static_cast<uint64_t>(cfg.connect_timeout_ms);
    o.idle_timeout_ms = static_cast<uint64_t>(cfg.idle_timeout_ms > 0 ? cfg.idle_timeout_ms : 0);
    o.read_timeout_ms = static_cast<uint64_t>(cfg.read_timeout_ms > 0 ? cfg.read_timeout_ms : 0);
    o.unrestricted_auth = cfg.unrestricted_auth ? 1 : 0;
    if (cfg.retry_ms >= 0) o.retry_ms = static_cast<uint64_t>(cfg.retry_ms);
    if (cfg.max_backoff_ms >= 0) o.max_backoff_ms = static_cast<uint64_t>(cfg.max_backoff_ms);
    if (cfg.backoff_reset_ms >= 0) o.backoff_reset_ms = static_cast<uint64_t>(cfg.backoff_reset_ms);
    if (cfg.jitter_percent >= 0) o.jitter_percent = static_cast<unsigned>(cfg.jitter_percent);
    o.max_attempts = static_cast<uint64_t>(cfg.max_attempts > 0 ? cfg.max_attempts : 0);
    o.max_elapsed_ms = static_cast<uint64_t>(cfg.max_elapsed_ms > 0 ? cfg.max_elapsed_ms : 0);
    o.retry_statuses = cfg.retry_statuses.data();
    o.retry_status_count = cfg.retry_statuses.size();
    if (cfg.max_redirects >= 0) o.max_redirects = static_cast<unsigned>(cfg.max_redirects);
    if (cfg.max_event_bytes > 0) o.max_event_bytes = static_cast<size_t>(cfg.max_event_bytes);
    if (o.max_event_bytes > 0xFFFFFFF0u) o.max_event_bytes = 0xFFFFFFF0u;
    if (cfg.max_failure_body_bytes >= 0)
      o.max_failure_body_bytes = static_cast<size_t>(cfg.max_failure_body_bytes);

    sse_client_callbacks cbs = SSE_CLIENT_CALLBACKS_INIT;
    cbs.on_before_request = &Client::on_before_request;
    cbs.on_open = &Client::on_open;
    cbs.on_event = &Client::on_event;
    cbs.on_comment = cfg.want_comments ? &Client::on_comment : nullptr;
    cbs.on_retry = &Client::on_retry;
    cbs.on_error = &Client::on_error;
    cbs.on_failure = &Client::on_failure;
    cbs.on_disconnect = &Client::on_disconnect;
    return sse_client_new(&c_, &o, &cbs, this);
  }

 public:
  std::string last_event_id() const {
    sse_str s = sse_client_last_event_id(c_);
    return std::string(s.ptr ? s.ptr : "", s.len);
  }
  std::string url() const {
    const char *u = sse_client_url(c_);
    return u ? u : "";
  }
  // Thread-safe.
  int state() const { return sse_client_state(c_); }

  // Counters, each read atomically (thread-safe).
  uint64_t attempts() const { return stats().attempts; }
  uint64_t reconnects() const { return stats().reconnects; }
  uint64_t failures() const { return stats().failures; }
  uint64_t events() const { return stats().events; }
  uint64_t bytes() const { return stats().bytes; }
  uint64_t skipped_events() const { return stats().skipped_events; }
  int64_t last_event_unix_ms() const { return stats().last_event_unix_ms; }
  uint64_t retry_ms() const { return stats().retry_ms; }
  uint64_t current_delay_ms() const { return stats().current_delay_ms; }

 private:
  sse_client_stats stats() const {
    sse_client_stats s = SSE_CLIENT_STATS_INIT;
    sse_client_get_stats(c_, &s);
    return s;
  }
  static Client &self(void *ud) { return *static_cast<Client *>(ud); }

  static int on_before_request(sse_client *cl, uint64_t attempt, void *ud) {
    return collect([&] {
      Client &c = self(ud);
      if (!c.pause_before_request_) return 0;
      c.batch_.kind(RECORD_REQUEST);
      c.batch_.u64(attempt);
      return c.recorded(cl, true);
    });
  }
  static int on_open(sse_client *cl, const sse_response *r, void *ud) {
    return collect([&] {
      Client &c = self(ud);
      c.batch_.kind(RECORD_OPEN);
      c.batch_.response(r);
      return c.recorded(cl);
    });
  }
  static int on_event(sse_client *cl, const sse_event *ev, void *ud) {
    return collect([&] {
      Client &c = self(ud);
      c.batch_.event(ev);
      if (c.batch_.bytes().size() >= kBatchBytes) {
        // Bounded batches: the C client keeps the unparsed rest for the next run, so
        // memory stays flat and the language starts on events sooner.
        c.batch_full_ = true;
        return SSE_PAUSE;
      }
      return c.recorded(cl);
    });
  }
  static int on_comment(sse_client *cl, sse_str text, void *ud) {
    return collect([&] {
      Client &c = self(ud);
      c.batch_.kind(RECORD_COMMENT);
      c.batch_.str(text);
      return c.recorded(cl);
    });
  }
  static int on_retry(sse_client *cl, uint64_t ms, void *ud) {
    return collect([&] {
      Client &c = self(ud);
      c.batch_.kind(RECORD_RETRY);
      c.batch_.u64(ms);
      return c.recorded(cl);
    });
  }
  static int on_error(sse_client *cl, int code, const char *message, void *ud) {
    return collect([&] {
      Client &c = self(ud);
      c.batch_.kind(RECORD_ERROR);
      c.batch_.i32(code);
      c.batch_.cstr(message);
      return c.recorded(cl);
    });
  }
  static int on_failure(sse_client *cl, const sse_failure *f, sse_decision *d, void *ud) {
    return collect([&] {
      Client &c = self(ud);
      c.batch_.kind(RECORD_FAILURE);
      c.batch_.i32(f->kind);
      c.batch_.i32(f->code);
      c.batch_.cstr(f->message);
      c.batch_.u64(f->attempt);
      c.batch_.i64(f->retry_after_ms);
      c.batch_.u8(f->response ? 1 : 0);
      if (f->response) {
        c.batch_.response(f->response);
        c.batch_.str(f->response->body);
      }
      c.batch_.decision(d);
      return c.recorded(cl, c.pause_on_failure_);
    });
  }
  static int on_disconnect(sse_client *cl, const sse_disconnect *dc, sse_decision *d, void *ud) {
    return collect([&] {
      Client &c = self(ud);
      c.batch_.kind(RECORD_DISCONNECT);
      c.batch_.i32(dc->reason);
      c.batch_.i32(dc->code);
      c.batch_.cstr(dc->message);
      c.batch_.u64(dc->connected_ms);
      c.batch_.u64(dc->events);
      c.batch_.decision(d);
      return c.recorded(cl, c.pause_on_disconnect_);
    });
  }

  // Every record ends here. run() then returns once the bytes of this read are parsed
  // (one wakeup per run, not per record), or at once with SSE_PAUSE when the language
  // must answer the record.
  int recorded(sse_client *cl, bool language_answers = false) {
    if (language_answers) return SSE_PAUSE;
    if (!woken_) {
      woken_ = true;
      sse_client_wakeup(cl);
    }
    return 0;
  }

  static constexpr std::size_t kBatchBytes = 256 * 1024;

  std::atomic<bool> pause_on_failure_ = false;
  std::atomic<bool> pause_on_disconnect_ = false;
  std::atomic<bool> pause_before_request_ = false;
  sse_client *c_ = nullptr;
  BatchWriter batch_;
  bool batch_full_ = false;  // on_event paused run() because the batch is full
  bool woken_ = false;       // this run() already asked to return after its round
};

}  // namespace sse_binding

#endif  // SSE_CLIENT_BINDING_HPP
