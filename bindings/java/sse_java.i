/* Java-specific SWIG interface: the raw JNI layer under org.libsse.
 *
 * Generated classes land in org.libsse.internal and are not meant for users; the
 * hand-written classes in src/main/java/org/libsse are the public API. This file
 * only adds what Java needs on top of the shared bindings/swig/sse.i:
 *   - byte[] in both directions, because SWIG's default std::string mapping goes
 *     through NewStringUTF (stops at NUL, expects modified UTF-8);
 *   - one feed entry point over a per-parser direct exchange buffer: the input
 *     goes in and a small batch of records comes back through it, with the status,
 *     in one crossing of primitives (feed_io; a big batch through batch_into);
 *   - a Parser.create factory (the constructor clashes with SWIG's own) and
 *     one-shot encoders, so each Java encode crosses JNI once.
 *
 * No wrapper throws. Fallible calls return a status (0 or a negative SSE_E* code)
 * and keep the message on the object (sse_binding::Outcome); org.libsse.NativeStatus
 * turns a negative status into SseException after the wrapper has returned, like
 * the Go and Ruby layers do. The only Java exceptions that can be pending when a
 * wrapper returns are the JVM's own (OutOfMemoryError from NewByteArray, the bounds
 * check of GetByteArrayRegion), and the wrapper then returns normally: nothing is
 * unwound, every C++ object in it is destroyed as usual.
 */
%module(jniclassname="SseNativeJNI") SseNative

/* std_string.i must come before our typemaps: sse.i includes it again, and SWIG
 * includes a file only once, so our std::string typemaps below stay in force. */
%include <std_string.i>

