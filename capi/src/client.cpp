// extern "C" shims for sse_client_*: argument checks, the re-entrancy guard, the
// cross-thread signals and the exception firewall around the client engine.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <new>

#include <sse/version.h>

#include "boundary.hpp"
#include "client_engine.hpp"
#include "client_url.hpp"
#include "options.hpp"

using sse::capi::guarded;
using sse::capi::set_error;

namespace {

// libcurl's global init is once per process; we never call the cleanup because other
// users of libcurl in the same process may still need it.
bool init_curl_once() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; });
  return ok;
}

// H3 / request hygiene: `value` NULL means "remove" and is not checked.
// Messages print the name with "%.*s": nothing here may allocate outside the guard.
int check_header(const char *where, std::string_view name, const std::string_view *value) {
  const int name_len = static_cast<int>(std::min<std::size_t>(name.size(), 200));
  if (!sse::core::is_header_name(name))
    return set_error(SSE_EINVAL, "%s: header name '%.*s' is not an HTTP token", where,
                     name_len, name.data());
  if (sse::core::iequals_ascii(name, "Last-Event-ID"))
    return set_error(SSE_EINVAL, "%s: Last-Event-ID is managed by the client; use "
                     "sse_client_set_last_event_id()", where);
  if (value != nullptr && !sse::core::is_safe_header_value(*value))
    return set_error(SSE_EINVAL, "%s: header '%.*s' has NUL, CR or LF in its value", where,
                     name_len, name.data());
  return 0;
}

// Arguments of the calls that the driving thread makes.
int check_client(const char *where, const sse_client *c) {
  if (c == nullptr) return set_error(SSE_EINVAL, "%s: client is NULL", where);
  return 0;
}

}  // namespace

sse_client::sse_client(const sse::capi::AllocatorResource &memory_in,
                       const sse_client_options &o, const sse_client_callbacks &callbacks_in,
                       void *user_data_in)
    : memory(memory_in),
      callbacks(callbacks_in),
      user_data(user_data_in),
      request(&memory),
      idle_timeout_ms(o.idle_timeout_ms),
      read_timeout_ms(o.read_timeout_ms),
      max_attempts(o.max_attempts),
      max_elapsed_ms(o.max_elapsed_ms),
      retry_statuses(o.retry_statuses, o.retry_statuses + o.retry_status_count, &memory),
      max_failure_body_bytes(o.max_failure_body_bytes),
      backoff({o.max_backoff_ms, o.backoff_reset_ms, o.jitter_percent}),
      parser(*this, sse::core::ParserLimits{o.max_event_bytes}, &memory),
      response(&memory),
      pending_input(&memory) {
  auto &r = request;
  r.url = o.url;
  sse::capi::url_origin(o.url, r.configured_origin);
  if (o.method) r.method = o.method;
  if (o.body) r.body.emplace(o.body, o.body_len, &memory);
  for (size_t i = 0; i < o.header_count; ++i)
    r.headers.emplace_back(std::string_view(o.headers[i].name.ptr, o.headers[i].name.len),
                           std::string_view(o.headers[i].value.ptr ? o.headers[i].value.ptr : "",
                                            o.headers[i].value.len));
  r.user_agent = o.user_agent ? o.user_agent : "libsse/" SSE_VERSION_STRING;
  r.has_proxy = o.proxy != nullptr;
  if (o.proxy) r.proxy = o.proxy;
  if (o.ca_file) r.ca_file = o.ca_file;
  if (o.client_cert) r.client_cert = o.client_cert;
  if (o.client_key) r.client_key = o.client_key;
  r.insecure = o.insecure != 0;
  r.unrestricted_auth = o.unrestricted_auth != 0;
  r.accept_encoding = o.accept_encoding != 0;
  r.http_version = o.http_version;
  r.connect_timeout_ms = o.connect_timeout_ms;
  r.max_redirects = o.max_redirects;
  if (o.last_event_id) parser.set_last_event_id(o.last_event_id);
  reconnection_ms.store(o.retry_ms);
  multi = curl_multi_init();
  if (multi == nullptr) throw std::bad_alloc();
}

