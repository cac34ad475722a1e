/* Java-specific SWIG interface: the raw JNI layer under org.libsse.
 *
 * Generated classes land in org.libsse.internal and are not meant for users; the
 * hand-written classes in src/main/java/org/libsse are the public API. This file
 * only adds what Java needs on top of the shared bindings/swig/sse.i:
 *   - byte[] in both directions, because SWIG's default std::string mapping goes
 *     through NewStringUTF (stops at NUL, expects modified UTF-8);
 *   - an %exception that throws org.libsse.SseException with the C error code;
 *   - feed entry points taking (byte[], offset, length) and a direct ByteBuffer,
 *     so the Java layer never has to copy a slice first;
 *   - a Parser.create factory (the constructor clashes with SWIG's own) and
 *     one-shot encoders, so each Java call crosses JNI once.
 */
%module(jniclassname="SseNativeJNI") SseNative

/* std_string.i must come before our typemaps: sse.i includes it again, and SWIG
 * includes a file only once, so our std::string typemaps below stay in force. */
%include <std_string.i>

%{
#include <jni.h>
#include <sse/sse.h>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "sse_binding.hpp"

/* Throws org.libsse.SseException(int code, byte[] utf8Message). The message travels
 * as bytes because it is not guaranteed to be modified UTF-8 (NewStringUTF's
 * contract). If the exception cannot be built, the JVM's own pending error (e.g.
 * NoClassDefFoundError, OutOfMemoryError) or a RuntimeException is thrown instead,
 * so a failure is never silently lost. */
static void sse_java_throw(JNIEnv *jenv, int code, const char *message) {
  if (jenv->ExceptionCheck()) return; /* a JNI call already raised something */
  jclass cls = jenv->FindClass("org/libsse/SseException");
  if (cls) {
    jmethodID ctor = jenv->GetMethodID(cls, "<init>", "(I[B)V");
    size_t len = std::strlen(message);
    jbyteArray bytes = jenv->NewByteArray((jsize)len);
    if (ctor && bytes) {
      jenv->SetByteArrayRegion(bytes, 0, (jsize)len, (const jbyte *)message);
      jobject ex = jenv->NewObject(cls, ctor, (jint)code, bytes);
      if (ex) jenv->Throw((jthrowable)ex);
      return;
    }
  }
  if (jenv->ExceptionCheck()) return;
  jclass fallback = jenv->FindClass("java/lang/RuntimeException");
  if (fallback) jenv->ThrowNew(fallback, message);
}

/* Copies bytes into a new Java byte[]; returns NULL with OutOfMemoryError pending
 * if the JVM cannot allocate it. */
static jbyteArray sse_java_new_bytes(JNIEnv *jenv, const char *data, size_t len) {
  if (len > 0x7FFFFFFFu) {
    sse_java_throw(jenv, SSE_ELIMIT, "result larger than a Java array");
    return NULL;
  }
  jbyteArray out = jenv->NewByteArray((jsize)len);
  if (out && len) jenv->SetByteArrayRegion(out, 0, (jsize)len, (const jbyte *)data);
  return out;
}

/* Thrown when a JNI call left a Java exception pending; the %exception handler
 * then returns without throwing a second one. */
struct sse_java_pending {};
%}

/* Every wrapped call: C++ errors become SseException with the code kept. */
%exception {
  try {
    $action
  } catch (const sse_binding::Error &e) {
    sse_java_throw(jenv, e.code(), e.what());
    return $null;
  } catch (const sse_java_pending &) {
    return $null;
  } catch (const std::bad_alloc &) {
    sse_java_throw(jenv, SSE_ENOMEM, "out of memory in the Java binding");
    return $null;
  } catch (const std::exception &e) {
    sse_java_throw(jenv, SSE_EINTERNAL, e.what());
    return $null;
  } catch (...) {
    sse_java_throw(jenv, SSE_EINTERNAL, "unknown C++ exception in the Java binding");
    return $null;
  }
}

/* std::string results (the packed batch, last event id, serializer output,
 * version text) come back as byte[]; Java decodes UTF-8 itself. */
%typemap(jni) std::string "jbyteArray"
%typemap(jtype) std::string "byte[]"
%typemap(jstype) std::string "byte[]"
%typemap(javaout) std::string { return $jnicall; }
%typemap(out) std::string %{ $result = sse_java_new_bytes(jenv, $1.data(), $1.size()); %}

/* Byte-string inputs as byte[]; null means an absent (NULL) pointer. The bytes are
 * copied into a wrapper-local std::string so nothing needs releasing if the call
 * throws (SWIG's own (char *STRING, size_t LENGTH) releases in argout, which an
 * early return from %exception skips). */
%typemap(jni) (const char *BYTES, size_t LENGTH) "jbyteArray"
%typemap(jtype) (const char *BYTES, size_t LENGTH) "byte[]"
%typemap(jstype) (const char *BYTES, size_t LENGTH) "byte[]"
%typemap(javain) (const char *BYTES, size_t LENGTH) "$javainput"
%typemap(in) (const char *BYTES, size_t LENGTH) (std::string copy) {
  if ($input) {
    jsize n = jenv->GetArrayLength($input);
    copy.resize((size_t)n);
    if (n) jenv->GetByteArrayRegion($input, 0, n, (jbyte *)&copy[0]);
    $1 = copy.data();
    $2 = copy.size();
  } else {
    $1 = NULL;
    $2 = 0;
  }
}
%apply (const char *BYTES, size_t LENGTH) {
  (const char *data, size_t data_len),
  (const char *type, size_t type_len),
  (const char *id, size_t id_len),
  (const char *id, size_t len),
  (const char *text, size_t len)
};

