package org.libsse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the fields of one client record (OPEN, FAILURE, DISCONNECT, REQUEST, STATUS)
 * out of a packed batch; the layout is documented in bindings/swig/sse_batch.hpp.
 * The hot parser records (EVENT, ...) are decoded inline by {@link RecordQueue}.
 */
final class BatchCursor {
  private static final VarHandle I32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] b;
  private int pos;

  BatchCursor(byte[] batch, int position) {
    this.b = batch;
    this.pos = position;
  }

  /** Offset just past the fields read so far. */
  int position() {
    return pos;
  }

  int u8() {
    return b[pos++] & 0xFF;
  }

  int i32() {
    int v = (int) I32.get(b, pos);
    pos += 4;
    return v;
  }

  long i64() {
    long v = (long) I64.get(b, pos);
    pos += 8;
    return v;
  }

  /** A u64 that Java holds as a long; values past Long.MAX_VALUE saturate. */
  long u64() {
    long v = i64();
    return v < 0 ? Long.MAX_VALUE : v;
  }

  byte[] bytes() {
    int len = i32();
    byte[] out = Arrays.copyOfRange(b, pos, pos + len);
    pos += len;
    return out;
  }

  String str() {
    int len = i32();
    String s = len == 0 ? "" : new String(b, pos, len, StandardCharsets.UTF_8);
    pos += len;
    return s;
  }

  /** The response fields shared by OPEN and FAILURE; {@code body} follows only in FAILURE. */
  SseResponse response(boolean withBody) {
    int status = i32();
    int httpVersion = i32();
    String url = str();
    String contentType = str();
    int count = i32();
    List<SseResponse.Header> headers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      headers.add(new SseResponse.Header(str(), str()));
    }
    byte[] body = withBody ? bytes() : new byte[0];
    return new SseResponse(status, httpVersion, url, contentType, headers, body);
  }

  /** The library's pre-filled decision: i32 action, u64 delay_ms, u8 gave_up. */
  Decision.Prefilled decision() {
    int action = i32();
    long delayMs = u64();
    boolean gaveUp = u8() != 0;
    return new Decision.Prefilled(action, delayMs, gaveUp);
  }
}
