/* What `sse parse` and `sse listen` both take from their command lines. */
#ifndef SSE_TOOLS_COMMON_SETTINGS_H
#define SSE_TOOLS_COMMON_SETTINGS_H

#include "output_format.h"

#include <stdbool.h>

typedef struct common_settings {
  const output_format *format; /* --format */
  const char *last_event_id;   /* --last-event-id; NULL: start without one */
  bool comments;               /* --comments: also print comment lines */
} common_settings;

#endif
