// One event-loop thread: an event_base with its own evhttp and listening socket,
// the connections accepted there and the subscriber streams they carry.
//
// Readiness from publishing threads reaches the loop through one list and one
// wake-up event: a subscriber's on_ready only marks its stream and, if the loop is
// not already due to wake, activates it, so a burst of deliveries to thousands of
// streams costs one wake-up per loop turn, and each stream writes once per turn.
#pragma once

#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "status.hpp"

struct event;
struct event_base;
struct evbuffer;
struct evhttp;
struct evhttp_bound_socket;
struct evhttp_connection;
struct evhttp_request;
struct bufferevent;

namespace sse::server {

class Connection;
class Server;
class Stream;

class Loop {
 public:
  explicit Loop(Server &srv);
  ~Loop();  // after join()
  Loop(const Loop &) = delete;
  Loop &operator=(const Loop &) = delete;

  // Creates the base and evhttp around the listening socket `fd` (taken over).
  Status init(int listen_fd);
  void start_thread();
  // Thread-safe: finish every stream, give output `timeout_ms` to drain (negative:
  // no limit), close what is left and leave the loop.
  void request_stop(int timeout_ms);
  void join();
  bool on_this_thread() const { return std::this_thread::get_id() == thread_id_.load(); }

  // Any thread (a subscriber's on_ready): schedule `s` for writing.
  void mark_ready(Stream *s);

  // Loop thread only.
  Connection *find(evhttp_connection *evcon);
  void forget(Connection *c);
  event_base *base() const { return base_; }
  bool stopping() const { return stopping_; }

  Server &srv;

 private:
  static bufferevent *make_bufferevent(event_base *base, void *arg);
  static void on_request(evhttp_request *req, void *arg);
  static void on_adopt(int, short, void *arg);
  static void on_wake(int, short, void *arg);
  static void on_stop(int, short, void *arg);
  static void on_stop_deadline(int, short, void *arg);
  void adopt_pending();
  void close_all_and_exit();
  void maybe_exit();

  event_base *base_ = nullptr;
  evhttp *http_ = nullptr;
  evhttp_bound_socket *bound_ = nullptr;
  event *adopt_ev_ = nullptr, *wake_ev_ = nullptr, *stop_ev_ = nullptr, *stop_deadline_ev_ = nullptr;
  std::thread thread_;
  std::atomic<std::thread::id> thread_id_{};

  std::vector<Connection *> adopting_;                        // accepted this turn
  std::unordered_map<evhttp_connection *, Connection *> connections_;

  std::mutex ready_mu_;                // guards the three below (any thread)
  std::vector<Stream *> ready_;
  bool wake_pending_ = false;
  int stop_timeout_ms_ = 0;

  bool stopping_ = false;              // loop thread
  std::vector<Stream *> ready_batch_;  // loop thread: the list being worked through
};

}  // namespace sse::server
