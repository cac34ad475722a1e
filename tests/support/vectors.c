#include "vectors.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recorder.h"

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fprintf(stderr, "vectors: out of memory\n");
    exit(1);
  }
  return p;
}

static char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xmalloc(n), s, n);
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int vectors_decode_token(const char *token, char **out, size_t *out_len, const char **error) {
  size_t n = strlen(token);
  char *bytes = xmalloc(n + 1);
  size_t len = 0;
  if (strcmp(token, "\\e") == 0) n = 0; /* the empty string */
  for (size_t i = 0; i < n; i++) {
    if (token[i] != '\\') {
      bytes[len++] = token[i];
      continue;
    }
    char e = token[++i];
    switch (e) {
    case '\\': bytes[len++] = '\\'; break;
    case 's': bytes[len++] = ' '; break;
    case 'n': bytes[len++] = '\n'; break;
    case 'r': bytes[len++] = '\r'; break;
    case 't': bytes[len++] = '\t'; break;
    case '0': bytes[len++] = '\0'; break;
    case 'x': {
      int hi = hex_value(token[i + 1]);
      int lo = hi >= 0 ? hex_value(token[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        free(bytes);
        *error = "\\x needs two hex digits";
        return -1;
      }
      bytes[len++] = (char)(hi * 16 + lo);
      i += 2;
      break;
    }
    case 'e':
      free(bytes);
      *error = "\\e is only allowed as a whole token";
      return -1;
    default:
      free(bytes);
      *error = "unknown escape";
      return -1;
    }
  }
  bytes[len] = '\0';
  *out = bytes;
  *out_len = len;
  return 0;
}

typedef struct loader {
  const char *path;
  unsigned line_no;
  vector_set *set;
  vector_case *cur; /* case being read, NULL between cases */
} loader;

static void die(const loader *ld, const char *what, const char *detail) {
  fprintf(stderr, "%s:%u: %s%s%s\n", ld->path, ld->line_no, what, detail ? ": " : "",
          detail ? detail : "");
  exit(1);
}

/* Split on single spaces, as the format defines; returns the word count. */
static size_t split_words(char *line, char **words, size_t max) {
  size_t n = 0;
  char *p = line;
  while (n < max) {
    words[n++] = p;
    char *sp = strchr(p, ' ');
    if (!sp) break;
    *sp = '\0';
    p = sp + 1;
  }
  return n;
}

static sse_str token_arg(const loader *ld, const char *token, char **keep) {
  size_t len;
  const char *error;
  if (vectors_decode_token(token, keep, &len, &error) != 0) die(ld, error, token);
  return str_n(*keep, len);
}

static void need_words(const loader *ld, size_t have, size_t want, const char *keyword) {
  if (have != want) die(ld, "wrong number of words after", keyword);
}

static void handle_line(loader *ld, char *line) {
  char *w[32];
  size_t n = split_words(line, w, 32);
  const char *kw = w[0];
  vector_case *c = ld->cur;

  if (strcmp(kw, "case") == 0) {
    if (c) die(ld, "case inside a case (missing end?)", NULL);
    need_words(ld, n, 2, kw);
    if (w[1][0] == '\0' || strspn(w[1], "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(w[1]))
      die(ld, "case names are [a-z0-9_]+", w[1]);
    for (size_t i = 0; i < ld->set->count; i++)
      if (strcmp(ld->set->cases[i].name, w[1]) == 0) die(ld, "duplicate case name", w[1]);
    ld->set->cases = realloc(ld->set->cases, (ld->set->count + 1) * sizeof *ld->set->cases);
    if (!ld->set->cases) die(ld, "out of memory", NULL);
    c = ld->cur = &ld->set->cases[ld->set->count++];
    memset(c, 0, sizeof *c);
    c->name = xstrdup(w[1]);
    c->input = xmalloc(1);
    byte_log_init(&c->expected);
    return;
  }
  if (!c) die(ld, "keyword outside a case", kw);

  if (strcmp(kw, "rules") == 0) {
    if (n < 2) die(ld, "rules needs at least one rule", NULL);
    size_t total = 0;
    for (size_t i = 1; i < n; i++) total += strlen(w[i]) + 1;
    c->rules = xmalloc(total + 1);
    c->rules[0] = '\0';
    for (size_t i = 1; i < n; i++) {
      strcat(c->rules, w[i]);
      if (i + 1 < n) strcat(c->rules, " ");
    }
  } else if (strcmp(kw, "option") == 0) {
    need_words(ld, n, 3, kw);
    if (strcmp(w[1], "max_event_bytes") != 0) die(ld, "unknown option", w[1]);
    char *endp;
    errno = 0;
    unsigned long long v = strtoull(w[2], &endp, 10);
    if (errno || *endp || v == 0) die(ld, "bad max_event_bytes", w[2]);
    c->max_event_bytes = (size_t)v;
  } else if (strcmp(kw, "seed") == 0) {
    need_words(ld, n, 2, kw);
    char *bytes;
    sse_str s = token_arg(ld, w[1], &bytes);
    c->has_seed = 1;
    c->seed = bytes;
    c->seed_len = s.len;
  } else if (strcmp(kw, "input") == 0) {
    need_words(ld, n, 2, kw);
    char *bytes;
    sse_str s = token_arg(ld, w[1], &bytes);
    c->input = realloc(c->input, c->input_len + s.len + 1);
    if (!c->input) die(ld, "out of memory", NULL);
    memcpy(c->input + c->input_len, s.ptr, s.len);
    c->input_len += s.len;
    free(bytes);
  } else if (strcmp(kw, "event") == 0) {
    need_words(ld, n, 4, kw);
    char *t, *d, *i;
    sse_str type = token_arg(ld, w[1], &t);
    sse_str data = token_arg(ld, w[2], &d);
    sse_str id = token_arg(ld, w[3], &i);
    record_event(&c->expected, type, data, id);
    free(t), free(d), free(i);
  } else if (strcmp(kw, "comment") == 0) {
    need_words(ld, n, 2, kw);
    char *t;
    record_comment(&c->expected, token_arg(ld, w[1], &t));
    free(t);
  } else if (strcmp(kw, "retry") == 0) {
    need_words(ld, n, 2, kw);
    char *endp;
    errno = 0;
    unsigned long long v = strtoull(w[1], &endp, 10);
    if (errno || *endp || w[1][0] < '0' || w[1][0] > '9') die(ld, "bad retry value", w[1]);
    record_retry(&c->expected, (uint64_t)v);
  } else if (strcmp(kw, "error") == 0) {
    need_words(ld, n, 2, kw);
    int code = error_code_from_name(w[1]);
    if (code == 0) die(ld, "unknown error code name", w[1]);
    record_error(&c->expected, code);
  } else if (strcmp(kw, "last_id") == 0) {
    need_words(ld, n, 2, kw);
    char *t;
    record_last_id(&c->expected, token_arg(ld, w[1], &t));
    free(t);
  } else if (strcmp(kw, "end") == 0) {
    need_words(ld, n, 1, kw);
    if (!c->rules) die(ld, "case has no rules line", c->name);
    if (!strstr(c->expected.text, "last_id ")) die(ld, "case has no last_id line", c->name);
    ld->cur = NULL;
  } else {
    die(ld, "unknown keyword", kw);
  }
}

void vectors_load(const char *path, vector_set *out) {
  loader ld = {path, 0, out, NULL};
  out->cases = NULL;
  out->count = 0;
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
    exit(1);
  }
  char *line = NULL;
  size_t cap = 0, len = 0;
  int ch;
  /* getline() is POSIX, not C99: read by hand so the tests stay plain C99. */
  do {
    ch = fgetc(f);
    if (ch != '\n' && ch != EOF) {
      if (len + 2 > cap) {
        cap = cap ? cap * 2 : 256;
        line = realloc(line, cap);
        if (!line) die(&ld, "out of memory", NULL);
      }
      line[len++] = (char)ch;
      continue;
    }
    if (ch == EOF && len == 0) break;
    ld.line_no++;
    if (!line) line = xmalloc(cap = 1);
    line[len] = '\0';
    if (len > 0 && line[len - 1] == '\r') die(&ld, "CR in the file (must be LF only)", NULL);
    if (len > 0 && line[0] != '#') handle_line(&ld, line);
    len = 0;
  } while (ch != EOF);
  free(line);
  fclose(f);
  if (ld.cur) die(&ld, "file ends inside a case", ld.cur->name);
  if (out->count == 0) die(&ld, "no cases", NULL);
}

void vectors_free(vector_set *set) {
  for (size_t i = 0; i < set->count; i++) {
    vector_case *c = &set->cases[i];
    free(c->name);
    free(c->rules);
    free(c->input);
    free(c->seed);
    byte_log_free(&c->expected);
  }
  free(set->cases);
  set->cases = NULL;
  set->count = 0;
}
