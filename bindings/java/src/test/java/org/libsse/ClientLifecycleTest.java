package org.libsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.libsse.ClientFixture.quick;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stopping (M9: close from any thread, promptly), the three ways to drive a client,
 * and handler exceptions, which close the client and surface to the driving call.
 */
@Timeout(30)
class ClientLifecycleTest {
  private static final long PROMPT_MS = 1000;
  @RegisterExtension
  static final ClientFixture server = new ClientFixture();

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void closeFromAnotherThreadEndsRunPromptlyWhileStreaming(TestReporter report) throws Exception {
    String sid = TestServer.sid("close-open");
    CountDownLatch opened = new CountDownLatch(1);
    List<String> comments = Collections.synchronizedList(new ArrayList<>());
    SseClient client = SseClient.builder(server.scenario("stall", sid))
        .listener(e -> {})
        .onComment(comments::add)
        .onOpen(r -> opened.countDown())
        .build();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> running = pool.submit(client::run);
      assertTrue(opened.await(10, TimeUnit.SECONDS));
      long start = System.nanoTime();
      client.close();
      running.get(10, TimeUnit.SECONDS);
      long ms = millisSince(start);
      report.publishEntry("close-to-return-ms", Long.toString(ms));
      assertTrue(ms < PROMPT_MS, "run() returned " + ms + " ms after close()");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(ReadyState.CLOSED, client.state());
    assertEquals(1, client.stats().attempts()); // M9: no reconnection after close
  }

  @Test
  void closeCancelsAPendingReconnection(TestReporter report) throws Exception {
    // M9: the reconnection 30 s away never happens, and close() does not wait for it.
    String sid = TestServer.sid("close-wait");
    String url = server.script(sid, "[{\"body\": [{\"write\": \"data: x\\n\\n\"}]}]");
    CountDownLatch ended = new CountDownLatch(1);
    SseClient client = SseClient.builder(url).retry(Duration.ofSeconds(30)).jitterPercent(0)
        .listener(e -> {})
        .onDisconnect(d -> {
          ended.countDown();
          return null;
        })
        .build()
        .start();
    assertTrue(ended.await(10, TimeUnit.SECONDS));
    long start = System.nanoTime();
    client.close(); // returns once the client's thread has ended
    long ms = millisSince(start);
    report.publishEntry("close-ms", Long.toString(ms));
    assertTrue(ms < PROMPT_MS, "close() took " + ms + " ms");
    client.join(); // no handler failure to rethrow
    assertEquals(1, server.log(sid).size());
    assertEquals(ReadyState.CLOSED, client.state());
  }

  @Test
  void startRunsOnANamedThreadAndJoinReturnsAfterA204() throws Exception {
    String sid = TestServer.sid("start");
    AtomicReference<String> thread = new AtomicReference<>();
    List<String> data = Collections.synchronizedList(new ArrayList<>());
    SseClient client = quick(server.scenario("basic", sid))
        .listener(e -> {
          thread.set(Thread.currentThread().getName());
          data.add(e.data());
        })
        .build()
        .start();
    client.join();
    assertEquals(List.of("hello", "a\nb"), data);
    assertTrue(thread.get().startsWith("libsse-client-"), thread.get());
    assertTrue(client.failure().isEmpty());
  }

  @Test
  void closeFromAHandlerStopsDeliveryAtOnce() {
    // M9/P26: nothing is delivered after close(), not even events already received.
    String sid = TestServer.sid("close-inside");
    List<String> data = new ArrayList<>();
    SseClient[] self = new SseClient[1];
    self[0] = SseClient.builder(server.scenario("basic", sid))
        .listener(e -> {
          data.add(e.data());
          self[0].close();
        })
        .build();
    self[0].run();
    assertEquals(List.of("hello"), data);
    assertEquals(ReadyState.CLOSED, self[0].state());
    assertEquals(1, server.log(sid).size());
  }

