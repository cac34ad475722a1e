// The C++ layer SWIG wraps for Go, Ruby and Java.
//
// It sits on the public C header only (never on core/) and is compiled into each
// language's wrapper, not into libsse. Why it exists:
// - Crossing the language boundary is the slow part, so a feed collects every
//   callback of that call into one packed byte batch that the language layer decodes
//   in a single crossing (house style: "bindings cross as rarely as possible").
// - User callbacks then run in the target language *after* the C call returned, so
//   a Ruby exception, Go panic or Java exception can never unwind through C frames
//   or leave the parser half-way through a line.
// - Errors never leave as C++ exceptions (house style B14). Every fallible method
//   returns a status (0 or a negative sse_error_code) and keeps the message on the
//   object (Outcome); the hand-written Go/Ruby/Java layer turns a negative status into
//   the language's error after the generated wrapper has returned. A raise, panic or
//   JNI exception thrown inside a generated wrapper would skip the destructors of the
//   C++ temporaries SWIG keeps there (measured: 83 MB leaked by 20,000 failing Ruby
//   calls) or jump over a live std::string, which is undefined behaviour.
// - Byte-string inputs are (pointer, length) pairs borrowed from the language's own
//   string for the call, so a generated wrapper holds no C++ object at all.
#ifndef SSE_BINDING_HPP
#define SSE_BINDING_HPP

#include <sse/sse.h>

#include "sse_batch.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <string_view>

namespace sse_binding {

// The status of the last fallible call on a binding object, with its message. The
// message is read from sse_error_last() in the same native call that failed, so a Go
// goroutine that moves between threads still gets its own message. Nothing here
// allocates: recording a failure cannot fail.
class Outcome {
 public:
  // 0, or the negative code of the last failed call (a success does not clear it,
  // like sse_error_last(); check the status a method returned first).
  int last_code() const { return code_; }
  // The message of the last failure ("" before any).
  std::string last_message() const { return message_; }

 protected:
  // Records a C call's status: negative codes with sse_error_last()'s message.
  int record(int rc) noexcept {
    if (rc < 0) return fail(rc, sse_error_last()->message);
    return rc;
  }
  // Records a failure the binding layer itself detected.
  int fail(int code, const char *message) noexcept {
    code_ = code;
    std::snprintf(message_, sizeof message_, "%s", message ? message : "");
    return code;
  }
  // Runs a status-returning body and turns any C++ exception into a status, so no
  // exception ever reaches a generated wrapper.
  template <typename Body>
  int guard(Body &&body) noexcept {
    try {
      return record(body());
    } catch (const std::bad_alloc &) {
      return fail(SSE_ENOMEM, "out of memory in the language binding");
    } catch (const std::exception &e) {
      return fail(SSE_EINTERNAL, e.what());
    } catch (...) {
      return fail(SSE_EINTERNAL, "unknown C++ exception in the language binding");
    }
  }

 private:
  int code_ = 0;
  char message_[512] = {0};
};

// A C callback that fills a batch must not let std::bad_alloc unwind through
// libsse's C frames: it returns SSE_ENOMEM instead, which ends the feed or run.
template <typename Body>
int collect(Body &&body) noexcept {
  try {
    return body();
  } catch (...) {
    return SSE_ENOMEM;
  }
}

// Packed batch records: see sse_batch.hpp.
//
// A constructor cannot return a status: it records it instead, and the language layer
// checks last_code() right after construction (then deletes the object on failure).
class Parser : public Outcome {
 public:
  // max_event_bytes == 0 keeps the library default (16 MiB).
  explicit Parser(size_t max_event_bytes = 0, bool want_comments = false)
      : want_comments_(want_comments) {
    sse_parser_options opts = SSE_PARSER_OPTIONS_INIT;
    if (max_event_bytes != 0) opts.max_event_bytes = max_event_bytes;
    if (opts.max_event_bytes > 0xFFFFFFF0u) opts.max_event_bytes = 0xFFFFFFF0u;
    sse_parser_callbacks cbs = SSE_PARSER_CALLBACKS_INIT;
    cbs.on_event = &Parser::on_event;
    cbs.on_comment = want_comments ? &Parser::on_comment : nullptr;
    cbs.on_retry = &Parser::on_retry;
    cbs.on_error = &Parser::on_error;
    record(sse_parser_new(&p_, &opts, &cbs, this));
  }
  ~Parser() { sse_parser_free(p_); }
  Parser(const Parser &) = delete;
  Parser &operator=(const Parser &) = delete;

