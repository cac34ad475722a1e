#include "serializer.hpp"

#include <charconv>

#include "utf8.hpp"

namespace sse::core {
namespace {

bool has_line_break(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

bool is_utf8(std::string_view s) { return utf8::first_invalid(s) == utf8::npos; }

// Calls `piece` for each line of `text`, split at CR LF, CR and LF as a parser would
// split it (P5). An empty text is one empty line.
template <typename Fn>
void for_each_line(std::string_view text, Fn &&piece) {
  std::size_t start = 0;
  for (;;) {
    std::size_t brk = text.find_first_of("\r\n", start);
    if (brk == std::string_view::npos) {
      piece(text.substr(start));
      return;
    }
    piece(text.substr(start, brk - start));
    start = brk + ((text[brk] == '\r' && brk + 1 < text.size() && text[brk + 1] == '\n') ? 2 : 1);
  }
}

// Bytes `prefix + line + LF` for each line, using the shorter prefix for empty lines.
std::size_t lines_size(std::size_t prefix_nonempty, std::size_t prefix_empty, std::string_view text) {
  std::size_t total = 0;
  for_each_line(text, [&](std::string_view line) {
    total += (line.empty() ? prefix_empty : prefix_nonempty + line.size()) + 1;
  });
  return total;
}

}  // namespace

Serializer::Serializer(std::size_t max_pending_bytes, std::pmr::memory_resource *memory)
    : max_pending_bytes_(max_pending_bytes), buffer_(memory) {}

Outcome Serializer::make_room(std::size_t bytes) {
  std::size_t live = buffer_.size() - head_;
  if (bytes > max_pending_bytes_ || live > max_pending_bytes_ - bytes)
    return {Status::limit, "write would exceed max_pending_bytes; drain the serializer first"};
  if (head_ != 0 && buffer_.size() + bytes > buffer_.capacity()) {
    buffer_.erase(0, head_);  // reclaim drained space before growing
    head_ = 0;
  }
  buffer_.reserve(buffer_.size() + bytes);
  return {};
}

void Serializer::append_lines(std::string_view prefix_nonempty, std::string_view prefix_empty,
                              std::string_view text) {
  for_each_line(text, [&](std::string_view line) {
    if (line.empty()) {
      buffer_.append(prefix_empty);
    } else {
      buffer_.append(prefix_nonempty);
      buffer_.append(line);
    }
    buffer_.push_back('\n');
  });
}

Outcome Serializer::write_event(const OutgoingEvent &event) {
  std::string_view type = event.type.value_or(std::string_view{});
  if (has_line_break(type)) return {Status::field, "event type contains CR or LF"};
  if (!is_utf8(type)) return {Status::field, "event type is not valid UTF-8"};
  if (event.id) {
    if (has_line_break(*event.id)) return {Status::field, "id contains CR or LF"};
    if (event.id->find('\0') != std::string_view::npos)
      return {Status::field, "id contains NUL (clients would ignore it)"};
    if (!is_utf8(*event.id)) return {Status::field, "id is not valid UTF-8"};
  }
  if (event.data && !is_utf8(*event.data)) return {Status::field, "data is not valid UTF-8"};

  // "event: " / "id: " / "id:" / "data: " / "data:" plus line ends and the blank line.
  std::size_t size = 1;
  if (!type.empty()) size += 7 + type.size() + 1;
  if (event.id) size += (event.id->empty() ? 3 : 4 + event.id->size()) + 1;
  if (event.data) size += lines_size(6, 5, *event.data);
  if (Outcome room = make_room(size); !room.ok()) return room;

  if (!type.empty()) {
    buffer_.append("event: ").append(type).push_back('\n');
  }
  if (event.id) {
    if (event.id->empty()) {
      buffer_.append("id:\n");
    } else {
      buffer_.append("id: ").append(*event.id).push_back('\n');
    }
  }
  if (event.data) append_lines("data: ", "data:", *event.data);
  buffer_.push_back('\n');
  return {};
}

Outcome Serializer::write_comment(std::string_view text) {
  if (!is_utf8(text)) return {Status::field, "comment is not valid UTF-8"};
  if (Outcome room = make_room(lines_size(2, 1, text)); !room.ok()) return room;
  append_lines(": ", ":", text);
  return {};
}

Outcome Serializer::write_keepalive() {
  if (Outcome room = make_room(2); !room.ok()) return room;
  buffer_.append(":\n");
  return {};
}

Outcome Serializer::write_retry(std::uint64_t milliseconds) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, milliseconds);
  std::string_view number(digits, static_cast<std::size_t>(end - digits));
  if (Outcome room = make_room(7 + number.size() + 1); !room.ok()) return room;
  buffer_.append("retry: ").append(number).push_back('\n');
  return {};
}

std::string_view Serializer::pending() const {
  return std::string_view(buffer_).substr(head_);
}

void Serializer::consume(std::size_t n) {
  head_ += n;
  if (head_ == buffer_.size()) {
    buffer_.clear();
    head_ = 0;
  }
}

void Serializer::reset() {
  buffer_.clear();
  head_ = 0;
}

}  // namespace sse::core
