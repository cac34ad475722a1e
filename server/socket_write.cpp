#include "socket_write.hpp"

#include <sys/socket.h>

#include <cerrno>

namespace sse::server {

ssize_t send_vectors(int fd, const iovec *iov, int count) {
  msghdr mh{};
  mh.msg_iov = const_cast<iovec *>(iov);
  mh.msg_iovlen = static_cast<size_t>(count);
  for (;;) {
    ssize_t w = sendmsg(fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w >= 0) return w;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
  }
}

}  // namespace sse::server
