#include "socket_write.hpp"

#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>

#include <event2/buffer.h>

namespace sse::server {

WriteResult write_to_socket(evbuffer *buf, int fd) {
  constexpr int kMaxVec = 64;
  while (evbuffer_get_length(buf) > 0) {
    evbuffer_iovec vec[kMaxVec];  // the same layout as struct iovec on this platform
    int n = evbuffer_peek(buf, -1, nullptr, vec, kMaxVec);
    if (n > kMaxVec) n = kMaxVec;
    size_t offered = 0;
    for (int i = 0; i < n; ++i) offered += vec[i].iov_len;
    msghdr mh{};
    mh.msg_iov = reinterpret_cast<iovec *>(vec);
    mh.msg_iovlen = static_cast<size_t>(n);
    ssize_t w = sendmsg(fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno == EAGAIN || errno == EWOULDBLOCK ? WriteResult::socket_full : WriteResult::failed;
    }
    evbuffer_drain(buf, static_cast<size_t>(w));
    if (static_cast<size_t>(w) < offered) return WriteResult::socket_full;
  }
  return WriteResult::all_written;
}

}  // namespace sse::server
