#include "publish_body.hpp"

#include <sse/common.h>

#include "ascii.hpp"
#include "form_body.hpp"
#include "json_body.hpp"

namespace sse::server {

namespace {
bool media_type_is(std::string_view content_type, std::string_view want) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.remove_prefix(1);
  return ascii_iequals(media, want);
}
}  // namespace

Status decode_publish_body(std::string_view content_type, std::string_view body,
                           PublishRequest &out) {
  if (media_type_is(content_type, "application/x-www-form-urlencoded"))
    return decode_form_body(body, out);
  if (media_type_is(content_type, "application/json")) return decode_json_body(body, out);
  return Status::fail(SSE_EINVAL,
                      "unsupported content type: send application/x-www-form-urlencoded or "
                      "application/json");
}

}  // namespace sse::server