%{
#include <jni.h>
#include <sse/sse.h>
#include <climits>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>

#include "sse_binding.hpp"

/* Copies bytes into a new Java byte[]. NULL when they do not fit a Java array (the
 * Java layer reports that as SseException LIMIT), or with the JVM's OutOfMemoryError
 * pending when it cannot allocate. */
static jbyteArray sse_java_new_bytes(JNIEnv *jenv, const char *data, size_t len) {
  if (len > (size_t)INT_MAX) return NULL;
  jbyteArray out = jenv->NewByteArray((jsize)len);
  if (out && len) jenv->SetByteArrayRegion(out, 0, (jsize)len, (const jbyte *)data);
  return out;
}

/* A byte[] argument borrowed for one wrapper call: the JVM's copy of its elements,
 * released without copying back when the wrapper returns (also on an early return).
 * It allocates nothing in C++, so the conversion cannot throw; if the JVM cannot
 * make the copy it has OutOfMemoryError pending and the wrapper returns before
 * calling into C++. null stays a NULL pointer of length 0. */
class sse_java_bytes {
 public:
  sse_java_bytes() = default;
  sse_java_bytes(const sse_java_bytes &) = delete;
  sse_java_bytes &operator=(const sse_java_bytes &) = delete;
  ~sse_java_bytes() {
    if (elems_) env_->ReleaseByteArrayElements(array_, elems_, JNI_ABORT);
  }
  bool borrow(JNIEnv *env, jbyteArray array) {
    if (!array) return true;
    env_ = env;
    array_ = array;
    size_ = (size_t)env->GetArrayLength(array);
    elems_ = env->GetByteArrayElements(array, NULL);
    return elems_ != NULL;
  }
  const char *data() const { return (const char *)elems_; }
  size_t size() const { return size_; }

 private:
  JNIEnv *env_ = NULL;
  jbyteArray array_ = NULL;
  jbyte *elems_ = NULL;
  size_t size_ = 0;
};

/* The records array the Java layer lends a feed (SseParser's, while no record in it
 * waits for delivery; may be null): events that outgrow the exchange buffer's records
 * area are written straight into it (BatchWriter::Spill), so a big event is copied
 * once, into the array Java decodes it from, not into the batch and then out of it.
 * The array is pinned only then (a critical region: nothing but the parser's own work
 * runs in it, for one feed), and released, its bytes in place, by the destructor. For
 * feed_array, whose input is pinned already, the length is read before that (no JNI
 * call in a critical region); feed_io reads it only when asked. */
class sse_java_spill {
 public:
  sse_java_spill(JNIEnv *env, jbyteArray array, bool length_now) : env_(env), array_(array) {
    hook_.get = &sse_java_spill::get;
    hook_.context = this;
    if (array && length_now) length_ = env->GetArrayLength(array);
  }
  sse_java_spill(const sse_java_spill &) = delete;
  sse_java_spill &operator=(const sse_java_spill &) = delete;
  ~sse_java_spill() { release(); }
  void release() {
    if (base_) env_->ReleasePrimitiveArrayCritical(array_, base_, 0);
    base_ = NULL;
  }
  const sse_binding::BatchWriter::Spill *hook() const { return array_ ? &hook_ : NULL; }

 private:
  static char *get(void *context, size_t need, size_t *capacity) {
    auto *self = static_cast<sse_java_spill *>(context);
    if (self->length_ < 0) self->length_ = self->env_->GetArrayLength(self->array_);
    if ((size_t)self->length_ < need) return NULL;  /* not pinned for nothing */
    self->base_ = self->env_->GetPrimitiveArrayCritical(self->array_, NULL);
    *capacity = (size_t)self->length_;
    return static_cast<char *>(self->base_);
  }
  JNIEnv *env_;
  jbyteArray array_;
  jsize length_ = -1;
  void *base_ = NULL;
  sse_binding::BatchWriter::Spill hook_;
};

/* What feed_io and feed_array return: (status << 32) | spilled << 31 | records size,
 * the size saturated at INT32_MAX (more than a Java array holds). Records that went to
 * the lent records array (sse_java_spill) are there, with `spilled` set; else records
 * of at most `copy_limit` bytes are in the exchange buffer's records area `area` (the
 * feed wrote them there, or, when a record other than an event sent them to batch(),
 * they are copied there now); bigger ones stay in batch(). */
static jlong sse_java_feed_result(sse_binding::Parser &parser, int status, char *area,
                                  jint copy_limit) {
  size_t size;
  uint64_t spilled = 0;
  if (parser.records_in_area()) {
    size = parser.area_size();
    if (parser.records_spilled()) spilled = uint64_t{1} << 31;
  } else {
    const std::string &records = parser.batch();
    size = records.size();
    if (area && copy_limit > 0 && size <= (size_t)copy_limit && size != 0)
      std::memcpy(area, records.data(), size);
  }
  uint64_t saturated = size < INT32_MAX ? size : INT32_MAX;
  return (jlong)(((uint64_t)(uint32_t)status << 32) | spilled | saturated);
}

/* The records area of an exchange buffer: `copy_limit` bytes after the `capacity`
 * input bytes at `io`; NULL when there is none. */
static char *sse_java_records_area(char *io, jint capacity, jint copy_limit) {
  return io && capacity >= 0 && copy_limit > 0 ? io + capacity : NULL;
}

/* The result of a one-shot encode: the encoded bytes, or on failure the message
 * (UTF-8); status[0] tells which (0 or the negative code). */
static jbyteArray sse_java_encoded(JNIEnv *jenv, jintArray status, sse_binding::Serializer &s,
                                   int rc) {
  std::string bytes;
  if (rc == 0) {
    try {
      bytes = s.take();
    } catch (const std::bad_alloc &) {
      rc = SSE_ENOMEM;
    }
  }
  if (rc < 0) {
    const char *message = s.last_code() == rc ? NULL : "out of memory in the Java binding";
    jint code = rc;
    jenv->SetIntArrayRegion(status, 0, 1, &code);
    if (message) return sse_java_new_bytes(jenv, message, std::strlen(message));
    /* last_message() copies into a std::string: on failure, the code alone. */
    try {
      std::string m = s.last_message();
      return sse_java_new_bytes(jenv, m.data(), m.size());
    } catch (const std::bad_alloc &) {
      return sse_java_new_bytes(jenv, "", 0);
    }
  }
  jint ok = 0;
  jenv->SetIntArrayRegion(status, 0, 1, &ok);
  return sse_java_new_bytes(jenv, bytes.data(), bytes.size());
}
%}

/* std::string results (packed batches, last event id, messages, version text) come
 * back as byte[]; Java decodes UTF-8 itself. */
%typemap(jni) std::string "jbyteArray"
%typemap(jtype) std::string "byte[]"
%typemap(jstype) std::string "byte[]"
%typemap(javaout) std::string { return $jnicall; }
%typemap(out) std::string %{ $result = sse_java_new_bytes(jenv, $1.data(), $1.size()); %}

/* Byte-string inputs as byte[], borrowed for the call (sse_java_bytes); null means an
 * absent (NULL) pointer. An early return here runs the destructors of the arguments
 * already borrowed, so nothing leaks. */
%typemap(jni) (const char *BYTES, size_t LENGTH) "jbyteArray"
%typemap(jtype) (const char *BYTES, size_t LENGTH) "byte[]"
%typemap(jstype) (const char *BYTES, size_t LENGTH) "byte[]"
%typemap(javain) (const char *BYTES, size_t LENGTH) "$javainput"
%typemap(in) (const char *BYTES, size_t LENGTH) (sse_java_bytes borrowed) {
  if (!borrowed.borrow(jenv, $input)) return $null;
  $1 = ($1_ltype)borrowed.data();
  $2 = borrowed.size();
}
%apply (const char *BYTES, size_t LENGTH) {
  (const char *data, size_t len),
  (const char *data, size_t data_len),
  (const char *type, size_t type_len),
  (const char *id, size_t id_len),
  (const char *id, size_t len),
  (const char *text, size_t len),
  (const char *name, size_t name_len),
  (const char *value, size_t value_len)
};

