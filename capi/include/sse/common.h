/**
 * @file sse/common.h
 * @brief Export macros, string views, allocator hooks and the error model shared by
 *        every part of libsse.
 *
 * Plain C99; depends only on <stddef.h> and <stdint.h>.
 */
#ifndef SSE_COMMON_H
#define SSE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- export -- */

#ifndef SSE_API
#  if defined(_WIN32) && !defined(SSE_STATIC)
#    ifdef SSE_BUILDING
#      define SSE_API __declspec(dllexport)
#    else
#      define SSE_API __declspec(dllimport)
#    endif
#  elif defined(__GNUC__) || defined(__clang__)
#    define SSE_API __attribute__((visibility("default")))
#  else
#    define SSE_API
#  endif
#endif

/**
 * @def SSE_DEPRECATED(msg)
 * Marks a declaration as deprecated, with `msg` (what to use instead) in the
 * compiler's warning on GCC and Clang. Defining SSE_NO_DEPRECATED before including
 * the headers turns the warnings off.
 * @param msg The replacement to point to.
 * @since 1.0
 */
#if defined(SSE_NO_DEPRECATED)
#  define SSE_DEPRECATED(msg)
#elif defined(__GNUC__) || defined(__clang__)
#  define SSE_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#  define SSE_DEPRECATED(msg)
#endif

/* ------------------------------------------------------------ string view -- */

/*
 * ABI growth, for every struct in these headers: each declaration says which kind it is.
 *  - Versioned (options, callbacks, stats: `version` first): the caller sets the
 *    version it was compiled with and the library reads or writes only the members
 *    that version has, so members are appended with a version bump.
 *  - Library-filled, read through a pointer (sse_response, sse_failure,
 *    sse_disconnect): members may be appended in a later 1.x. Never copy one into
 *    storage of its compile-time size expecting it to be complete; a member marked
 *    `@since 1.N` is filled only by a library of at least 1.N (see sse_version()).
 *  - Frozen forever (sse_str, sse_event, sse_header, sse_decision, sse_allocator,
 *    sse_error): the layout never changes; growth would come as a new type.
 */

/**
 * A borrowed byte string: pointer plus length.
 *
 * `len` is authoritative; the bytes may contain NUL. Whether `ptr[len]` is a NUL
 * byte is promised per use, where the view is handed out (an event's `type` and `id`
 * are NUL-terminated, its `data` is not); where nothing is said, do not rely on it.
 * `ptr == NULL` means *absent*; `ptr != NULL && len == 0` means *present but empty*,
 * wherever the protocol tells the two apart (for example the serializer's `id`).
 *
 * Ownership: whoever hands out an sse_str keeps ownership. Views given to callbacks
 * are valid only until the callback returns.
 *
 * ABI: frozen forever. It is passed by value and sits inside other structs and
 * arrays, so its size is part of every signature that uses it.
 * @since 1.0
 */
typedef struct sse_str {
  const char *ptr; ///< First byte, or NULL when absent.
  size_t len;      ///< Number of bytes.
} sse_str;

/**
 * One HTTP header as a name/value pair of borrowed views. In an sse_response both
 * views are NUL-terminated (`ptr[len] == '\0'`).
 * ABI: frozen forever: arrays of it (sse_client_options.headers,
 * sse_response.headers) are indexed by its size.
 * @since 1.0
 */
typedef struct sse_header {
  sse_str name;  ///< Header name as sent or received (case preserved).
  sse_str value; ///< Value without surrounding whitespace.
} sse_header;

/* ------------------------------------------------------------- allocator -- */

/**
 * Memory hooks, given per handle through its options (`NULL` = the C runtime).
 *
 * The struct is copied when the handle is created; `user_data` is passed to every
 * hook. `realloc` may be NULL (the library then never calls it).
 *
 * Thread-safe: the hooks must be thread-safe if handles that share them are used
 * on different threads at the same time.
 *
 * ABI: frozen forever: caller-filled and read without a version field, so a new
 * member would be read past an older caller's struct.
 * @since 1.0
 */
