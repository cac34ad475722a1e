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
// - C error codes become one C++ exception type that each .i maps to the
//   language's error with the code kept.
#ifndef SSE_BINDING_HPP
#define SSE_BINDING_HPP

#include <sse/sse.h>

#include "sse_batch.hpp"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace sse_binding {

// A failed C call: the code (negative sse_error_code) and sse_error_last()'s message,
// read in the same native call that failed (safe for Go: one cgo call, one thread).
class Error : public std::runtime_error {
 public:
  Error(int code, const std::string &message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

inline void check(int rc) {
  if (rc < 0) throw Error(rc, sse_error_last()->message);
}

// Packed batch records: see sse_batch.hpp.
class Parser {
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
    check(sse_parser_new(&p_, &opts, &cbs, this));
  }
  ~Parser() { sse_parser_free(p_); }
  Parser(const Parser &) = delete;
  Parser &operator=(const Parser &) = delete;

  // Parses `len` bytes and returns the packed batch of everything they produced.
  std::string feed(const char *data, size_t len) {
    batch_.clear();
    check(sse_parser_feed(p_, data, len, nullptr));
    return batch_.bytes();
  }
  // End of stream (P27): drops the unfinished event, keeps the last event ID.
  void finish() { check(sse_parser_finish(p_)); }
  void reset() { check(sse_parser_reset(p_)); }
  void set_last_event_id(const char *id, size_t len) {
    check(sse_parser_set_last_event_id(p_, id, len));
  }
  std::string last_event_id() const {
    sse_str s = sse_parser_last_event_id(p_);
    return std::string(s.ptr ? s.ptr : "", s.len);
  }
  uint64_t skipped_events() const { return sse_parser_skipped_events(p_); }
  bool wants_comments() const { return want_comments_; }

 private:
  static int on_event(sse_parser *, const sse_event *ev, void *ud) {
    static_cast<Parser *>(ud)->batch_.event(ev);
    return 0;
  }
  static int on_comment(sse_parser *, sse_str text, void *ud) {
    auto &batch = static_cast<Parser *>(ud)->batch_;
    batch.kind(RECORD_COMMENT);
    batch.str(text);
    return 0;
  }
  static int on_retry(sse_parser *, uint64_t ms, void *ud) {
    auto &batch = static_cast<Parser *>(ud)->batch_;
    batch.kind(RECORD_RETRY);
    batch.u64(ms);
    return 0;
  }
  static int on_error(sse_parser *, int code, const char *message, void *ud) {
    auto &batch = static_cast<Parser *>(ud)->batch_;
    batch.kind(RECORD_ERROR);
    batch.i32(code);
    batch.cstr(message);
    return 0;
  }

  sse_parser *p_ = nullptr;
  BatchWriter batch_;
  bool want_comments_;
};

// Encoder over sse_serializer; every method appends, take() hands the bytes over.
class Serializer {
 public:
  Serializer() { check(sse_serializer_new(&s_, nullptr)); }
  ~Serializer() { sse_serializer_free(s_); }
  Serializer(const Serializer &) = delete;
  Serializer &operator=(const Serializer &) = delete;

  // has_* flags carry "absent" vs "present but empty" (see sse_event in parser.h).
  void event(const char *data, size_t data_len, bool has_data,
             const char *type, size_t type_len,
             const char *id, size_t id_len, bool has_id) {
    sse_event ev;
    ev.type = sse_str{type_len ? type : nullptr, type_len};
    ev.data = sse_str{has_data ? (data ? data : "") : nullptr, has_data ? data_len : 0};
    ev.id = sse_str{has_id ? (id ? id : "") : nullptr, has_id ? id_len : 0};
    check(sse_serializer_write_event(s_, &ev));
  }
  void comment(const char *text, size_t len) {
    check(sse_serializer_write_comment(s_, sse_str{text ? text : "", len}));
  }
  void keepalive() { check(sse_serializer_write_keepalive(s_)); }
  void retry(uint64_t ms) { check(sse_serializer_write_retry(s_, ms)); }
  // Returns and clears everything written so far.
  std::string take() {
    sse_str s = sse_serializer_pending(s_);
    std::string out(s.ptr ? s.ptr : "", s.len);
    check(sse_serializer_consume(s_, s.len));
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
