/* The page `sse serve --demo` serves at "/" (tools/demo/index.html, embedded in the
 * binary at build time so that it works from the build tree and when installed). */
#ifndef SSE_TOOLS_DEMO_PAGE_H
#define SSE_TOOLS_DEMO_PAGE_H

#include <stddef.h>

/*
 * The page with the server's events path and publish path (NULL: publishing is
 * off) filled in, HTML-escaped. Return a malloc'ed string with its length in
 * *len_out, or NULL when out of memory.
 */
char *demo_page_render(const char *events_path, const char *publish_path, size_t *len_out);

#endif
