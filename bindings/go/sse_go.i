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
