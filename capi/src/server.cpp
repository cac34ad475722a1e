// extern "C" shims for sse_server_* (see <sse/server.h>).
