/* Shared SWIG interface for every language binding.
 *
 * Each language has a thin bindings/<lang>/sse_<lang>.i that sets %module and its
 * typemaps for binary-safe (pointer, length) strings, then %includes this file. Only
 * the C++ layer in sse_binding.hpp is wrapped: the raw C functions, callback typedefs
 * and structs stay out of every language (house style B14).
 *
 * No language defines an %exception that raises: fallible methods return a status
 * and keep the message (sse_binding::Outcome), and the hand-written layer raises. */

%{
#include "sse_binding.hpp"
#include "sse_client_binding.hpp"
%}

%include <stdint.i>
%include <std_string.i>

/* C++-side helpers of the status mechanism. */
%ignore sse_binding::collect;
%ignore sse_binding::has_nul;

/* Only the record kinds of the batch format are wrapped; the writer is C++-side. */
%ignore sse_binding::BatchWriter;
/* The config's vectors are filled through add_header / add_retry_status. */
%ignore sse_binding::ClientConfig::header_names;
%ignore sse_binding::ClientConfig::header_values;
%ignore sse_binding::ClientConfig::retry_statuses;

%include "sse_batch.hpp"
%include "sse_binding.hpp"
%include "sse_client_binding.hpp"
