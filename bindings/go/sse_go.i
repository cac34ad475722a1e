/* Go binding: the raw SWIG layer.
 *
 * swig -go -cgo -package raw turns this into the internal package
 * github.com/libsse/libsse/bindings/go/internal/raw. Go code outside the module cannot import it;
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
 * call only (no copy): the generated C wrapper receives a pointer and a length and
 * creates no C++ object, which is what sse_binding promises to need. */
%apply (char *STRING, size_t LENGTH) {
  (const char *data, size_t len),
  (const char *id, size_t len),
  (const char *text, size_t len),
  (const char *data, size_t data_len),
  (const char *type, size_t type_len),
  (const char *id, size_t id_len),
  (const char *name, size_t name_len),
  (const char *value, size_t value_len)
};

/* No %exception here (nor in sse.i): a Go panic raised inside a generated wrapper
 * skips the destructors of the C++ objects alive in it. Fallible methods return a
 * status instead and keep the message (sse_binding::Outcome); package sse turns a
 * negative status into *sse.Error after the wrapper has returned (errors.go). */

/* Go strings are bytes: the ASCII marking is for decoders that check UTF-8 (Java). */
%ignore sse_binding::Parser::mark_ascii_data;

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

/* The batch accessors and the parser feed are called from Go through cgo directly
 * (sse_go_raw.h, included by the preamble below), so data pointers reach Go as
 * pointers, not as integers. */
%{
#include "sse_go_raw.h"

const char *sse_go_batch_data(uintptr_t batch) {
  return reinterpret_cast<const std::string *>(batch)->data();
}
size_t sse_go_batch_size(uintptr_t batch) {
  return reinterpret_cast<const std::string *>(batch)->size();
}
void sse_go_batch_free(uintptr_t batch) { delete reinterpret_cast<std::string *>(batch); }

/* Parser::feed and Parser::batch in one call: Write is the parser's hot path, and
 * a cgo crossing costs about as much as parsing a small event. The records stay in
 * the Parser's own memory (a view, no copy) until its next feed: a small feed's
 * events written straight into its records area, else its batch. Neither call
 * throws (feed_in_place is noexcept, records a getter). */
sse_go_feed_result sse_go_parser_feed(uintptr_t parser, const char *data, size_t len) {
  auto *p = reinterpret_cast<sse_binding::Parser *>(parser);
  int status = p->feed_in_place(data, len);
  std::string_view records = p->records();
  return sse_go_feed_result{records.data(), records.size(), status};
}
%}

%insert(cgo_comment_typedefs) %{
#include "sse_go_raw.h"
%}

%insert(go_wrapper) %{
// FeedView feeds chunk to p (Parser.Feed) and returns the status with a view of
// the batch (Parser.Batch), in one cgo call. The view is valid until p's next
// Feed or FeedView, or DeleteParser(p); chunk must not be empty.
func FeedView(p Parser, chunk string) (status int, batch string) {
	r := C.sse_go_parser_feed(C.uintptr_t(p.Swigcptr()),
		(*C.char)(unsafe.Pointer(unsafe.StringData(chunk))), C.size_t(len(chunk)))
	return int(r.status), unsafe.String((*byte)(unsafe.Pointer(r.batch)), int(r.batch_len))
}

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
