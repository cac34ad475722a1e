#include "parser.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>

#include "line_scan.hpp"
#include "utf8.hpp"

namespace sse::core {
namespace {

constexpr unsigned char kBom[3] = {0xEF, 0xBB, 0xBF};

// From this capacity on, the data buffer an event took over from the line buffer is
// handed back after dispatch, so the next long line needs no new one.
constexpr std::size_t kHandBackBytes = 4096;

template <std::size_t N>
inline bool starts_with(std::string_view line, const char (&name)[N]) {
  return line.size() >= N - 1 && std::memcmp(line.data(), name, N - 1) == 0;
}

// Parses a `retry` value (P19): ASCII digits only, at least one. Values past
// UINT64_MAX clamp to it rather than wrapping (our documented policy for P19(b)).
bool parse_retry(std::string_view value, std::uint64_t &out) {
  if (value.empty()) return false;
  constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t v = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return false;
    auto digit = static_cast<std::uint64_t>(c - '0');
    v = (v > (max - digit) / 10) ? max : v * 10 + digit;
  }
  out = v;
  return true;
}

// `to = from` for the strings the C API hands out as C strings (type, id).
inline void copy_terminated(ByteBuffer &to, std::string_view from) {
  to.assign(from);
  to.terminate();
}

}  // namespace

Parser::Parser(ParserHandler &handler, ParserLimits limits, std::pmr::memory_resource *memory)
    : handler_(handler),
      limits_(limits),
      partial_line_(memory),
      decoded_line_(memory),
      data_(memory),
      event_type_(memory),
      ids_{ByteBuffer(memory), ByteBuffer(memory)} {}

int Parser::feed(const char *data, std::size_t len, std::size_t &consumed) {
  const char *p = data;
  const char *const end = data + len;
  int rc = 0;
  LineBlock block;  // line ends of the input, 64 bytes at a time
  if (!bom_decided_) p = consume_bom(p, end);

  while (p < end && rc == 0) {
    if (skip_lf_) {  // the LF of a CRLF split across feeds (P6)
      skip_lf_ = false;
      if (*p == '\n') {
        ++p;
        continue;
      }
    }
    bool non_ascii = false;
    const char *eol = find_line_end(block, data, p, end, non_ascii);

    if (eol == end) {  // unfinished line: keep it for the next feed
      auto n = static_cast<std::size_t>(end - p);
      if (skipping_) {
        skip_line_started_ = skip_line_started_ || n != 0;
      } else if (over_limit(partial_line_.size() + n)) {
        partial_line_.clear();
        partial_non_ascii_ = false;
        rc = skip_event();
        skip_line_started_ = true;
      } else {
        reserve_partial_line(partial_line_.size() + n);
        partial_line_.append(p, n);
        partial_non_ascii_ = partial_non_ascii_ || non_ascii;
      }
      p = end;
      break;
    }

    if (skipping_) {
      // Only a blank line ends the dropped event.
      bool blank = eol == p && !skip_line_started_;
      skip_line_started_ = false;
      if (blank) skipping_ = false;
    } else {
      // One call site, so the inlined line path exists once.
      std::string_view line{p, static_cast<std::size_t>(eol - p)};
      ByteBuffer *owner = nullptr;
      if (!partial_line_.empty()) {  // the line began in an earlier feed
        partial_line_.append(line.data(), line.size());
        line = partial_line_.view();
        owner = &partial_line_;
        non_ascii = non_ascii || partial_non_ascii_;
      }
      rc = handle_line(line, non_ascii, owner);
      if (owner != nullptr) {
        partial_line_.clear();
        partial_non_ascii_ = false;
      }
    }

    // Consume the terminator: CR LF, lone CR or LF (P5). A CR that ends the input
    // completes its line now (P7); a following LF is skipped when it arrives.
    if (*eol == '\r') {
      if (eol + 1 == end) {
        skip_lf_ = true;
        p = end;
      } else {
        p = eol + (eol[1] == '\n' ? 2 : 1);
      }
    } else {
      p = eol + 1;
    }
  }

  // A data view must not outlive the caller's buffer.
  if (data_is_view_) detach_data_from_input();
  consumed = static_cast<std::size_t>(p - data);
  return rc;
}

