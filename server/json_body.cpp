#include "json_body.hpp"

#include <sse/common.h>

#include "publish_fields.hpp"

namespace sse::server {

namespace {

// A cursor over the body; every read method returns false (and sets `error`) on
// malformed input, so the decoder is one chain of checks.
class JsonReader {
 public:
  explicit JsonReader(std::string_view in) : in_(in) {}

  void skip_space() {
    while (pos_ < in_.size() && (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\n' ||
                                 in_[pos_] == '\r'))
      ++pos_;
  }
  bool at_end() { skip_space(); return pos_ == in_.size(); }
  bool peek_is(char c) { skip_space(); return pos_ < in_.size() && in_[pos_] == c; }
  bool expect(char c) {
    if (peek_is(c)) { ++pos_; return true; }
    return fail(std::string("expected '") + c + "'");
  }

  bool string(std::string &out) {
    out.clear();
    if (!expect('"')) return false;
    while (pos_ < in_.size()) {
      unsigned char c = static_cast<unsigned char>(in_[pos_++]);
      if (c == '"') return true;
      if (c < 0x20) return fail("control character inside a string");
      if (c != '\\') { out.push_back(static_cast<char>(c)); continue; }
      if (pos_ >= in_.size()) break;
      char e = in_[pos_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': if (!unicode_escape(out)) return false; break;
        default: return fail("bad escape in a string");
      }
    }
    return fail("unterminated string");
  }

  // A non-negative integer (the only number this body has: `retry`).
  bool integer(std::string &digits) {
    skip_space();
    digits.clear();
    while (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') digits.push_back(in_[pos_++]);
    if (digits.empty()) return fail("expected a non-negative integer");
    if (digits.size() > 1 && digits[0] == '0') return fail("leading zero in a number");
    if (pos_ < in_.size() && (in_[pos_] == '.' || in_[pos_] == 'e' || in_[pos_] == 'E'))
      return fail("retry must be an integer");
    return true;
  }

  bool fail(const std::string &why) {
    if (error.empty()) error = "JSON body: " + why + " at byte " + std::to_string(pos_);
    return false;
  }

  std::string error;

 private:
  bool hex4(unsigned &v) {
    if (in_.size() - pos_ < 4) return fail("short \\u escape");
    v = 0;
    for (int i = 0; i < 4; ++i) {
      char h = in_[pos_++];
      v <<= 4;
      if (h >= '0' && h <= '9') v |= unsigned(h - '0');
      else if (h >= 'a' && h <= 'f') v |= unsigned(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') v |= unsigned(h - 'A' + 10);
      else return fail("bad hex digit in a \\u escape");
    }
    return true;
  }

  bool unicode_escape(std::string &out) {
    unsigned cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return fail("lone low surrogate");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      unsigned lo = 0;
      if (in_.substr(pos_, 2) != "\\u") return fail("high surrogate without its low half");
      pos_ += 2;
      if (!hex4(lo)) return false;
      if (lo < 0xDC00 || lo > 0xDFFF) return fail("high surrogate without its low half");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    }
    append_utf8(out, cp);
    return true;
  }

  static void append_utf8(std::string &out, unsigned cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  std::string_view in_;
  std::size_t pos_ = 0;
};

// The value of one member, by name, into `fields`.
bool read_member(JsonReader &r, const std::string &name, PublishFields &fields, Status &st) {
  std::string value;
  if (name == "topics") {
    if (!r.expect('[')) return false;
    if (r.peek_is(']')) return r.expect(']') && r.fail("empty topics array");
    do {
      if (!r.string(value)) return false;
      if ((st = fields.add_topic(std::move(value)))) return false;
    } while (r.peek_is(',') && r.expect(','));
    return r.expect(']');
  }
  if (name == "retry") {
    if (!r.integer(value)) return false;
  } else if (!r.string(value)) {
    return false;
  }
  st = name == "topic" ? fields.add_topic(std::move(value)) : fields.set(name, std::move(value));
  return !st;
}

}  // namespace

Status decode_json_body(std::string_view body, PublishRequest &out) {
  JsonReader r(body);
  PublishFields fields("JSON body");
  Status st;
  bool ok = r.expect('{');
  if (ok && !r.peek_is('}')) {
    std::string name;
    do {
      ok = r.string(name) && r.expect(':') && read_member(r, name, fields, st);
    } while (ok && r.peek_is(',') && r.expect(','));
  }
  ok = ok && r.expect('}') && (r.at_end() || r.fail("content after the object"));
  if (st) return st;
  if (!ok) return Status::fail(SSE_EINVAL, r.error);
  return fields.finish(out);
}

}  // namespace sse::server
