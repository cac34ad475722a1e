// One libcurl transfer: building the request (M3, H1-H2), collecting the final
// response's headers, classifying it (M4 c-e) and streaming the body to the parser.
#include <algorithm>
#include <cctype>
#include <new>

#include "client_engine.hpp"
#include "client_url.hpp"
#include "error.hpp"

namespace sse::capi {

namespace {

// A header line without its CR LF and surrounding whitespace.
std::string_view trim_line(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return core::trim_ows(s);
}

const String *find_header(const HeaderList &headers, std::string_view name) {
  const String *found = nullptr;
  for (const auto &h : headers)
    if (core::iequals_ascii(h.first, name)) found = &h.second;  // the last one wins
  return found;
}

bool user_sets(const sse_client &c, std::string_view name) {
  return find_header(c.request.headers, name) != nullptr;
}

bool append_header(curl_slist *&list, const char *line) {
  curl_slist *next = curl_slist_append(list, line);
  if (next == nullptr) return false;
  list = next;
  return true;
}

// "Name: value", or curl's syntax for a header with an empty value, "Name;".
bool append_header(curl_slist *&list, String &line, std::string_view name,
                   std::string_view value) {
  line.assign(name);
  if (value.empty()) {
    line += ';';
  } else {
    line += ": ";
    line += value;
  }
  return append_header(list, line.c_str());
}

// Where a user header may go. The caller's credentials stay with the origin of the
// URL the caller set (sse_client_new / sse_client_set_url), like fetch and curl's
// redirect rule; Proxy-Authorization is the proxy's and never goes to a server.
// `unrestricted_auth` sends all three everywhere, as 1.0 did.
enum class Destination { server, proxy, nowhere };

Destination destination(const sse_client &c, std::string_view name, bool same_origin) {
  if (c.request.unrestricted_auth) return Destination::server;
  if (core::iequals_ascii(name, "Proxy-Authorization")) return Destination::proxy;
  bool credential = core::iequals_ascii(name, "Authorization") || core::iequals_ascii(name, "Cookie");
  return credential && !same_origin ? Destination::nowhere : Destination::server;
}

// M3 defaults, the user's headers (which override them), H1/H2 Last-Event-ID.
bool build_header_lists(sse_client &c) {
  curl_slist *&list = c.header_list;
  if (!user_sets(c, "Accept") && !append_header(list, "Accept: text/event-stream")) return false;
  if (!user_sets(c, "Cache-Control") && !append_header(list, "Cache-Control: no-cache"))
    return false;
  // A streaming POST must not wait for "100 Continue".
  if (!user_sets(c, "Expect") && !append_header(list, "Expect:")) return false;
  String line(&c.memory);
  url_origin(c.request.url.c_str(), line);
  bool same_origin = !line.empty() && line == c.request.configured_origin;
  for (const auto &[name, value] : c.request.headers) {
    switch (destination(c, name, same_origin)) {
      case Destination::server:
        if (!append_header(list, line, name, value)) return false;
        break;
      case Destination::proxy:
        if (!append_header(c.proxy_header_list, line, name, value)) return false;
        break;
      case Destination::nowhere:
        break;
    }
  }
  // H2: sent only when non-empty; the list is rebuilt per attempt, so a reset id also
  // removes the header.
  std::string_view id = c.parser.last_event_id();
  if (!id.empty() && !append_header(list, line, "Last-Event-ID", id)) return false;
  return true;
}

int http_version_number(long v) {
  switch (v) {
    case CURL_HTTP_VERSION_1_0: return 10;
    case CURL_HTTP_VERSION_1_1: return 11;
    case CURL_HTTP_VERSION_2_0: return 20;
#ifdef CURL_HTTP_VERSION_3
    case CURL_HTTP_VERSION_3: return 30;
#endif
    default: return 0;
  }
}

// libcurl's rule (lib/http.c): it follows any 3xx whose first non-empty Location
// names a target; an empty Location is ignored, so such a 3xx is the final response.
const String *followed_location(const sse_client &c) {
  if (c.response.status < 300 || c.response.status > 399) return nullptr;
  for (const auto &h : c.response.headers)
    if (core::iequals_ascii(h.first, "Location") && !h.second.empty()) return &h.second;
  return nullptr;
}

}  // namespace

sse_response response_view(const sse_client &c, Vector<sse_header> &storage) {
  storage.clear();
  for (const auto &[name, value] : c.response.headers)
    storage.push_back(sse_header{{name.data(), name.size()}, {value.data(), value.size()}});
  const String *type = find_header(c.response.headers, "Content-Type");
  sse_response r{};
  r.status = c.response.status;
  r.http_version = c.response.http_version;
  r.url = sse_str{c.response.url.data(), c.response.url.size()};
  r.content_type = type ? sse_str{type->data(), type->size()} : sse_str{nullptr, 0};
  r.headers = storage.data();
  r.header_count = storage.size();
  r.body = sse_str{c.response.body.data(), c.response.body.size()};
  return r;
}

const String *response_header(const sse_client &c, std::string_view name) {
  return find_header(c.response.headers, name);
}

namespace {

// M5: the stream is open; the parser starts a new body with the stored id (M11).
bool open_stream(sse_client &c) {
  auto now = Clock::now();
  c.phase = Phase::open;
  c.state.store(SSE_CLIENT_OPEN);
  c.opened_at = now;
  c.last_activity = now;
  c.last_byte = now;
  c.failed_in_row = 0;
  c.outage_since.reset();
  c.events_this_stream = 0;
  c.parser.finish();
  if (c.callbacks.on_open == nullptr) return true;
  Vector<sse_header> storage(&c.memory);
  sse_response r = response_view(c, storage);
  int rc = deliver(c, [&] { return c.callbacks.on_open(&c, &r, c.user_data); });
  if (rc == SSE_PAUSE && c.pause_pending) {
    curl_easy_pause(c.easy, CURLPAUSE_RECV);
    c.recv_paused = true;
  }
  return rc >= 0 || rc == SSE_PAUSE;
}

// The response that ends the redirect chain: its URL and HTTP version.
void record_final_response(sse_client &c) {
  char *url = nullptr;
  curl_easy_getinfo(c.easy, CURLINFO_EFFECTIVE_URL, &url);
  if (url != nullptr) {
    c.response.url = url;
    c.request.url = url;  // M12: reconnections go to the final URL
  }
  long version = 0;
  curl_easy_getinfo(c.easy, CURLINFO_HTTP_VERSION, &version);
  c.response.http_version = http_version_number(version);
}

// End of one header block. Returns false to abort the transfer.
bool headers_complete(sse_client &c) {
  int status = c.response.status;
  if (status >= 100 && status < 200) return true;  // interim response
  if (const String *location = followed_location(c)) {
    char *from = nullptr;
    curl_easy_getinfo(c.easy, CURLINFO_EFFECTIVE_URL, &from);
    if (from == nullptr || redirect_target_ok(from, location->c_str(), c.response.bad_redirect)) {
      ++c.response.redirects;  // curl follows it, or fails with too many redirects
      return true;
    }
    // A malformed target fails here with the 3xx (curl would fail on it too).
  }
  record_final_response(c);
  const String *type = find_header(c.response.headers, "Content-Type");
  if (status == 200 && type != nullptr && core::is_event_stream(*type)) return open_stream(c);
  c.phase = Phase::rejecting;  // M4(c)/(d); the body start goes into the failure
  return true;
}

size_t on_header_line(char *buffer, size_t size, size_t count, void *user) {
  auto &c = *static_cast<sse_client *>(user);
  size_t len = size * count;
  std::string_view line = trim_line(std::string_view(buffer, len));
  try {
    if (line.substr(0, 5) == "HTTP/") {
      c.response.clear_block();
      size_t space = line.find(' ');
      int status = 0;
      for (size_t i = space == std::string_view::npos ? line.size() : space + 1;
           i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])); ++i)
        status = status * 10 + (line[i] - '0');
      c.response.status = status;
    } else if (line.empty()) {
      if (!headers_complete(c)) return 0;  // a callback stopped the client
    } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
      c.response.headers.emplace_back(core::trim_ows(line.substr(0, colon)),
                                      core::trim_ows(line.substr(colon + 1)));
    }
  } catch (const std::bad_alloc &) {
    c.callback_error = SSE_ENOMEM;
    return 0;
  }
  return len;
}