sse_client::~sse_client() {
  sse::capi::end_transfer(*this);
  curl_multi_cleanup(multi);
}

int sse_client::on_event(const sse::core::Event &event) {
  events.fetch_add(1, std::memory_order_relaxed);
  ++events_this_stream;
  last_event_unix_ms.store(chunk_received_unix_ms, std::memory_order_relaxed);
  last_activity = chunk_received;
  if (callbacks.on_event == nullptr) return 0;
  sse_event ev{{event.type.data(), event.type.size()},
               {event.data.data(), event.data.size()},
               {event.id.data(), event.id.size()}};
  return sse::capi::deliver(*this, [&] { return callbacks.on_event(this, &ev, user_data); });
}

int sse_client::on_comment(std::string_view text) {
  last_activity = chunk_received;  // keep-alive comments count as activity
  if (callbacks.on_comment == nullptr) return 0;
  return sse::capi::deliver(*this, [&] {
    return callbacks.on_comment(this, sse_str{text.data(), text.size()}, user_data);
  });
}

int sse_client::on_retry(std::uint64_t milliseconds) {
  reconnection_ms.store(milliseconds);  // M10: lasts across reconnections
  if (callbacks.on_retry == nullptr) return 0;
  return sse::capi::deliver(*this, [&] { return callbacks.on_retry(this, milliseconds, user_data); });
}

int sse_client::on_skipped(std::string_view reason) {
  skipped.fetch_add(1, std::memory_order_relaxed);
  if (callbacks.on_error == nullptr) return 0;
  return sse::capi::deliver(*this, [&] {
    return callbacks.on_error(this, SSE_ELIMIT, reason.data(), user_data);
  });
}

