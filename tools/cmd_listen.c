/* `sse listen`: its command line and help; listen_stream.c does the listening. */
#include "cli.h"
#include "command_line.h"
#include "listen_stream.h"

#include <sse/sse.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_HEADER = COMMAND_LINE_OWN_IDS, OPT_METHOD, OPT_DATA, OPT_IDLE_TIMEOUT,
       OPT_READ_TIMEOUT, OPT_MAX_ATTEMPTS, OPT_RETRY, OPT_NO_RECONNECT, OPT_INSECURE, OPT_CA_FILE };

static const args_option listen_options[] = {
  {"header", 'H', true, OPT_HEADER},
  {"method", 'X', true, OPT_METHOD},
  {"data", 'd', true, OPT_DATA},
  {"idle-timeout", 0, true, OPT_IDLE_TIMEOUT},
  {"read-timeout", 0, true, OPT_READ_TIMEOUT},
  {"max-attempts", 0, true, OPT_MAX_ATTEMPTS},
  {"retry", 0, true, OPT_RETRY},
  {"no-reconnect", 0, false, OPT_NO_RECONNECT},
  {"insecure", 'k', false, OPT_INSECURE},
  {"ca-file", 0, true, OPT_CA_FILE},
  COMMAND_LINE_SHARED_OPTIONS,
  {NULL, 0, false, 0},
};

static void print_listen_usage(FILE *out) {
  fputs(
    "Usage: sse listen URL [OPTIONS]\n"
    "Connect to an event stream at URL (http:// or https://), print its events as\n"
    "they arrive and reconnect when it ends or drops, sending Last-Event-ID, until\n"
    "the server answers 204, a response cannot be a stream, or Ctrl-C.\n"
    "\n"
    "Options:\n"
    "  -H, --header 'NAME: VALUE'\n"
    "                           add a request header (repeatable)\n"
    "  -X, --method METHOD      request method (default GET, or POST with --data)\n"
    "  -d, --data BODY          send BODY with every request\n"
    "  --last-event-id ID       send this Last-Event-ID on the first request too\n"
    "  --format FORMAT          json (default), text or count, as for sse parse\n"
    "  --comments               also print comment lines\n"
    "  --idle-timeout MS        reconnect when no event or comment arrives for MS\n"
    "                           milliseconds (a dead heartbeat)\n"
    "  --read-timeout MS        reconnect when no byte at all arrives for MS\n"
    "                           milliseconds (a stalled connection)\n"
    "  --retry MS               initial reconnection time (default 1000; the server's\n"
    "                           retry field replaces it; doubled after failures)\n"
    "  --max-attempts N         give up after N failed attempts in a row\n"
    "  --no-reconnect           stop at the first disconnect or failure\n"
    "  --ca-file PATH           trust the CAs in this PEM file (default: system store)\n"
    "  -k, --insecure           do not verify the server's TLS certificate\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "stdout carries only the items, flushed one by one, in the formats of sse parse;\n"
    "the end record (e.g. {\"last_event_id\":\"...\"}) comes when listening stops.\n"
    "stderr carries the connection status:\n"
    "  sse: connected (HTTP 200, URL)\n"
    "  sse: reconnecting in N ms: WHY\n"
    "  sse: giving up: WHY (after N attempts)\n"
    "  sse: stopped: WHY\n"
    "Exit status: 0 after Ctrl-C, SIGTERM or SIGHUP, a 204 response, or with\n"
    "--no-reconnect a stream the server ended; 1 when it gave up, got a bad status\n"
    "or content type, lost the stream with --no-reconnect, or could not write;\n"
    "2 on a usage error, a malformed URL included (nothing is sent).\n",
    out);
}

