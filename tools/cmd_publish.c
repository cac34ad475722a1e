/* `sse publish`: its command line and help; publish_post.c sends the event. */
#include "bearer_token.h"
#include "cli.h"
#include "command_line.h"
#include "publish_post.h"
#include "read_whole.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Largest data read from standard input; the server refuses far less by default. */
#define PUBLISH_DATA_MAX ((size_t)64 * 1024 * 1024)

enum { OPT_TOPIC = COMMAND_LINE_OWN_IDS, OPT_TYPE, OPT_ID, OPT_RETRY, OPT_TOKEN,
       OPT_TOKEN_FILE, OPT_TIMEOUT, OPT_INSECURE, OPT_CA_FILE };

static const args_option publish_options[] = {
  {"topic", 't', true, OPT_TOPIC},
  {"type", 0, true, OPT_TYPE},
  {"id", 0, true, OPT_ID},
  {"retry", 0, true, OPT_RETRY},
  {"token", 0, true, OPT_TOKEN},
  {"token-file", 0, true, OPT_TOKEN_FILE},
  {"timeout", 0, true, OPT_TIMEOUT},
  {"insecure", 'k', false, OPT_INSECURE},
  {"ca-file", 0, true, OPT_CA_FILE},
  {"help", 'h', false, COMMAND_LINE_HELP},
  {NULL, 0, false, 0},
};

static void print_publish_usage(FILE *out) {
  fputs(
    "Usage: sse publish URL --topic TOPIC [OPTIONS] (DATA | -)\n"
    "Publish one event to the publish endpoint URL of `sse serve` (or any server\n"
    "taking the same form-encoded POST) and print the id it was given.\n"
    "DATA is the event's data; `-` reads it from standard input (without its final\n"
    "line end). Line ends in it become separate data lines; the subscribers\n"
    "receive it joined again.\n"
    "\n"
    "Options:\n"
    "  -t, --topic TOPIC        publish to this topic (repeatable; at least one)\n"
    "  --type TYPE              the event's type (default: none, i.e. \"message\")\n"
    "  --id ID                  the event's id (default: the server assigns one)\n"
    "  --retry MS               send a retry hint of MS milliseconds with it\n"
    "  --token TOKEN            the server's publish token (Authorization: Bearer)\n"
    "  --token-file PATH        read the token from the first line of PATH\n"
    "  --timeout MS             give up after MS milliseconds (default 30000)\n"
    "  --ca-file PATH           trust the CAs in this PEM file (default: system store)\n"
    "  -k, --insecure           do not verify the server's TLS certificate\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "stdout carries the event's id, one line. Exit status: 0 when the server took\n"
    "the event (2xx), 1 when it refused it (its message is printed: e.g. HTTP 401\n"
    "for a wrong token, 400 for an invalid topic) or could not be reached, 2 on a\n"
    "usage error (nothing is sent).\n",
    out);
}

/* What the command line fills. */
typedef struct publish_arguments {
  publish_request request;
  const char **topics;      /* request.topics; --topic adds one at request.topic_count */
  const char *data_operand; /* the second operand: DATA or "-" */
  const char *token_file;
} publish_arguments;

/* A type or id travels in a form field and then in one line of the stream. */
static int check_one_line(const char *value, const char *what) {
  if (value[strcspn(value, "\r\n")] != '\0')
    return cli_usage_error("invalid %s: it must not contain a line end", what);
  return COMMAND_LINE_GO_ON;
}

