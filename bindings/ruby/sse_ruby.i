/* Ruby part of the SWIG binding: builds the native extension sse_native.so, which
 * defines the raw classes SSE::Native::Parser, SSE::Native::Serializer and
 * SSE::Native::ClientConfig / SSE::Native::Client.
 *
 * Users never touch these: lib/sse.rb is the API (house style B14). This file adds
 * only what is Ruby-specific:
 * - binary-safe (pointer, length) arguments taken straight from Ruby Strings;
 * - the parser's feed returning its records already decoded into Ruby objects
 *   (sse_ruby_parser.i);
 * - ERROR_CODES generated from the C header's X-macro, so a code appended to the
 *   C API appears in Ruby without editing this file.
 *
 * Nothing here raises a Ruby exception for a failed call: rb_raise longjmps, which
 * would skip the destructors of the C++ objects a generated wrapper holds (20,000
 * failing calls with a 4 KiB argument once leaked 83 MB) or jump over a live
 * std::string. Fallible methods return a status and keep the message on the object
 * (sse_binding::Outcome); lib/sse/errors.rb (SSE::Status) raises once the wrapper has
 * returned. The hand-written layer also checks argument types before calling in, so
 * SWIG's own conversions do not raise either.
 *
 * The extension is named sse_native.so and exports Init_sse_native (-initname in
 * meson.build) even though the Ruby module it defines is SSE::Native. */
%module "SSE::Native"

%{
#include <sse/sse.h>
%}

/* Every (pointer, length) pair of sse_binding.hpp takes a Ruby String as is: the
 * bytes are passed without a copy or a NUL scan, so NUL and any byte survive.
 * nil means "absent" (NULL, 0), which the serializer distinguishes from "". The
 * pointer is only used during the call, which never releases the GVL, so the
 * String can neither be collected nor modified meanwhile. */
%typemap(in) (const char *data, size_t len),
             (const char *id, size_t len),
             (const char *text, size_t len),
             (const char *data, size_t data_len),
             (const char *type, size_t type_len),
             (const char *id, size_t id_len),
             (const char *name, size_t name_len),
             (const char *value, size_t value_len) {
  if (NIL_P($input)) {
    $1 = NULL;
    $2 = 0;
  } else {
    StringValue($input);
    $1 = RSTRING_PTR($input);
    $2 = (size_t)RSTRING_LEN($input);
  }
}

/* The parser is fed through feed_records (sse_ruby_parser.i), which returns the
 * decoded records; the raw feed + batch pair is not wrapped for Ruby. */
%ignore sse_binding::Parser::feed;
%ignore sse_binding::Parser::batch;

/* Serializer output: built from the returned std::string directly. */
%typemap(out) std::string take {
  $result = rb_str_new($1.data(), (long)$1.size());
}

/* The client's driving call, with the GVL released (see sse_ruby_client.i). */
%include "sse_ruby_client.i"

%include "sse.i"

/* The parser's per-feed call: feeds and returns the decoded records at once. */
%include "sse_ruby_parser.i"

%inline %{
/* {:EINVAL => -1, ...} for every code of the C API, from its SSE_ERROR_MAP table. */
VALUE error_codes() {
  VALUE codes = rb_hash_new();
#define SSE_RUBY_ERROR_ENTRY(name, value, text) \
  rb_hash_aset(codes, ID2SYM(rb_intern(#name)), INT2NUM(value));
  SSE_ERROR_MAP(SSE_RUBY_ERROR_ENTRY)
#undef SSE_RUBY_ERROR_ENTRY
  return rb_obj_freeze(codes);
}
%}
