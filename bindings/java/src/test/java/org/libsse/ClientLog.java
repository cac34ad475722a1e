package org.libsse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Records what a client delivers, in order, as short lines ("open 200", "event
 * message hello 1", "failure STATUS 404", ...) plus the typed objects, so a test can
 * assert both the order and the details. Thread-safe: handlers run on the driving
 * thread, assertions on the test thread.
 */
final class ClientLog {
  final List<String> lines = new ArrayList<>();
  final List<Event> events = new ArrayList<>();
  final List<SseResponse> opens = new ArrayList<>();
  final List<Failure> failures = new ArrayList<>();
  final List<Disconnect> disconnects = new ArrayList<>();

  synchronized void add(String line) {
    lines.add(line);
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  synchronized List<String> data() {
    return events.stream().map(Event::data).toList();
  }

  synchronized List<Failure> failures() {
    return List.copyOf(failures);
  }

  synchronized List<Disconnect> disconnects() {
    return List.copyOf(disconnects);
  }

  synchronized List<SseResponse> opens() {
    return List.copyOf(opens);
  }

  EventListener listener() {
    return e -> {
      synchronized (this) {
        events.add(e);
        lines.add("event " + e.type() + " " + e.data() + " " + e.id());
      }
    };
  }

  Consumer<SseResponse> onOpen() {
    return r -> {
      synchronized (this) {
        opens.add(r);
        lines.add("open " + r.status());
      }
    };
  }

  /** Records the failure, then returns what {@code policy} says. */
  Function<Failure, Decision> onFailure(Function<Failure, Decision> policy) {
    return f -> {
      synchronized (this) {
        failures.add(f);
        lines.add("failure " + f.kind() + " " + f.status());
      }
      return policy.apply(f);
    };
  }

  Function<Disconnect, Decision> onDisconnect(Function<Disconnect, Decision> policy) {
    return d -> {
      synchronized (this) {
        disconnects.add(d);
        lines.add("disconnect " + d.reason());
      }
      return policy.apply(d);
    };
  }

  /** Runs a client built from {@code b} with every recording handler attached to its end. */
  static ClientLog run(SseClientBuilder b) {
    ClientLog log = new ClientLog();
    log.attach(b).build().run();
    return log;
  }

  /**
   * Runs a client built from {@code b} with every recording handler attached, and a
   * failure handler that stops at the first failure (which might reconnect by default).
   */
  static ClientLog runUntilFirstFailure(SseClientBuilder b) {
    ClientLog log = new ClientLog();
    log.attach(b).onFailure(log.onFailure(f -> Decision.stop())).build().run();
    return log;
  }

  /** A builder with every recording handler attached; failures and disconnects keep the defaults. */
  SseClientBuilder attach(SseClientBuilder b) {
    return b.listener(listener()).onOpen(onOpen())
        .onFailure(onFailure(f -> null)).onDisconnect(onDisconnect(d -> null));
  }
}