static int take_publish_argument(void *arguments_ptr, int id, const char *value) {
  publish_arguments *arguments = arguments_ptr;
  publish_request *request = &arguments->request;
  size_t number;
  switch (id) {
  case ARGS_OPERAND:
    if (request->url == NULL) {
      request->url = value;
      return COMMAND_LINE_GO_ON;
    }
    return command_line_single_operand(&arguments->data_operand, value, "publish",
                                       "DATA operand after the URL");
  case OPT_TOPIC:
    if (*value == '\0') return cli_usage_error("invalid topic: it is empty");
    arguments->topics[request->topic_count++] = value;
    return check_one_line(value, "topic");
  case OPT_TYPE:
    request->type = value;
    return check_one_line(value, "type");
  case OPT_ID:
    if (*value == '\0') return cli_usage_error("invalid id: it is empty");
    request->id = value;
    return check_one_line(value, "id");
  case OPT_RETRY:
    if (!cli_parse_whole(value, INT32_MAX, &number))
      return cli_usage_error("invalid retry time '%s' (expected a whole number of "
                             "milliseconds)", value);
    request->retry = value;
    break;
  case OPT_TOKEN:
    request->token = value;
    return bearer_token_check_option(value, "--token");
  case OPT_TOKEN_FILE:
    arguments->token_file = value;
    break;
  case OPT_TIMEOUT:
    if (!cli_parse_positive(value, UINT32_MAX, &number))
      return cli_usage_error("invalid timeout '%s' (expected a whole number of "
                             "milliseconds from 1)", value);
    request->timeout_ms = number;
    break;
  case OPT_INSECURE:
    request->insecure = true;
    break;
  case OPT_CA_FILE:
    request->ca_file = value;
    break;
  }
  return COMMAND_LINE_GO_ON;
}

static const command_line publish_command_line = {
  .options = publish_options,
  .print_usage = print_publish_usage,
  .take = take_publish_argument,
};

/* The checks that need the whole command line. */
static int check_complete(const publish_arguments *arguments) {
  const publish_request *request = &arguments->request;
  if (request->url == NULL) return cli_usage_error("publish needs a URL");
  if (strncmp(request->url, "http://", 7) != 0 && strncmp(request->url, "https://", 8) != 0)
    return cli_usage_error("invalid URL '%s' (expected http:// or https://)", request->url);
  if (request->topic_count == 0) return cli_usage_error("publish needs --topic");
  if (arguments->data_operand == NULL)
    return cli_usage_error("publish needs the data (or '-' to read it from standard input)");
  if (request->token != NULL && arguments->token_file != NULL)
    return cli_usage_error("use --token or --token-file, not both");
  return COMMAND_LINE_GO_ON;
}

/* `echo hello | sse publish ... -` publishes "hello", as $(...) would give it. */
static void drop_final_line_end(const char *data, size_t *len) {
  if (data == NULL || *len == 0 || data[*len - 1] != '\n') return;
  (*len)--;
  if (*len > 0 && data[*len - 1] == '\r') (*len)--;
}

/* Read the token file and the data, then send. */
static int send_event(publish_arguments *arguments) {
  publish_request *request = &arguments->request;
  char *token = NULL, *data = NULL;
  int status = CLI_EXIT_OK;
  if (arguments->token_file != NULL) {
    status = bearer_token_read_file(arguments->token_file, &token);
    request->token = token;
  }
  if (status == CLI_EXIT_OK) {
    if (strcmp(arguments->data_operand, "-") == 0) {
      status = read_whole("-", PUBLISH_DATA_MAX, &data, &request->data_len);
      request->data = data;
      drop_final_line_end(data, &request->data_len);
    } else {
      request->data = arguments->data_operand;
      request->data_len = strlen(arguments->data_operand);
    }
  }
  if (status == CLI_EXIT_OK) status = publish_post(request);
  free(data);
  free(token);
  return status;
}

static int run_publish(int argc, char **argv) {
  /* At most one topic per argument. */
  const char **topics = calloc((size_t)argc + 1, sizeof *topics);
  if (topics == NULL) return cli_failure("out of memory");
  publish_arguments arguments = {
    .request = {.topics = topics, .timeout_ms = 30000},
    .topics = topics,
  };
  common_settings unused;
  int status = command_line_read(&publish_command_line, argc, argv, &unused, &arguments);
  if (status == COMMAND_LINE_GO_ON) status = check_complete(&arguments);
  if (status == COMMAND_LINE_GO_ON) status = send_event(&arguments);
  free(topics);
  return status;
}

const cli_command cli_command_publish = {
  .name = "publish",
  .summary = "publish one event to a server's publish endpoint",
  .run = run_publish,
  .print_usage = print_publish_usage,
};
