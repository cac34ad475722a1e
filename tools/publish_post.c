#include "publish_post.h"

#include "cli.h"
#include "json_member.h"
#include "visible_text.h"

#include <curl/curl.h>

#include <stdlib.h>
#include <string.h>

/* Replies longer than this are cut: only a short message or an id is expected. */
#define REPLY_MAX 65536

typedef struct reply {
  char *bytes;
  size_t len;
} reply;

static size_t keep_reply(char *ptr, size_t size, size_t nmemb, void *reply_ptr) {
  reply *r = reply_ptr;
  size_t n = size * nmemb;
  size_t room = REPLY_MAX - r->len;
  size_t kept = n < room ? n : room;
  if (kept > 0) {
    char *grown = realloc(r->bytes, r->len + kept + 1);
    if (grown == NULL) return 0; /* ends the transfer with CURLE_WRITE_ERROR */
    memcpy(grown + r->len, ptr, kept);
    r->bytes = grown;
    r->len += kept;
    r->bytes[r->len] = '\0';
  }
  return n;
}

/* Append `name=value` (value percent-encoded) to the body, '&'-separated. */
static bool add_field(CURL *curl, char **body, size_t *len, const char *name,
                      const char *value, size_t value_len) {
  char *escaped = curl_easy_escape(curl, value, (int)value_len);
  if (escaped == NULL) return false;
  size_t add = (*len > 0 ? 1 : 0) + strlen(name) + 1 + strlen(escaped);
  char *grown = realloc(*body, *len + add + 1);
  if (grown != NULL) {
    *len += (size_t)sprintf(grown + *len, "%s%s=%s", *len > 0 ? "&" : "", name, escaped);
    *body = grown;
  }
  curl_free(escaped);
  return grown != NULL;
}

/* The form body: topic (repeated), data, then type, id and retry when given. */
static char *form_body(CURL *curl, const publish_request *request) {
  char *body = NULL;
  size_t len = 0;
  bool ok = true;
  for (size_t i = 0; ok && i < request->topic_count; i++)
    ok = add_field(curl, &body, &len, "topic", request->topics[i],
                   strlen(request->topics[i]));
  ok = ok && add_field(curl, &body, &len, "data", request->data, request->data_len);
  if (ok && request->type != NULL)
    ok = add_field(curl, &body, &len, "type", request->type, strlen(request->type));
  if (ok && request->id != NULL)
    ok = add_field(curl, &body, &len, "id", request->id, strlen(request->id));
  if (ok && request->retry != NULL)
    ok = add_field(curl, &body, &len, "retry", request->retry, strlen(request->retry));
  if (!ok) {
    free(body);
    return NULL;
  }
  return body;
}

/* 2xx: print the id from {"id":"..."}; a reply without one prints nothing. */
static int report_success(const reply *r) {
  char *id;
  size_t id_len;
  if (r->bytes != NULL && json_string_member(r->bytes, r->len, "id", &id, &id_len)) {
    visible_write(stdout, id, id_len);
    fputc('\n', stdout);
    free(id);
  }
  if (fflush(stdout) != 0 || ferror(stdout)) return cli_failure("cannot write output");
  return CLI_EXIT_OK;
}

/* Refused: "sse: refused: HTTP 401: <message>", the message taken from a JSON
 * reply's "error" member, or else the reply's text. */
static int report_refusal(long status, const reply *r) {
  fprintf(stderr, "sse: refused: HTTP %ld", status);
  char *message = NULL;
  size_t message_len = 0;
  if (r->bytes != NULL && !json_string_member(r->bytes, r->len, "error", &message,
                                              &message_len)) {
    message_len = r->len;
    while (message_len > 0 && (r->bytes[message_len - 1] == '\n' ||
                               r->bytes[message_len - 1] == '\r'))
      message_len--;
  }
  if (message_len > 0) {
    fputs(": ", stderr);
    visible_write(stderr, message != NULL ? message : r->bytes, message_len);
  }
  fputc('\n', stderr);
  free(message);
  return CLI_EXIT_FAILURE;
}

static int perform(CURL *curl, const publish_request *request, reply *r) {
  char *body = form_body(curl, request);
  if (body == NULL) return cli_failure("out of memory");
  struct curl_slist *headers =
    curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
  char *authorization = NULL;
  if (request->token != NULL) {
    size_t size = strlen("Authorization: Bearer ") + strlen(request->token) + 1;
    authorization = malloc(size);
    if (authorization != NULL) {
      snprintf(authorization, size, "Authorization: Bearer %s", request->token);
      struct curl_slist *more = curl_slist_append(headers, authorization);
      if (more == NULL) {
        curl_slist_free_all(headers);
        headers = NULL;
      } else {
        headers = more;
      }
    }
  }
  int status = CLI_EXIT_OK;
  if (headers == NULL || (request->token != NULL && authorization == NULL))
    status = cli_failure("out of memory");
  char error[CURL_ERROR_SIZE] = "";
  if (status == CLI_EXIT_OK) {
    curl_easy_setopt(curl, CURLOPT_URL, request->url);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep_reply);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)request->timeout_ms);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "sse-publish");
    if (request->insecure) {
      curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (request->ca_file != NULL) curl_easy_setopt(curl, CURLOPT_CAINFO, request->ca_file);
    CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK)
      status = cli_failure("cannot publish to '%s': %s", request->url,
                           error[0] != '\0' ? error : curl_easy_strerror(rc));
  }
  curl_slist_free_all(headers);
  free(authorization);
  free(body);
  return status;
}

int publish_post(const publish_request *request) {
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return cli_failure("cannot initialise libcurl");
  CURL *curl = curl_easy_init();
  int status;
  reply r = {NULL, 0};
  if (curl == NULL) {
    status = cli_failure("cannot initialise libcurl");
  } else {
    status = perform(curl, request, &r);
    if (status == CLI_EXIT_OK) {
      long code = 0;
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
      status = code >= 200 && code < 300 ? report_success(&r) : report_refusal(code, &r);
    }
    curl_easy_cleanup(curl);
  }
  free(r.bytes);
  curl_global_cleanup();
  return status;
}
