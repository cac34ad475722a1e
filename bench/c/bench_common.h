/*
 * What every benchmark program here shares: a monotonic clock for timing runs, and the
 * `PROGRAM INPUT [REPETITIONS]` command line of bench_parser.c and bench_client.c.
 * Header-only (static functions): each benchmark is one source file in meson.build.
 */
#ifndef LIBSSE_BENCH_COMMON_H
#define LIBSSE_BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define DEFAULT_REPETITIONS 5

static inline double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The REPETITIONS of `argv[0] INPUT [REPETITIONS]` (default 5), or -1 after printing
 * the usage (naming the first argument `input_name`) or why the number is wrong. */
static inline int repetitions_argument(int argc, char **argv, const char *input_name) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s %s [REPETITIONS]\n", argv[0], input_name);
    return -1;
  }
  int reps = argc == 3 ? atoi(argv[2]) : DEFAULT_REPETITIONS;
  if (reps < 1) {
    fprintf(stderr, "repetitions must be a positive number\n");
    return -1;
  }
  return reps;
}

#endif
