/* Loader for tests/data/vectors.txt (format: tests/data/README.md). Each case comes
 * with its expected log already rendered by recorder.h, ending in a last_id line. */
#ifndef SSE_TEST_VECTORS_H
#define SSE_TEST_VECTORS_H

#include <stddef.h>

#include "byte_log.h"

typedef struct vector_case {
  char *name;
  char *rules;            /* the rules line as written, for failure messages */
  char *input;            /* concatenated input bytes */
  size_t input_len;
  int has_seed;
  char *seed;
  size_t seed_len;
  size_t max_event_bytes; /* 0: the library default */
  byte_log expected;      /* records, then "last_id ..." */
} vector_case;

typedef struct vector_set {
  vector_case *cases;
  size_t count;
} vector_set;

/* Load every case; on any syntax error print "path:line: reason" and exit(1), since a
 * broken vectors file must never look like a passing suite. */
void vectors_load(const char *path, vector_set *out);
void vectors_free(vector_set *set);

/* Decode one token into bytes (malloc'ed, NUL-terminated for convenience).
 * Returns 0, or -1 with *error set to a static reason. */
int vectors_decode_token(const char *token, char **out, size_t *out_len, const char **error);

#endif
