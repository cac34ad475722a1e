package org.libsse;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.libsse.internal.Client;
import org.libsse.internal.ClientConfig;

/**
 * A reconnecting EventSource client (WHATWG processing model) over libsse and libcurl.
 *
 * <pre>{@code
 * try (SseClient client = SseClient.builder("https://example.com/events")
 *     .header("Authorization", "Bearer " + token)
 *     .onFailure(f -> f.status() == 401 ? Decision.stop() : null)  // null: library default
 *     .listener(event -> System.out.println(event.id() + " " + event.data()))
 *     .build()) {
 *   client.run();  // blocks until closed: by a stop decision, a 204 or close()
 * }
 * }</pre>
 *
 * <p>Three ways to drive it, one per client: {@link #run()} on the calling thread,
 * {@link #start()} on a thread the client owns, or {@link #events()}, a blocking
 * stream driven by whichever thread consumes it. Every handler runs on that driving
 * thread, in stream order, after the native call has returned (no handler ever runs
 * inside native code). The client reconnects by itself (M6, M7), resends the last
 * event ID (M11, H1-H2) and follows redirects for later attempts (M12).
 *
 * <p>{@link #close()} may be called from any thread, handlers included: the
 * transfer in progress is aborted and no handler runs afterwards (M9). An exception
 * thrown by a handler also closes the client; it is rethrown as is from {@link
 * #run()}, from the {@link #events()} iterator, or from {@link #join()} after
 * {@link #start()}.
 *
 * <p>Native memory is released when the client finishes or is closed; a Cleaner
 * releases it for clients that become unreachable without either.
 */
public final class SseClient implements AutoCloseable {
  /** Longest native wait per step, so an interrupt of the driving thread is seen. */
  private static final int STEP_MS = 250;
  /** sse_client_run()'s return when a callback paused it (sse/common.h). */
  private static final int SSE_PAUSED = 1;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private enum Mode { IDLE, RUN, START, EVENTS }

