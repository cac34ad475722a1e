/* Shared SWIG interface for every language binding.
 *
 * Each language has a thin bindings/<lang>/sse_<lang>.i that sets %module, its own
 * %exception (mapping sse_binding::Error to the language's error, code kept) and any
 * typemaps for binary-safe strings, then %includes this file. Only the C++ layer in
 * sse_binding.hpp is wrapped: the raw C functions, callback typedefs and structs stay
 * out of every language (house style B14). */

%{
#include "sse_binding.hpp"
#include "sse_client_binding.hpp"
%}

%include <stdint.i>
%include <std_string.i>

/* The C++ Error class is an implementation detail of the error mapping. */
%ignore sse_binding::Error;
%ignore sse_binding::check;
%ignore sse_binding::text;

/* Only the record kinds of the batch format are wrapped; the writer is C++-side. */
%ignore sse_binding::BatchWriter;
/* The config's vectors are filled through add_header / add_retry_status. */
%ignore sse_binding::ClientConfig::header_names;
%ignore sse_binding::ClientConfig::header_values;
%ignore sse_binding::ClientConfig::retry_statuses;

%include "sse_batch.hpp"
%include "sse_binding.hpp"
%include "sse_client_binding.hpp"
