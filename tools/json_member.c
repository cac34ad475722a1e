#include "json_member.h"

#include <stdlib.h>
#include <string.h>

/* A cursor over the reply; every reader returns false on malformed input. */
typedef struct reader {
  const char *at;
  const char *end;
} reader;

static void skip_blanks(reader *r) {
  while (r->at < r->end && (*r->at == ' ' || *r->at == '\t' || *r->at == '\n' ||
                            *r->at == '\r'))
    r->at++;
}

static bool take(reader *r, char c) {
  skip_blanks(r);
  if (r->at >= r->end || *r->at != c) return false;
  r->at++;
  return true;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool read_hex4(reader *r, unsigned *out) {
  if (r->end - r->at < 4) return false;
  unsigned value = 0;
  for (int i = 0; i < 4; i++) {
    int digit = hex_digit(*r->at++);
    if (digit < 0) return false;
    value = value * 16 + (unsigned)digit;
  }
  *out = value;
  return true;
}

/* Append code point `cp` as UTF-8 at `*dst` (when `dst` is not NULL). */
static void put_utf8(char **dst, unsigned cp) {
  if (*dst == NULL) return;
  char *d = *dst;
  if (cp < 0x80) {
    *d++ = (char)cp;
  } else if (cp < 0x800) {
    *d++ = (char)(0xc0 | (cp >> 6));
    *d++ = (char)(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    *d++ = (char)(0xe0 | (cp >> 12));
    *d++ = (char)(0x80 | ((cp >> 6) & 0x3f));
    *d++ = (char)(0x80 | (cp & 0x3f));
  } else {
    *d++ = (char)(0xf0 | (cp >> 18));
    *d++ = (char)(0x80 | ((cp >> 12) & 0x3f));
    *d++ = (char)(0x80 | ((cp >> 6) & 0x3f));
    *d++ = (char)(0x80 | (cp & 0x3f));
  }
  *dst = d;
}

/* One \uXXXX escape (a surrogate pair as one code point); lone surrogates become U+FFFD. */
static bool read_unicode_escape(reader *r, unsigned *cp) {
  if (!read_hex4(r, cp)) return false;
  if (*cp >= 0xd800 && *cp < 0xdc00 && r->end - r->at >= 6 && r->at[0] == '\\' &&
      r->at[1] == 'u') {
    reader low = {r->at + 2, r->end};
    unsigned second;
    if (read_hex4(&low, &second) && second >= 0xdc00 && second < 0xe000) {
      *cp = 0x10000 + ((*cp - 0xd800) << 10) + (second - 0xdc00);
      r->at = low.at;
      return true;
    }
  }
  if (*cp >= 0xd800 && *cp < 0xe000) *cp = 0xfffd;
  return true;
}

/*
 * Read a string literal; decode it into `dst` when not NULL (UTF-8 never grows
 * past the escaped text, so the literal's length is enough room).
 */
static bool read_string(reader *r, char *dst, size_t *len_out) {
  if (!take(r, '"')) return false;
  char *start = dst;
  while (r->at < r->end) {
    char c = *r->at++;
    if (c == '"') {
      if (len_out != NULL) *len_out = (size_t)(dst - start);
      return true;
    }
    if ((unsigned char)c < 0x20) return false;
    if (c != '\\') {
      if (dst != NULL) *dst++ = c;
      continue;
    }
    if (r->at >= r->end) return false;
    char e = *r->at++;
    unsigned cp;
    switch (e) {
    case '"': case '\\': case '/': cp = (unsigned char)e; break;
    case 'b': cp = '\b'; break;
    case 'f': cp = '\f'; break;
    case 'n': cp = '\n'; break;
    case 'r': cp = '\r'; break;
    case 't': cp = '\t'; break;
    case 'u':
      if (!read_unicode_escape(r, &cp)) return false;
      break;
    default: return false;
    }
    put_utf8(&dst, cp);
  }
  return false;
}

/* Skip any value up to the ',' or '}' after it: strings with their escapes,
 * nested brackets, numbers and literals. */
static bool skip_value(reader *r) {
  int depth = 0;
  skip_blanks(r);
  while (r->at < r->end) {
    char c = *r->at;
    if (c == '"') {
      if (!read_string(r, NULL, NULL)) return false;
      continue;
    }
    if (depth == 0 && (c == ',' || c == '}')) return true;
    if (c == '{' || c == '[') {
      depth++;
    } else if (c == '}' || c == ']') {
      depth--;
    }
    r->at++;
  }
  return false;
}

bool json_string_member(const char *json, size_t len, const char *key, char **out,
                        size_t *out_len) {
  reader r = {json, json + len};
  if (!take(&r, '{')) return false;
  size_t key_len = strlen(key);
  char *name = malloc(len + 1);
  if (name == NULL) return false;
  bool found = false;
  for (;;) {
    size_t name_len;
    if (!read_string(&r, name, &name_len) || !take(&r, ':')) break;
    skip_blanks(&r);
    if (name_len == key_len && memcmp(name, key, key_len) == 0 && r.at < r.end &&
        *r.at == '"') {
      reader value = r;
      size_t value_len;
      found = read_string(&value, name, &value_len);
      if (found) {
        name[value_len] = '\0';
        *out = name;
        *out_len = value_len;
        return true;
      }
      break;
    }
    if (!skip_value(&r) || !take(&r, ',')) break;
  }
  free(name);
  return found;
}
