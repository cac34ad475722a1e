// The field rules both publish-body decoders share (form and JSON): which names
// exist, that each scalar appears once, that `retry` is a decimal number, and that
// `topic` and `data` are present.
#pragma once

#include <string>
#include <string_view>

#include "publish_request.hpp"
#include "status.hpp"

namespace sse::server {

class PublishFields {
 public:
  explicit PublishFields(const char *what) : what_(what) {}

  // One more topic (`topic=` repeated, `"topic"` or an element of `"topics"`).
  Status add_topic(std::string value);
  // `data`, `type`, `id` or `retry` (its decimal text); anything else is refused.
  Status set(std::string_view name, std::string value);
  // Checks that `topic` and `data` were given and moves the result out.
  Status finish(PublishRequest &out);

 private:
  Status fail(const std::string &why) const;
  const char *what_;
  PublishRequest req_;
  bool has_retry_ = false;
};

}  // namespace sse::server
