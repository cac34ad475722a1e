#include "frame_builder.hpp"

#include <new>
#include <string>

#include "../serializer.hpp"
#include "../utf8.hpp"

namespace sse::core {
namespace {

// Status::no_memory from the serializer never happens: it throws std::bad_alloc.
Outcome write_message(Serializer &out, const OutgoingMessage &m, std::string_view id) {
  if (!m.is_event() && (m.type || m.id))
    return {Status::invalid, "message has a type or id but no data (not an event)"};
  if (!m.is_event() && !m.comment && !m.retry_ms)
    return {Status::invalid, "message is empty: no data, comment or retry"};
  if (m.comment)
    if (Outcome o = out.write_comment(*m.comment); !o.ok()) return o;
  if (m.retry_ms)
    if (Outcome o = out.write_retry(*m.retry_ms); !o.ok()) return o;
  if (m.is_event()) {
    OutgoingEvent event;
    event.type = m.type;
    event.data = m.data;
    if (!id.empty()) event.id = id;  // an empty `id:` line would reset the client's id
    if (Outcome o = out.write_event(event); !o.ok()) return o;
  }
  return {};
}

const char *reason_name(GapReason reason) {
  switch (reason) {
    case GapReason::expired: return "expired";
    case GapReason::unknown: return "unknown";
    case GapReason::epoch: return "epoch";
    case GapReason::dropped: return "dropped";
  }
  return "unknown";
}

// `text` as a JSON string literal: ill-formed UTF-8 replaced, quotes, backslashes and
// control characters escaped.
void append_json_string(std::pmr::string &out, std::string_view text) {
  std::pmr::string valid(out.get_allocator());
  utf8::append_replacing_invalid(text, valid);
  out.push_back('"');
  for (char c : valid) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      static const char hex[] = "0123456789abcdef";
      out.append("\\u00");
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 15]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

Frame *frame_of(SharedResource &memory, const Serializer &s) {
  return Frame::make(memory, s.pending(), {}, {});
}

}  // namespace

Outcome build_frame(SharedResource &memory, const OutgoingMessage &m, std::string_view id,
                    std::string_view topics_joined, std::size_t max_bytes, Frame **out) {
  *out = nullptr;
  Serializer s(max_bytes, &memory);
  if (Outcome o = write_message(s, m, id); !o.ok()) {
    if (o.status == Status::limit) o.message = "message is larger than max_event_bytes";
    return o;
  }
  *out = Frame::make(memory, s.pending(), m.is_event() ? id : std::string_view{}, topics_joined);
  return {};
}

Outcome build_preamble(SharedResource &memory, std::optional<std::uint64_t> retry_ms,
                       const OutgoingMessage *initial, std::size_t max_bytes, Frame **out) {
  *out = nullptr;
  Serializer s(max_bytes, &memory);
  if (retry_ms)
    if (Outcome o = s.write_retry(*retry_ms); !o.ok()) return o;
  if (initial != nullptr) {
    // The initial message is never replayed, so an id only moves the client's last id.
    std::string_view id = initial->id.value_or(std::string_view{});
    if (initial->id && id.empty()) return {Status::invalid, "initial message id is empty"};
    OutgoingMessage m = *initial;
    if (Outcome o = write_message(s, m, id); !o.ok()) {
      if (o.status == Status::limit) o.message = "initial message is larger than max_event_bytes";
      return o;
    }
  }
  if (!s.pending().empty()) *out = frame_of(memory, s);
  return {};
}

Frame *build_gap_notice(SharedResource &memory, GapStyle style, GapReason reason,
                        std::optional<std::string_view> last_id) {
  if (style == GapStyle::off) return nullptr;
  // Bounded by the id's size; the serializer's limit is not what protects here.
  Serializer s(static_cast<std::size_t>(-1), &memory);
  std::pmr::string text(&memory);
  if (style == GapStyle::event) {
    text.append("{\"last_id\":");
    if (last_id) {
      append_json_string(text, *last_id);
    } else {
      text.append("null");
    }
    text.append(",\"reason\":\"").append(reason_name(reason)).append("\"}");
    OutgoingEvent event;
    event.type = std::string_view("sse-gap");
    event.data = std::string_view(text);
    if (!s.write_event(event).ok()) throw std::bad_alloc();
  } else {
    text.append("sse-gap ").append(reason_name(reason));
    if (last_id) {
      text.push_back(' ');
      utf8::append_replacing_invalid(*last_id, text);
    }
    if (!s.write_comment(text).ok()) throw std::bad_alloc();
  }
  return frame_of(memory, s);
}

}  // namespace sse::core
