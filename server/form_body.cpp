#include "form_body.hpp"

#include "form_pairs.hpp"
#include "publish_fields.hpp"

namespace sse::server {

Status decode_form_body(std::string_view body, PublishRequest &out) {
  FormPairs pairs;
  if (Status st = parse_form_pairs(body, "form body", pairs)) return st;
  PublishFields fields("form body");
  for (auto &[name, value] : pairs) {
    Status st = name == "topic" ? fields.add_topic(std::move(value)) : fields.set(name, std::move(value));
    if (st) return st;
  }
  return fields.finish(out);
}

}  // namespace sse::server
