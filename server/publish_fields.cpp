#include "publish_fields.hpp"

#include <sse/common.h>

#include "decimal.hpp"

namespace sse::server {

Status PublishFields::fail(const std::string &why) const {
  return Status::fail(SSE_EINVAL, std::string(what_) + ": " + why);
}

Status PublishFields::add_topic(std::string value) {
  if (value.empty()) return fail("empty topic name");
  for (const auto &t : req_.topics)
    if (t == value) return Status::ok();  // a topic named twice is still one topic
  req_.topics.push_back(std::move(value));
  return Status::ok();
}

Status PublishFields::set(std::string_view name, std::string value) {
  std::optional<std::string> *slot = nullptr;
  if (name == "data") slot = &req_.data;
  else if (name == "type") slot = &req_.type;
  else if (name == "id") slot = &req_.id;
  if (slot != nullptr) {
    if (slot->has_value()) return fail("field '" + std::string(name) + "' given twice");
    *slot = std::move(value);
    return Status::ok();
  }
  if (name == "retry") {
    if (has_retry_) return fail("field 'retry' given twice");
    auto v = parse_decimal(value);
    if (!v) return fail("retry must be a non-negative decimal number of milliseconds");
    req_.retry_ms = *v;
    has_retry_ = true;
    return Status::ok();
  }
  return fail("unknown field '" + std::string(name).substr(0, 64) +
              "' (known: topic, topics, data, type, id, retry)");
}

Status PublishFields::finish(PublishRequest &out) {
  if (req_.topics.empty()) return fail("no topic");
  if (!req_.data) return fail("no data");
  out = std::move(req_);
  req_ = {};
  return Status::ok();
}

}  // namespace sse::server
