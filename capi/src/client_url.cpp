#include "client_url.hpp"

#include <curl/curl.h>

#include <cstring>
#include <memory>

#include <sse/common.h>

#include "client_policy.hpp"
#include "error.hpp"

namespace sse::capi {

namespace {

struct UrlDeleter {
  void operator()(CURLU *u) const noexcept { curl_url_cleanup(u); }
};
using Url = std::unique_ptr<CURLU, UrlDeleter>;

struct PartDeleter {
  void operator()(char *p) const noexcept { curl_free(p); }
};
using Part = std::unique_ptr<char, PartDeleter>;

Part get_part(CURLU *u, CURLUPart part, unsigned flags) {
  char *text = nullptr;
  if (curl_url_get(u, part, &text, flags) != CURLUE_OK) return Part();
  return Part(text);
}

bool is_http_scheme(const char *scheme) {
  return scheme != nullptr &&
         (core::iequals_ascii(scheme, "http") || core::iequals_ascii(scheme, "https"));
}

// Parses `url` into `u` (which may hold the base for a relative one); nullptr or
// the reason it is not a well-formed http(s) URL.
const char *parse(CURLU *u, const char *url, unsigned flags) {
  if (u == nullptr) return "out of memory";
  if (CURLUcode uc = curl_url_set(u, CURLUPART_URL, url, flags); uc != CURLUE_OK)
    return curl_url_strerror(uc);
  Part scheme = get_part(u, CURLUPART_SCHEME, 0);
  if (!is_http_scheme(scheme.get())) return "the scheme is not http or https";
  return nullptr;
}

void append_lower(String &out, const char *s) {
  for (; *s != '\0'; ++s) out += core::ascii_lower(*s);
}

}  // namespace

int check_url(const char *where, const char *what, const char *url) {
  if (url == nullptr) return set_error(SSE_EINVAL, "%s: %s is NULL", where, what);
  Url u(curl_url());
  if (const char *reason = parse(u.get(), url, 0))
    return set_error(SSE_EINVAL, "%s: %s '%s' is not a valid http:// or https:// URL: %s",
                     where, what, url, reason);
  return 0;
}

void url_origin(const char *url, String &out) {
  out.clear();
  Url u(curl_url());
  if (parse(u.get(), url, 0) != nullptr) return;
  Part scheme = get_part(u.get(), CURLUPART_SCHEME, 0);
  Part host = get_part(u.get(), CURLUPART_HOST, 0);
  Part port = get_part(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!scheme || !host || !port) return;
  append_lower(out, scheme.get());
  out += "://";
  append_lower(out, host.get());
  out += ':';
  out += port.get();
}

bool redirect_target_ok(const char *base, const char *location, const char *&reason) {
  Url u(curl_url());
  reason = parse(u.get(), base, 0);
  if (reason != nullptr) return false;
  // The flags libcurl uses when it follows a Location (lib/transfer.c, Curl_follow).
  reason = parse(u.get(), location, CURLU_URLENCODE | CURLU_ALLOW_SPACE);
  return reason == nullptr;
}

}  // namespace sse::capi
