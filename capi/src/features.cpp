// sse_features(): the optional parts compiled in, read from the same generated
// <sse/features.h> that programs see, so the two cannot disagree.
#include <sse/features.h>

extern "C" {

SSE_API unsigned int sse_features(void) {
  return (SSE_HAS_CLIENT ? SSE_FEATURE_CLIENT : 0u) | (SSE_HAS_SERVER ? SSE_FEATURE_SERVER : 0u);
}

}  // extern "C"
