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
 * - never raises: run() reports its status in the batch's last record (STATUS), and
 *   when run() itself throws (std::bad_alloc while it builds the batch), the batch is
 *   that STATUS record alone, with SSE_ENOMEM. lib/sse/client.rb raises from it.
 *
 * The _2 variant is used because it does not check interrupts after the call:
 * Ruby then raises them once the batch is a Ruby String back in lib/sse/client.rb,
 * never as a longjmp across this function. */

%{
#include <ruby/thread.h>

#include <cstdint>
#include <cstring>
#include <new>
#include <string>

#include "sse_client_binding.hpp"

namespace sse_ruby {

/* The batch of this thread's current run. It lives outside every wrapper frame, so
 * nothing leaks if building the Ruby String raises NoMemoryError, and run_nogvl
 * empties it as soon as the String is built. */
static std::string &run_buffer() {
  static thread_local std::string buffer;
  return buffer;
}

/* Everything the GVL-free part reads and writes: no Ruby object in here. */
struct RunCall {
  sse_binding::Client *client;
  int timeout_ms;
  std::string *batch;
  int failed;  // 0, or the status when run() threw instead of returning its batch
  bool ran;
};

static void *run_without_gvl(void *arg) {
  RunCall *call = static_cast<RunCall *>(arg);
  call->ran = true;
  try {
    *call->batch = call->client->run(call->timeout_ms);
  } catch (const std::bad_alloc &) {
    call->failed = SSE_ENOMEM;
  } catch (...) {
    call->failed = SSE_EINTERNAL;
  }
  return nullptr;
}

/* Ruby's unblocking function: may run on another thread, without the GVL. */
static void unblock_run(void *arg) { static_cast<RunCall *>(arg)->client->wakeup(); }

/* A batch holding only STATUS(rc), built without the C++ heap. */
static VALUE status_batch(int32_t rc) {
  char record[1 + sizeof rc];
  record[0] = static_cast<char>(sse_binding::RECORD_STATUS);
  std::memcpy(record + 1, &rc, sizeof rc);
  return rb_str_new(record, static_cast<long>(sizeof record));
}

}  // namespace sse_ruby
%}

/* Wrapped for Go and Java; in Ruby it would block every thread. */
%ignore sse_binding::Client::run;

%extend sse_binding::Client {
  /* Client::run(timeout_ms) with the GVL released; returns the batch as a binary
   * String. When an interrupt was already pending, run() never runs and the batch is
   * STATUS(0): "nothing happened, call again". */
  VALUE run_nogvl(int timeout_ms) {
    std::string &batch = sse_ruby::run_buffer();
    sse_ruby::RunCall call{$self, timeout_ms, &batch, 0, false};
    rb_thread_call_without_gvl2(&sse_ruby::run_without_gvl, &call, &sse_ruby::unblock_run,
                                &call);
    if (!call.ran) return sse_ruby::status_batch(0);
    if (call.failed != 0) return sse_ruby::status_batch(call.failed);
    VALUE result = rb_str_new(batch.data(), static_cast<long>(batch.size()));
    std::string().swap(batch);  // a batch can be 256 KiB: do not keep it per thread
    return result;
  }
}
