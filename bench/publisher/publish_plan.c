#define _GNU_SOURCE
#include "publish_plan.h"

#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "bench_net.h"

int publish_plan_parse(publish_plan *p, const char *text)
{
    unsigned long long start, count;
    if (sscanf(text, "%llu %llu %u %lf", &start, &count, &p->topics, &p->rate) != 4 ||
        p->topics == 0 || p->rate < 0)
        return -1;
    p->start = start;
    p->count = count;
    return 0;
}

int64_t publish_plan_due_ns(const publish_plan *p, int64_t start_ns, uint64_t k)
{
    if (p->rate <= 0)
        return start_ns;
    return start_ns + (int64_t)((double)k * 1e9 / p->rate);
}

size_t publish_plan_data(char *buf, size_t cap, uint64_t index, int64_t sent_ns)
{
    int n = snprintf(buf, cap, "%" PRIu64 " %" PRId64, index, sent_ns);
    return n > 0 ? (size_t)n : 0;
}

size_t publish_plan_topic(char *buf, size_t cap, const publish_plan *p, uint64_t index)
{
    int n = snprintf(buf, cap, "t%" PRIu64, index % p->topics);
    return n > 0 ? (size_t)n : 0;
}

void publish_plan_sleep_until(int64_t due_ns)
{
    int64_t wait = due_ns - bench_now_ns();
    if (wait <= 0)
        return;
    struct timespec ts = {(time_t)(wait / 1000000000), (long)(wait % 1000000000)};
    nanosleep(&ts, NULL);
}

void publish_plan_report(const publish_plan *p, uint64_t published, uint64_t errors,
                         int64_t first_ns, int64_t last_ns)
{
    printf("published count=%" PRIu64 " errors=%" PRIu64 " first_ns=%" PRId64
           " last_ns=%" PRId64 " seconds=%.6f rate=%g\n",
           published, errors, first_ns, last_ns, (double)(last_ns - first_ns) / 1e9, p->rate);
    fflush(stdout);
}
