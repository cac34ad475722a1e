// Versioned public structs (house style B4): accept versions 1..current, reject newer
// ones, and touch only the bytes the caller's version has. A caller compiled against
// an older header owns a smaller struct; reading or writing the library's full sizeof
// would run past it.
#pragma once

#include <cstddef>
#include <cstring>

#include <sse/parser.h>
#include <sse/serializer.h>
#include <sse/client.h>
#include <sse/publisher.h>

namespace sse::capi {

// The size of every version of each versioned struct: `bytes[v - 1]` is how many bytes
// a caller compiled against version v owns (and the library reads or writes).
//
// APPENDING A FIELD (the only change allowed, B4): bump the header's *_VERSION macro,
// add the field to the *_INIT macro, then append one entry here: the new version's
// size is sizeof(Struct), and the entry that was last becomes offsetof(Struct,
// <first new field>). The static_asserts below fail until the table has one entry per
// version. Each older entry stays as it is forever.
template <typename Struct> struct StructVersions;

template <> struct StructVersions<sse_parser_options> {
  static constexpr const char *name = "sse_parser_options";
  static constexpr unsigned int current = SSE_PARSER_OPTIONS_VERSION;
  static constexpr std::size_t bytes[] = {sizeof(sse_parser_options)};
};

template <> struct StructVersions<sse_parser_callbacks> {
  static constexpr const char *name = "sse_parser_callbacks";
  static constexpr unsigned int current = SSE_PARSER_CALLBACKS_VERSION;
  static constexpr std::size_t bytes[] = {sizeof(sse_parser_callbacks)};
};

template <> struct StructVersions<sse_serializer_options> {
  static constexpr const char *name = "sse_serializer_options";
  static constexpr unsigned int current = SSE_SERIALIZER_OPTIONS_VERSION;
  static constexpr std::size_t bytes[] = {sizeof(sse_serializer_options)};
};

template <> struct StructVersions<sse_client_options> {
  static constexpr const char *name = "sse_client_options";
  static constexpr unsigned int current = SSE_CLIENT_OPTIONS_VERSION;
  static constexpr std::size_t bytes[] = {
      offsetof(sse_client_options, read_timeout_ms),  // 1.0: up to `allocator`
      sizeof(sse_client_options),                     // 1.1: + read_timeout_ms, unrestricted_auth
  };
};

template <> struct StructVersions<sse_client_callbacks> {
  static constexpr const char *name = "sse_client_callbacks";
  static constexpr unsigned int current = SSE_CLIENT_CALLBACKS_VERSION;
  static constexpr std::size_t bytes[] = {sizeof(sse_client_callbacks)};
};

template <> struct StructVersions<sse_client_stats> {
  static constexpr const char *name = "sse_client_stats";
  static constexpr unsigned int current = SSE_CLIENT_STATS_VERSION;
  static constexpr std::size_t bytes[] = {sizeof(sse_client_stats)};
};

template <> struct StructVersions<sse_publisher_options> {
  static constexpr const char *name = "sse_publisher_options";
  static constexpr unsigned int current = SSE_PUBLISHER_OPTIONS_VERSION;
  static constexpr std::size_t bytes[] = {sizeof(sse_publisher_options)};
};

template <> struct StructVersions<sse_message> {
  static constexpr const char *name = "sse_message";
  static constexpr unsigned int current = SSE_MESSAGE_VERSION;
  static constexpr std::size_t bytes[] = {sizeof(sse_message)};
};

template <> struct StructVersions<sse_subscriber_options> {
  static constexpr const char *name = "sse_subscriber_options";
  static constexpr unsigned int current = SSE_SUBSCRIBER_OPTIONS_VERSION;
  static constexpr std::size_t bytes[] = {sizeof(sse_subscriber_options)};
};

template <> struct StructVersions<sse_publisher_stats> {
  static constexpr const char *name = "sse_publisher_stats";
  static constexpr unsigned int current = SSE_PUBLISHER_STATS_VERSION;
  static constexpr std::size_t bytes[] = {sizeof(sse_publisher_stats)};
};

// Holds for every table: one entry per version, the last one the full struct, each
// version at least as large as the one before, and `version` first.
template <typename Struct> constexpr bool table_is_complete() {
  using V = StructVersions<Struct>;
  constexpr std::size_t n = sizeof(V::bytes) / sizeof(V::bytes[0]);
  if (n != V::current || V::bytes[n - 1] != sizeof(Struct) || offsetof(Struct, version) != 0)
    return false;
  for (std::size_t i = 1; i < n; ++i)
    if (V::bytes[i] < V::bytes[i - 1]) return false;
  return true;
}
static_assert(table_is_complete<sse_parser_options>(), "update StructVersions<sse_parser_options>");
static_assert(table_is_complete<sse_parser_callbacks>(), "update StructVersions<sse_parser_callbacks>");
static_assert(table_is_complete<sse_serializer_options>(),
              "update StructVersions<sse_serializer_options>");
static_assert(table_is_complete<sse_client_options>(), "update StructVersions<sse_client_options>");
static_assert(table_is_complete<sse_client_callbacks>(), "update StructVersions<sse_client_callbacks>");
static_assert(table_is_complete<sse_client_stats>(), "update StructVersions<sse_client_stats>");
static_assert(table_is_complete<sse_publisher_options>(),
              "update StructVersions<sse_publisher_options>");
static_assert(table_is_complete<sse_message>(), "update StructVersions<sse_message>");
static_assert(table_is_complete<sse_subscriber_options>(),
              "update StructVersions<sse_subscriber_options>");
static_assert(table_is_complete<sse_publisher_stats>(), "update StructVersions<sse_publisher_stats>");

// Returns 0 when 1 <= version <= current, otherwise records SSE_EINVAL (version 0)
// or SSE_EVERSION (too new) and returns it.
int check_version(const char *where, const char *what, unsigned int version, unsigned int current);

// check_version() with the struct's name and current version from its table.
template <typename Struct> int check_struct_version(const char *where, unsigned int version) {
  return check_version(where, StructVersions<Struct>::name, version,
                       StructVersions<Struct>::current);
}

// Bytes a caller of a checked `version` owns.
template <typename Struct> std::size_t version_bytes(unsigned int version) {
  return StructVersions<Struct>::bytes[version - 1];
}

// Caller struct -> complete current-version copy: `defaults`, overwritten by the
// bytes the caller's version has (NULL `in` means defaults). Reads nothing past them.
template <typename Struct>
int read_versioned(const char *where, const Struct *in, Struct &out, const Struct &defaults) {
  out = defaults;
  if (in == nullptr) return 0;
  if (int rc = check_struct_version<Struct>(where, in->version)) return rc;
  std::memcpy(&out, in, version_bytes<Struct>(in->version));
  out.version = StructVersions<Struct>::current;
  return 0;
}

// Complete struct -> caller struct of `version` (already checked): writes only the
// bytes that version has, and leaves `out->version` as the caller's version.
template <typename Struct>
void write_versioned(Struct *out, unsigned int version, const Struct &full) {
  std::memcpy(out, &full, version_bytes<Struct>(version));
  out->version = version;
}

// Each returns 0 or a recorded error, and fills `out` with a complete current-version
// copy. `where` names the public function for messages. NULL input means defaults.
int read_parser_options(const char *where, const sse_parser_options *in, sse_parser_options &out);
int read_parser_callbacks(const char *where, const sse_parser_callbacks *in,
                          sse_parser_callbacks &out);
int read_serializer_options(const char *where, const sse_serializer_options *in,
                            sse_serializer_options &out);
int read_client_options(const char *where, const sse_client_options *in, sse_client_options &out);
int read_client_callbacks(const char *where, const sse_client_callbacks *in,
                          sse_client_callbacks &out);
int read_publisher_options(const char *where, const sse_publisher_options *in,
                           sse_publisher_options &out);
// `in` is required for these two (the caller checks for NULL first).
int read_message(const char *where, const sse_message *in, sse_message &out);
int read_subscriber_options(const char *where, const sse_subscriber_options *in,
                            sse_subscriber_options &out);

}  // namespace sse::capi
