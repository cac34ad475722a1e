// libFuzzer target for the subscribe-query parser of the embedded server (topics
// and lastEventId from `?topic=a&topic=b&lastEventId=x`), compiled straight from
// server/ (internal, not exported by libsse). The whole input is the query.
//
// Invariants, each abort()s on violation:
//  1. A refusal is SSE_EINVAL with a message.
//  2. An accepted query has at least one topic, none empty or repeated.
//  3. Round trip: the result percent-encoded back into a query parses the same.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include <sse/common.h>

#include "subscribe_query.hpp"

using sse::server::Status;
using sse::server::SubscribeQuery;

namespace {

[[noreturn]] void die(const char *what) {
  std::fprintf(stderr, "fuzz_query: %s\n", what);
  std::abort();
}

std::string escape(const std::string &s) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string query(reinterpret_cast<const char *>(data), size);
  SubscribeQuery q;
  Status st = sse::server::parse_subscribe_query(query, q);
  if (st) {
    if (st.code != SSE_EINVAL || st.message.empty()) die("refusal without SSE_EINVAL and a message");
    return 0;
  }
  if (q.topics.empty()) die("accepted a query without topics");
  std::set<std::string> seen;
  for (const auto &t : q.topics)
    if (t.empty() || !seen.insert(t).second) die("empty or repeated topic");
  std::string again = "x=1";  // an ignored parameter stays ignored
  for (const auto &t : q.topics) again += "&topic=" + escape(t);
  if (q.last_event_id) again += "&lastEventId=" + escape(*q.last_event_id);
  SubscribeQuery r;
  if (sse::server::parse_subscribe_query(again, r)) die("round trip refused");
  if (r.topics != q.topics || r.last_event_id != q.last_event_id) die("round trip changed the query");
  return 0;
}
