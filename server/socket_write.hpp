// Writing an evbuffer straight to a non-blocking socket: one sendmsg per up to 64
// chains, MSG_NOSIGNAL so a vanished client is an error code and not SIGPIPE.
#pragma once

struct evbuffer;

namespace sse::server {

enum class WriteResult { all_written, socket_full, failed };

// Writes from the front of `buf` and drains what was written.
WriteResult write_to_socket(evbuffer *buf, int fd);

}  // namespace sse::server
