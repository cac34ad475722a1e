// Listening sockets, one per event loop. With several loops each gets its own
// SO_REUSEPORT socket on the same address, so the kernel spreads new connections
// evenly over the loops (a shared socket would let whichever loop wakes first take
// a whole burst).
#pragma once

#include <vector>

#include "listen_address.hpp"
#include "status.hpp"

namespace sse::server {

// Opens `count` non-blocking listening sockets on `addr` (port 0 picks one free
// port for all). Fails with SSE_EIO naming the address and the system error when the
// address is in use or not available; `fds` then holds nothing.
Status open_listeners(const ListenAddress &addr, const std::string &text, unsigned count,
                      std::vector<int> &fds, int &port_out);

}  // namespace sse::server
