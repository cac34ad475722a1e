#include "listen_address.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstring>

#include <event2/util.h>
#include <sse/common.h>

#include "decimal.hpp"

namespace sse::server {

namespace {
Status bad(const std::string &text, const char *why) {
  return Status::fail(SSE_EINVAL, "listen address '" + text + "': " + why +
                                      " (expected host:port, e.g. 127.0.0.1:8080 or [::1]:8080)");
}
}  // namespace

Status parse_listen_address(const std::string &text, ListenAddress &out) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos) return bad(text, "no port");
  auto port = parse_decimal(std::string_view(text).substr(colon + 1));
  if (!port || *port > 65535) return bad(text, "bad port");
  std::string host = text.substr(0, colon);
  if (host.empty()) host = "0.0.0.0";
  // Numeric forms first (no resolver involved), through libevent's own parser.
  int len = sizeof(out.addr);
  std::string numeric = (host.find(':') != std::string::npos && host.front() != '[')
                            ? "[" + host + "]:" + std::to_string(*port)
                            : host + ":" + std::to_string(*port);
  if (evutil_parse_sockaddr_port(numeric.c_str(), reinterpret_cast<sockaddr *>(&out.addr), &len) == 0) {
    out.len = static_cast<socklen_t>(len);
    return Status::ok();
  }
  if (host.front() == '[') return bad(text, "bad IPv6 address");
  addrinfo hints{}, *res = nullptr;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_ADDRCONFIG;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0 || res == nullptr)
    return bad(text, "unknown host");
  std::memcpy(&out.addr, res->ai_addr, res->ai_addrlen);
  out.len = res->ai_addrlen;
  freeaddrinfo(res);
  if (out.addr.ss_family == AF_INET)
    reinterpret_cast<sockaddr_in *>(&out.addr)->sin_port = htons(static_cast<uint16_t>(*port));
  else
    reinterpret_cast<sockaddr_in6 *>(&out.addr)->sin6_port = htons(static_cast<uint16_t>(*port));
  return Status::ok();
}

std::string format_address(const sockaddr *sa) {
  char host[INET6_ADDRSTRLEN] = "?";
  if (sa->sa_family == AF_INET) {
    auto *in = reinterpret_cast<const sockaddr_in *>(sa);
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    return std::string(host) + ":" + std::to_string(ntohs(in->sin_port));
  }
  if (sa->sa_family == AF_INET6) {
    auto *in6 = reinterpret_cast<const sockaddr_in6 *>(sa);
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    return "[" + std::string(host) + "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  return "?";
}

}  // namespace sse::server
