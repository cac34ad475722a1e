#include "demo_page.h"

#include <stdlib.h>
#include <string.h>

/* Generated from demo/index.html by embed_file.py. */
extern const char demo_page_html[];
extern const size_t demo_page_html_len;

/* A marker in the page and what replaces it. */
typedef struct substitution {
  const char *marker;
  const char *value;
} substitution;

/* How `c` is written inside a double-quoted attribute value. */
static const char *attribute_escape(char c) {
  switch (c) {
  case '&': return "&amp;";
  case '<': return "&lt;";
  case '>': return "&gt;";
  case '"': return "&quot;";
  case '\'': return "&#39;";
  default: return NULL;
  }
}

/* Write `value` escaped at `out` (when not NULL); return the bytes it takes. */
static size_t put_escaped(char *out, const char *value) {
  size_t n = 0;
  for (const char *c = value; *c != '\0'; c++) {
    const char *escape = attribute_escape(*c);
    size_t len = escape != NULL ? strlen(escape) : 1;
    if (out != NULL) memcpy(out + n, escape != NULL ? escape : c, len);
    n += len;
  }
  return n;
}

/* The substitution whose marker starts at `at`, or NULL. */
static const substitution *marker_at(const char *at, size_t left, const substitution *subs,
                                     size_t count) {
  for (size_t i = 0; i < count; i++) {
    size_t len = strlen(subs[i].marker);
    if (len <= left && memcmp(at, subs[i].marker, len) == 0) return &subs[i];
  }
  return NULL;
}

/* Copy the page with its markers replaced into `out` (NULL: only measure). */
static size_t fill(char *out, const substitution *subs, size_t count) {
  size_t n = 0;
  for (size_t i = 0; i < demo_page_html_len;) {
    const substitution *sub = marker_at(demo_page_html + i, demo_page_html_len - i, subs, count);
    if (sub != NULL) {
      n += put_escaped(out != NULL ? out + n : NULL, sub->value);
      i += strlen(sub->marker);
    } else {
      if (out != NULL) out[n] = demo_page_html[i];
      n++;
      i++;
    }
  }
  return n;
}

char *demo_page_render(const char *events_path, const char *publish_path, size_t *len_out) {
  const substitution subs[] = {
    {"{{EVENTS_PATH}}", events_path},
    {"{{PUBLISH_PATH}}", publish_path != NULL ? publish_path : ""},
  };
  size_t count = sizeof subs / sizeof subs[0];
  size_t len = fill(NULL, subs, count);
  char *page = malloc(len + 1);
  if (page == NULL) return NULL;
  fill(page, subs, count);
  page[len] = '\0';
  *len_out = len;
  return page;
}
