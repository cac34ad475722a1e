// C ABI of the embedded HTTP server (<sse/server.h>): argument checks, versioned
// structs and error recording; the engine is in server/.
#include <sse/server.h>

#include <memory>

#include "boundary.hpp"
#include "error.hpp"
#include "options.hpp"
#include "server.hpp"

namespace sse::capi {

template <> struct StructVersions<sse_server_options> {
  static constexpr const char *name = "sse_server_options";
  static constexpr unsigned int current = SSE_SERVER_OPTIONS_VERSION;
  static constexpr std::size_t bytes[] = {sizeof(sse_server_options)};
};

template <> struct StructVersions<sse_server_stats> {
  static constexpr const char *name = "sse_server_stats";
  static constexpr unsigned int current = SSE_SERVER_STATS_VERSION;
  static constexpr std::size_t bytes[] = {sizeof(sse_server_stats)};
};

static_assert(table_is_complete<sse_server_options>(), "update StructVersions<sse_server_options>");
static_assert(table_is_complete<sse_server_stats>(), "update StructVersions<sse_server_stats>");

}  // namespace sse::capi

struct sse_server {
  std::unique_ptr<sse::server::Server> engine;
};

using sse::capi::guarded;
using sse::capi::set_error;

namespace {
int record(const char *where, const sse::server::Status &st) {
  return set_error(st.code, "%s: %s", where, st.message.c_str());
}
}  // namespace

extern "C" {

SSE_API int sse_server_options_init(sse_server_options *opts, unsigned int version) {
  static const char where[] = "sse_server_options_init";
  if (opts == nullptr) return set_error(SSE_EINVAL, "%s: struct pointer is NULL", where);
  if (int rc = sse::capi::check_struct_version<sse_server_options>(where, version)) return rc;
  const sse_server_options defaults = SSE_SERVER_OPTIONS_INIT;
  sse::capi::write_versioned(opts, version, defaults);
  return 0;
}

SSE_API int sse_server_new(sse_server **out, sse_publisher *pub, const sse_server_options *opts) {
  static const char where[] = "sse_server_new";
  if (out != nullptr) *out = nullptr;
  if (out == nullptr || pub == nullptr) return set_error(SSE_EINVAL, "%s: NULL argument", where);
  return guarded(where, [&] {
    sse_server_options full;
    const sse_server_options defaults = SSE_SERVER_OPTIONS_INIT;
    if (int rc = sse::capi::read_versioned(where, opts, full, defaults)) return rc;
    sse::server::Config cfg;
    if (auto st = sse::server::make_config(full, cfg)) return record(where, st);
    auto handle = std::make_unique<sse_server>();
    if (auto st = sse::server::Server::create(handle.get(), pub, std::move(cfg), handle->engine))
      return record(where, st);
    *out = handle.release();
    return 0;
  });
}

SSE_API int sse_server_start(sse_server *srv) {
  static const char where[] = "sse_server_start";
  if (srv == nullptr) return set_error(SSE_EINVAL, "%s: NULL server", where);
  return guarded(where, [&] {
    if (auto st = srv->engine->start()) return record(where, st);
    return 0;
  });
}

SSE_API int sse_server_port(const sse_server *srv) {
  if (srv == nullptr) return set_error(SSE_EINVAL, "sse_server_port: NULL server");
  int port = srv->engine->port();
  if (port < 0) return set_error(SSE_EBUSY, "sse_server_port: server not started");
  return port;
}

SSE_API int sse_server_stop(sse_server *srv, int timeout_ms) {
  static const char where[] = "sse_server_stop";
  if (srv == nullptr) return set_error(SSE_EINVAL, "%s: NULL server", where);
  return guarded(where, [&] {
    int rc = srv->engine->stop(timeout_ms);
    if (rc == SSE_EBUSY) return set_error(rc, "%s: called from one of the server's loop threads", where);
    return rc;
  });
}

SSE_API void sse_server_free(sse_server *srv) {
  if (srv == nullptr) return;
  try {
    srv->engine.reset();
  } catch (...) {
  }
  delete srv;
}

SSE_API int sse_server_get_stats(sse_server *srv, sse_server_stats *out) {
  static const char where[] = "sse_server_get_stats";
  if (srv == nullptr || out == nullptr) return set_error(SSE_EINVAL, "%s: NULL argument", where);
  if (int rc = sse::capi::check_struct_version<sse_server_stats>(where, out->version)) return rc;
  sse_server_stats all = SSE_SERVER_STATS_INIT;
  srv->engine->stats(all);
  sse::capi::write_versioned(out, out->version, all);
  return 0;
}

}  // extern "C"
