// libFuzzer target for the publish-body decoders of the embedded server (form and
// JSON), compiled straight from server/ (they are internal, not exported by libsse).
//
// Input layout: byte 0 bit 0 picks the content type (0 form, 1 JSON); the rest is
// the body.
//
// Invariants, each abort()s on violation:
//  1. A refusal is SSE_EINVAL with a message.
//  2. An accepted body has at least one topic, no empty or repeated topic, data,
//     and retry_ms >= -1.
//  3. Round trip: the accepted request written back as a form body and as a JSON
//     body (by the independent encoders below) decodes to the same request.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include <sse/common.h>

#include "publish_body.hpp"

using sse::server::PublishRequest;
using sse::server::Status;

namespace {

[[noreturn]] void die(const char *what) {
  std::fprintf(stderr, "fuzz_publish_body: %s\n", what);
  std::abort();
}

std::string form_escape(const std::string &s) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// Bytes >= 0x80 are copied raw (the decoder passes them through; the publisher
// checks UTF-8), everything below 0x20 and `"`/`\` are escaped.
std::string json_escape(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string to_form(const PublishRequest &r) {
  std::string out;
  for (const auto &t : r.topics) out += "topic=" + form_escape(t) + "&";
  out += "data=" + form_escape(*r.data);
  if (r.type) out += "&type=" + form_escape(*r.type);
  if (r.id) out += "&id=" + form_escape(*r.id);
  if (r.retry_ms >= 0) out += "&retry=" + std::to_string(r.retry_ms);
  return out;
}

std::string to_json(const PublishRequest &r) {
  std::string out = "{\"topics\":[";
  for (std::size_t i = 0; i < r.topics.size(); ++i) out += (i ? "," : "") + json_escape(r.topics[i]);
  out += "],\"data\":" + json_escape(*r.data);
  if (r.type) out += ",\"type\":" + json_escape(*r.type);
  if (r.id) out += ",\"id\":" + json_escape(*r.id);
  if (r.retry_ms >= 0) out += ",\"retry\":" + std::to_string(r.retry_ms);
  return out + "}";
}

bool same(const PublishRequest &a, const PublishRequest &b) {
  return a.topics == b.topics && a.data == b.data && a.type == b.type && a.id == b.id &&
         a.retry_ms == b.retry_ms;
}

void round_trip(const char *content_type, const std::string &body, const PublishRequest &want) {
  PublishRequest again;
  if (Status st = sse::server::decode_publish_body(content_type, body, again)) {
    std::fprintf(stderr, "re-encoded body refused: %s\n%s\n", st.message.c_str(), body.c_str());
    die("round trip refused");
  }
  if (!same(again, want)) die("round trip changed the request");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const char *content_type =
      (data[0] & 1) ? "application/json" : "application/x-www-form-urlencoded";
  std::string body(reinterpret_cast<const char *>(data + 1), size - 1);
  PublishRequest r;
  Status st = sse::server::decode_publish_body(content_type, body, r);
  if (st) {
    if (st.code != SSE_EINVAL || st.message.empty()) die("refusal without SSE_EINVAL and a message");
    return 0;
  }
  if (r.topics.empty() || !r.data || r.retry_ms < -1) die("accepted an incomplete request");
  std::set<std::string> seen;
  for (const auto &t : r.topics)
    if (t.empty() || !seen.insert(t).second) die("empty or repeated topic");
  round_trip("application/x-www-form-urlencoded", to_form(r), r);
  round_trip("application/json", to_json(r), r);
  return 0;
}
