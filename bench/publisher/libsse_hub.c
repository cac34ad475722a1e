/* libsse's hub in the publisher benchmark (bench/run-publisher): an sse_server on
 * 127.0.0.1 with an ephemeral port, subscribed at GET /events?topic=T, published
 * from this process with sse_publisher_publish(): libsse's fastest publish path, as
 * the go-sse hub publishes in process too (gosse_hub/main.go; nchan can only take
 * POSTs). Speaks the command protocol of hub_commands.h (`subscribers` counts the
 * server's open streams; on `quit` the server stops within a bounded time).
 *
 * Usage: publisher_libsse_hub [THREADS]   event-loop threads, default 0 = one per core
 * Everything else is the library's defaults (slow policy `disconnect`, 1 MiB queue
 * per subscriber, history of 1024 events), except the connection limit, raised above
 * the benchmark's 10,000 subscribers. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sse/publisher.h>
#include <sse/server.h>

#include "bench_net.h"
#include "hub_commands.h"
#include "publish_plan.h"

static void die(const char *what, int rc)
{
    const sse_error *err = sse_error_last();
    fprintf(stderr, "libsse_hub: %s: %s (%s)\n", what, sse_strerror(rc),
            err != NULL && err->message != NULL ? err->message : "");
    exit(1);
}

typedef struct libsse_hub {
    sse_publisher *pub;
    sse_server *srv;
} libsse_hub;

static uint64_t server_subscribers(void *ctx)
{
    sse_server_stats st = SSE_SERVER_STATS_INIT;
    sse_server_get_stats(((libsse_hub *)ctx)->srv, &st);
    return st.subscribers;
}

static void publish_step(void *ctx, const publish_plan *plan)
{
    sse_publisher *pub = ((libsse_hub *)ctx)->pub;
    char topic[32], data[64];
    uint64_t errors = 0;
    int64_t first_ns = 0, last_ns = 0, start_ns = bench_now_ns();
    for (uint64_t k = 0; k < plan->count; k++) {
        publish_plan_sleep_until(publish_plan_due_ns(plan, start_ns, k));
        uint64_t index = plan->start + k;
        sse_str t = {topic, publish_plan_topic(topic, sizeof topic, plan, index)};
        last_ns = bench_now_ns();
        if (k == 0)
            first_ns = last_ns;
        sse_message msg = SSE_MESSAGE_INIT;
        msg.data.ptr = data;
        msg.data.len = publish_plan_data(data, sizeof data, index, last_ns);
        if (sse_publisher_publish(pub, &t, 1, &msg, NULL, 0, NULL) != 0)
            errors++;
    }
    publish_plan_report(plan, plan->count, errors, first_ns, last_ns);
}

int main(int argc, char **argv)
{
    bench_raise_nofile();
    sse_publisher *pub;
    int rc = sse_publisher_new(&pub, NULL);
    if (rc != 0)
        die("sse_publisher_new", rc);
    sse_server_options opts = SSE_SERVER_OPTIONS_INIT;
    opts.listen = "127.0.0.1:0";
    opts.threads = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 0;
    opts.max_connections = 19000;
    sse_server *srv;
    if ((rc = sse_server_new(&srv, pub, &opts)) != 0)
        die("sse_server_new", rc);
    if ((rc = sse_server_start(srv)) != 0)
        die("sse_server_start", rc);
    hub_ops ops = {server_subscribers, publish_step, NULL};
    libsse_hub hub = {pub, srv};
    ops.ctx = &hub;
    hub_commands_run((unsigned)sse_server_port(srv), &ops);
    sse_server_stop(srv, 5000);
    sse_server_free(srv);
    sse_publisher_free(pub);
    return 0;
}
