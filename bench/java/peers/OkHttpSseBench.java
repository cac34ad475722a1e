package org.libsse.bench.peers;

import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import okio.Timeout;

/** com.squareup.okhttp3:okhttp-sse's EventSources.processResponse over the chunked corpus. */
public final class OkHttpSseBench {
  private static final MediaType EVENT_STREAM = MediaType.get("text/event-stream");
  private static final Request REQUEST = new Request.Builder().url("http://127.0.0.1/").build();

  private OkHttpSseBench() {}

  /** An okio Source returning at most `chunk` bytes per read, as a socket would. */
  private static final class ChunkedSource implements Source {
    private final byte[] corpus;
    private final int chunk;
    private int pos;

    ChunkedSource(byte[] corpus, int chunk) {
      this.corpus = corpus;
      this.chunk = chunk;
    }

    @Override
    public long read(Buffer sink, long byteCount) {
      int n = (int) Math.min(Math.min(byteCount, chunk), corpus.length - pos);
      if (n <= 0) {
        return -1;
      }
      sink.write(corpus, pos, n);
      pos += n;
      return n;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }

  static long[] parse(byte[] corpus, int chunk) {
    long[] tally = new long[2];
    Throwable[] failure = new Throwable[1];
    Response response = new Response.Builder()
        .request(REQUEST)
        .protocol(Protocol.HTTP_1_1)
        .code(200)
        .message("OK")
        .body(ResponseBody.create(Okio.buffer(new ChunkedSource(corpus, chunk)), EVENT_STREAM, -1))
        .build();
    EventSources.processResponse(response, new EventSourceListener() {
      @Override
      public void onEvent(EventSource source, String id, String type, String data) {
        tally[0]++;
        tally[1] += data.length(); // type and id arrive as String too
      }

      @Override
      public void onFailure(EventSource source, Throwable t, Response r) {
        failure[0] = t != null ? t : new IllegalStateException("failed: " + r);
      }
    });
    if (failure[0] != null) {
      throw new IllegalStateException("okhttp-sse failed", failure[0]);
    }
    return tally;
  }

  public static void main(String[] args) throws Exception {
    PeerHarness.run("java-okhttp-sse", args, OkHttpSseBench::parse);
  }
}
