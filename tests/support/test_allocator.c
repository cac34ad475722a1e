#include "test_allocator.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Each block carries its size and a tag in front, so frees can be counted in bytes and
 * foreign pointers detected. The header keeps max_align_t alignment for the caller. */
#define TAG 0x55E5A110C0FFEEULL

typedef union block_header {
  struct {
    size_t size;
    unsigned long long tag;
  } info;
  long double align_ld;
  void *align_p;
  unsigned long long align_ll;
} block_header;

static block_header *header_of(void *ptr) { return (block_header *)ptr - 1; }

static int should_fail(test_allocator *a, size_t size) {
  a->allocations++;
  if (a->budget_bytes != 0 &&
      (size > a->budget_bytes || a->total_bytes > a->budget_bytes - size)) {
    a->over_budget++;
    return 1;
  }
  if (a->fail_at != 0 && a->allocations == a->fail_at) {
    a->failures++;
    return 1;
  }
  return 0;
}

static void account_alloc(test_allocator *a, size_t size) {
  a->live_blocks++;
  a->live_bytes += size;
  a->total_bytes += size;
  if (a->live_bytes > a->peak_bytes) a->peak_bytes = a->live_bytes;
}

static void *hook_malloc(size_t size, void *ud) {
  test_allocator *a = ud;
  if (should_fail(a, size)) return NULL;
  if (size > SIZE_MAX - sizeof(block_header)) return NULL;
  block_header *h = malloc(sizeof *h + size);
  if (!h) return NULL;
  h->info.size = size;
  h->info.tag = TAG;
  account_alloc(a, size);
  return h + 1;
}

static void hook_free(void *ptr, void *ud) {
  test_allocator *a = ud;
  if (!ptr) return;
  block_header *h = header_of(ptr);
  if (h->info.tag != TAG) {
    a->bad_frees++;
    return; /* leak rather than corrupt the heap; the test fails on bad_frees */
  }
  a->frees++;
  a->live_blocks--;
  a->live_bytes -= h->info.size;
  h->info.tag = 0;
  free(h);
}

static void *hook_realloc(void *ptr, size_t size, void *ud) {
  test_allocator *a = ud;
  if (!ptr) return hook_malloc(size, ud);
  block_header *h = header_of(ptr);
  if (h->info.tag != TAG) {
    a->bad_frees++;
    return NULL;
  }
  if (should_fail(a, size)) return NULL;
  if (size > SIZE_MAX - sizeof(block_header)) return NULL;
  size_t old = h->info.size;
  block_header *grown = realloc(h, sizeof *grown + size);
  if (!grown) return NULL;
  grown->info.size = size;
  a->live_bytes -= old;
  a->live_blocks--;
  account_alloc(a, size);
  return grown + 1;
}

void test_allocator_init(test_allocator *a, int realloc_hook) {
  memset(a, 0, sizeof *a);
  a->hooks.user_data = a;
  a->hooks.malloc = hook_malloc;
  a->hooks.realloc = realloc_hook ? hook_realloc : NULL;
  a->hooks.free = hook_free;
}

void test_allocator_reset_totals(test_allocator *a) {
  a->allocations = 0;
  a->frees = 0;
  a->failures = 0;
  a->total_bytes = 0;
  a->peak_bytes = a->live_bytes;
}
