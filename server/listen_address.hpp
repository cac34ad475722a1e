// "host:port" -> socket address: "127.0.0.1:8080", "[::1]:8080", "localhost:8080",
// ":8080" (every IPv4 interface). Port 0 asks the system for a free port.
#pragma once

#include <sys/socket.h>

#include <string>

#include "status.hpp"

namespace sse::server {

struct ListenAddress {
  sockaddr_storage addr{};
  socklen_t len = 0;
};

Status parse_listen_address(const std::string &text, ListenAddress &out);

// "127.0.0.1:8080" / "[::1]:8080" for messages and the request's remote address.
std::string format_address(const sockaddr *sa);

}  // namespace sse::server