size_t on_body_bytes(char *data, size_t size, size_t count, void *user) {
  auto &c = *static_cast<sse_client *>(user);
  size_t len = size * count;
  c.bytes.fetch_add(len, std::memory_order_relaxed);
  if (c.phase == Phase::open) return receive_body(c, data, len);
  if (c.phase == Phase::rejecting) {
    size_t room = c.max_failure_body_bytes - std::min(c.max_failure_body_bytes,
                                                      c.response.body.size());
    try {
      c.response.body.append(data, std::min(room, len));
    } catch (const std::bad_alloc &) {
      c.callback_error = SSE_ENOMEM;
      return 0;
    }
    // Enough for the report: stop downloading (curl ends with a write error, and
    // the failure is reported from what was kept).
    if (c.response.body.size() >= c.max_failure_body_bytes) return 0;
  }
  return len;
}

template <typename T>
bool set(CURL *easy, CURLoption option, T value) {
  return curl_easy_setopt(easy, option, value) == CURLE_OK;
}

bool configure(sse_client &c) {
  CURL *e = c.easy;
  const RequestSettings &r = c.request;
  bool ok = set(e, CURLOPT_URL, r.url.c_str()) && set(e, CURLOPT_NOSIGNAL, 1L) &&
            set(e, CURLOPT_PROTOCOLS_STR, "http,https") &&
            set(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") &&
            set(e, CURLOPT_FOLLOWLOCATION, 1L) &&
            set(e, CURLOPT_MAXREDIRS, static_cast<long>(r.max_redirects)) &&
            set(e, CURLOPT_HTTPHEADER, c.header_list) &&
            set(e, CURLOPT_PROXYHEADER, c.proxy_header_list) &&
            set(e, CURLOPT_HEADEROPT, CURLHEADER_SEPARATE) &&
            // curl's own rule for the hops of one attempt: Authorization and Cookie
            // are not passed to another host unless the caller allows it.
            set(e, CURLOPT_UNRESTRICTED_AUTH, r.unrestricted_auth ? 1L : 0L) &&
            set(e, CURLOPT_USERAGENT, r.user_agent.c_str()) &&
            set(e, CURLOPT_HEADERFUNCTION, &on_header_line) && set(e, CURLOPT_HEADERDATA, &c) &&
            set(e, CURLOPT_WRITEFUNCTION, &on_body_bytes) && set(e, CURLOPT_WRITEDATA, &c) &&
            set(e, CURLOPT_ERRORBUFFER, c.curl_error) &&
            set(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_timeout_ms)) &&
            set(e, CURLOPT_TCP_KEEPALIVE, 1L) &&
            // Bigger reads: fewer parser calls per megabyte on fast streams.
            set(e, CURLOPT_BUFFERSIZE, 256L * 1024L);
  long version = r.http_version == 11   ? CURL_HTTP_VERSION_1_1
                 : r.http_version == 20 ? CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE
                                        : CURL_HTTP_VERSION_2TLS;
  ok = ok && set(e, CURLOPT_HTTP_VERSION, version);
  if (r.accept_encoding) ok = ok && set(e, CURLOPT_ACCEPT_ENCODING, "");
  if (r.has_proxy) ok = ok && set(e, CURLOPT_PROXY, r.proxy.c_str());
  if (r.insecure) ok = ok && set(e, CURLOPT_SSL_VERIFYPEER, 0L) && set(e, CURLOPT_SSL_VERIFYHOST, 0L);
  if (!r.ca_file.empty()) ok = ok && set(e, CURLOPT_CAINFO, r.ca_file.c_str());
  if (!r.client_cert.empty()) ok = ok && set(e, CURLOPT_SSLCERT, r.client_cert.c_str());
  if (!r.client_key.empty()) ok = ok && set(e, CURLOPT_SSLKEY, r.client_key.c_str());
  if (r.body) {
    ok = ok && set(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body->size())) &&
         set(e, CURLOPT_POSTFIELDS, r.body->data());
  } else if (r.method == "POST") {
    ok = ok && set(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(0)) &&
         set(e, CURLOPT_POSTFIELDS, "");
  }
  if (r.method != "GET" && r.method != "POST")
    ok = ok && set(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  else if (r.method == "GET" && r.body)
    ok = ok && set(e, CURLOPT_CUSTOMREQUEST, "GET");  // a body must not turn GET into POST
  return ok;
}

}  // namespace

