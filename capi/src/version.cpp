#include <sse/version.h>

extern "C" {

SSE_API unsigned int sse_version(void) { return SSE_VERSION_NUM; }

SSE_API const char *sse_version_string(void) { return SSE_VERSION_STRING; }

}  // extern "C"
