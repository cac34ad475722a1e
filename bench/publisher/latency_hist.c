#include "latency_hist.h"

#include <string.h>

void latency_hist_reset(latency_hist *h)
{
    memset(h, 0, sizeof *h);
}

static unsigned bucket_of(uint64_t us)
{
    if (us < 32)
        return (unsigned)us;
    unsigned exp = 63u - (unsigned)__builtin_clzll(us);   /* >= 5 */
    unsigned sub = (unsigned)(us >> (exp - 5)) & 31u;
    unsigned b = 32 + (exp - 5) * 32 + sub;
    return b < LATENCY_HIST_BUCKETS ? b : LATENCY_HIST_BUCKETS - 1;
}

/* The largest value that falls into bucket b. */
static uint64_t bucket_top(unsigned b)
{
    if (b < 32)
        return b;
    unsigned exp = (b - 32) / 32 + 5;
    uint64_t sub = (b - 32) % 32;
    return ((32 + sub + 1) << (exp - 5)) - 1;
}

void latency_hist_record(latency_hist *h, uint64_t us)
{
    h->counts[bucket_of(us)]++;
    h->total++;
    if (us > h->max_us)
        h->max_us = us;
}

uint64_t latency_hist_quantile(const latency_hist *h, double fraction)
{
    if (h->total == 0)
        return 0;
    uint64_t want = (uint64_t)(fraction * (double)h->total + 0.5);
    if (want < 1)
        want = 1;
    uint64_t seen = 0;
    for (unsigned b = 0; b < LATENCY_HIST_BUCKETS; b++) {
        seen += h->counts[b];
        if (seen >= want)
            return bucket_top(b) < h->max_us ? bucket_top(b) : h->max_us;
    }
    return h->max_us;
}
