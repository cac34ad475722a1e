#include "subscribe_query.hpp"

#include <algorithm>

#include <sse/common.h>

#include "form_pairs.hpp"

namespace sse::server {

Status parse_subscribe_query(std::string_view query, SubscribeQuery &out) {
  out = {};
  FormPairs pairs;
  if (Status st = parse_form_pairs(query, "query", pairs)) return st;
  for (auto &[name, value] : pairs) {
    if (name == "topic") {
      if (value.empty()) return Status::fail(SSE_EINVAL, "query: empty topic name");
      if (std::find(out.topics.begin(), out.topics.end(), value) == out.topics.end())
        out.topics.push_back(std::move(value));
    } else if (name == "lastEventId") {
      if (out.last_event_id) return Status::fail(SSE_EINVAL, "query: lastEventId given twice");
      out.last_event_id = std::move(value);
    }
  }
  if (out.topics.empty())
    return Status::fail(SSE_EINVAL, "query: no topic: subscribe with ?topic=NAME (repeatable)");
  return Status::ok();
}

}  // namespace sse::server