static bool same_name(const char *a, const char *b) {
  for (; *a != '\0' && *b != '\0'; a++, b++) {
    char ca = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
    char cb = (*b >= 'A' && *b <= 'Z') ? (char)(*b - 'A' + 'a') : *b;
    if (ca != cb) return false;
  }
  return *a == *b;
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/*
 * Split "Name: value" in place (argv is ours to edit) like curl -H: the value
 * loses surrounding blanks. Return COMMAND_LINE_GO_ON or the usage error's status.
 */
static int read_header(char *text, sse_header *header) {
  char *colon = strchr(text, ':');
  if (colon == NULL || colon == text)
    return cli_usage_error("invalid header '%s' (expected 'Name: value')", text);
  *colon = '\0';
  /* The client manages it (H1-H3): it must follow the stream's ids. */
  if (same_name(text, "Last-Event-ID"))
    return cli_usage_error("use --last-event-id instead of a Last-Event-ID header");
  char *value = colon + 1;
  while (is_blank(*value)) value++;
  size_t value_len = strlen(value);
  while (value_len > 0 && is_blank(value[value_len - 1])) value_len--;
  header->name = (sse_str){text, strlen(text)};
  header->value = (sse_str){value, value_len};
  return COMMAND_LINE_GO_ON;
}

static int read_milliseconds(const char *value, const char *what, uint64_t *out) {
  size_t number;
  if (!cli_parse_positive(value, SIZE_MAX, &number))
    return cli_usage_error("invalid %s '%s' (expected a whole number of milliseconds "
                           "from 1)", what, value);
  *out = number;
  return COMMAND_LINE_GO_ON;
}

/* What the command line fills: the settings and, writable, the headers they show. */
typedef struct listen_arguments {
  listen_settings settings;
  sse_header *headers; /* settings.headers; -H adds one at settings.header_count */
} listen_arguments;

/* command_line->take: the URL and the options only `sse listen` has. */
static int take_listen_argument(void *arguments_ptr, int id, const char *value) {
  listen_arguments *arguments = arguments_ptr;
  listen_settings *settings = &arguments->settings;
  size_t number;
  switch (id) {
  case ARGS_OPERAND:
    return command_line_single_operand(&settings->url, value, "listen", "URL");
  case OPT_HEADER:
    /* args_next hands out argv entries, which are writable. */
    return read_header((char *)value, &arguments->headers[settings->header_count++]);
  case OPT_METHOD:
    settings->method = value;
    break;
  case OPT_DATA:
    settings->body = value;
    break;
  case OPT_IDLE_TIMEOUT:
    return read_milliseconds(value, "idle timeout", &settings->idle_timeout_ms);
  case OPT_READ_TIMEOUT:
    return read_milliseconds(value, "read timeout", &settings->read_timeout_ms);
  case OPT_RETRY:
    return read_milliseconds(value, "retry time", &settings->retry_ms);
  case OPT_MAX_ATTEMPTS:
    if (!cli_parse_positive(value, SIZE_MAX, &number))
      return cli_usage_error("invalid max attempts '%s' (expected a whole number "
                             "from 1)", value);
    settings->max_attempts = number;
    break;
  case OPT_NO_RECONNECT:
    settings->no_reconnect = true;
    break;
  case OPT_INSECURE:
    settings->insecure = true;
    break;
  case OPT_CA_FILE:
    settings->ca_file = value;
    break;
  }
  return COMMAND_LINE_GO_ON;
}

static const command_line listen_command_line = {
  .options = listen_options,
  .print_usage = print_listen_usage,
  .take = take_listen_argument,
};

static int run_listen(int argc, char **argv) {
  /* At most one header per argument. */
  sse_header *headers = calloc((size_t)argc + 1, sizeof *headers);
  if (headers == NULL) return cli_failure("out of memory");
  listen_arguments arguments = {.settings = {.headers = headers}, .headers = headers};
  listen_settings *settings = &arguments.settings;
  int status = command_line_read(&listen_command_line, argc, argv, &settings->common,
                                 &arguments);
  if (status == COMMAND_LINE_GO_ON && settings->url == NULL)
    status = cli_usage_error("listen needs a URL");
  if (status == COMMAND_LINE_GO_ON) status = listen_stream(settings);
  free(headers);
  return status;
}

const cli_command cli_command_listen = {
  .name = "listen",
  .summary = "connect to an event stream URL and print its events",
  .run = run_listen,
  .print_usage = print_listen_usage,
};
