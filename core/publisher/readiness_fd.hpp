// A subscriber's pollable descriptor: an epoll fd grouping an eventfd (output ready,
// closed, woken) and a timerfd (a keep-alive falls due), so an event loop watches one
// descriptor and writes no timer code.
#pragma once

#include <cstdint>

namespace sse::core {

class ReadinessFd {
 public:
  ReadinessFd() = default;
  ~ReadinessFd();
  ReadinessFd(const ReadinessFd &) = delete;
  ReadinessFd &operator=(const ReadinessFd &) = delete;

  // Creates the descriptors; false when the system refuses one (nothing is left open).
  bool open();
  bool is_open() const { return epoll_ >= 0; }
  int fd() const { return epoll_; }

  // Level: readable after signal() until unsignal(). Both are no-ops when already so.
  void signal();
  void unsignal();
  // Readable in `ms` milliseconds (at least 1), or never for 0; clears a past expiry.
  void arm_timer(std::uint64_t ms);

 private:
  int epoll_ = -1;
  int event_ = -1;
  int timer_ = -1;
  bool signaled_ = false;
};

}  // namespace sse::core
