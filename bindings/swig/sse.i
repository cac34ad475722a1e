/* Shared SWIG interface for every language binding.
 *
 * Each language has a thin bindings/<lang>/sse_<lang>.i that sets %module, its own
 * %exception (mapping sse_binding::Error to the language's error, code kept) and any
 * typemaps for binary-safe strings, then %includes this file. Only the C++ layer in
 * sse_binding.hpp is wrapped: the raw C functions, callback typedefs and structs stay
 * out of every language (house style B14). */

%{
#include "sse_binding.hpp"
%}

%include <stdint.i>
%include <std_string.i>

/* The C++ Error class is an implementation detail of the error mapping. */
%ignore sse_binding::Error;
%ignore sse_binding::check;

%include "sse_binding.hpp"
