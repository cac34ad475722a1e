#include "hub_commands.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void hub_commands_run(unsigned port, const hub_ops *ops)
{
    printf("listening http://127.0.0.1:%u\n", port);
    fflush(stdout);
    char line[256];
    while (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        publish_plan plan;
        if (strcmp(line, "subscribers") == 0)
            printf("subscribers n=%" PRIu64 "\n", ops->subscribers(ops->ctx));
        else if (strncmp(line, "publish ", 8) == 0 && publish_plan_parse(&plan, line + 8) == 0)
            ops->publish(ops->ctx, &plan);
        else if (strcmp(line, "quit") == 0)
            break;
        else
            printf("error unknown command: %s\n", line);
        fflush(stdout);
    }
}
