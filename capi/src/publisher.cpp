// extern "C" shims for sse_publisher_* and sse_subscriber_* (see <sse/publisher.h>).