int start_transfer(sse_client &c) {
  static const char where[] = "sse_client_run";
  c.response.reset();
  c.pending_input.clear();
  c.finished.reset();
  c.recv_paused = false;
  c.curl_error[0] = '\0';
  c.easy = curl_easy_init();
  if (c.easy == nullptr) return set_error(SSE_ENOMEM, "%s: curl_easy_init failed", where);
  bool built;
  try {
    built = build_header_lists(c) && configure(c);
  } catch (const std::bad_alloc &) {
    built = false;
  }
  if (!built) {
    end_transfer(c);
    return set_error(SSE_ENOMEM, "%s: could not configure the request", where);
  }
  if (CURLMcode mc = curl_multi_add_handle(c.multi, c.easy); mc != CURLM_OK) {
    end_transfer(c);
    return set_error(SSE_EIO, "%s: %s", where, curl_multi_strerror(mc));
  }
  c.phase = Phase::connecting;
  c.state.store(SSE_CLIENT_CONNECTING);
  return 0;
}

void reject_final_response(sse_client &c) {
  record_final_response(c);
  c.phase = Phase::rejecting;
}

void end_transfer(sse_client &c) {
  if (c.easy != nullptr) {
    curl_multi_remove_handle(c.multi, c.easy);
    curl_easy_cleanup(c.easy);
    c.easy = nullptr;
  }
  curl_slist_free_all(c.header_list);
  c.header_list = nullptr;
  curl_slist_free_all(c.proxy_header_list);
  c.proxy_header_list = nullptr;
  c.pending_input.clear();
  c.pending_input.shrink_to_fit();
  c.finished.reset();
  c.recv_paused = false;
}

size_t receive_body(sse_client &c, const char *data, size_t len) {
  // curl then fails the transfer; the run loop closes or restarts first.
  if (stopping(c) || restarting(c)) return 0;
  const Clock::time_point now = Clock::now();
  c.last_byte = now;
  try {
    if (c.pause_pending || !c.pending_input.empty()) {
      c.pending_input.append(data, len);  // parsed after the pause (curl's recv is paused)
      return len;
    }
    size_t consumed = 0;
    stamp_chunk(c, now);
    int rc = c.parser.feed(data, len, consumed);
    if (rc == 0) return len;
    if (stopping(c) || restarting(c)) return 0;
    // SSE_PAUSE: keep the rest and stop receiving until the next run().
    c.pending_input.append(data + consumed, len - consumed);
    curl_easy_pause(c.easy, CURLPAUSE_RECV);
    c.recv_paused = true;
    return len;
  } catch (const std::bad_alloc &) {
    c.callback_error = SSE_ENOMEM;
    return 0;
  }
}

}  // namespace sse::capi
