// The embedded server: configuration, the event loops and their lifecycle
// (start, graceful stop). What one loop does is in loop.hpp.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include <sse/publisher.h>
#include <sse/server.h>

#include "config.hpp"
#include "counters.hpp"
#include "status.hpp"
#include "tls_context.hpp"

namespace sse::server {

class Loop;

class Server {
 public:
  // `handle` is what the authorization callback receives; `pub` must outlive this.
  static Status create(sse_server *handle, sse_publisher *pub, Config cfg,
                       std::unique_ptr<Server> &out);
  ~Server();

  Status start();
  int port() const { return port_.load(); }
  // 0, or SSE_EBUSY when called from one of the loop threads.
  int stop(int timeout_ms);
  void stats(sse_server_stats &out) const;

  sse_server *const handle;
  sse_publisher *const publisher;
  const Config config;
  Counters counters;
  SSL_CTX *tls() const { return tls_.get(); }

 private:
  Server(sse_server *handle, sse_publisher *pub, Config cfg, SslCtxPtr tls);
  Status bind_and_spawn();

  SslCtxPtr tls_;
  std::mutex lifecycle_;                   // start and stop, from any thread
  bool started_ = false, stopped_ = false;
  std::vector<std::unique_ptr<Loop>> loops_;
  std::atomic<int> port_{SSE_EBUSY};
};

}  // namespace sse::server
