package org.libsse;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** The blocking iterator behind {@link SseClient#events()}: pulling drives the client. */
final class ClientEvents implements Iterator<Event> {
  private final SseClient client;
  private final ArrayDeque<Event> ready = new ArrayDeque<>();

  ClientEvents(SseClient client) {
    this.client = client;
  }

  @Override
  public synchronized boolean hasNext() {
    return !ready.isEmpty() || client.pull(ready);
  }

  @Override
  public synchronized Event next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the client is closed");
    }
    return ready.poll();
  }
}
