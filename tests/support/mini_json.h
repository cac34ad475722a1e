/* A tiny JSON reader for the test server's replies (its start line, request logs and
 * echoed requests). Just enough JSON for those: objects, arrays, strings (\uXXXX and
 * surrogate pairs decoded to UTF-8), numbers, true/false/null. No library needed, and
 * reading the real structure is sturdier than searching the text. */
#ifndef SSE_TEST_MINI_JSON_H
#define SSE_TEST_MINI_JSON_H

#include <stddef.h>

typedef enum json_type {
  JSON_NULL,
  JSON_BOOL,
  JSON_NUMBER,
  JSON_STRING,
  JSON_ARRAY,
  JSON_OBJECT
} json_type;

typedef struct json_value json_value;

struct json_value {
  json_type type;
  double number;      /* JSON_NUMBER, and 1/0 for JSON_BOOL */
  char *str;          /* JSON_STRING: decoded bytes, NUL-terminated */
  size_t str_len;     /* JSON_STRING: byte count (the text may hold NUL) */
  json_value *items;  /* JSON_ARRAY / JSON_OBJECT: the values */
  char **keys;        /* JSON_OBJECT: key of items[i] */
  size_t count;       /* items in an array or object */
};

/* Parse `text` (len bytes). Returns a heap tree or NULL on a syntax error. */
json_value *json_parse(const char *text, size_t len);
void json_free(json_value *v);

/* Member `key` of an object, or NULL (also when `obj` is NULL or not an object). */
const json_value *json_get(const json_value *obj, const char *key);
/* Item i of an array, or NULL. */
const json_value *json_at(const json_value *arr, size_t i);
/* The string of a JSON_STRING value, or NULL. */
const char *json_str(const json_value *v);
/* The number of a JSON_NUMBER value, or `fallback`. */
double json_num(const json_value *v, double fallback);

#endif
