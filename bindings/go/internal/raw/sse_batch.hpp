// Packed batches: how the binding layer hands many C callbacks to the target
// language in one crossing (see sse_binding.hpp for why).
//
// Format, little-endian (all supported targets are), records back to back, each
// starting with a u8 kind:
//   str  = u32 length, bytes
//   EVENT      str type, str data, str id
//   EVENT_ASCII  as EVENT, and every byte of data is ASCII (only from a Parser asked to
//              mark_ascii_data: a decoder can then take the bytes as Latin-1, no UTF-8 pass)
//   COMMENT    str text
//   RETRY      u64 milliseconds
//   ERROR      i32 code, str message                  (skipped oversized event)
//   OPEN       i32 status, i32 http_version, str url, str content_type,
//              u32 header_count, header_count x (str name, str value)
//   FAILURE    i32 kind, i32 code, str message, u64 attempt, i64 retry_after_ms,
//              u8 has_response, [response as in OPEN, then str body],
//              decision (i32 action, u64 delay_ms, u8 gave_up)
//   DISCONNECT i32 reason, i32 code, str message, u64 connected_ms, u64 events,
//              decision
//   REQUEST    u64 attempt                            (before an attempt)
//   STATUS     i32 rc                                 (last record of a client run)
// Lengths are u32: events are bounded by max_event_bytes, which bindings cap below
// 4 GiB; headers and messages are far smaller.
#ifndef SSE_BATCH_HPP
#define SSE_BATCH_HPP

#include <sse/sse.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

namespace sse_binding {

enum RecordKind {
  RECORD_EVENT = 1,
  RECORD_COMMENT = 2,
  RECORD_RETRY = 3,
  RECORD_ERROR = 4,
  RECORD_OPEN = 5,
  RECORD_FAILURE = 6,
  RECORD_DISCONNECT = 7,
  RECORD_REQUEST = 8,
  RECORD_STATUS = 9,
  RECORD_EVENT_ASCII = 10
};

// Whether no byte of [p, p + n) has its high bit set: 64 bytes per step through
// GCC/Clang vector extensions (SSE2 on x86-64), then words, then bytes. Big events
// are all data, so this runs at memory speed on them.
inline bool is_ascii(const char *p, std::size_t n) {
  typedef std::uint64_t Words2 __attribute__((vector_size(16)));
  Words2 wide = {0, 0};
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    Words2 v[4];
    std::memcpy(v, p + i, sizeof v);
    wide |= v[0] | v[1] | v[2] | v[3];
  }
  std::uint64_t high = wide[0] | wide[1];
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, sizeof w);
    high |= w;
  }
  if (i < n) {
    // The last 1-7 bytes: one load of the 8 ending at p + n when that many exist
    // (re-reading checked bytes is harmless), instead of a byte loop that cost a small
    // event's data a quarter of its record.
    if (n >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p + n - 8, sizeof w);
      high |= w;
    } else {
      for (; i < n; ++i) high |= static_cast<unsigned char>(p[i]);
    }
  }
  return (high & 0x8080808080808080u) == 0;
}

// Appends records to one std::string buffer, or first to a caller's memory area.
class BatchWriter {
 public:
  std::string &bytes() { return buf_; }
  const std::string &view() const { return buf_; }
  void clear() {
    buf_.clear();
    area_ = nullptr;
    spill_ = nullptr;
    spilled_ = false;
  }

#ifndef SWIG  // BatchWriter is %ignored; SWIG still parses it and knows no nested struct
  // A bigger area events may move to when the first one is full, before the string:
  // get() returns it (with its capacity) if it can take at least `need` bytes, else
  // nullptr. Java lends its records array this way, pinned only when asked, so a big
  // event is written once, where Java reads it, instead of into the string and then
  // copied out.
  struct Spill {
    char *(*get)(void *context, std::size_t need, std::size_t *capacity);
    void *context;
  };
#endif

  // Until the next clear(), events go straight into [area, area + capacity) (for a
  // language that reads them from there: no copy out of the string) for as long as
  // they fit and nothing else is written; from the first record that does not fit, or
  // is not an event, the records move to the string and writing goes on there.
#ifndef SWIG
  // `spill` (may be null) is asked at most once, by the first event that does not fit.
  void use_area(char *area, std::size_t capacity, const Spill *spill = nullptr) {
    buf_.clear();
    area_ = area;
    area_capacity_ = capacity;
    area_size_ = 0;
    spill_ = spill;
    spilled_ = false;
  }
#endif
  // Whether the records so far are in the area (then area_size() bytes of it) rather
  // than in view(); spilled() tells that area is the spill's.
  bool in_area() const { return area_ != nullptr; }
  std::size_t area_size() const { return area_size_; }
  bool spilled() const { return spilled_ && area_ != nullptr; }

