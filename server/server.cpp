#include "server.hpp"

#include <event2/thread.h>
#include <unistd.h>

#include <mutex>

#include "listeners.hpp"
#include "loop.hpp"

namespace sse::server {

namespace {
// libevent needs its locking switched on once per process before the first
// event_base, so that subscribers' on_ready (publishing threads) may activate a
// loop's wake-up event. Idempotent for libevent, and it only affects bases created
// after it, which are all ours or created later.
Status enable_libevent_threads() {
  static std::once_flag once;
  static int rc = 0;
  std::call_once(once, [] { rc = evthread_use_pthreads(); });
  if (rc != 0) return Status::fail(SSE_EINTERNAL, "libevent thread support is unavailable");
  return Status::ok();
}
}  // namespace

Server::Server(sse_server *h, sse_publisher *pub, Config cfg, SslCtxPtr tls)
    : handle(h), publisher(pub), config(std::move(cfg)), tls_(std::move(tls)) {}

Status Server::create(sse_server *handle, sse_publisher *pub, Config cfg,
                      std::unique_ptr<Server> &out) {
  SslCtxPtr tls;
  if (!cfg.tls_cert_file.empty())
    if (Status st = load_tls_context(cfg.tls_cert_file, cfg.tls_key_file, tls)) return st;
  out.reset(new Server(handle, pub, std::move(cfg), std::move(tls)));
  return Status::ok();
}

Server::~Server() {
  stop(0);
  loops_.clear();  // after every thread has joined
}

Status Server::start() {
  std::lock_guard<std::mutex> lock(lifecycle_);
  if (started_) return Status::fail(SSE_EBUSY, "server already started");
  if (Status st = enable_libevent_threads()) return st;
  if (Status st = bind_and_spawn()) {
    loops_.clear();
    return st;
  }
  started_ = true;
  return Status::ok();
}

Status Server::bind_and_spawn() {
  std::vector<int> fds;
  int port = 0;
  if (Status st = open_listeners(config.listen, config.listen_text, config.threads, fds, port))
    return st;
  for (std::size_t i = 0; i < fds.size(); ++i) {
    try {
      loops_.push_back(std::make_unique<Loop>(*this));
    } catch (...) {
      for (std::size_t j = i; j < fds.size(); ++j) close(fds[j]);
      throw;
    }
    if (Status st = loops_.back()->init(fds[i])) {
      for (std::size_t j = i + 1; j < fds.size(); ++j) close(fds[j]);
      return st;
    }
  }
  for (auto &loop : loops_) loop->start_thread();
  port_.store(port);
  return Status::ok();
}

int Server::stop(int timeout_ms) {
  // loops_ only changes in start() and the destructor, so reading it here is safe.
  for (auto &loop : loops_)
    if (loop->on_this_thread()) return SSE_EBUSY;
  std::lock_guard<std::mutex> lock(lifecycle_);
  if (!started_ || stopped_) return 0;
  stopped_ = true;
  for (auto &loop : loops_) loop->request_stop(timeout_ms);
  for (auto &loop : loops_) loop->join();
  return 0;
}

void Server::stats(sse_server_stats &out) const {
  out.connections = counters.connections.load();
  out.subscribers = counters.subscribers.load();
  out.requests = counters.requests.load();
  out.rejected_limit = counters.rejected_limit.load();
  out.published = counters.published.load();
}

}  // namespace sse::server
