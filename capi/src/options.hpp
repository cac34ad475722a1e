// Reading versioned option and callback structs (house style B4): accept versions
// 1..current, reject newer ones, fill fields a caller's older version lacks.
#pragma once

#include <sse/parser.h>
#include <sse/serializer.h>
#include <sse/client.h>

namespace sse::capi {

// Returns 0 when 1 <= version <= current, otherwise records SSE_EINVAL (version 0)
// or SSE_EVERSION (too new) and returns it.
int check_version(const char *where, const char *what, unsigned int version, unsigned int current);

// Each returns 0 or a recorded error, and fills `out` with a complete current-version
// copy. `where` names the public function for messages. NULL input means defaults.
int read_parser_options(const char *where, const sse_parser_options *in, sse_parser_options &out);
int read_parser_callbacks(const char *where, const sse_parser_callbacks *in,
                          sse_parser_callbacks &out);
int read_serializer_options(const char *where, const sse_serializer_options *in,
                            sse_serializer_options &out);
int read_client_options(const char *where, const sse_client_options *in, sse_client_options &out);
int read_client_callbacks(const char *where, const sse_client_callbacks *in,
                          sse_client_callbacks &out);

}  // namespace sse::capi
