/* Ruby part of the client binding, %included by sse_ruby.i before sse.i.
 *
 * Client::run() blocks for as long as the network or a reconnection delay takes,
 * so Ruby must not call it holding the GVL: every other Ruby thread would stop.
 * Ruby gets run_nogvl() instead, which
 * - releases the GVL around run() (rb_thread_call_without_gvl2), so other threads,
 *   signal handlers and Thread#kill / Thread#raise keep working;
 * - registers Client::wakeup() as the unblocking function: when Ruby interrupts the
 *   thread (Thread#kill, Thread#raise, Ctrl-C, process exit), run() returns within
 *   one I/O round and Ruby handles the interrupt right after the call;
 * - calls no Ruby API without the GVL: the released part only touches C++ data;
 * - catches C++ exceptions inside the released part and rethrows them after the
 *   GVL is back, where %exception (sse_ruby.i) turns them into SSE::Error.
 *
 * The _2 variant is used because it does not check interrupts after the call:
 * Ruby then raises them once the batch is a Ruby String back in lib/sse/client.rb,
 * never as a longjmp across this function's C++ objects. */

%{
#include <ruby/thread.h>

#include <cstdio>
#include <new>
#include <string>

#include "sse_client_binding.hpp"

namespace sse_ruby {

/* Everything the GVL-free part reads and writes: no Ruby object in here. */
struct RunCall {
  sse_binding::Client *client;
  int timeout_ms;
  bool ran;
  std::string batch;
  int error_code;
  char error_message[256];
};

static void *run_without_gvl(void *arg) {
  RunCall *call = static_cast<RunCall *>(arg);
  call->ran = true;
  try {
    call->batch = call->client->run(call->timeout_ms);
  } catch (const sse_binding::Error &e) {
    call->error_code = e.code() < 0 ? e.code() : SSE_EINTERNAL;
    std::snprintf(call->error_message, sizeof call->error_message, "%s", e.what());
  } catch (const std::bad_alloc &) {
    call->error_code = SSE_ENOMEM;
    std::snprintf(call->error_message, sizeof call->error_message, "out of memory");
  } catch (const std::exception &e) {
    call->error_code = SSE_EINTERNAL;
    std::snprintf(call->error_message, sizeof call->error_message, "%s", e.what());
  }
  return nullptr;
}

/* Ruby's unblocking function: may run on another thread, without the GVL. */
static void unblock_run(void *arg) { static_cast<RunCall *>(arg)->client->wakeup(); }

/* What run() returns when an interrupt was already pending and it never ran: a
 * batch holding only STATUS(0), "nothing happened, call again". */
static std::string idle_batch() {
  std::string batch(1, static_cast<char>(sse_binding::RECORD_STATUS));
  int32_t rc = 0;
  batch.append(reinterpret_cast<const char *>(&rc), sizeof rc);
  return batch;
}

}  // namespace sse_ruby
%}

/* Wrapped for Go and Java; in Ruby it would block every thread. */
%ignore sse_binding::Client::run;

%extend sse_binding::Client {
  /* Client::run(timeout_ms) with the GVL released; returns the batch as a binary
   * String. */
  VALUE run_nogvl(int timeout_ms) {
    sse_ruby::RunCall call{$self, timeout_ms, false, std::string(), 0, {0}};
    rb_thread_call_without_gvl2(&sse_ruby::run_without_gvl, &call, &sse_ruby::unblock_run,
                                &call);
    if (call.error_code != 0) throw sse_binding::Error(call.error_code, call.error_message);
    if (!call.ran) call.batch = sse_ruby::idle_batch();
    return rb_str_new(call.batch.data(), static_cast<long>(call.batch.size()));
  }
}