/* The client's byte strings (ClientConfig members, Client setters) are
 * `const std::string &`: byte[] as well, so Java encodes proper UTF-8 (SWIG's default
 * goes through GetStringUTFChars, modified UTF-8, which would send a non-BMP
 * Last-Event-ID as CESU-8 and break H1). null is refused; the Java layer never
 * passes it and checks for NUL, which c_str() users would silently truncate at. */
%typemap(jni) const std::string & "jbyteArray"
%typemap(jtype) const std::string & "byte[]"
%typemap(jstype) const std::string & "byte[]"
%typemap(javain) const std::string & "$javainput"
%typemap(javaout) const std::string & { return $jnicall; }
%typemap(in) const std::string & (std::string copy) {
  if (!$input) {
    sse_java_throw(jenv, SSE_EINVAL, "byte string must not be null");
    return $null;
  }
  jsize n = jenv->GetArrayLength($input);
  copy.resize((size_t)n);
  if (n) jenv->GetByteArrayRegion($input, 0, n, (jbyte *)&copy[0]);
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

/* Parser::feed(const char *, size_t) is replaced by the two entry points below. */
%ignore sse_binding::Parser::feed;

/* The constructor Parser(size_t, bool) would become Parser(long, boolean) in Java,
 * which clashes with the (long cPtr, boolean cMemoryOwn) constructor every SWIG
 * proxy has; a static factory replaces it. */
%ignore sse_binding::Parser::Parser;
%newobject sse_binding::Parser::create;

%extend sse_binding::Parser {
  static sse_binding::Parser *create(size_t max_event_bytes, bool want_comments) {
    return new sse_binding::Parser(max_event_bytes, want_comments);
  }

  /* Feeds bytes[offset, offset+length). Copies at most 64 KiB at a time into a
   * native buffer (GetByteArrayRegion) instead of pinning the array, so the GC is
   * never held up by a big feed. The batches of the pieces are concatenated. */
  std::string feed_bytes(JNIEnv *jenv, jbyteArray bytes, jint offset, jint length) {
    if (!bytes) throw sse_binding::Error(SSE_EINVAL, "bytes must not be null");
    jsize size = jenv->GetArrayLength(bytes);
    if (offset < 0 || length < 0 || offset > size - length)
      throw sse_binding::Error(SSE_EINVAL, "offset/length out of the array's bounds");
    const jint piece = 64 * 1024;
    std::vector<char> buf((size_t)(length < piece ? length : piece));
    std::string out;
    jint done = 0;
    do {
      jint n = length - done < piece ? length - done : piece;
      if (n) jenv->GetByteArrayRegion(bytes, offset + done, n, (jbyte *)buf.data());
      if (jenv->ExceptionCheck()) throw sse_java_pending();
      std::string part = $self->feed(buf.data(), (size_t)n);
      if (out.empty()) out.swap(part);
      else out += part;
      done += n;
    } while (done < length);
    return out;
  }

  /* Feeds `length` bytes at `offset` of a direct ByteBuffer, without copying. */
  std::string feed_direct(JNIEnv *jenv, jobject buffer, jlong offset, jlong length) {
    char *base = buffer ? static_cast<char *>(jenv->GetDirectBufferAddress(buffer)) : NULL;
    if (!base) throw sse_binding::Error(SSE_EINVAL, "not a direct ByteBuffer");
    jlong capacity = jenv->GetDirectBufferCapacity(buffer);
    if (offset < 0 || length < 0 || offset > capacity - length)
      throw sse_binding::Error(SSE_EINVAL, "offset/length out of the buffer's bounds");
    return $self->feed(base + offset, (size_t)length);
  }
}

/* One-shot encoders for org.libsse.SseEncoder: one JNI crossing per encoded
 * item instead of new/write/take/delete on a Serializer proxy. */
%inline %{
namespace sse_java {
inline std::string encode_event(const char *data, size_t data_len, bool has_data,
                                const char *type, size_t type_len,
                                const char *id, size_t id_len, bool has_id,
                                bool has_retry, uint64_t retry_ms) {
  sse_binding::Serializer s;
  /* retry first, so the field sits inside the event's block (S8). */
  if (has_retry) s.retry(retry_ms);
  s.event(data, data_len, has_data, type, type_len, id, id_len, has_id);
  return s.take();
}
inline std::string encode_comment(const char *text, size_t len) {
  sse_binding::Serializer s;
  s.comment(text, len);
  return s.take();
}
inline std::string encode_keepalive() {
  sse_binding::Serializer s;
  s.keepalive();
  return s.take();
}
inline std::string encode_retry(uint64_t retry_ms) {
  sse_binding::Serializer s;
  s.retry(retry_ms);
  return s.take();
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

/* Loads the JNI library when the raw layer is first touched. The system property
 * libsse.jni.library names an absolute path to load instead of searching
 * java.library.path. */
%pragma(java) jniclasscode=%{
  static {
    String path = System.getProperty("libsse.jni.library");
    try {
      if (path != null && !path.isEmpty()) {
        System.load(path);
      } else {
        System.loadLibrary("sse_jni");
      }
    } catch (UnsatisfiedLinkError e) {
      UnsatisfiedLinkError hint = new UnsatisfiedLinkError(e.getMessage()
          + " (libsse: put the directory of libsse_jni.so on -Djava.library.path, or name"
          + " the file with -Dlibsse.jni.library=/path/to/libsse_jni.so; libsse.so.1 must"
          + " be loadable too)");
      hint.initCause(e);
      throw hint;
    }
  }
%}
%pragma(java) jniclassclassmodifiers="public final class"
%pragma(java) moduleclassmodifiers="public final class"

%include "sse.i"