typedef struct sse_allocator {
  void *user_data;                                       ///< Passed to every hook.
  void *(*malloc)(size_t size, void *user_data);         ///< Returns NULL on failure.
  void *(*realloc)(void *ptr, size_t size, void *user_data); ///< Optional; may be NULL.
  void (*free)(void *ptr, void *user_data);              ///< Must accept NULL.
} sse_allocator;

/* ---------------------------------------------------------------- errors -- */

/**
 * X-macro table of error codes: name, value, static description.
 * Values are explicit, append-only and never reused.
 * @since 1.0
 */
#define SSE_ERROR_MAP(X)                                                        \
  X(EINVAL,    -1,  "Invalid argument")                                         \
  X(ENOMEM,    -2,  "Out of memory")                                            \
  X(EBUSY,     -3,  "Handle is busy (re-entrant call) or in the wrong state")  \
  X(ELIMIT,    -4,  "A configured limit was exceeded")                          \
  X(EVERSION,  -5,  "Struct version is newer than this library supports")      \
  X(EUSER,     -6,  "Aborted by a user callback (binding exception pending)")   \
  X(EPROTO,    -7,  "Protocol error (bad status or content type)")              \
  X(EIO,       -8,  "Input/output error")                                       \
  X(ETIMEDOUT, -9,  "Timed out")                                                \
  X(ECLOSED,   -10, "Handle is closed")                                         \
  X(EINTERNAL, -11, "Internal error")                                           \
  X(EFIELD,    -12, "Field value not allowed: it would corrupt the event stream")

/**
 * Return codes. 0 is success, positive values are informational successes, negative
 * values are errors. Test `< 0` for failure.
 * @since 1.0
 */
typedef enum sse_error_code {
  SSE_OK = 0,     ///< Success.
  SSE_PAUSED = 1, ///< A callback returned SSE_PAUSE; the driving call stopped early.
/// Turns one SSE_ERROR_MAP row into an enumerator; undefined again right after.
#define SSE_ERROR_ENUM_ENTRY(name, value, text) SSE_##name = value,
  SSE_ERROR_MAP(SSE_ERROR_ENUM_ENTRY)
#undef SSE_ERROR_ENUM_ENTRY
  SSE_ERROR_CODE_LAST_ = -12 ///< Lowest assigned code; never returned.
} sse_error_code;

/**
 * Callback return value that stops the driving call (e.g. sse_parser_feed()) right
 * after the current callback; the call then returns SSE_PAUSED.
 * @since 1.0
 */
#define SSE_PAUSE 1

/**
 * Detail of the last failure on the calling thread.
 * ABI: frozen forever (a code and a message are all it will ever hold).
 * @since 1.0
 */
typedef struct sse_error {
  int code;            ///< One of the negative sse_error_code values, or 0.
  const char *message; ///< Human-readable detail; never NULL.
} sse_error;

/**
 * Describe an error code.
 *
 * @param code Any integer.
 * @return Static text, never NULL; "Unknown error" for values outside the table,
 *         "Success" for 0 and "Paused" for SSE_PAUSED.
 * Thread-safe: yes.
 * @since 1.0
 */
SSE_API const char *sse_strerror(int code);

/**
 * Return the last error recorded on the calling thread.
 *
 * Every function that returns a negative code records it here with a message that
 * says what went wrong. Success does not clear it: check the return code first.
 *
 * @return A pointer to thread-local storage, never NULL. When nothing failed yet,
 *         `code` is 0 and `message` is "".
 * Ownership: the library owns it; valid until the next failing call on this thread.
 * Thread-safe: yes (per thread).
 * @since 1.0
 */
SSE_API const sse_error *sse_error_last(void);

/**
 * Reset the calling thread's last error to `{0, ""}`.
 * Thread-safe: yes (per thread).
 * @since 1.0
 */
SSE_API void sse_error_clear(void);

/**
 * Tell whether an error leaves a handle in a state where only `_reset` and `_free`
 * are legal (for example SSE_ENOMEM and SSE_EINTERNAL).
 *
 * @param code A return code.
 * @return 1 if fatal, 0 otherwise (including success codes).
 * Thread-safe: yes.
 * @since 1.0
 */
SSE_API int sse_is_fatal(int code);

#ifdef __cplusplus
}
#endif

#endif /* SSE_COMMON_H */
