#include "form_pairs.hpp"

#include <sse/common.h>

#include "percent_decode.hpp"

namespace sse::server {

Status parse_form_pairs(std::string_view in, const char *what, FormPairs &out) {
  out.clear();
  while (!in.empty()) {
    std::size_t amp = in.find('&');
    std::string_view seg = in.substr(0, amp);
    in = amp == std::string_view::npos ? std::string_view{} : in.substr(amp + 1);
    if (seg.empty()) continue;
    std::size_t eq = seg.find('=');
    std::string_view raw_name = seg.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view{} : seg.substr(eq + 1);
    auto name = percent_decode(raw_name, true);
    if (!name)
      return Status::fail(SSE_EINVAL, std::string(what) + ": malformed percent escape in a parameter name");
    auto value = percent_decode(raw_value, true);
    if (!value)
      return Status::fail(SSE_EINVAL, std::string(what) + ": malformed percent escape in the value of '" +
                                          *name + "'");
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return Status::ok();
}

}  // namespace sse::server