/* The ClientConfig string members are set through `const std::string &`: byte[] as
 * well, so Java encodes proper UTF-8 (SWIG's default goes through GetStringUTFChars,
 * modified UTF-8, which would send a non-BMP Last-Event-ID as CESU-8 and break H1).
 * null is an empty string: the Java layer never passes it (it validates its values,
 * NUL included, before they get here), and nothing is thrown from a wrapper. */
%typemap(jni) const std::string & "jbyteArray"
%typemap(jtype) const std::string & "byte[]"
%typemap(jstype) const std::string & "byte[]"
%typemap(javain) const std::string & "$javainput"
%typemap(javaout) const std::string & { return $jnicall; }
%typemap(in) const std::string & (sse_java_bytes borrowed, std::string copy) {
  if (!borrowed.borrow(jenv, $input)) return $null;
  if (borrowed.size()) copy.assign(borrowed.data(), borrowed.size());
  $1 = &copy;
}
%typemap(freearg) const std::string & ""
%typemap(out) const std::string & %{
  $result = sse_java_new_bytes(jenv, $1->data(), $1->size());
%}

/* uint64_t would become java.math.BigInteger; a long is what Java code expects.
 * Retry values are clamped/validated on the Java side. */
%apply long long { uint64_t };

/* Lets an %extend method receive the JNIEnv of the current call. */
%typemap(in, numinputs=0) JNIEnv *jenv "$1 = jenv;"

/* Parser::feed(const char *, size_t) and Parser::batch() are replaced by feed_io
 * below, which does both in one crossing (and batch_into for big batches); create
 * sets mark_ascii_data. */
%ignore sse_binding::Parser::feed;
%ignore sse_binding::Parser::batch;
%ignore sse_binding::Parser::mark_ascii_data;

/* The constructor Parser(size_t, bool) would become Parser(long, boolean) in Java,
 * which clashes with the (long cPtr, boolean cMemoryOwn) constructor every SWIG
 * proxy has; a static factory replaces it. It returns null if C++ cannot allocate
 * the object; otherwise the Java layer checks last_code() for the status. */
%ignore sse_binding::Parser::Parser;
%newobject sse_binding::Parser::create;

%extend sse_binding::Parser {
  static sse_binding::Parser *create(size_t max_event_bytes, bool want_comments) {
    auto *parser = new (std::nothrow) sse_binding::Parser(max_event_bytes, want_comments);
    /* RecordQueue decodes an ASCII event's data as Latin-1: no second check per byte. */
    if (parser) parser->mark_ascii_data(true);
    return parser;
  }

  /* The per-feed entry point. The input waits in an exchange buffer the Java layer
   * owns (a direct ByteBuffer at `address`: `capacity` bytes of input, then a records
   * area of `copy_limit` bytes), and the feed writes its records straight into that
   * area when they take at most `copy_limit` bytes: only primitives cross, no Java
   * array is allocated, pinned or copied by the JVM, no batch is copied, and a feed
   * that completes nothing costs one call. Events that outgrow the area go on into
   * `records` when it is not null and holds them (sse_java_spill). Returns (status <<
   * 32) | spilled << 31 | records size (sse_java_feed_result); unless spilled, a size
   * over `copy_limit` means the records stayed in batch() and batch_into() copies them
   * straight into a Java array. A bad address or range is fed as sse_parser_feed(NULL,
   * 1), which the library refuses with SSE_EINVAL. */
  jlong feed_io(JNIEnv *jenv, jlong address, jint length, jint capacity, jint copy_limit,
                jbyteArray records) {
    char *io = reinterpret_cast<char *>(static_cast<intptr_t>(address));
    char *area = sse_java_records_area(io, capacity, copy_limit);
    int status;
    if (!io || length < 0 || length > capacity) {
      status = $self->feed(NULL, 1);
    } else {
      sse_java_spill spill(jenv, records, false);
      status = $self->feed_into_area(io, (size_t)length, area, area ? (size_t)copy_limit : 0,
                                     spill.hook());
    }
    return sse_java_feed_result(*$self, status, area, copy_limit);
  }

  /* feed_io for a long input: `length` bytes of `array` from `offset` are parsed in
   * place, the array pinned for the call (a critical region: the callbacks only fill
   * the batch, no JNI function is called, and a piece of at most 1 MiB, as the Java
   * layer passes, parses in well under a millisecond), instead of being copied into
   * the exchange buffer first. The result and the records are as feed_io's. */
  jlong feed_array(JNIEnv *jenv, jbyteArray array, jint offset, jint length, jlong address,
                   jint capacity, jint copy_limit, jbyteArray records) {
    char *io = reinterpret_cast<char *>(static_cast<intptr_t>(address));
    char *area = sse_java_records_area(io, capacity, copy_limit);
    jsize size = array ? jenv->GetArrayLength(array) : 0;
    int status;
    if (!array || offset < 0 || length < 0 || offset > size - length) {
      status = $self->feed(NULL, 1);
    } else {
      sse_java_spill spill(jenv, records, true);
      void *base = jenv->GetPrimitiveArrayCritical(array, NULL);
      if (!base) {  /* the JVM has OutOfMemoryError pending: nothing was parsed */
        status = $self->feed(NULL, 1);
      } else {
        status = $self->feed_into_area(static_cast<const char *>(base) + offset, (size_t)length,
                                       area, area ? (size_t)copy_limit : 0, spill.hook());
        spill.release();  /* critical regions end in the reverse order */
        jenv->ReleasePrimitiveArrayCritical(array, base, JNI_ABORT);
      }
    }
    return sse_java_feed_result(*$self, status, area, copy_limit);
  }

  /* Copies the records of the last feed, those over feed_io's copy_limit, into
   * `into` (which the Java layer sized to hold them, and may reuse from feed to feed,
   * so a big event costs no fresh array). Returns false, with nothing copied, when
   * `into` is null or too short. */
  bool batch_into(JNIEnv *jenv, jbyteArray into) {
    const std::string &records = $self->batch();
    if (!into || records.size() > (size_t)jenv->GetArrayLength(into)) return false;
    jenv->SetByteArrayRegion(into, 0, (jsize)records.size(), (const jbyte *)records.data());
    return true;
  }

  /* The address of a direct ByteBuffer, 0 for any other buffer: the Java layer
   * looks its exchange buffer up once and passes the address to every feed_io. */
  static jlong direct_address(JNIEnv *jenv, jobject buffer) {
    void *base = buffer ? jenv->GetDirectBufferAddress(buffer) : NULL;
    return (jlong)(intptr_t)base;
  }
}

