#include "client_hooks.h"

int fx_hook_pause(client_recorder *r, sse_client *c, const cr_record *rec,
                  sse_decision *d) {
  (void)r, (void)c, (void)rec, (void)d;
  return SSE_PAUSE;
}

int fx_hook_stop(client_recorder *r, sse_client *c, const cr_record *rec, sse_decision *d) {
  (void)r, (void)c, (void)rec;
  d->action = SSE_CLIENT_STOP;
  return 0;
}

int fx_hook_reconnect_in_a_minute(client_recorder *r, sse_client *c, const cr_record *rec,
                                  sse_decision *d) {
  (void)r, (void)c, (void)rec;
  d->action = SSE_CLIENT_RECONNECT;
  d->delay_ms = 60000;
  return 0;
}
