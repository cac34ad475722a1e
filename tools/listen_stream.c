#include "listen_stream.h"

#include "cli.h"
#include "listen_status.h"
#include "output_sink.h"
#include "signal_close.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Not an exit status: the client has not stopped by policy (yet). */
#define STILL_RUNNING (-1)

/* State shared by the client callbacks (user_data). */
typedef struct listen_run {
  output_sink sink;
  const listen_settings *settings;
  int outcome; /* exit status chosen when a callback decided to stop */
} listen_run;

static int on_open(sse_client *c, const sse_response *response, void *user_data) {
  (void)c;
  (void)user_data;
  listen_status_connected(response);
  return 0;
}

static int on_event(sse_client *c, const sse_event *ev, void *user_data) {
  (void)c;
  return output_sink_event(&((listen_run *)user_data)->sink, ev);
}

static int on_comment(sse_client *c, sse_str text, void *user_data) {
  (void)c;
  return output_sink_comment(&((listen_run *)user_data)->sink, text);
}

static int on_retry(sse_client *c, uint64_t retry_ms, void *user_data) {
  (void)c;
  return output_sink_retry(&((listen_run *)user_data)->sink, retry_ms);
}

static int on_error(sse_client *c, int code, const char *message, void *user_data) {
  (void)c;
  return output_sink_skipped(&((listen_run *)user_data)->sink, code, message);
}

/* The status line's lead for a reconnection, e.g. "reconnecting in 1000 ms". */
static const char *reconnect_lead(char *buffer, size_t size, uint64_t delay_ms) {
  snprintf(buffer, size, "reconnecting in %" PRIu64 " ms", delay_ms);
  return buffer;
}

static int on_failure(sse_client *c, const sse_failure *failure, sse_decision *decision,
                      void *user_data) {
  (void)c;
  listen_run *run = user_data;
  char text[64];
  if (decision->action == SSE_CLIENT_RECONNECT && run->settings->no_reconnect) {
    decision->action = SSE_CLIENT_STOP;
    listen_status_failure("stopped", failure, " (--no-reconnect)");
    run->outcome = CLI_EXIT_FAILURE;
  } else if (decision->action == SSE_CLIENT_RECONNECT) {
    listen_status_failure(reconnect_lead(text, sizeof text, decision->delay_ms), failure, "");
  } else if (decision->gave_up) {
    snprintf(text, sizeof text, " (after %" PRIu64 " attempt%s)", failure->attempt,
             failure->attempt == 1 ? "" : "s");
    listen_status_failure("giving up", failure, text);
    run->outcome = CLI_EXIT_FAILURE;
  } else {
    /* M4: 204 is the server's way to say "done"; any other refusal is an error. */
    listen_status_failure("stopped", failure, "");
    run->outcome = failure->kind == SSE_FAILURE_NO_CONTENT ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
  }
  return 0;
}

static int on_disconnect(sse_client *c, const sse_disconnect *disconnect,
                         sse_decision *decision, void *user_data) {
  (void)c;
  listen_run *run = user_data;
  /* Only a stream the server ended on purpose counts as a clean finish. */
  int stop_status = disconnect->reason == SSE_DISCONNECT_END ? CLI_EXIT_OK
                                                             : CLI_EXIT_FAILURE;
  char lead[64];
  if (decision->action == SSE_CLIENT_RECONNECT && run->settings->no_reconnect) {
    decision->action = SSE_CLIENT_STOP;
    listen_status_disconnect("stopped", disconnect, " (--no-reconnect)");
    run->outcome = stop_status;
  } else if (decision->action == SSE_CLIENT_RECONNECT) {
    listen_status_disconnect(reconnect_lead(lead, sizeof lead, decision->delay_ms),
                             disconnect, "");
  } else if (decision->gave_up) {
    listen_status_disconnect("giving up", disconnect, "");
    run->outcome = CLI_EXIT_FAILURE;
  } else {
    listen_status_disconnect("stopped", disconnect, "");
    run->outcome = stop_status;
  }
  return 0;
}

static int create_client(const listen_settings *settings, listen_run *run,
                         sse_client **client) {
  sse_client_options options = SSE_CLIENT_OPTIONS_INIT;
  options.url = settings->url;
  options.headers = settings->headers;
  options.header_count = settings->header_count;
  options.method = settings->method;
  if (settings->body != NULL) {
    options.body = settings->body;
    options.body_len = strlen(settings->body);
    if (options.method == NULL) options.method = "POST"; /* as curl -d does */
  }
  options.last_event_id = settings->common.last_event_id;
  options.ca_file = settings->ca_file;
  options.insecure = settings->insecure;
  options.idle_timeout_ms = settings->idle_timeout_ms;
  options.read_timeout_ms = settings->read_timeout_ms;
  options.max_attempts = settings->max_attempts;
  if (settings->retry_ms != 0) options.retry_ms = settings->retry_ms;

  sse_client_callbacks callbacks = SSE_CLIENT_CALLBACKS_INIT;
  callbacks.on_open = on_open;
  callbacks.on_event = on_event;
  callbacks.on_comment = settings->common.comments ? on_comment : NULL;
  callbacks.on_retry = on_retry;
  callbacks.on_error = on_error;
  callbacks.on_failure = on_failure;
  callbacks.on_disconnect = on_disconnect;

  int rc = sse_client_new(client, &options, &callbacks, run);
  /* Nothing was sent: a URL or header the library refuses is a usage error. */
  if (rc == SSE_EINVAL)
    return cli_usage_error("cannot listen to '%s': %s", settings->url,
                           sse_error_last()->message);
  if (rc < 0) return cli_library_failure("creating the client", rc);
  return CLI_EXIT_OK;
}

/* Drive the client until it closes; return the exit status that explains why. */
static int run_until_closed(sse_client *client, listen_run *run) {
  int rc;
  do {
    rc = sse_client_run(client, -1);
  } while (rc == 0 || rc == SSE_PAUSED); /* woken up early: nothing to do but go on */

  if (rc != SSE_ECLOSED) {
    if (rc == SSE_EIO && run->sink.write_errno != 0)
      return output_sink_report_failure(&run->sink);
    return cli_library_failure("listening", rc);
  }
  if (run->outcome != STILL_RUNNING) return run->outcome;
  const char *signal_name = signal_close_received();
  if (signal_name != NULL) {
    listen_status_interrupted(signal_name);
    return CLI_EXIT_OK;
  }
  return cli_failure("the client closed without saying why");
}

int listen_stream(const listen_settings *settings) {
  listen_run run = {.settings = settings, .outcome = STILL_RUNNING};
  /* Flushed after every item: whoever reads stdout is watching a live stream. */
  output_sink_init(&run.sink, settings->common.format, stdout, true);

  /* Before the client exists, so that libcurl's threads inherit the blocked signals. */
  if (signal_close_start() != 0) return CLI_EXIT_FAILURE;

  sse_client *client = NULL;
  int status = create_client(settings, &run, &client);
  if (status != CLI_EXIT_OK) {
    signal_close_stop();
    return status;
  }

  signal_close_attach(client);
  status = run_until_closed(client, &run);
  signal_close_attach(NULL);
  signal_close_stop();

  /* The end record carries the last event ID, to resume with --last-event-id. */
  if (run.sink.write_errno == 0 &&
      output_sink_end(&run.sink, sse_client_last_event_id(client)) != 0)
    status = output_sink_report_failure(&run.sink);
  sse_client_free(client);
  return status;
}