/* One-shot encoders for org.libsse.SseEncoder, over a sse_binding::Serializer: one
 * JNI crossing per encoded item instead of new/write/take/delete on a proxy. Each
 * returns the bytes, or the failure's message with its code in status[0]. */
%inline %{
namespace sse_java {
inline jbyteArray encode_event(JNIEnv *jenv, const char *data, size_t data_len, bool has_data,
                               const char *type, size_t type_len,
                               const char *id, size_t id_len, bool has_id,
                               bool has_retry, uint64_t retry_ms, jintArray status) {
  sse_binding::Serializer s;
  int rc = s.last_code();
  /* retry first, so the field sits inside the event's block (S8). */
  if (rc == 0 && has_retry) rc = s.retry(retry_ms);
  if (rc == 0) rc = s.event(data, data_len, has_data, type, type_len, id, id_len, has_id);
  return sse_java_encoded(jenv, status, s, rc);
}
inline jbyteArray encode_comment(JNIEnv *jenv, const char *text, size_t len, jintArray status) {
  sse_binding::Serializer s;
  int rc = s.last_code();
  if (rc == 0) rc = s.comment(text, len);
  return sse_java_encoded(jenv, status, s, rc);
}
inline jbyteArray encode_keepalive(JNIEnv *jenv, jintArray status) {
  sse_binding::Serializer s;
  int rc = s.last_code();
  if (rc == 0) rc = s.keepalive();
  return sse_java_encoded(jenv, status, s, rc);
}
inline jbyteArray encode_retry(JNIEnv *jenv, uint64_t retry_ms, jintArray status) {
  sse_binding::Serializer s;
  int rc = s.last_code();
  if (rc == 0) rc = s.retry(retry_ms);
  return sse_java_encoded(jenv, status, s, rc);
}
}  // namespace sse_java
%}

/* Java reaches the serializer only through the one-shot encoders above. */
%ignore sse_binding::Serializer;

/* The Java layer decides when native memory is freed (AutoCloseable + Cleaner);
 * SWIG's deprecated finalize() would free it a second way, so none is generated. */
%typemap(javafinalize) SWIGTYPE ""

/* RecordKind becomes plain `static final int` compile-time constants, so the Java
 * batch decoder can switch on them and stays tied to sse_binding.hpp. */
%include <enumtypeunsafe.swg>
%javaconst(1);

/* Loads the JNI library when the raw layer is first touched (the jar's bundled copy,
 * or the one -Dlibsse.jni.library names: see NativeLibrary.java). */
%pragma(java) jniclasscode=%{
  static {
    NativeLibrary.load(); // src/main/java/org/libsse/internal/NativeLibrary.java
  }
%}
%pragma(java) jniclassclassmodifiers="public final class"
%pragma(java) moduleclassmodifiers="public final class"

%include "sse.i"
