/* Publish-to-queue speed of the publisher engine alone (no sockets): one topic with
 * SUBSCRIBERS subscribers; each round publishes a batch of small events (timed), then
 * every subscriber takes and releases its frames as a server would (timed apart).
 *
 *   publisher_fanout [subscribers] [rounds] [batch]
 * prints deliveries/s for publishing and for taking. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sse/sse.h>

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  size_t subscribers = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000;
  int rounds = argc > 2 ? atoi(argv[2]) : 20;
  int batch = argc > 3 ? atoi(argv[3]) : 50;
  sse_publisher_options po = SSE_PUBLISHER_OPTIONS_INIT;
  po.keep_alive_ms = 0;
  po.max_subscribers = subscribers;
  sse_publisher *p = NULL;
  if (sse_publisher_new(&p, &po) != 0) return 1;
  sse_str topic = {"t", 1};
  sse_subscriber_options so = SSE_SUBSCRIBER_OPTIONS_INIT;
  so.topics = &topic;
  so.n_topics = 1;
  so.keep_alive_ms = 0;
  sse_subscriber **subs = calloc(subscribers, sizeof *subs);
  for (size_t i = 0; i < subscribers; i++)
    if (sse_subscriber_new(&subs[i], p, &so) != 0) return 1;

  sse_message m = SSE_MESSAGE_INIT;
  m.data = (sse_str){"{\"price\":101.25,\"symbol\":\"ABC\"}", 32};
  double publish_s = 0, take_s = 0;
  unsigned long long deliveries = 0;
  sse_frame_ref refs[64];
  for (int r = 0; r < rounds; r++) {
    double t0 = seconds();
    for (int i = 0; i < batch; i++)
      if (sse_publisher_publish(p, &topic, 1, &m, NULL, 0, NULL) != 0) return 1;
    double t1 = seconds();
    for (size_t i = 0; i < subscribers; i++) {
      size_t n = 0;
      do {
        sse_subscriber_take(subs[i], refs, 64, &n);
        for (size_t k = 0; k < n; k++) sse_frame_release(refs[k].frame);
      } while (n == 64);
    }
    double t2 = seconds();
    if (r > 0) { /* the first round grows the queues */
      publish_s += t1 - t0;
      take_s += t2 - t1;
      deliveries += (unsigned long long)batch * subscribers;
    }
  }
  printf("subscribers %zu, %llu deliveries: publish-to-queue %.2f M deliveries/s, "
         "take+release %.2f M deliveries/s\n",
         subscribers, deliveries, deliveries / publish_s / 1e6, deliveries / take_s / 1e6);
  for (size_t i = 0; i < subscribers; i++) sse_subscriber_free(subs[i]);
  free(subs);
  sse_publisher_free(p);
  return 0;
}
