/* Go binding: the raw SWIG layer.
 *
 * swig -go -cgo -package raw turns this into the internal package
 * example.invalid/libsse/sse/internal/raw. Go code outside the module cannot import it;
 * the hand-written package sse (parser.go, encoder.go, ...) is the public API.
 */
%module raw

/* Warning 314: the C++ parameter `type` is a Go keyword and becomes `Xtype`. The raw
 * package is internal, so the renamed parameter is harmless. */
#pragma SWIG nowarn=314

/* Lands in the cgo preamble of the generated raw.go. pkg-config finds libsse through
 * PKG_CONFIG_PATH: meson-uninstalled/ in the build tree, or an installed libsse.pc. */
%insert(cgo_comment_typedefs) %{
#cgo pkg-config: libsse
#cgo CXXFLAGS: -std=c++20
%}

/* Raw Go names in Go style (Feed, LastEventId, SetLastEventId, ...). */
%rename("%(camelcase)s", %$isfunction) "";

/* One wrapper per constructor instead of overloads for the default arguments: SWIG's
 * Go overload dispatch takes ...interface{} and switches on types at run time. */
%feature("compactdefaultargs");

/* Byte strings cross as Go strings in both directions. Inputs are borrowed for the
 * call only (no copy), which is what sse_binding promises to need. */
%apply (char *STRING, size_t LENGTH) {
  (const char *data, size_t len),
  (const char *id, size_t len),
  (const char *text, size_t len),
  (const char *data, size_t data_len),
  (const char *type, size_t type_len),
  (const char *id, size_t id_len)
};

%{
#include <cstdio>
#include <new>
%}

/* A failed call becomes a Go panic whose value is the string "libsse:<code>:<message>";
 * the sse package recovers it and returns *sse.Error with that code (errors.go).
 *
 * The panic is raised only after the catch block has ended: a Go panic skips the C
 * frames it crosses, so raising it inside the handler would leave the C++ exception
 * object caught forever. The message goes through a fixed buffer for the same reason
 * (no destructor left to run), and SWIG's panic helper reads at most 1024 bytes. */
%exception {
  char sse_go_error[512];
  sse_go_error[0] = '\0';
  try {
    $action
  } catch (const sse_binding::Error &e) {
    std::snprintf(sse_go_error, sizeof sse_go_error, "libsse:%d:%s", e.code(), e.what());
  } catch (const std::bad_alloc &) {
    std::snprintf(sse_go_error, sizeof sse_go_error, "libsse:%d:%s", SSE_ENOMEM,
                  "out of memory in the Go binding");
  } catch (const std::exception &e) {
    std::snprintf(sse_go_error, sizeof sse_go_error, "libsse:%d:%s", SSE_EINTERNAL, e.what());
  } catch (...) {
    std::snprintf(sse_go_error, sizeof sse_go_error, "libsse:%d:%s", SSE_EINTERNAL,
                  "unknown C++ exception");
  }
  if (sse_go_error[0] != '\0') _swig_gopanic(sse_go_error);
}

%include "sse.i"

/* Zero-copy client batches. SWIG returns a std::string result by copying it twice
 * (into a malloc'ed buffer, then into a Go string), and a client batch holds
 * everything one run call read: tens of MB when the server is fast. run_batch keeps
 * the batch in C++ memory instead; package sse reads it in place through BatchView
 * (client_run.go copies out every string it keeps) and releases it with FreeBatch
 * before the next run. The handle is a heap std::string, as a uintptr. */
%extend sse_binding::Client {
  uintptr_t run_batch(int timeout_ms) {
    return reinterpret_cast<uintptr_t>(new std::string($self->run(timeout_ms)));
  }
}

/* The accessors are called from Go through cgo directly (declared in the preamble
 * below), so the data pointer reaches Go as a pointer, not as an integer. */
%{
extern "C" {
const char *sse_go_batch_data(uintptr_t batch) {
  return reinterpret_cast<const std::string *>(batch)->data();
}
size_t sse_go_batch_size(uintptr_t batch) {
  return reinterpret_cast<const std::string *>(batch)->size();
}
void sse_go_batch_free(uintptr_t batch) { delete reinterpret_cast<std::string *>(batch); }
}
%}

%insert(cgo_comment_typedefs) %{
#include <stddef.h>
#include <stdint.h>
extern const char *sse_go_batch_data(uintptr_t batch);
extern size_t sse_go_batch_size(uintptr_t batch);
extern void sse_go_batch_free(uintptr_t batch);
%}

%insert(go_wrapper) %{
// BatchView returns the bytes of a batch from Client.RunBatch without copying
// them. The string is valid only until FreeBatch(batch): copy what must outlive it.
func BatchView(batch uint) string {
	n := int(C.sse_go_batch_size(C.uintptr_t(batch)))
	return unsafe.String((*byte)(unsafe.Pointer(C.sse_go_batch_data(C.uintptr_t(batch)))), n)
}

// FreeBatch releases a batch from Client.RunBatch; its BatchView is invalid after.
func FreeBatch(batch uint) {
	C.sse_go_batch_free(C.uintptr_t(batch))
}
%}
