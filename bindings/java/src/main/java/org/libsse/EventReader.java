package org.libsse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Pull-style reading: a blocking iterator of events over an InputStream. */
final class EventReader implements Iterator<Event> {
  private static final int READ_SIZE = 64 * 1024;

  private final SseParser parser;
  private final InputStream in;
  private final ArrayDeque<Event> ready;
  private final byte[] buffer = new byte[READ_SIZE];

  private EventReader(SseParser parser, InputStream in, ArrayDeque<Event> ready) {
    this.parser = parser;
    this.in = in;
    this.ready = ready;
  }

  static Stream<Event> stream(SseParser.Builder builder, InputStream in) {
    ArrayDeque<Event> ready = new ArrayDeque<>();
    SseParser parser = builder.build(ready::add);
    EventReader reader = new EventReader(parser, in, ready);
    Spliterator<Event> split = Spliterators.spliteratorUnknownSize(
        reader, Spliterator.ORDERED | Spliterator.NONNULL);
    return StreamSupport.stream(split, false).onClose(parser::close);
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty()) {
      if (parser.isClosed()) {
        return false;
      }
      if (parser.hasPending()) {
        // An onComment/onRetry/onError listener threw last time: resume delivery.
        parser.deliverPending();
        continue;
      }
      int n;
      try {
        n = in.read(buffer);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (n < 0) {
        try {
          parser.finish();
        } finally {
          parser.close();
        }
      } else {
        parser.feed(buffer, 0, n);
      }
    }
    return true;
  }

  @Override
  public Event next() {
    if (!hasNext()) {
      throw new NoSuchElementException("end of the event stream");
    }
    return ready.poll();
  }
}
