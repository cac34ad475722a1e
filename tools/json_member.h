/* Reading one string member out of a small JSON object: the replies of the
 * server's publish endpoint ({"id":"..."} or {"error":"..."}). */
#ifndef SSE_TOOLS_JSON_MEMBER_H
#define SSE_TOOLS_JSON_MEMBER_H

#include <stdbool.h>
#include <stddef.h>

/*
 * If `json` (`len` bytes) is an object with a top-level member `key` whose value is
 * a string, store its decoded UTF-8 (escapes resolved, malloc'ed, NUL-terminated)
 * in *out with its length and return true. Return false for anything else: not an
 * object, malformed, no such member, not a string, out of memory.
 */
bool json_string_member(const char *json, size_t len, const char *key, char **out,
                        size_t *out_len);

#endif
