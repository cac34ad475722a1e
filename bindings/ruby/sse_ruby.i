/* Ruby part of the SWIG binding: builds the native extension sse_native.so, which
 * defines the raw classes SSE::Native::Parser, SSE::Native::Serializer and
 * SSE::Native::ClientConfig / SSE::Native::Client.
 *
 * Users never touch these: lib/sse.rb is the API (house style B14). This file adds
 * only what is Ruby-specific:
 * - binary-safe (pointer, length) arguments taken straight from Ruby Strings;
 * - one %exception that turns sse_binding::Error into a Ruby exception carrying
 *   the C code, with the class chosen by lib/sse.rb (register_error_classes);
 * - ERROR_CODES generated from the C header's X-macro, so a code appended to the
 *   C API appears in Ruby without editing this file.
 *
 * The extension is named sse_native.so and exports Init_sse_native (-initname in
 * meson.build) even though the Ruby module it defines is SSE::Native. */
%module "SSE::Native"

%{
#include <sse/sse.h>

#include <cstdio>
#include <new>
#include <stdexcept>

/* Classes chosen by the Ruby layer: a base class and a Hash {code => class}.
 * Until lib/sse.rb registers them, errors are RuntimeErrors that still carry @code. */
static VALUE sse_ruby_error_base = Qnil;
static VALUE sse_ruby_error_by_code = Qnil;

/* Builds and raises the exception. Called only after every C++ object of the
 * wrapper is gone: rb_exc_raise longjmps, which must never cross a live C++
 * destructor or leave a catch block. */
static void sse_ruby_raise(int code, const char *message) {
  VALUE klass = rb_eRuntimeError;
  if (!NIL_P(sse_ruby_error_base)) klass = sse_ruby_error_base;
  if (!NIL_P(sse_ruby_error_by_code)) {
    VALUE specific = rb_hash_lookup2(sse_ruby_error_by_code, INT2NUM(code), Qnil);
    if (!NIL_P(specific)) klass = specific;
  }
  VALUE exc = rb_exc_new_str(klass, rb_utf8_str_new_cstr(message));
  rb_ivar_set(exc, rb_intern("@code"), INT2NUM(code));
  rb_exc_raise(exc);
}

/* The message is copied into a fixed buffer inside the catch block so that
 * nothing of the C++ exception is needed once the block is left. */
static void sse_ruby_copy_message(char *buf, size_t cap, const char *text) {
  std::snprintf(buf, cap, "%s", text ? text : "");
}
%}

/* Runs around every wrapped call (constructors included). */
%exception {
  int sse_ruby_code = 0;
  char sse_ruby_message[512];
  try {
    $action
  } catch (const sse_binding::Error &e) {
    sse_ruby_code = e.code() < 0 ? e.code() : SSE_EINTERNAL;
    sse_ruby_copy_message(sse_ruby_message, sizeof sse_ruby_message, e.what());
  } catch (const std::bad_alloc &) {
    sse_ruby_code = SSE_ENOMEM;
    sse_ruby_copy_message(sse_ruby_message, sizeof sse_ruby_message, "out of memory");
  } catch (const std::exception &e) {
    sse_ruby_code = SSE_EINTERNAL;
    sse_ruby_copy_message(sse_ruby_message, sizeof sse_ruby_message, e.what());
  }
  if (sse_ruby_code != 0) sse_ruby_raise(sse_ruby_code, sse_ruby_message);
}

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
             (const char *id, size_t id_len) {
  if (NIL_P($input)) {
    $1 = NULL;
    $2 = 0;
  } else {
    StringValue($input);
    $1 = RSTRING_PTR($input);
    $2 = (size_t)RSTRING_LEN($input);
  }
}

/* Parser batches and serializer output can be large: build the Ruby String
 * straight from the returned std::string instead of SWIG's default, which copies
 * it once more first. Both are binary (ASCII-8BIT); lib/sse.rb sets UTF-8. */
%typemap(out) std::string feed, std::string take {
  $result = rb_str_new($1.data(), (long)$1.size());
}

/* The client's driving call, with the GVL released (see sse_ruby_client.i). */
%include "sse_ruby_client.i"

%include "sse.i"

%inline %{
/* Lets lib/sse.rb choose the exception classes: `base` for any code, `by_code` a
 * Hash {Integer code => Class} for specific ones. */
void register_error_classes(VALUE base, VALUE by_code) {
  Check_Type(by_code, T_HASH);
  if (NIL_P(sse_ruby_error_base)) {
    rb_gc_register_address(&sse_ruby_error_base);
    rb_gc_register_address(&sse_ruby_error_by_code);
  }
  sse_ruby_error_base = base;
  sse_ruby_error_by_code = rb_obj_freeze(rb_hash_dup(by_code));
}

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