const char *Parser::consume_bom(const char *p, const char *end) {
  while (p < end && bom_matched_ < 3) {
    if (static_cast<unsigned char>(*p) != kBom[bom_matched_]) {
      // Not a BOM: the bytes matched so far are ordinary content (P4: a partial BOM
      // decodes to U+FFFD like any truncated sequence).
      partial_line_.append(reinterpret_cast<const char *>(kBom), bom_matched_);
      partial_non_ascii_ = bom_matched_ != 0;
      bom_decided_ = true;
      return p;
    }
    ++bom_matched_;
    ++p;
  }
  if (bom_matched_ == 3) bom_decided_ = true;
  return p;
}

int Parser::handle_line(std::string_view line, bool non_ascii, ByteBuffer *owner) {
  if (non_ascii && utf8::first_invalid(line) != utf8::npos) {
    decoded_line_.clear();
    utf8::append_replacing_invalid(line, decoded_line_);
    line = decoded_line_.view();
    owner = &decoded_line_;
  }
  // Measured after decoding: U+FFFD only ever grows a line, so a chunked feed that
  // hit the limit on the raw partial line would hit it here too.
  if (over_limit(line.size())) return skip_event();
  return interpret(line, owner);
}

int Parser::interpret(std::string_view line, ByteBuffer *owner) {
  if (line.empty()) return dispatch();  // P11
  if (line.front() == ':') {            // P12
    if (!handler_.wants_comments()) return 0;
    std::string_view text = line.substr(1);
    if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    return handler_.on_comment(text);
  }
  // Only four field names mean anything (P15: compared byte for byte) and every other
  // field is ignored (P20), so matching them as prefixes finds the colon for free.
  Field field = Field::unknown;
  std::size_t name_len = 0;
  switch (line.front()) {  // constant-length compares inline to one load each
    case 'd': field = starts_with(line, "data") ? Field::data : field, name_len = 4; break;
    case 'e': field = starts_with(line, "event") ? Field::event : field, name_len = 5; break;
    case 'i': field = starts_with(line, "id") ? Field::id : field, name_len = 2; break;
    case 'r': field = starts_with(line, "retry") ? Field::retry : field, name_len = 5; break;
    default: break;
  }
  if (field == Field::unknown) return 0;
  // P13/P14: the name must end the line or be followed by the colon; the value is
  // what follows the colon, minus one leading space. An empty value still points into
  // the line (append_data takes offsets).
  std::string_view value = line.substr(name_len);
  if (!value.empty()) {
    if (value.front() != ':') return 0;
    value.remove_prefix(1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  return handle_field(field, value, owner);
}

int Parser::handle_field(Field field, std::string_view value, ByteBuffer *owner) {
  switch (field) {
    case Field::data:  // P17
      return append_data(value, owner);
    case Field::event:  // P16
      event_bytes_ = event_bytes_ - event_type_.size() + value.size();
      copy_terminated(event_type_, value);
      return 0;
    case Field::id:  // P18
      if (value.find('\0') == std::string_view::npos) {
        event_bytes_ = event_bytes_ - (pending_id_set_ ? pending_id().size() : 0) + value.size();
        copy_terminated(pending_id(), value);
        pending_id_set_ = true;
      }
      return 0;
    case Field::retry: {  // P19: takes effect now, not at dispatch
      std::uint64_t ms = 0;
      return parse_retry(value, ms) ? handler_.on_retry(ms) : 0;
    }
    case Field::unknown:
      break;
  }
  return 0;
}

int Parser::append_data(std::string_view value, ByteBuffer *owner) {
  // The common single-line event whose bytes sit in the caller's buffer is delivered
  // as a view into that buffer; a line assembled across feeds (or decoded) is taken
  // over by swapping buffers, which costs the same for any length. Only a second line
  // forces a join into data_.
  event_bytes_ += value.size() + (data_lines_ != 0 ? 1 : 0);  // the joining LF
  if (data_lines_ == 0) {
    if (owner == nullptr) {
      data_view_ = value;
      data_is_view_ = true;
    } else {
      // The field name stays in front of the value: data_offset_ skips it.
      data_offset_ = static_cast<std::size_t>(value.data() - owner->data());
      data_.swap(*owner);
      data_.truncate(data_offset_ + value.size());
    }
  } else {
    if (data_is_view_) detach_data_from_input();
    data_.push_back('\n');
    data_.append(value);
  }
  ++data_lines_;
  return 0;
}

int Parser::dispatch() {
  if (pending_id_set_) {  // P21, even when no event fires
    last_id_ ^= 1u;  // the buffer becomes the string
    pending_id_set_ = false;
  }
  if (data_lines_ == 0) {  // P22
    clear_event();
    return 0;
  }
  Event event;
  event.type = event_type_.empty() ? std::string_view("message") : event_type_.view();
  event.data = data_is_view_ ? data_view_ : data_.view().substr(data_offset_);
  event.id = last_event_id_string();
  int rc = handler_.on_event(event);
  // A long line taken over by append_data leaves data_ as the big buffer: hand it back
  // to the line buffer (empty between lines) so the next long line needs no new one.
  if (data_.capacity() >= kHandBackBytes && data_.capacity() > partial_line_.capacity() &&
      partial_line_.empty()) {
    data_.swap(partial_line_);
    partial_line_.clear();
  }
  clear_event();  // P25
  return rc;
}

int Parser::skip_event() {
  // The whole block is dropped, its id included; a retry already applied stays (P19).
  pending_id_set_ = false;
  clear_event();
  skipping_ = true;
  skip_line_started_ = false;
  ++skipped_events_;
  char reason[128];
  std::snprintf(reason, sizeof reason,
                "event larger than max_event_bytes (%zu) skipped up to the next blank line",
                limits_.max_event_bytes);
  return handler_.on_skipped(reason);
}

void Parser::clear_event() {
  data_.clear();
  data_offset_ = 0;
  data_view_ = {};
  data_is_view_ = false;
  data_lines_ = 0;
  event_type_.clear();
  event_bytes_ = pending_id_set_ ? pending_id().size() : 0;
}

void Parser::detach_data_from_input() {
  data_.assign(data_view_);
  data_offset_ = 0;
  data_view_ = {};
  data_is_view_ = false;
}

bool Parser::over_limit(std::size_t more) const {
  return event_bytes_ + more > limits_.max_event_bytes;
}

void Parser::finish() {
  partial_line_.clear();
  partial_non_ascii_ = false;
  pending_id_set_ = false;  // P27: an undispatched id never takes effect
  clear_event();
  bom_matched_ = 0;
  bom_decided_ = false;
  skip_lf_ = false;
  skipping_ = false;
  skip_line_started_ = false;
}

void Parser::reset() {
  finish();
  last_event_id_string().clear();
  last_event_id_string().terminate();
  skipped_events_ = 0;
}

void Parser::set_last_event_id(std::string_view id) { copy_terminated(last_event_id_string(), id); }

void Parser::grow_partial_line(std::size_t need) {
  std::size_t capacity = partial_line_.capacity();
  // Long lines assembled from many reads: growing 4x instead of 2x halves the copies
  // and page faults of the doubling series; capped at the limit the line can reach.
  std::size_t target = std::max(need, std::min(capacity * 4, limits_.max_event_bytes));
  partial_line_.reserve(target);
}

}  // namespace sse::core
