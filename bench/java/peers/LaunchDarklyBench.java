// In the library's package: its parser, EventParser, is package-private, and driving
// it directly leaves out the EventSource machinery around it (the peer at its fastest).
package com.launchdarkly.eventsource;

import com.launchdarkly.logging.LDLogger;
import java.net.URI;
import java.util.Set;
import org.libsse.bench.peers.PeerHarness;

/** com.launchdarkly:okhttp-eventsource's EventParser over the chunked corpus. */
public final class LaunchDarklyBench {
  private static final URI ORIGIN = URI.create("http://127.0.0.1/");

  private LaunchDarklyBench() {}

  static long[] parse(byte[] corpus, int chunk) throws StreamException {
    long events = 0;
    long dataChars = 0;
    // The library's default read buffer, as an EventSource would use.
    EventParser parser = new EventParser(new PeerHarness.ChunkedInput(corpus, chunk), ORIGIN,
        EventSource.DEFAULT_READ_BUFFER_SIZE, false, Set.of(), LDLogger.none(), null);
    for (;;) {
      StreamEvent event;
      try {
        event = parser.nextEvent();
      } catch (StreamClosedByServerException end) {
        break;
      }
      if (event instanceof MessageEvent m) {
        // Type, id and data arrive as String (streamEventData off); every data touched.
        events++;
        dataChars += m.getData().length();
      }
    }
    return new long[] {events, dataChars};
  }

  public static void main(String[] args) throws Exception {
    PeerHarness.run("java-okhttp-eventsource", args, LaunchDarklyBench::parse);
  }
}
