// The opaque public handles, defined once (house style B13). Each holds its own
// allocator copy first, so it outlives the core object that allocates through it.
#pragma once

#include <sse/parser.h>
#include <sse/publisher.h>
#include <sse/serializer.h>

#include "../../core/parser.hpp"
#include "../../core/publisher/hub.hpp"
#include "../../core/publisher/subscriber.hpp"
#include "../../core/serializer.hpp"
#include "memory.hpp"
#include "publisher_memory.hpp"

// The parser handle is also the core's handler: it turns core calls into the user's
// C callbacks and marks when a callback is running (for SSE_EBUSY).
struct sse_parser final : sse::core::ParserHandler {
  sse_parser(const sse::capi::AllocatorResource &memory_in, const sse_parser_options &options,
             const sse_parser_callbacks &callbacks_in, void *user_data_in)
      : memory(memory_in),
        callbacks(callbacks_in),
        user_data(user_data_in),
        core(*this, sse::core::ParserLimits{options.max_event_bytes}, &memory) {}

  int on_event(const sse::core::Event &event) override;
  int on_comment(std::string_view text) override;
  int on_retry(std::uint64_t milliseconds) override;
  int on_skipped(std::string_view reason) override;
  bool wants_comments() const override { return callbacks.on_comment != nullptr; }

  sse::capi::AllocatorResource memory;
  sse_parser_callbacks callbacks;
  void *user_data;
  bool in_callback = false;  // set for the whole feed: callbacks may run at any byte
  int sticky_error = 0;      // SSE_ENOMEM / SSE_EINTERNAL until reset
  sse::core::Parser core;
};

struct sse_serializer {
  sse_serializer(const sse::capi::AllocatorResource &memory_in,
                 const sse_serializer_options &options)
      : memory(memory_in), core(options.max_pending_bytes, &memory) {}

  sse::capi::AllocatorResource memory;
  sse::core::Serializer core;
};

// The publisher handle: its own reference to the shared memory and to the hub (which
// subscribers also keep alive, so the two may be freed in any order).
struct sse_publisher {
  sse::capi::SharedAllocator *memory;
  sse::core::Hub *hub;
};

// A subscriber handle, allocated from its publisher's memory. The core calls back
// through `on_ready_thunk` with the handle as context.
struct sse_subscriber {
  sse_subscriber(sse::core::Hub &hub, const sse::core::SubscribeRequest &request,
                 sse_subscriber_ready_cb on_ready_in, void *user_data_in)
      : on_ready(on_ready_in), user_data(user_data_in), core(hub, request) {}

  sse_subscriber_ready_cb on_ready;
  void *user_data;
  sse::core::Subscriber core;
};
