/* What one publish step of the benchmark sends, shared by every publisher written in
 * C (nchan_pub.c over HTTP, libsse_hub.c in process; gosse_hub/main.go does the same
 * in Go): events with global indices START .. START+COUNT-1, event i on topic
 * "t<i % TOPICS>", data "i SEND_NS" (bench_now_ns() just before the event is handed
 * to the hub), at RATE events/s (0: as fast as the hub takes them). The load
 * generator checks index order and topic per connection and measures the latency. */
#ifndef PUBLISH_PLAN_H
#define PUBLISH_PLAN_H

#include <stddef.h>
#include <stdint.h>

typedef struct publish_plan {
    uint64_t start;
    uint64_t count;
    unsigned topics;
    double rate;
} publish_plan;

/* Reads "START COUNT TOPICS RATE"; 0, or -1 when malformed. */
int publish_plan_parse(publish_plan *p, const char *text);

/* When event k (0-based within the plan) is due, from the step's start time. */
int64_t publish_plan_due_ns(const publish_plan *p, int64_t start_ns, uint64_t k);

/* The data of event `index`, sent at sent_ns; returns its length. */
size_t publish_plan_data(char *buf, size_t cap, uint64_t index, int64_t sent_ns);

/* Writes "t<topic>"; returns its length. */
size_t publish_plan_topic(char *buf, size_t cap, const publish_plan *p, uint64_t index);

/* Sleeps until the wall clock reaches due_ns (returns at once when it has). */
void publish_plan_sleep_until(int64_t due_ns);

/* The result line every publisher prints after a step (bench/run-publisher reads it). */
void publish_plan_report(const publish_plan *p, uint64_t published, uint64_t errors,
                         int64_t first_ns, int64_t last_ns);

#endif