  // Parses `len` bytes; batch() then holds the packed records of everything they
  // produced (also after a failure: the records before it). Returns the status.
  int feed(const char *data, size_t len) noexcept {
    batch_.clear();
    return record(sse_parser_feed(p_, data, len, nullptr));
  }
  // The records of the last feed.
  const std::string &batch() const { return batch_.view(); }
#ifndef SWIG  // for a language's own wrapper code only (Java's feed_io), never generated
  // feed(), with the records written straight into [area, area + capacity) while they
  // fit (BatchWriter::use_area): then records_in_area() is true and they are the first
  // area_size() bytes there; else they are in batch(). The area must not overlap data.
  // Events that outgrow the area may move on to `spill`'s (BatchWriter::Spill): then
  // records_spilled() is true too and the area_size() bytes are there.
  int feed_into_area(const char *data, size_t len, char *area, size_t capacity,
                     const BatchWriter::Spill *spill = nullptr) noexcept {
    batch_.use_area(area, capacity, spill);
    return record(sse_parser_feed(p_, data, len, nullptr));
  }
  bool records_in_area() const { return batch_.in_area(); }
  bool records_spilled() const { return batch_.spilled(); }
  size_t area_size() const { return batch_.area_size(); }
  // feed_into_area() with the parser's own area, for a language that reads the records
  // in place (Go): records() views them until the next feed, reset or delete.
  int feed_in_place(const char *data, size_t len) noexcept {
    return feed_into_area(data, len, area_, sizeof area_);
  }
  std::string_view records() const {
    return records_in_area() ? std::string_view(area_, area_size()) : std::string_view(batch());
  }
#endif
  // End of stream (P27): drops the unfinished event, keeps the last event ID.
  int finish() noexcept { return record(sse_parser_finish(p_)); }
  int reset() noexcept { return record(sse_parser_reset(p_)); }
  int set_last_event_id(const char *id, size_t len) noexcept {
    return record(sse_parser_set_last_event_id(p_, id, len));
  }
  std::string last_event_id() const {
    sse_str s = sse_parser_last_event_id(p_);
    return std::string(s.ptr ? s.ptr : "", s.len);
  }
  uint64_t skipped_events() const { return sse_parser_skipped_events(p_); }
  bool wants_comments() const { return want_comments_; }
  // Events whose data is all ASCII then come as EVENT_ASCII records. For languages
  // whose UTF-8 decoding checks every byte again (Java): this check runs in C, where
  // it costs a fraction of that.
  void mark_ascii_data(bool on) { mark_ascii_ = on; }

 private:
  static int on_event(sse_parser *, const sse_event *ev, void *ud) {
    return collect([&] {
      auto *self = static_cast<Parser *>(ud);
      bool ascii = self->mark_ascii_ && is_ascii(ev->data.ptr, ev->data.len);
      self->batch_.event(ev, ascii ? RECORD_EVENT_ASCII : RECORD_EVENT);
      return 0;
    });
  }
  static int on_comment(sse_parser *, sse_str text, void *ud) {
    return collect([&] {
      auto &batch = static_cast<Parser *>(ud)->batch_;
      batch.kind(RECORD_COMMENT);
      batch.str(text);
      return 0;
    });
  }
  static int on_retry(sse_parser *, uint64_t ms, void *ud) {
    return collect([&] {
      auto &batch = static_cast<Parser *>(ud)->batch_;
      batch.kind(RECORD_RETRY);
      batch.u64(ms);
      return 0;
    });
  }
  static int on_error(sse_parser *, int code, const char *message, void *ud) {
    return collect([&] {
      auto &batch = static_cast<Parser *>(ud)->batch_;
      batch.kind(RECORD_ERROR);
      batch.i32(code);
      batch.cstr(message);
      return 0;
    });
  }

  sse_parser *p_ = nullptr;
  BatchWriter batch_;
  bool want_comments_;
  bool mark_ascii_ = false;
#ifndef SWIG
  char area_[512];  // feed_in_place: a live stream's few events per feed fit
#endif
};

// Encoder over sse_serializer; every method appends, take() hands the bytes over.
// The constructor records its status like Parser's.
class Serializer : public Outcome {
 public:
  Serializer() { record(sse_serializer_new(&s_, nullptr)); }
  ~Serializer() { sse_serializer_free(s_); }
  Serializer(const Serializer &) = delete;
  Serializer &operator=(const Serializer &) = delete;

  // has_* flags carry "absent" vs "present but empty" (see sse_event in parser.h).
  int event(const char *data, size_t data_len, bool has_data,
            const char *type, size_t type_len,
            const char *id, size_t id_len, bool has_id) noexcept {
    sse_event ev;
    ev.type = sse_str{type_len ? type : nullptr, type_len};
    ev.data = sse_str{has_data ? (data ? data : "") : nullptr, has_data ? data_len : 0};
    ev.id = sse_str{has_id ? (id ? id : "") : nullptr, has_id ? id_len : 0};
    return record(sse_serializer_write_event(s_, &ev));
  }
  int comment(const char *text, size_t len) noexcept {
    return record(sse_serializer_write_comment(s_, sse_str{text ? text : "", len}));
  }
  int keepalive() noexcept { return record(sse_serializer_write_keepalive(s_)); }
  int retry(uint64_t ms) noexcept { return record(sse_serializer_write_retry(s_, ms)); }
  // Returns and clears everything written so far (the serializer's own bytes: a
  // getter, it cannot fail short of the language running out of memory).
  std::string take() {
    sse_str s = sse_serializer_pending(s_);
    std::string out(s.ptr ? s.ptr : "", s.len);
    sse_serializer_consume(s_, s.len);
    return out;
  }

 private:
  sse_serializer *s_ = nullptr;
};

inline unsigned int version() { return sse_version(); }
inline std::string version_string() { return sse_version_string(); }
inline std::string strerror(int code) { return sse_strerror(code); }

}  // namespace sse_binding

#endif  // SSE_BINDING_HPP
