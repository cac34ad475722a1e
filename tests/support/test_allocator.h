/* An sse_allocator that counts everything and can fail the Nth allocation
 * (house style B9; the nghttp2 failmalloc / zix failing_allocator technique).
 *
 * "Allocation" means any malloc call, or a realloc call that asks for memory; the
 * Nth one returns NULL when fail_at == N. Only that one fails: later calls succeed
 * again, so tests also see how the library behaves after recovering memory.
 *
 * budget_bytes turns runaway allocation (say, a quadratic copy) into a quick
 * SSE_ENOMEM instead of a test that runs for minutes. */
#ifndef SSE_TEST_ALLOCATOR_H
#define SSE_TEST_ALLOCATOR_H

#include <sse/sse.h>

#include <stddef.h>

typedef struct test_allocator {
  sse_allocator hooks; /* pass &a->hooks as options.allocator */
  size_t fail_at;      /* 0: never fail */
  size_t budget_bytes; /* 0: unlimited; else fail any allocation past this total */
  size_t allocations;  /* malloc + realloc calls that asked for memory */
  size_t frees;        /* free calls with a non-NULL pointer */
  size_t failures;     /* allocations that returned NULL on purpose */
  size_t over_budget;  /* allocations refused because of budget_bytes */
  size_t live_blocks;  /* blocks handed out and not freed */
  size_t live_bytes;
  size_t peak_bytes;   /* highest live_bytes ever */
  size_t total_bytes;  /* sum of every requested size, realloc included */
  size_t bad_frees;    /* free of a pointer this allocator did not hand out */
} test_allocator;

/* With realloc_hook == 0 the hooks leave realloc NULL (the header allows that). */
void test_allocator_init(test_allocator *a, int realloc_hook);

/* Zero the counters of a fresh measurement, keeping live_* (memory still held). */
void test_allocator_reset_totals(test_allocator *a);

#endif
