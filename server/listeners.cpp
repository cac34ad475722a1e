#include "listeners.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <sse/common.h>

namespace sse::server {

namespace {

constexpr int kBacklog = 4096;  // bursts of thousands of subscribers reconnecting

void set_port(ListenAddress &a, int port) {
  if (a.addr.ss_family == AF_INET)
    reinterpret_cast<sockaddr_in *>(&a.addr)->sin_port = htons(static_cast<uint16_t>(port));
  else
    reinterpret_cast<sockaddr_in6 *>(&a.addr)->sin6_port = htons(static_cast<uint16_t>(port));
}

int bound_port(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getsockname(fd, reinterpret_cast<sockaddr *>(&ss), &len) != 0) return -1;
  return ss.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in *>(&ss)->sin_port)
                                 : ntohs(reinterpret_cast<sockaddr_in6 *>(&ss)->sin6_port);
}

// One bound, listening, non-blocking socket, or -1 with errno set.
int open_one(const ListenAddress &a, bool reuse_port, bool listen_now) {
  int fd = socket(a.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);  // restart after TIME_WAIT
  if (reuse_port) setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  if (a.addr.ss_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (bind(fd, reinterpret_cast<const sockaddr *>(&a.addr), a.len) != 0 ||
      (listen_now && listen(fd, kBacklog) != 0)) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

Status failure(const std::string &text, const char *what) {
  return Status::fail(SSE_EIO, std::string("cannot listen on ") + text + ": " + what + ": " +
                                   std::strerror(errno));
}

}  // namespace

Status open_listeners(const ListenAddress &addr, const std::string &text, unsigned count,
                      std::vector<int> &fds, int &port_out) {
  fds.clear();
  ListenAddress a = addr;
  if (count > 1) {
    // SO_REUSEPORT would also let us share a port another program holds with the
    // same option; a plain bind first makes "address in use" an error as it is
    // with one loop, and picks the port when 0 was asked for.
    int probe = open_one(a, false, false);
    if (probe < 0) return failure(text, "bind");
    set_port(a, bound_port(probe));
    close(probe);
  }
  for (unsigned i = 0; i < count; ++i) {
    int fd = open_one(a, count > 1, true);
    if (fd < 0) {
      Status st = failure(text, "bind");
      for (int f : fds) close(f);
      fds.clear();
      return st;
    }
    fds.push_back(fd);
  }
  port_out = bound_port(fds[0]);
  return Status::ok();
}

}  // namespace sse::server
