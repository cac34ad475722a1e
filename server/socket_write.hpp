// One non-blocking sendmsg of an iovec array, with MSG_NOSIGNAL so that a vanished
// client is an error code and not SIGPIPE.
#pragma once

#include <sys/types.h>
#include <sys/uio.h>

namespace sse::server {

// Bytes written (0 when the socket is full), or -1 when the connection failed.
ssize_t send_vectors(int fd, const iovec *iov, int count);

}  // namespace sse::server
