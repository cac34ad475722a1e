/* `sse serve`: its command line and help; serve_run.c does the serving. */
#include "bearer_token.h"
#include "cli.h"
#include "command_line.h"
#include "serve_settings.h"

#include <sse/server.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The server has no default publish path (publishing is off unless asked for); the
 * command line turns it on, guarded by a token, as the more useful default. */
#define DEFAULT_PUBLISH_PATH "/publish"

enum { OPT_LISTEN = COMMAND_LINE_OWN_IDS, OPT_PATH, OPT_PUBLISH_PATH, OPT_NO_PUBLISH,
       OPT_PUBLISH_TOKEN, OPT_PUBLISH_TOKEN_FILE, OPT_CORS_ORIGIN, OPT_HISTORY, OPT_HISTORY_BYTES,
       OPT_KEEP_ALIVE, OPT_SLOW_POLICY, OPT_QUEUE_BYTES, OPT_MAX_CONNECTIONS, OPT_THREADS,
       OPT_RETRY, OPT_TLS_CERT, OPT_TLS_KEY, OPT_DEMO };

static const args_option serve_options[] = {
  {"listen", 'l', true, OPT_LISTEN},
  {"path", 0, true, OPT_PATH},
  {"publish-path", 0, true, OPT_PUBLISH_PATH},
  {"no-publish", 0, false, OPT_NO_PUBLISH},
  {"publish-token", 0, true, OPT_PUBLISH_TOKEN},
  {"publish-token-file", 0, true, OPT_PUBLISH_TOKEN_FILE},
  {"cors-origin", 0, true, OPT_CORS_ORIGIN},
  {"history", 0, true, OPT_HISTORY},
  {"history-bytes", 0, true, OPT_HISTORY_BYTES},
  {"keep-alive", 0, true, OPT_KEEP_ALIVE},
  {"slow-policy", 0, true, OPT_SLOW_POLICY},
  {"queue-bytes", 0, true, OPT_QUEUE_BYTES},
  {"max-connections", 0, true, OPT_MAX_CONNECTIONS},
  {"threads", 0, true, OPT_THREADS},
  {"retry", 0, true, OPT_RETRY},
  {"tls-cert", 0, true, OPT_TLS_CERT},
  {"tls-key", 0, true, OPT_TLS_KEY},
  {"demo", 0, false, OPT_DEMO},
  {"help", 'h', false, COMMAND_LINE_HELP},
  {NULL, 0, false, 0},
};