  @Test
  void listenerExceptionClosesTheClientAndIsRethrownFromRun() {
    String sid = TestServer.sid("throw-run");
    IllegalStateException boom = new IllegalStateException("listener failed");
    List<String> data = new ArrayList<>();
    SseClient client = SseClient.builder(server.scenario("basic", sid))
        .listener(e -> {
          data.add(e.data());
          throw boom;
        })
        .build();
    IllegalStateException thrown = assertThrows(IllegalStateException.class, client::run);
    assertSame(boom, thrown);
    assertEquals(List.of("hello"), data); // the second event was dropped
    assertSame(boom, client.failure().orElseThrow());
    assertEquals(ReadyState.CLOSED, client.state());
    assertEquals(1, server.log(sid).size()); // no reconnection
  }

  @Test
  void failureHandlerErrorIsRethrownFromJoinAfterStart() throws Exception {
    String sid = TestServer.sid("throw-start");
    AssertionError boom = new AssertionError("policy failed");
    SseClient client = SseClient.builder(server.scenario("not-found", sid))
        .listener(e -> {})
        .onFailure(f -> {
          throw boom;
        })
        .build()
        .start();
    AssertionError thrown = assertThrows(AssertionError.class, client::join);
    assertSame(boom, thrown);
    assertEquals(ReadyState.CLOSED, client.state());
  }

  @Test
  void beforeRequestExceptionSurfacesFromTheEventStream() {
    String sid = TestServer.sid("throw-stream");
    RuntimeException boom = new RuntimeException("no token");
    SseClient client = SseClient.builder(server.scenario("basic", sid))
        .beforeRequest(req -> {
          throw boom;
        })
        .build();
    try (Stream<Event> events = client.events()) {
      RuntimeException thrown = assertThrows(RuntimeException.class, () -> events.toList());
      assertSame(boom, thrown);
    }
    assertEquals(0, server.log(sid).size()); // nothing was sent
    assertEquals(ReadyState.CLOSED, client.state());
  }

  @Test
  void closingTheEventStreamClosesTheClient() {
    String sid = TestServer.sid("stream-close");
    SseClient client = quick(server.scenario("stall", sid))
        .idleTimeout(Duration.ofMillis(100))
        .build();
    Stream<Event> events = client.events();
    assertFalse(events.iterator().hasNext()); // stall, idle timeout, then 204
    events.close();
    assertEquals(ReadyState.CLOSED, client.state());
  }

  @Test
  void interruptingTheDrivingThreadClosesTheClient() throws Exception {
    String sid = TestServer.sid("interrupt");
    CountDownLatch opened = new CountDownLatch(1);
    SseClient client = SseClient.builder(server.scenario("stall", sid))
        .listener(e -> {})
        .onOpen(r -> opened.countDown())
        .build();
    Thread runner = new Thread(client::run, "interrupt-me");
    runner.start();
    assertTrue(opened.await(10, TimeUnit.SECONDS));
    runner.interrupt();
    runner.join(5000);
    assertFalse(runner.isAlive());
    assertEquals(ReadyState.CLOSED, client.state());
  }

  @Test
  void misuseIsRefused() throws Exception {
    SseClient noListener = SseClient.builder(server.base() + "/s/none").build();
    assertThrows(IllegalStateException.class, noListener::run);
    noListener.close();

    SseClient withListener = SseClient.builder(server.base() + "/s/none").listener(e -> {}).build();
    assertThrows(IllegalStateException.class, withListener::events);
    withListener.close();
    withListener.run(); // closed before it ran: returns at once
    assertThrows(IllegalStateException.class, withListener::run); // one driver per client
    assertThrows(IllegalStateException.class, withListener::join); // never started

    AtomicReference<Request> kept = new AtomicReference<>();
    String sid = TestServer.sid("kept");
    SseClient client = SseClient.builder(server.scenario("no-content", sid))
        .listener(e -> {})
        .beforeRequest(kept::set)
        .build();
    client.run();
    assertThrows(IllegalStateException.class, () -> kept.get().header("X", "y"));
  }
}
