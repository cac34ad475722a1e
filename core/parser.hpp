// Incremental event stream parser implementing the interpretation rules P1-P29 of
// the WHATWG event stream format.
//
// The parser is a line machine: bytes are scanned for CR/LF, complete lines are
// UTF-8-decoded (lines are the unit of decoding because CR and LF never occur inside
// a multi-byte sequence) and interpreted. Only an unfinished line is buffered, so any
// chunking of the same bytes yields exactly the same handler calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <string_view>

#include "byte_buffer.hpp"
#include "event.hpp"

namespace sse::core {

// Receives what the parser finds. Return 0 to continue, a positive value to pause
// the feed right after this call, a negative value to abort the feed with it.
class ParserHandler {
 public:
  virtual ~ParserHandler() = default;
  virtual int on_event(const Event &event) = 0;
  virtual int on_comment(std::string_view text) = 0;
  virtual int on_retry(std::uint64_t milliseconds) = 0;
  // An event grew past the limit; it is dropped and parsing resumes after the next
  // blank line.
  virtual int on_skipped(std::string_view reason) = 0;
  // Comments are only decoded and reported when the handler wants them.
  virtual bool wants_comments() const = 0;
};

struct ParserLimits {
  std::size_t max_event_bytes = std::size_t{16} * 1024 * 1024;
};

class Parser {
 public:
  Parser(ParserHandler &handler, ParserLimits limits, std::pmr::memory_resource *memory);

  // Feeds bytes. Returns 0 when all were consumed, or the first non-zero handler
  // result, in which case `consumed` tells how many bytes were used (the line that
  // triggered the handler included). May throw std::bad_alloc.
  int feed(const char *data, std::size_t len, std::size_t &consumed);

  // End of the current body (P27): drop the unfinished line and event, keep the last
  // event ID, and expect a new body (with its own optional BOM) next.
  void finish();

  // Back to the initial state, last event ID included.
  void reset();

  // Seeds the last event ID string (M11). The caller has checked it has no NUL.
  void set_last_event_id(std::string_view id);
  std::string_view last_event_id() const { return ids_[last_id_].view(); }
  std::uint64_t skipped_events() const { return skipped_events_; }

 private:
  // `owner` is the parser buffer holding the line's bytes, or nullptr when they are in
  // the caller's input (valid until the feed returns). A first data line may take over
  // an owner's storage instead of copying it.
  // The per-line path runs once or more per feed: inlined into feed(), its one caller,
  // so a line costs no call chain.
  [[gnu::always_inline]] inline int handle_line(std::string_view line, bool non_ascii, ByteBuffer *owner);
  [[gnu::always_inline]] inline int interpret(std::string_view line, ByteBuffer *owner);
  enum class Field { unknown, data, event, id, retry };
  [[gnu::always_inline]] inline int handle_field(Field field, std::string_view value, ByteBuffer *owner);
  [[gnu::always_inline]] inline int append_data(std::string_view value, ByteBuffer *owner);
  [[gnu::always_inline]] inline int dispatch();
  int skip_event();
  void clear_event();
  void detach_data_from_input();
  bool over_limit(std::size_t more) const;
  const char *consume_bom(const char *p, const char *end);
  // Grows partial_line_ for `need` bytes, 4x at a time once it is large. The check is
  // inline: nearly every call (one per small feed) needs nothing.
  void reserve_partial_line(std::size_t need) {
    if (need > partial_line_.capacity() && partial_line_.capacity() >= kFastGrowthFrom)
      grow_partial_line(need);
  }
  void grow_partial_line(std::size_t need);
  static constexpr std::size_t kFastGrowthFrom = 64 * 1024;

  ParserHandler &handler_;
  ParserLimits limits_;

  ByteBuffer partial_line_;          // an unfinished line carried between feeds
  bool partial_non_ascii_ = false;
  ByteBuffer decoded_line_;          // a line after U+FFFD substitution
  ByteBuffer data_;                  // joined data lines from data_offset_, when not a view
  std::size_t data_offset_ = 0;        // bytes before the data (a taken-over line's prefix)
  std::string_view data_view_;         // single data line still inside the input
  bool data_is_view_ = false;
  std::size_t data_lines_ = 0;
  ByteBuffer event_type_;  // NUL-terminated (the C API promises it)
  // The "last event ID string" (P21) is ids_[last_id_], the "last event ID buffer"
  // (P18) the other one: a dispatch that commits the buffer flips the index instead
  // of copying an id per event.
  // Both NUL-terminated (the C API promises it).
  ByteBuffer ids_[2];
  unsigned last_id_ = 0;
  bool pending_id_set_ = false;  // the buffer holds an id set in this event
  ByteBuffer &pending_id() { return ids_[last_id_ ^ 1u]; }
  ByteBuffer &last_event_id_string() { return ids_[last_id_]; }
  // Bytes of the event in progress (data as joined, type, pending id): kept current by
  // every change to them, because the limit is checked on every line.
  std::size_t event_bytes_ = 0;

  unsigned bom_matched_ = 0;           // bytes of a leading BOM seen so far (P4)
  bool bom_decided_ = false;
  bool skip_lf_ = false;               // previous line ended with CR (P6)
  bool skipping_ = false;              // dropping an oversized event until a blank line
  bool skip_line_started_ = false;     // the line being dropped is not blank
  std::uint64_t skipped_events_ = 0;
};

}  // namespace sse::core
