/* The command protocol of the benchmark's hub programs written in C (libsse_hub.c,
 * floor_hub.c; bench/publisher/hubs.py's CommandHub drives them, and gosse_hub speaks
 * the same): "listening http://127.0.0.1:PORT" once serving, then one answer line per
 * command on stdin: `subscribers` -> "subscribers n=N", `publish START COUNT TOPICS
 * RATE` -> the step's "published ..." line (publish_plan_report), `quit` or the end of
 * input ends the loop. */
#ifndef HUB_COMMANDS_H
#define HUB_COMMANDS_H

#include <stdint.h>

#include "publish_plan.h"

typedef struct hub_ops {
    uint64_t (*subscribers)(void *ctx);
    void (*publish)(void *ctx, const publish_plan *plan);  /* prints its result line */
    void *ctx;
} hub_ops;

/* Announces the port, then answers commands until `quit` or the end of stdin. */
void hub_commands_run(unsigned port, const hub_ops *ops);

#endif
