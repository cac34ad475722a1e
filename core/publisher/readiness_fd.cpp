#include "readiness_fd.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

namespace sse::core {
namespace {

void close_if_open(int &fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

bool watch(int epoll, int fd) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev) == 0;
}

}  // namespace

ReadinessFd::~ReadinessFd() {
  close_if_open(epoll_);
  close_if_open(event_);
  close_if_open(timer_);
}

bool ReadinessFd::open() {
  if (is_open()) return true;
  epoll_ = epoll_create1(EPOLL_CLOEXEC);
  event_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  timer_ = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
  if (epoll_ < 0 || event_ < 0 || timer_ < 0 || !watch(epoll_, event_) || !watch(epoll_, timer_)) {
    close_if_open(epoll_);
    close_if_open(event_);
    close_if_open(timer_);
    return false;
  }
  signaled_ = false;
  return true;
}

void ReadinessFd::signal() {
  if (!is_open() || signaled_) return;
  const std::uint64_t one = 1;
  signaled_ = ::write(event_, &one, sizeof one) == sizeof one;
}

void ReadinessFd::unsignal() {
  if (!is_open() || !signaled_) return;
  std::uint64_t count;
  (void)!::read(event_, &count, sizeof count);
  signaled_ = false;
}

void ReadinessFd::arm_timer(std::uint64_t ms) {
  if (!is_open()) return;
  std::uint64_t expirations;
  (void)!::read(timer_, &expirations, sizeof expirations);  // forget a past expiry
  itimerspec spec{};
  spec.it_value.tv_sec = static_cast<time_t>(ms / 1000);
  spec.it_value.tv_nsec = static_cast<long>(ms % 1000) * 1000000L;
  timerfd_settime(timer_, 0, &spec, nullptr);
}

}  // namespace sse::core
