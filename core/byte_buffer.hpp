// A growable byte buffer for the parser's per-line and per-event strings.
//
// std::pmr::string pays on every append for what the parser never needs: small-string
// mode checks, a terminator written after each change, aliasing guards. The parser
// appends, clears and swaps these buffers once or more per feed, so this type keeps
// only pointer, length and capacity over the same memory resource (every byte still
// goes through the caller's allocator; a failed allocation throws std::bad_alloc).
//
// A NUL is written only on request (terminate()), for the views the C API promises
// are NUL-terminated. One byte past the capacity is always allocated for it.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory_resource>
#include <string_view>
#include <utility>

namespace sse::core {

// A memory resource that can also resize one of its blocks (realloc). A big buffer
// then grows without copying into fresh pages: the C library remaps large blocks, so
// a long line assembled from many small reads touches only the pages it fills.
class ResizingResource : public std::pmr::memory_resource {
 public:
  // `block` (of `old_bytes`, alignment 1) moved or grown to `new_bytes`, its first
  // min(old_bytes, new_bytes) bytes kept. Throws std::bad_alloc, `block` then intact.
  virtual void *resize(void *block, std::size_t old_bytes, std::size_t new_bytes) = 0;
};

class ByteBuffer {
 public:
  explicit ByteBuffer(std::pmr::memory_resource *memory) noexcept : memory_(memory) {}
  ~ByteBuffer() { release(); }
  ByteBuffer(const ByteBuffer &) = delete;
  ByteBuffer &operator=(const ByteBuffer &) = delete;

  const char *data() const { return ptr_; }
  std::size_t size() const { return len_; }
  std::size_t capacity() const { return cap_; }
  bool empty() const { return len_ == 0; }
  std::string_view view() const { return {ptr_, len_}; }
  operator std::string_view() const { return view(); }

  // Keeps the storage for the next line or event.
  void clear() { len_ = 0; }
  // Drops bytes from the end; `n` <= size().
  void truncate(std::size_t n) { len_ = n; }

  void append(const char *bytes, std::size_t n) {
    if (n > cap_ - len_) grow(len_ + n);
    // memcpy with n == 0 on the shared empty storage copies nothing.
    std::memcpy(ptr_ + len_, bytes, n);
    len_ += n;
  }
  void append(std::string_view bytes) { append(bytes.data(), bytes.size()); }
  void push_back(char c) {
    if (len_ == cap_) grow(len_ + 1);
    ptr_[len_++] = c;
  }
  // `bytes` must not view this buffer.
  void assign(std::string_view bytes) {
    len_ = 0;
    append(bytes);
  }

  // Exactly `n` bytes of capacity at least (no geometric rounding): for callers with
  // their own growth policy.
  void reserve(std::size_t n) {
    if (n > cap_) reallocate(n);
  }

  // Writes '\0' at data()[size()]: the empty buffer's shared storage already ends there.
  void terminate() {
    if (cap_ != 0) ptr_[len_] = '\0';
  }

  // Both buffers must use the same memory resource (the parser's all do).
  void swap(ByteBuffer &other) noexcept {
    std::swap(ptr_, other.ptr_);
    std::swap(len_, other.len_);
    std::swap(cap_, other.cap_);
  }

 private:
  // Doubles, so a line appended in small pieces is copied O(1) times per byte.
  void grow(std::size_t need) {
    std::size_t doubled = cap_ * 2;
    reallocate(need > doubled ? need : (doubled < kMinCapacity ? kMinCapacity : doubled));
  }
  void reallocate(std::size_t capacity) {
    if (len_ >= kResizeFrom) {  // many bytes to keep (a resize may copy all capacity)
      if (auto *resizing = dynamic_cast<ResizingResource *>(memory_)) {
        ptr_ = static_cast<char *>(resizing->resize(ptr_, cap_ + 1, capacity + 1));
        cap_ = capacity;
        return;
      }
    }
    auto *fresh = static_cast<char *>(memory_->allocate(capacity + 1, 1));  // + terminator
    std::memcpy(fresh, ptr_, len_);
    release();
    ptr_ = fresh;
    cap_ = capacity;
  }
  void release() noexcept {
    if (cap_ != 0) memory_->deallocate(ptr_, cap_ + 1, 1);
  }

  static constexpr std::size_t kMinCapacity = 64;
  // Fewer kept bytes are copied as cheaply as a resize, which may copy too.
  static constexpr std::size_t kResizeFrom = 64 * 1024;
  // Shared by every empty, unallocated buffer: data() is never null and "" ends it.
  static inline char empty_[1] = {'\0'};

  std::pmr::memory_resource *memory_;
  char *ptr_ = empty_;
  std::size_t len_ = 0;
  std::size_t cap_ = 0;
};

}  // namespace sse::core