static void print_serve_usage(FILE *out) {
  /* The defaults come from the library's headers, so the help cannot drift. */
  fprintf(out,
    "Usage: sse serve [OPTIONS]\n"
    "Run an event hub: clients subscribe with GET PATH?topic=T (EventSource,\n"
    "sse listen, curl -N) and events are published with POST to the publish path\n"
    "(sse publish). Serves until Ctrl-C, SIGTERM or SIGHUP, then stops gracefully.\n"
    "\n"
    "Options:\n"
    "  -l, --listen ADDR:PORT   address to listen on (default %s;\n"
    "                           port 0 picks a free one; [::1]:PORT for IPv6)\n"
    "  --path PATH              subscribe path (default %s)\n"
    "  --publish-path PATH      publish path (default %s)\n"
    "  --no-publish             no publish endpoint\n"
    "  --publish-token TOKEN    the bearer token publishers must send\n"
    "  --publish-token-file F   read it from the first line of F\n"
    "                           (default: a random token, printed at start)\n"
    "  --cors-origin ORIGIN     allow this browser origin (repeatable; * = any)\n"
    "  --history N              events kept for replay to resuming clients\n"
    "                           (default %zu; 0 = none)\n"
    "  --history-bytes N        and at most N bytes of them (default %zu)\n"
    "  --keep-alive MS          a comment after MS milliseconds of silence\n"
    "                           (default %u; 0 = off)\n"
    "  --retry MS               reconnection time hinted to each new subscriber\n"
    "  --slow-policy POLICY     a subscriber whose queue is full: disconnect\n"
    "                           (default; it resumes from the history),\n"
    "                           drop-oldest (it gets a gap notice) or block\n"
    "                           (publishing waits for it, briefly)\n"
    "  --queue-bytes N          queue per subscriber in bytes (default %zu)\n"
    "  --max-connections N      connections at once (default %zu; beyond: 503)\n"
    "  --threads N              event-loop threads (default 1; 0 = one per core)\n"
    "  --tls-cert FILE          serve HTTPS with this PEM certificate chain\n"
    "  --tls-key FILE           and this PEM private key\n"
    "  --demo                   also serve at / a page that shows a topic's events\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "stdout carries, once listening, one line per endpoint (the real port when\n"
    "port 0 was asked for):\n"
    "  events: URL\n"
    "  publish: URL            unless --no-publish\n"
    "  token: TOKEN            only for a random token\n"
    "  demo: URL               with --demo\n"
    "Exit status: 0 after a signal stopped it, 1 when it cannot serve (address in\n"
    "use, unreadable certificate or token file), 2 on a usage error.\n",
    SSE_SERVER_DEFAULT_LISTEN, SSE_SERVER_DEFAULT_PATH, DEFAULT_PUBLISH_PATH,
    SSE_PUBLISHER_DEFAULT_HISTORY_EVENTS,
    SSE_PUBLISHER_DEFAULT_HISTORY_BYTES, SSE_PUBLISHER_DEFAULT_KEEP_ALIVE_MS,
    SSE_PUBLISHER_DEFAULT_QUEUE_BYTES, SSE_SERVER_DEFAULT_MAX_CONNECTIONS);
}

/* A whole number in [min, max] for `option`. */
static int read_number(const char *value, const char *what, size_t min, size_t max,
                       size_t *out) {
  size_t number = 0;
  if (!cli_parse_whole(value, max, &number) || number < min)
    return cli_usage_error("invalid %s '%s' (expected a whole number from %zu to %zu)",
                           what, value, min, max);
  *out = number;
  return COMMAND_LINE_GO_ON;
}

/* "host:port" with a port of 0 to 65535 and a non-empty host ([v6] in brackets). */
static int check_listen(const char *value) {
  const char *colon = strrchr(value, ':');
  size_t port;
  if (colon == NULL || colon == value ||
      !cli_parse_whole(colon + 1, 65535, &port))
    return cli_usage_error("invalid listen address '%s' (expected ADDRESS:PORT, e.g. "
                           "127.0.0.1:8080 or [::1]:0)", value);
  return COMMAND_LINE_GO_ON;
}

static int check_path(const char *value, const char *option) {
  if (value[0] != '/' || strpbrk(value, "?# \t\r\n") != NULL)
    return cli_usage_error("invalid %s '%s' (expected a path starting with /, without "
                           "query or spaces)", option, value);
  return COMMAND_LINE_GO_ON;
}

static int read_policy(const char *value, sse_slow_policy *out) {
  if (strcmp(value, "disconnect") == 0) *out = SSE_SLOW_DISCONNECT;
  else if (strcmp(value, "drop-oldest") == 0) *out = SSE_SLOW_DROP_OLDEST;
  else if (strcmp(value, "block") == 0) *out = SSE_SLOW_BLOCK;
  else
    return cli_usage_error("unknown slow policy '%s' (expected disconnect, drop-oldest "
                           "or block)", value);
  return COMMAND_LINE_GO_ON;
}

/* What the command line fills: the settings and, writable, the origins they show. */
typedef struct serve_arguments {
  serve_settings settings;
  const char **cors_origins; /* settings.cors_origins */
  bool no_publish;
  bool publish_path_given;
} serve_arguments;

static int take_serve_argument(void *arguments_ptr, int id, const char *value) {
  serve_arguments *arguments = arguments_ptr;
  serve_settings *settings = &arguments->settings;
  size_t number = 0; /* read_number leaves it alone on a usage error */
  int status = COMMAND_LINE_GO_ON;
  switch (id) {
  case ARGS_OPERAND:
    return cli_usage_error("serve takes no operand, got '%s'", value);
  case OPT_LISTEN:
    settings->listen = value;
    return check_listen(value);
  case OPT_PATH:
    settings->path = value;
    return check_path(value, "--path");
  case OPT_PUBLISH_PATH:
    settings->publish_path = value;
    arguments->publish_path_given = true;
    return check_path(value, "--publish-path");
  case OPT_NO_PUBLISH:
    arguments->no_publish = true;
    break;
  case OPT_PUBLISH_TOKEN:
    settings->publish_token = value;
    return bearer_token_check_option(value, "--publish-token");
  case OPT_PUBLISH_TOKEN_FILE:
    settings->publish_token_file = value;
    break;
  case OPT_CORS_ORIGIN:
    if (*value == '\0') return cli_usage_error("invalid --cors-origin: it is empty");
    arguments->cors_origins[settings->cors_origin_count++] = value;
    break;
  case OPT_HISTORY:
    settings->has_history = true;
    return read_number(value, "history length", 0, 100000000, &settings->history);
  case OPT_HISTORY_BYTES:
    return read_number(value, "history size", 1, SIZE_MAX, &settings->history_bytes);
  case OPT_KEEP_ALIVE:
    settings->has_keep_alive = true;
    status = read_number(value, "keep-alive time", 0, UINT32_MAX, &number);
    settings->keep_alive_ms = (uint32_t)number;
    return status;
  case OPT_RETRY:
    status = read_number(value, "retry time", 0, INT32_MAX, &number);
    settings->retry_ms = (int64_t)number;
    return status;
  case OPT_SLOW_POLICY:
    return read_policy(value, &settings->slow_policy);
  case OPT_QUEUE_BYTES:
    return read_number(value, "queue size", 1, SIZE_MAX, &settings->queue_bytes);
  case OPT_MAX_CONNECTIONS:
    return read_number(value, "connection limit", 1, 1000000, &settings->max_connections);
  case OPT_THREADS:
    status = read_number(value, "thread count", 0, 256, &number);
    settings->threads = (unsigned)number;
    return status;
  case OPT_TLS_CERT:
    settings->tls_cert = value;
    break;
  case OPT_TLS_KEY:
    settings->tls_key = value;
    break;
  case OPT_DEMO:
    settings->demo = true;
    break;
  }
  return COMMAND_LINE_GO_ON;
}

static const command_line serve_command_line = {
  .options = serve_options,
  .print_usage = print_serve_usage,
  .take = take_serve_argument,
};

/* The checks that need the whole command line. */
static int check_complete(serve_arguments *arguments) {
  serve_settings *settings = &arguments->settings;
  bool token_given = settings->publish_token != NULL || settings->publish_token_file != NULL;
  if (settings->publish_token != NULL && settings->publish_token_file != NULL)
    return cli_usage_error("use --publish-token or --publish-token-file, not both");
  if (arguments->no_publish && (arguments->publish_path_given || token_given))
    return cli_usage_error("--no-publish excludes --publish-path and the publish token");
  if (arguments->no_publish) settings->publish_path = NULL;
  if ((settings->tls_cert == NULL) != (settings->tls_key == NULL))
    return cli_usage_error("--tls-cert and --tls-key go together");
  if (settings->publish_path != NULL && strcmp(settings->publish_path, settings->path) == 0)
    return cli_usage_error("the publish path and the subscribe path must differ");
  if (settings->demo && (strcmp(settings->path, "/") == 0 ||
                         (settings->publish_path != NULL &&
                          strcmp(settings->publish_path, "/") == 0)))
    return cli_usage_error("--demo serves its page at /: choose another path");
  return COMMAND_LINE_GO_ON;
}

static int run_serve(int argc, char **argv) {
  /* At most one origin per argument. */
  const char **origins = calloc((size_t)argc + 1, sizeof *origins);
  if (origins == NULL) return cli_failure("out of memory");
  serve_arguments arguments = {
    .settings = {.listen = SSE_SERVER_DEFAULT_LISTEN, .path = SSE_SERVER_DEFAULT_PATH,
                 .publish_path = DEFAULT_PUBLISH_PATH, .cors_origins = origins, .threads = 1,
                 .retry_ms = -1},
    .cors_origins = origins,
  };
  common_settings unused;
  int status = command_line_read(&serve_command_line, argc, argv, &unused, &arguments);
  if (status == COMMAND_LINE_GO_ON) status = check_complete(&arguments);
  if (status == COMMAND_LINE_GO_ON) status = serve_run(&arguments.settings);
  free(origins);
  return status;
}

const cli_command cli_command_serve = {
  .name = "serve",
  .summary = "run an event hub: subscribe over HTTP, publish with POST",
  .run = run_serve,
  .print_usage = print_serve_usage,
};
