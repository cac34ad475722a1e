/* Ruby part of the parser binding, %included by sse_ruby.i.
 *
 * A live stream is fed in small reads (often one short event per read), so what one
 * feed costs besides parsing matters most. SSE::Native::Parser#feed_records is the
 * one call lib/sse/parser.rb makes per feed:
 * - it parses and hands back the decoded records in the same crossing, instead of
 *   a feed call, a batch call and a Ruby loop unpacking the batch;
 * - a feed that completes no record returns nil: no String, no Array;
 * - events arrive as SSE::Event Structs whose Strings are built here straight from
 *   the batch, already labelled UTF-8 (the parser only emits valid UTF-8);
 * - it is registered with rb_define_method rather than wrapped by SWIG, whose
 *   generated pointer check (an instance-variable lookup and a type-name compare on
 *   every call) cost more than parsing 64 bytes.
 *
 * Records, in stream order. An event is one Array element; every other record is
 * two, nil then the record, so the Ruby loop tells them apart with a nil test (a
 * class test is a method call per event):
 *   SSE::Event               an event (type, data, id)
 *   nil, String              a comment's text
 *   nil, Integer             a retry value in milliseconds
 *   nil, [code, message]     an oversized event that was skipped
 *   nil, false               a corrupt batch (never produced; lib raises SSE::Error)
 *
 * Nothing here raises for a failed call (see sse_ruby.i): feed_records returns false
 * when the feed failed (the status is the object's last_code, and #records gives
 * what the feed parsed before it failed) or when bytes is not a String (then nothing
 * was fed, and lib raises TypeError). Ruby allocations may still raise
 * NoMemoryError; no C++ object with a destructor is alive in these frames then (the
 * batch is the parser's own member). User blocks never run in here:
 * lib/sse/parser.rb calls them after this returned. */

%{
#include <cstdint>
#include <cstring>
#include <string>

namespace sse_ruby {

/* SSE::Event, looked up on first use (lib/sse/event.rb defines it after the
 * extension is loaded) and kept alive by rb_gc_register_address. */
static VALUE event_class = Qnil;

static VALUE event_struct() {
  if (NIL_P(event_class)) {
    event_class = rb_path2class("SSE::Event");
    rb_gc_register_address(&event_class);
  }
  return event_class;
}

/* An SSE::Event with its three members set. rb_struct_new would go through
 * Class#new and Struct#initialize (a method call and keyword checks per event);
 * allocating and setting the members directly gives the same object. */
static VALUE new_event(VALUE type, VALUE data, VALUE id) {
  VALUE event = rb_obj_alloc(event_struct());
  RSTRUCT_SET(event, 0, type);
  RSTRUCT_SET(event, 1, data);
  RSTRUCT_SET(event, 2, id);
  return event;
}

/* Reads the batch format of sse_batch.hpp, stopping at the first record that
 * runs past the end. */
class BatchDecoder {
 public:
  explicit BatchDecoder(const std::string &batch)
      : pos_(batch.data()), end_(batch.data() + batch.size()) {}

  bool done() const { return pos_ >= end_; }
  bool ok() const { return ok_; }

  unsigned kind() { return have(1) ? static_cast<unsigned char>(*pos_++) : 0; }

  template <typename T>
  T fixed() {
    T v = 0;
    if (have(sizeof v)) {
      std::memcpy(&v, pos_, sizeof v);
      pos_ += sizeof v;
    }
    return v;
  }

  /* A u32-prefixed string as a new UTF-8 Ruby String. */
  VALUE str() {
    uint32_t len = fixed<uint32_t>();
    if (!have(len)) return Qnil;
    VALUE s = rb_utf8_str_new(pos_, static_cast<long>(len));
    pos_ += len;
    return s;
  }

 private:
  bool have(size_t n) {
    if (ok_ && static_cast<size_t>(end_ - pos_) >= n) return true;
    ok_ = false;
    pos_ = end_;
    return false;
  }

  const char *pos_;
  const char *end_;
  bool ok_ = true;
};

/* The records of `batch` as described above, or nil when it holds none. */
static VALUE decode_records(const std::string &batch) {
  if (batch.empty()) return Qnil;
  VALUE records = rb_ary_new();
  BatchDecoder in(batch);
  while (!in.done()) {
    unsigned kind = in.kind();
    if (kind == sse_binding::RECORD_EVENT) {
      VALUE type = in.str();
      VALUE data = in.str();
      VALUE id = in.str();
      if (in.ok()) {
        rb_ary_push(records, new_event(type, data, id));
        continue;
      }
    }
    VALUE record = Qfalse;
    switch (kind) {
      case sse_binding::RECORD_COMMENT:
        record = in.str();
        break;
      case sse_binding::RECORD_RETRY:
        record = ULL2NUM(in.fixed<uint64_t>());
        break;
      case sse_binding::RECORD_ERROR: {
        VALUE code = INT2NUM(in.fixed<int32_t>());
        VALUE message = in.str();
        record = rb_assoc_new(code, message);
        break;
      }
      default:
        break;
    }
    if (!in.ok()) record = Qfalse;
    rb_ary_push(records, Qnil);
    rb_ary_push(records, record);
    if (record == Qfalse) break;
  }
  return records;
}

/* The C++ parser behind a Native::Parser, or null when it was never built. The
 * methods below are defined on that class only, so self is one of its objects. */
static sse_binding::Parser *native_parser(VALUE self) {
  return RB_TYPE_P(self, T_DATA) ? static_cast<sse_binding::Parser *>(DATA_PTR(self)) : nullptr;
}

/* feed_records(bytes) -> nil (nothing completed), the Array of records, or false
 * (failed, or bytes is not a String). */
static VALUE parser_feed_records(VALUE self, VALUE bytes) {
  sse_binding::Parser *parser = native_parser(self);
  if (!parser || !RB_TYPE_P(bytes, T_STRING)) return Qfalse;
  int status = parser->feed(RSTRING_PTR(bytes), static_cast<size_t>(RSTRING_LEN(bytes)));
  RB_GC_GUARD(bytes);
  if (status < 0) return Qfalse;
  return decode_records(parser->batch());
}

/* records -> the records of the last feed (after it failed: those before the
 * failure), as feed_records returns them; nil when none. */
static VALUE parser_records(VALUE self) {
  sse_binding::Parser *parser = native_parser(self);
  return parser ? decode_records(parser->batch()) : Qnil;
}

}  // namespace sse_ruby
%}

%init %{
  rb_define_method(SwigClassParser.klass, "feed_records",
                   VALUEFUNC(sse_ruby::parser_feed_records), 1);
  rb_define_method(SwigClassParser.klass, "records", VALUEFUNC(sse_ruby::parser_records), 0);
%}
