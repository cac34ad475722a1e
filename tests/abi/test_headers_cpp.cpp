// The public headers compiled as C++ (-pedantic -Werror): extern "C" linkage, no
// C-only constructs, and the INIT macros usable as C++ aggregate initialisers.
#include <sse/common.h>
#include <sse/version.h>
#include <sse/parser.h>
#include <sse/serializer.h>
#include <sse/client.h>
#include <sse/sse.h>

#include <cstdio>
#include <cstring>

namespace {

int failures = 0;
int number = 0;

void check(bool ok, const char *what) {
  std::printf("%s %d - %s\n", ok ? "ok" : "not ok", ++number, what);
  if (!ok) failures++;
}

// A C++ function with C linkage used as a callback.
extern "C" int on_event(sse_parser *, const sse_event *ev, void *ud) {
  *static_cast<size_t *>(ud) += ev->data.len;
  return 0;
}

}  // namespace

int main() {
  std::printf("1..3\n");
  sse_parser_options opts = SSE_PARSER_OPTIONS_INIT;
  sse_parser_callbacks cbs = SSE_PARSER_CALLBACKS_INIT;
  sse_serializer_options sopts = SSE_SERIALIZER_OPTIONS_INIT;
  cbs.on_event = on_event;
  check(opts.version == SSE_PARSER_OPTIONS_VERSION && sopts.version == 1,
        "INIT macros are valid C++ initialisers");

  size_t total = 0;
  sse_parser *p = nullptr;
  const char in[] = "data: hello\n\n";
  bool ok = sse_parser_new(&p, &opts, &cbs, &total) == 0 &&
            sse_parser_feed(p, in, std::strlen(in), nullptr) == 0 && total == 5;
  sse_parser_free(p);
  check(ok, "C functions link and run from C++");

  check(sse_version() == SSE_VERSION_NUM &&
            std::strcmp(sse_version_string(), SSE_VERSION_STRING) == 0,
        "version functions link from C++");
  return failures ? 1 : 0;
}
