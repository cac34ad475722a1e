/* C functions that package raw calls through cgo directly, without a SWIG wrapper:
 * pointers then reach Go as pointers (not integers) and a call crosses once.
 * Included by the cgo preamble of raw.go (C) and by raw_wrap.cxx (C++), which
 * defines them (sse_go.i). */
#ifndef SSE_GO_RAW_H
#define SSE_GO_RAW_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What one parser feed gives Go: the status and a view of the record batch. */
typedef struct sse_go_feed_result {
  const char *batch;
  size_t batch_len;
  int status;
} sse_go_feed_result;

/* Parser::feed then Parser::batch; `parser` is a sse_binding::Parser *. */
sse_go_feed_result sse_go_parser_feed(uintptr_t parser, const char *data, size_t len);

/* Accessors of a client batch handle from Client::run_batch (a std::string *). */
const char *sse_go_batch_data(uintptr_t batch);
size_t sse_go_batch_size(uintptr_t batch);
void sse_go_batch_free(uintptr_t batch);

#ifdef __cplusplus
}
#endif

#endif /* SSE_GO_RAW_H */
