#include "mini_json.h"

#include <stdlib.h>
#include <string.h>

typedef struct reader {
  const char *p;
  const char *end;
} reader;

static void skip_space(reader *r) {
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static int literal(reader *r, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0) return 0;
  r->p += n;
  return 1;
}

static int hex4(reader *r, unsigned *out) {
  unsigned v = 0;
  if (r->end - r->p < 4) return 0;
  for (int i = 0; i < 4; i++) {
    char c = *r->p++;
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return 0;
  }
  *out = v;
  return 1;
}

static size_t put_utf8(char *out, unsigned cp) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Decoded text is never longer than the escaped source, so one allocation of the
 * source span is enough. */
static int parse_string(reader *r, char **out, size_t *out_len) {
  if (r->p >= r->end || *r->p != '"') return 0;
  r->p++;
  const char *start = r->p;
  while (r->p < r->end && *r->p != '"') r->p += (*r->p == '\\') ? 2 : 1;
  if (r->p >= r->end) return 0;
  const char *stop = r->p;
  r->p = start;
  char *buf = malloc((size_t)(stop - start) + 1);
  size_t n = 0;
  if (!buf) return 0;
  while (r->p < stop) {
    char c = *r->p++;
    if (c != '\\') {
      buf[n++] = c;
      continue;
    }
    char e = *r->p++;
    switch (e) {
      case 'n': buf[n++] = '\n'; break;
      case 'r': buf[n++] = '\r'; break;
      case 't': buf[n++] = '\t'; break;
      case 'b': buf[n++] = '\b'; break;
      case 'f': buf[n++] = '\f'; break;
      case 'u': {
        unsigned cp;
        if (!hex4(r, &cp)) goto bad;
        if (cp >= 0xD800 && cp < 0xDC00 && stop - r->p >= 6 && r->p[0] == '\\' &&
            r->p[1] == 'u') {
          reader look = {r->p + 2, stop};
          unsigned lo;
          if (hex4(&look, &lo) && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            r->p = look.p;
          }
        }
        n += put_utf8(buf + n, cp);
        break;
      }
      default: buf[n++] = e; break; /* \" \\ \/ */
    }
  }
  r->p = stop + 1;
  buf[n] = '\0';
  *out = buf;
  *out_len = n;
  return 1;
bad:
  free(buf);
  return 0;
}

static int parse_value(reader *r, json_value *v, int depth);

static int push(json_value *v, size_t *cap) {
  if (v->count < *cap) return 1;
  size_t ncap = *cap ? *cap * 2 : 4;
  json_value *items = realloc(v->items, ncap * sizeof *items);
  if (!items) return 0;
  v->items = items;
  if (v->type == JSON_OBJECT) {
    char **keys = realloc(v->keys, ncap * sizeof *keys);
    if (!keys) return 0;
    v->keys = keys;
  }
  *cap = ncap;
  return 1;
}

static int parse_container(reader *r, json_value *v, int depth) {
  char close = v->type == JSON_ARRAY ? ']' : '}';
  size_t cap = 0;
  r->p++;
  skip_space(r);
  if (r->p < r->end && *r->p == close) {
    r->p++;
    return 1;
  }
  for (;;) {
    if (!push(v, &cap)) return 0;
    json_value *item = &v->items[v->count];
    memset(item, 0, sizeof *item);
    if (v->type == JSON_OBJECT) {
      size_t klen;
      skip_space(r);
      if (!parse_string(r, &v->keys[v->count], &klen)) return 0;
      skip_space(r);
      if (r->p >= r->end || *r->p != ':') {
        free(v->keys[v->count]);
        return 0;
      }
      r->p++;
    }
    v->count++; /* counted before parsing so json_free releases a partial item */
    if (!parse_value(r, item, depth + 1)) return 0;
    skip_space(r);
    if (r->p < r->end && *r->p == ',') {
      r->p++;
      continue;
    }
    if (r->p < r->end && *r->p == close) {
      r->p++;
      return 1;
    }
    return 0;
  }
}

static int parse_value(reader *r, json_value *v, int depth) {
  if (depth > 64) return 0;
  skip_space(r);
  if (r->p >= r->end) return 0;
  switch (*r->p) {
    case '{': v->type = JSON_OBJECT; return parse_container(r, v, depth);
    case '[': v->type = JSON_ARRAY; return parse_container(r, v, depth);
    case '"': v->type = JSON_STRING; return parse_string(r, &v->str, &v->str_len);
    case 't': v->type = JSON_BOOL; v->number = 1; return literal(r, "true");
    case 'f': v->type = JSON_BOOL; v->number = 0; return literal(r, "false");
    case 'n': v->type = JSON_NULL; return literal(r, "null");
    default: {
      char tmp[64];
      size_t n = 0;
      while (r->p < r->end && n + 1 < sizeof tmp && strchr("+-0123456789.eE", *r->p))
        tmp[n++] = *r->p++;
      tmp[n] = '\0';
      char *endp;
      v->type = JSON_NUMBER;
      v->number = strtod(tmp, &endp);
      return n > 0 && *endp == '\0';
    }
  }
}

static void free_inner(json_value *v) {
  for (size_t i = 0; i < v->count; i++) {
    free_inner(&v->items[i]);
    if (v->keys) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->str);
}

json_value *json_parse(const char *text, size_t len) {
  reader r = {text, text + len};
  json_value *v = calloc(1, sizeof *v);
  if (!v) return NULL;
  if (!parse_value(&r, v, 0)) {
    json_free(v);
    return NULL;
  }
  skip_space(&r);
  if (r.p != r.end) {
    json_free(v);
    return NULL;
  }
  return v;
}

void json_free(json_value *v) {
  if (!v) return;
  free_inner(v);
  free(v);
}

const json_value *json_get(const json_value *obj, const char *key) {
  if (!obj || obj->type != JSON_OBJECT) return NULL;
  for (size_t i = 0; i < obj->count; i++)
    if (strcmp(obj->keys[i], key) == 0) return &obj->items[i];
  return NULL;
}

const json_value *json_at(const json_value *arr, size_t i) {
  if (!arr || arr->type != JSON_ARRAY || i >= arr->count) return NULL;
  return &arr->items[i];
}

const char *json_str(const json_value *v) {
  return v && v->type == JSON_STRING ? v->str : NULL;
}

double json_num(const json_value *v, double fallback) {
  return v && v->type == JSON_NUMBER ? v->number : fallback;
}