  private final NativeClient nat;
  private final Cleaner.Cleanable cleanable;
  private final SseClientBuilder.Handlers handlers;
  private final ReentrantLock driveLock = new ReentrantLock();
  private final RecordQueue queue = new RecordQueue();
  private final Delivery delivery = new Delivery();
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.IDLE);

  private volatile boolean closeRequested;
  private volatile boolean finished;
  private volatile Throwable failure;
  private volatile String lastEventId;
  private volatile String url;
  private volatile Thread thread;
  private EventListener eventSink; // driving thread only

  SseClient(ClientConfig config, SseClientBuilder.Handlers handlers, String url,
      String lastEventId) {
    NativeClient client = new NativeClient(config);
    this.nat = client;
    this.handlers = handlers;
    this.url = url;
    this.lastEventId = lastEventId;
    // The action must not capture `this`, or the client could never become unreachable.
    this.cleanable = NativeCleaner.INSTANCE.register(this, client);
  }

  /**
   * Starts configuring a client for an {@code http://} or {@code https://} URL.
   *
   * @param url the stream URL
   * @return a builder with the defaults
   */
  public static SseClientBuilder builder(String url) {
    return new SseClientBuilder(Objects.requireNonNull(url, "url"));
  }

  /**
   * Starts configuring a client for an {@code http://} or {@code https://} URI.
   *
   * @param uri the stream URI
   * @return a builder with the defaults
   */
  public static SseClientBuilder builder(URI uri) {
    return new SseClientBuilder(Objects.requireNonNull(uri, "uri").toASCIIString());
  }

  /**
   * Drives the client on the calling thread, delivering to the listener, until it
   * closes: a stop decision (by default after a 204, another status or a wrong
   * content type, M4), the give-up rule, or {@link #close()}. Interrupting the
   * thread closes the client too (the interrupt flag stays set).
   *
   * @throws IllegalStateException if the builder had no listener, or the client was
   *     already driven ({@code run}, {@code start} or {@code events})
   * @throws RuntimeException what a handler threw (the client is then closed)
   * @throws SseException a native failure such as NO_MEMORY
   */
  public void run() {
    claim(Mode.RUN);
    drive();
  }

  /**
   * Runs the client on a new daemon thread named {@code libsse-client-N} and returns
   * at once. Handlers run on that thread. {@link #close()} stops it and waits for
   * it; {@link #join()} waits for it to end on its own and rethrows a handler's
   * exception.
   *
   * @return this client
   * @throws IllegalStateException as {@link #run()}
   */
  public SseClient start() {
    claim(Mode.START);
    Thread t = new Thread(this::driveQuietly, "libsse-client-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    thread = t;
    t.start();
    return this;
  }

  /**
   * The events as a blocking, sequential stream. The thread that consumes it drives
   * the client (any thread, one at a time); the other handlers run there too. The
   * stream ends when the client closes; closing the stream closes the client. A
   * handler's exception is thrown from the stream's terminal operation.
   *
   * @return the events, ending when the client closes
   * @throws IllegalStateException if the builder had a listener (events go to the
   *     stream instead) or the client was already driven
   */
  public Stream<Event> events() {
    claim(Mode.EVENTS);
    ClientEvents it = new ClientEvents(this);
    Spliterator<Event> split = Spliterators.spliteratorUnknownSize(
        it, Spliterator.ORDERED | Spliterator.NONNULL);
    return StreamSupport.stream(split, false).onClose(this::close);
  }

  /**
   * Closes the client for good (M9). Thread-safe and idempotent. From another thread
   * it returns once no handler runs any more (it waits for the handler in progress
   * and for the {@link #start()} thread); from a handler it returns at once and the
   * driving call ends after that handler.
   */
  @Override
  public void close() {
    closeRequested = true;
    nat.close();
    if (driveLock.isHeldByCurrentThread()) {
      return; // inside a handler: the driving loop frees the handle on its way out
    }
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    release();
  }

  /**
   * Waits for the {@link #start()} thread to end (after a stop decision, a 204,
   * {@link #close()} or a handler exception) and rethrows the handler's exception.
   *
   * @throws InterruptedException if this thread was interrupted while waiting
   * @throws IllegalStateException if the client was not started, or from its handlers
   */
  public void join() throws InterruptedException {
    Thread t = thread;
    if (t == null) {
      throw new IllegalStateException("join() needs a client started with start()");
    }
    if (t == Thread.currentThread()) {
      throw new IllegalStateException("join() from the client's own thread would never return");
    }
    t.join();
    Throwable f = failure;
    if (f != null) {
      throw rethrowable(f);
    }
  }

  /**
   * The exception a handler threw, which closed the client; empty otherwise.
   *
   * @return the handler's exception, if one closed the client
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Drops the current connection, if any, and reconnects at once with the current
   * last event ID, e.g. when the caller knows its token changed or the stream went
   * stale. No failure is counted, no backoff applies and the last event ID is kept;
   * a {@link SseClientBuilder#beforeRequest beforeRequest} handler runs as for any
   * attempt. Thread-safe: meant to be called from a thread other than the driving one
   * (from a handler it takes effect after the handler returns).
   *
   * @throws SseException CLOSED if the client is closed
   */
  public void restart() {
    nat.restart();
  }

  /**
   * The ready state (M1). Thread-safe.
   *
   * @return CONNECTING, OPEN or CLOSED
   */
  public ReadyState state() {
    return nat.state();
  }

  /**
   * Whether the client is closed for good.
   *
   * @return true once the state is {@link ReadyState#CLOSED}
   */
  public boolean isClosed() {
    return state() == ReadyState.CLOSED;
  }

  /**
   * The counters. Thread-safe; still readable after the client closed.
   *
   * @return a snapshot of the counters
   */
  public ClientStats stats() {
    return nat.stats();
  }

  /**
   * The last event ID string (M11), sent as {@code Last-Event-ID} on reconnection.
   * Exact inside handlers; from other threads, as of the last delivered batch.
   *
   * @return the last event ID; empty when there is none
   */
  public String lastEventId() {
    if (driveLock.isHeldByCurrentThread() && !nat.isFreed()) {
      return Utf8.decode(nat.raw().last_event_id());
    }
    return lastEventId;
  }

  /**
   * The URL of the next attempt: the final URL of the last redirect chain (M12).
   * Exact inside handlers; from other threads, as of the last delivered batch.
   *
   * @return the URL the next attempt goes to
   */
  public String url() {
    if (driveLock.isHeldByCurrentThread() && !nat.isFreed()) {
      return Utf8.decode(nat.raw().url());
    }
    return url;
  }

  @Override
  public String toString() {
    return "SseClient[" + url + ", " + state() + "]";
  }

  // ---- driving ----

  private void claim(Mode wanted) {
    boolean needsListener = wanted != Mode.EVENTS;
    if (needsListener && handlers.listener() == null) {
      throw new IllegalStateException(wanted.name().toLowerCase(Locale.ROOT)
          + "() needs a listener: set one with builder.listener(..)");
    }
    if (!needsListener && handlers.listener() != null) {
      throw new IllegalStateException(
          "events() delivers to the stream; build the client without a listener");
    }
    if (!mode.compareAndSet(Mode.IDLE, wanted)) {
      throw new IllegalStateException("the client is already driven by " + mode.get()
          .name().toLowerCase(Locale.ROOT) + "()");
    }
  }

  private void driveQuietly() {
    try {
      drive();
    } catch (RuntimeException | Error e) {
      // Kept in `failure`; join() rethrows it.
    }
  }

  private void drive() {
    eventSink = handlers.listener();
    try {
      while (!finished) {
        stepLocked();
        if (Thread.currentThread().isInterrupted()) {
          close();
        }
      }
    } finally {
      release();
    }
  }

  /**
   * For the {@link #events()} iterator: drives until {@code ready} holds an event or
   * the client is finished.
   */
  boolean pull(ArrayDeque<Event> ready) {
    eventSink = ready::add;
    try {
      while (ready.isEmpty()) {
        if (finished) {
          release();
          return false;
        }
        stepLocked();
        if (Thread.currentThread().isInterrupted()) {
          close();
        }
      }
      return true;
    } catch (RuntimeException | Error e) {
      release();
      throw e;
    }
  }

  private void stepLocked() {
    driveLock.lock();
    try {
      step();
    } finally {
      driveLock.unlock();
    }
  }

  /** One native run and the delivery of its records, in order. Holds the drive lock. */
  private void step() {
    if (finished) {
      return;
    }
    if (nat.isFreed()) {
      finished = true;
      return;
    }
    try {
      queue.add(NativeStatus.present(nat.raw().run(STEP_MS)));
      queue.deliver(delivery);
      if (closeRequested) {
        finished = true; // close() from a handler: the rest of the batch is dropped (M9)
        queue.clear();
      }
      if (!finished) {
        lastEventId = Utf8.decode(nat.raw().last_event_id());
        url = Utf8.decode(nat.raw().url());
      }
    } catch (RuntimeException | Error e) {
      failure = e;
      finished = true;
      queue.clear();
      nat.close();
      throw e;
    } finally {
      // Keeps the Cleaner from freeing the native client while this step uses it.
      Reference.reachabilityFence(this);
    }
  }

  /** Marks the client finished and frees the native handle, once no run is in progress. */
  private void release() {
    driveLock.lock();
    try {
      if (!nat.isFreed()) {
        lastEventId = Utf8.decode(nat.raw().last_event_id());
        url = Utf8.decode(nat.raw().url());
      }
      finished = true;
      queue.clear();
      cleanable.clean();
    } finally {
      driveLock.unlock();
    }
  }

  private static RuntimeException rethrowable(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new SseException(SseException.Code.USER, "handler failed: " + t);
  }

  // ---- for Request (before-request handler, on the driving thread) ----

  Client rawForHandler() {
    if (!driveLock.isHeldByCurrentThread() || nat.isFreed()) {
      throw new IllegalStateException("the request can only be changed inside beforeRequest");
    }
    return nat.raw();
  }

  /** Hands decoded records to the user's handlers. */
  private final class Delivery implements RecordQueue.Sink {
    @Override
    public boolean open() {
      return !closeRequested && !finished;
    }

    @Override
    public void event(Event event) {
      eventSink.onEvent(event);
    }

    @Override
    public void comment(String text) {
      if (handlers.onComment() != null) {
        handlers.onComment().accept(text);
      }
    }

    @Override
    public void retry(long milliseconds) {
      if (handlers.onRetry() != null) {
        handlers.onRetry().accept(Duration.ofMillis(milliseconds));
      }
    }

    @Override
    public void error(int code, String message) {
      if (handlers.onSkipped() != null) {
        handlers.onSkipped().accept(new SseException(code, message));
      }
    }

    @Override
    public void opened(SseResponse response) {
      if (handlers.onOpen() != null) {
        handlers.onOpen().accept(response);
      }
    }

    @Override
    public void failure(Failure f, Decision.Prefilled prefilled) {
      if (handlers.failureObserver() != null) {
        handlers.failureObserver().accept(f);
      }
      if (handlers.onFailure() == null || closeRequested) {
        return; // informational: the library applied its default already
      }
      Decision d = handlers.onFailure().apply(f);
      long defaultDelay = prefilled.delayMs();
      if (prefilled.action() == Decision.STOP_ACTION && defaultDelay == 0) {
        // The library had no delay for a stop; reconnect() then means the
        // reconnection time in effect, but never sooner than Retry-After.
        defaultDelay = nat.stats().retry().toMillis();
        if (f.retryAfter().isPresent()) {
          defaultDelay = Math.max(defaultDelay, f.retryAfter().get().toMillis());
        }
      }
      decide(d, prefilled, defaultDelay);
    }

    @Override
    public void disconnect(Disconnect dc, Decision.Prefilled prefilled) {
      if (handlers.disconnectObserver() != null) {
        handlers.disconnectObserver().accept(dc);
      }
      if (handlers.onDisconnect() == null || closeRequested) {
        return;
      }
      Decision d = handlers.onDisconnect().apply(dc);
      long defaultDelay = prefilled.delayMs();
      decide(d, prefilled, defaultDelay);
    }

    private void decide(Decision d, Decision.Prefilled prefilled, long defaultDelay) {
      if (closeRequested) {
        return; // the handler closed the client; the next run reports it closed
      }
      Client raw = nat.raw();
      if (d == null) {
        NativeStatus.check(raw.decide(prefilled.action(), prefilled.delayMs()), raw);
      } else {
        NativeStatus.check(raw.decide(d.action(), d.delayMillis(defaultDelay)), raw);
      }
    }

    @Override
    public void request(long attempt) {
      if (handlers.beforeRequest() == null) {
        return;
      }
      Request r = new Request(SseClient.this, attempt);
      try {
        handlers.beforeRequest().accept(r);
      } finally {
        r.expire();
      }
    }

    @Override
    public void status(int rc) {
      if (rc == 0 || rc == SSE_PAUSED) {
        return; // timeout/wakeup, or a pause whose handler already ran
      }
      finished = true;
      if (rc != SseException.Code.CLOSED.value()) {
        NativeStatus.check(rc, nat.raw()); // run() kept the message
      }
    }
  }
}
