/* A latency histogram in microseconds with about 3% resolution (32 buckets per power
 * of two, exact below 32 us), fixed size, so that recording costs a few instructions. */
#ifndef LATENCY_HIST_H
#define LATENCY_HIST_H

#include <stdint.h>

#define LATENCY_HIST_BUCKETS (32 + 40 * 32)

typedef struct latency_hist {
    uint64_t counts[LATENCY_HIST_BUCKETS];
    uint64_t total;
    uint64_t max_us;
} latency_hist;

void latency_hist_reset(latency_hist *h);
void latency_hist_record(latency_hist *h, uint64_t us);

/* The smallest value v (bucket upper bound) such that at least `fraction` of the
 * recorded values are <= v; 0 when empty. */
uint64_t latency_hist_quantile(const latency_hist *h, double fraction);

#endif