  void kind(RecordKind k) {
    leave_area();
    buf_.push_back(static_cast<char>(k));
  }
  void u8(unsigned v) {
    leave_area();
    buf_.push_back(static_cast<char>(v));
  }
  void u32(std::size_t v) { put(static_cast<uint32_t>(v)); }
  void i32(int v) { put(static_cast<int32_t>(v)); }
  void u64(uint64_t v) { put(v); }
  void i64(int64_t v) { put(v); }
  void str(sse_str s) {
    u32(s.len);
    if (s.len) buf_.append(s.ptr, s.len);
  }
  void cstr(const char *s) { str(sse_str{s, s ? std::strlen(s) : 0}); }

  void event(const sse_event *ev, RecordKind k = RECORD_EVENT) {
    const std::size_t n = 1 + 3 * sizeof(uint32_t) + ev->type.len + ev->data.len + ev->id.len;
    if (area_ != nullptr && (n <= area_capacity_ - area_size_ || move_to_spill(n))) {
      put_event(area_ + area_size_, ev, k);
      area_size_ += n;
      return;
    }
    leave_area();
    if (n > kPackedEventBytes) {
      // Room for the whole record at once: appending field by field could outgrow a
      // capacity that just fits the data by the id's few bytes and copy the event
      // again. Doubling at least keeps many big events of one batch linear.
      if (n > buf_.capacity() - buf_.size())
        buf_.reserve(std::max(buf_.size() + n, 2 * buf_.capacity()));
      kind(k);
      str(ev->type);
      str(ev->data);
      str(ev->id);
      return;
    }
    // The record of a small event in one resize and fixed-size copies instead of
    // seven appends (each a call with its own capacity check): this is what every
    // event of a live stream costs. Bigger events append, skipping the zero fill.
    const std::size_t at = buf_.size();
    buf_.resize(at + n);
    put_event(&buf_[at], ev, k);
  }
  void response(const sse_response *r) {
    i32(r->status);
    i32(r->http_version);
    str(r->url);
    str(r->content_type);
    u32(r->header_count);
    for (std::size_t i = 0; i < r->header_count; ++i) {
      str(r->headers[i].name);
      str(r->headers[i].value);
    }
  }
  void decision(const sse_decision *d) {
    i32(d->action);
    u64(d->delay_ms);
    u8(d->gave_up ? 1 : 0);
  }

 private:
  static constexpr std::size_t kPackedEventBytes = 1024;
  // Moves the records written to the area so far into the string, which takes the
  // rest. Out of line: only a feed whose records outgrow the area, or that has more
  // than events, comes here.
  void leave_area() {
    if (area_ != nullptr) [[unlikely]]
      move_area_to_string();
  }
  [[gnu::noinline]] void move_area_to_string() {
    buf_.append(area_, area_size_);  // if this throws, the records stay in the area
    area_ = nullptr;
  }
  // Moves the records so far to the spill's area if it takes them and `n` more bytes.
  [[gnu::noinline]] bool move_to_spill(std::size_t n) {
    const Spill *spill = spill_;
    spill_ = nullptr;  // asked once
    if (spill == nullptr) return false;
    std::size_t capacity = 0;
    char *second = spill->get(spill->context, area_size_ + n, &capacity);
    if (second == nullptr || capacity < area_size_ + n) return false;
    std::memcpy(second, area_, area_size_);
    area_ = second;
    area_capacity_ = capacity;
    spilled_ = true;
    return true;
  }
  static void put_event(char *out, const sse_event *ev, RecordKind k) {
    *out++ = static_cast<char>(k);
    out = put_str(out, ev->type);
    out = put_str(out, ev->data);
    put_str(out, ev->id);
  }
  static char *put_str(char *out, sse_str s) {
    const auto len = static_cast<uint32_t>(s.len);
    std::memcpy(out, &len, sizeof len);
    copy_bytes(out + sizeof len, s.ptr, s.len);
    return out + sizeof len + s.len;
  }
  // memcpy, with the short strings of an event (type, id: a few bytes each) copied
  // inline by two overlapping loads and stores instead of a library call each.
  static void copy_bytes(char *to, const char *from, std::size_t n) {
    if (n >= 8 && n <= 16) {
      copy_fixed<8>(to, from);
      copy_fixed<8>(to + n - 8, from + n - 8);
    } else if (n >= 4 && n < 8) {
      copy_fixed<4>(to, from);
      copy_fixed<4>(to + n - 4, from + n - 4);
    } else if (n != 0) {
      std::memcpy(to, from, n);
    }
  }
  template <std::size_t N>
  static void copy_fixed(char *to, const char *from) {
    char tmp[N];
    std::memcpy(tmp, from, N);
    std::memcpy(to, tmp, N);
  }
  template <typename T>
  void put(T v) {
    leave_area();
    buf_.append(reinterpret_cast<const char *>(&v), sizeof v);
  }
  std::string buf_;
  char *area_ = nullptr;  // see use_area
  std::size_t area_capacity_ = 0;
  std::size_t area_size_ = 0;
  const Spill *spill_ = nullptr;  // not asked yet
  bool spilled_ = false;          // area_ is the spill's
};

}  // namespace sse_binding

#endif  // SSE_BATCH_HPP