extern "C" {

SSE_API int sse_client_new(sse_client **out, const sse_client_options *opts,
                           const sse_client_callbacks *cbs, void *user_data) {
  static const char where[] = "sse_client_new";
  if (out == nullptr) return set_error(SSE_EINVAL, "%s: out is NULL", where);
  *out = nullptr;
  if (opts == nullptr) return set_error(SSE_EINVAL, "%s: opts is NULL (the URL is required)", where);
  sse_client_options options;
  sse_client_callbacks callbacks;
  if (int rc = sse::capi::read_client_options(where, opts, options)) return rc;
  if (int rc = sse::capi::read_client_callbacks(where, cbs, callbacks)) return rc;
  if (options.url == nullptr)
    return set_error(SSE_EINVAL, "%s: url is NULL (it is required)", where);
  if (int rc = sse::capi::check_url(where, "url", options.url)) return rc;
  if (options.method && !sse::core::is_method_token(options.method))
    return set_error(SSE_EINVAL, "%s: method is not an HTTP token", where);
  if (options.header_count != 0 && options.headers == nullptr)
    return set_error(SSE_EINVAL, "%s: headers is NULL but header_count is not 0", where);
  for (size_t i = 0; i < options.header_count; ++i) {
    const sse_header &h = options.headers[i];
    if (h.name.ptr == nullptr || (h.value.ptr == nullptr && h.value.len != 0))
      return set_error(SSE_EINVAL, "%s: header %zu has a NULL name or value", where, i);
    std::string_view value(h.value.ptr ? h.value.ptr : "", h.value.len);
    if (int rc = check_header(where, std::string_view(h.name.ptr, h.name.len), &value)) return rc;
  }
  if (options.last_event_id && !sse::core::is_safe_header_value(options.last_event_id))
    return set_error(SSE_EINVAL, "%s: last_event_id has CR or LF (H3)", where);
  if (options.retry_status_count != 0 && options.retry_statuses == nullptr)
    return set_error(SSE_EINVAL, "%s: retry_statuses is NULL but its count is not 0", where);
  if (options.body == nullptr && options.body_len != 0)
    return set_error(SSE_EINVAL, "%s: body is NULL but body_len is not 0", where);
  if (!init_curl_once()) return set_error(SSE_EIO, "%s: curl_global_init failed", where);
  return guarded(where, [&] {
    *out = sse::capi::create_handle<sse_client>(options.allocator, options, callbacks, user_data);
    return 0;
  });
}

SSE_API void sse_client_free(sse_client *c) {
  if (c == nullptr) return;
  // Only the driving thread can be inside a callback; another thread freeing a
  // started client is the normal way to stop it (close, then join below).
  if (c->in_callback.load() && c->driver.load() == std::this_thread::get_id()) {
    set_error(SSE_EBUSY, "sse_client_free: ignored, called from inside a callback");
    return;
  }
  sse_client_close(c);
  if (c->runner.joinable()) {
    if (c->runner_id.load() == std::this_thread::get_id()) {
      set_error(SSE_EBUSY, "sse_client_free: ignored, called from the client's own thread");
      return;
    }
    // join() throws only when the thread cannot be joined; then the handle leaks
    // rather than being freed under a running thread.
    if (guarded("sse_client_free", [&] {
          c->runner.join();
          return 0;
        }) != 0)
      return;
  }
  sse::capi::destroy_handle(c);
}

SSE_API int sse_client_run(sse_client *c, int timeout_ms) {
  static const char where[] = "sse_client_run";
  if (int rc = check_client(where, c)) return rc;
  if (c->in_callback)
    return set_error(SSE_EBUSY, "%s: not allowed from inside this client's callbacks", where);
  if (c->runner_active.load() && c->runner_id.load() != std::this_thread::get_id())
    return set_error(SSE_EBUSY, "%s: the client runs on its sse_client_start() thread", where);
  c->driver.store(std::this_thread::get_id());
  c->in_callback = true;  // from here on, user code may run at any point
  int rc = guarded(where, [&] { return sse::capi::run_client(*c, timeout_ms); });
  c->in_callback = false;
  c->driver.store(std::thread::id());
  // Returning satisfies every wakeup asked for during this call (its own callbacks
  // ask per round); one left set would make the next call return before doing work.
  c->wakeup_requested.store(false);
  if (rc < 0 && rc != SSE_ECLOSED && c->phase != sse::capi::Phase::closed) {
    // An internal failure (ENOMEM, curl) ends the client too: a half-driven transfer
    // is not resumable.
    // Copied to the stack: nothing may allocate here (it may be SSE_ENOMEM).
    const sse_error *e = sse_error_last();
    int code = e->code;
    char message[512];  // as long as the thread's error record
    std::snprintf(message, sizeof message, "%s", e->message);
    guarded(where, [&] {
      sse::capi::close_client(*c);
      return 0;
    });
    set_error(code, "%s", message);
  }
  return rc;
}

namespace {

// Sets a cross-thread flag and interrupts curl_multi_poll() if another thread may be
// waiting in it. From the driving thread's own callbacks no poll is in progress, so
// the flag alone does it: bindings wake up per event, and a syscall each would cost.
void signal_driver(sse_client *c, std::atomic<bool> &flag) {
  bool was_set = flag.exchange(true);
  bool own_thread = c->in_callback.load() && c->driver.load() == std::this_thread::get_id();
  if (!was_set && !own_thread) curl_multi_wakeup(c->multi);
}

}  // namespace

SSE_API int sse_client_wakeup(sse_client *c) {
  if (c == nullptr) return set_error(SSE_EINVAL, "sse_client_wakeup: client is NULL");
  signal_driver(c, c->wakeup_requested);
  return 0;
}

SSE_API int sse_client_close(sse_client *c) {
  if (c == nullptr) return set_error(SSE_EINVAL, "sse_client_close: client is NULL");
  c->state.store(SSE_CLIENT_CLOSED);
  signal_driver(c, c->close_requested);
  sse::capi::notify_decision_waiter(*c);
  return 0;
}

SSE_API int sse_client_restart(sse_client *c) {
  static const char where[] = "sse_client_restart";
  if (int rc = check_client(where, c)) return rc;
  if (c->state.load() == SSE_CLIENT_CLOSED)
    return set_error(SSE_ECLOSED, "%s: client is closed", where);
  signal_driver(c, c->restart_requested);
  sse::capi::notify_decision_waiter(*c);
  return 0;
}

SSE_API int sse_client_start(sse_client *c) {
  static const char where[] = "sse_client_start";
  if (int rc = check_client(where, c)) return rc;
  if (c->in_callback || c->runner.joinable())
    return set_error(SSE_EBUSY, "%s: already running", where);
  if (c->phase == sse::capi::Phase::closed || c->close_requested.load())
    return set_error(SSE_ECLOSED, "%s: client is closed", where);
  return guarded(where, [&] {
    c->runner_active.store(true);
    try {
      c->runner = std::thread([c] {
        // Before the first run: `c->runner` is assigned by the starting thread only
        // after this thread may already be running.
        c->runner_id.store(std::this_thread::get_id());
        int rc;
        do {
          rc = sse_client_run(c, -1);
          // A paused failure or disconnect waits for sse_client_decide(); any other
          // pause means nothing without a caller.
          if (rc == SSE_PAUSED) sse::capi::wait_for_decision(*c);
        } while (rc == 0 || rc == SSE_PAUSED);
        c->runner_result = rc;
      });
    } catch (const std::system_error &e) {
      c->runner_active.store(false);
      return set_error(SSE_EIO, "%s: cannot create the thread: %s", where, e.what());
    }
    return 0;
  });
}

SSE_API int sse_client_join(sse_client *c) {
  static const char where[] = "sse_client_join";
  if (int rc = check_client(where, c)) return rc;
  // The thread's own id first: it may run before `c->runner` is even assigned.
  if (c->runner_id.load() == std::this_thread::get_id())
    return set_error(SSE_EBUSY, "%s: called from the client's own thread", where);
  if (!c->runner.joinable()) return set_error(SSE_EINVAL, "%s: no sse_client_start() thread", where);
  return guarded(where, [&] {
    c->runner.join();
    c->runner_active.store(false);
    c->runner_id.store(std::thread::id());
    return c->runner_result;
  });
}

SSE_API int sse_client_decide(sse_client *c, const sse_decision *decision) {
  static const char where[] = "sse_client_decide";
  if (int rc = check_client(where, c)) return rc;
  if (decision == nullptr) return set_error(SSE_EINVAL, "%s: decision is NULL", where);
  if (decision->action != SSE_CLIENT_RECONNECT && decision->action != SSE_CLIENT_STOP)
    return set_error(SSE_EINVAL, "%s: unknown action %d", where, decision->action);
  return guarded(where, [&] {
    {
      std::lock_guard<std::mutex> lock(c->decision_lock);
      if (!c->decision_pending) return set_error(SSE_EBUSY, "%s: no decision is pending", where);
      c->pending_decision.action = decision->action;
      c->pending_decision.delay_ms = decision->delay_ms;
      c->decision_given = true;
    }
    c->decision_changed.notify_all();
    return 0;
  });
}

SSE_API int sse_client_set_url(sse_client *c, const char *url) {
  static const char where[] = "sse_client_set_url";
  if (int rc = check_client(where, c)) return rc;
  if (int rc = sse::capi::check_url(where, "url", url)) return rc;
  return guarded(where, [&] {
    // Parsed first: `url` may point into c->request.url (sse_client_url()).
    sse::capi::String origin(&c->memory);
    sse::capi::url_origin(url, origin);
    c->request.url = url;
    c->request.configured_origin = std::move(origin);
    return 0;
  });
}

SSE_API int sse_client_set_header(sse_client *c, const char *name, const char *value) {
  static const char where[] = "sse_client_set_header";
  if (int rc = check_client(where, c)) return rc;
  if (name == nullptr) return set_error(SSE_EINVAL, "%s: header name is NULL", where);
  std::string_view value_view(value ? value : "");
  if (int rc = check_header(where, name, value ? &value_view : nullptr)) return rc;
  return guarded(where, [&] {
    auto &headers = c->request.headers;
    std::erase_if(headers, [&](const auto &h) { return sse::core::iequals_ascii(h.first, name); });
    if (value != nullptr) headers.emplace_back(std::string_view(name), std::string_view(value));
    return 0;
  });
}

SSE_API int sse_client_set_method(sse_client *c, const char *method) {
  static const char where[] = "sse_client_set_method";
  if (int rc = check_client(where, c)) return rc;
  if (method == nullptr || !sse::core::is_method_token(method))
    return set_error(SSE_EINVAL, "%s: method is not an HTTP token", where);
  return guarded(where, [&] {
    c->request.method = method;
    return 0;
  });
}

SSE_API int sse_client_set_body(sse_client *c, const char *body, size_t len) {
  static const char where[] = "sse_client_set_body";
  if (int rc = check_client(where, c)) return rc;
  if (body == nullptr && len != 0) return set_error(SSE_EINVAL, "%s: body is NULL", where);
  return guarded(where, [&] {
    if (body == nullptr) c->request.body.reset();
    else c->request.body.emplace(body, len, &c->memory);
    return 0;
  });
}

SSE_API int sse_client_set_last_event_id(sse_client *c, const char *id, size_t len) {
  static const char where[] = "sse_client_set_last_event_id";
  if (int rc = check_client(where, c)) return rc;
  if (id == nullptr && len != 0) return set_error(SSE_EINVAL, "%s: id is NULL", where);
  if (id != nullptr && !sse::core::is_safe_header_value(std::string_view(id, len)))
    return set_error(SSE_EINVAL, "%s: id has NUL, CR or LF (H3)", where);
  return guarded(where, [&] {
    c->parser.set_last_event_id(std::string_view(id ? id : "", len));
    return 0;
  });
}

SSE_API sse_str sse_client_last_event_id(const sse_client *c) {
  if (c == nullptr) return sse_str{nullptr, 0};
  std::string_view id = c->parser.last_event_id();
  return sse_str{id.data(), id.size()};
}

SSE_API const char *sse_client_url(const sse_client *c) {
  return c ? c->request.url.c_str() : nullptr;
}

SSE_API int sse_client_state(const sse_client *c) {
  return c ? c->state.load() : SSE_CLIENT_CLOSED;
}

SSE_API int sse_client_get_stats(const sse_client *c, sse_client_stats *out) {
  static const char where[] = "sse_client_get_stats";
  if (c == nullptr || out == nullptr) return set_error(SSE_EINVAL, "%s: NULL argument", where);
  if (int rc = sse::capi::check_struct_version<sse_client_stats>(where, out->version)) return rc;
  // Filled whole, then only the caller's version of it is written (a caller built
  // against an older header has a smaller struct).
  sse_client_stats all = SSE_CLIENT_STATS_INIT;
  all.state = c->state.load();
  all.attempts = c->attempts.load();
  all.reconnects = c->reconnects.load();
  all.failures = c->failures.load();
  all.events = c->events.load();
  all.bytes = c->bytes.load();
  all.skipped_events = c->skipped.load();
  all.last_event_unix_ms = c->last_event_unix_ms.load();
  all.retry_ms = c->reconnection_ms.load();
  all.current_delay_ms = c->current_delay_ms.load();
  sse::capi::write_versioned(out, out->version, all);
  return 0;
}

SSE_API void *sse_client_user_data(const sse_client *c) { return c ? c->user_data : nullptr; }

SSE_API void sse_client_set_user_data(sse_client *c, void *user_data) {
  if (c != nullptr) c->user_data = user_data;
}

}  // extern "C"
