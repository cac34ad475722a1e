/**
 * @file sse/server.h
 * @brief Embedded HTTP server streaming a publisher's subscribers (libevent).
 */
#ifndef SSE_SERVER_H
#define SSE_SERVER_H

#include "common.h"
#include "publisher.h"

#endif /* SSE_SERVER_H */
