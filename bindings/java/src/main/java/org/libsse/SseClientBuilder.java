package org.libsse;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.libsse.internal.ClientConfig;

/**
 * Options and handlers of an {@link SseClient}; from {@link SseClient#builder(String)}.
 * Unset options keep the library's defaults (sse/client.h): reconnection time 1 s,
 * backoff doubling up to 30 s with 50 % jitter, reset after 60 s of healthy stream,
 * never give up, 20 redirects, 16 MiB per event, 10 s connect timeout, no idle or read
 * timeout, caller credentials kept to the configured origin.
 *
 * <p>Handlers are optional except the listener for {@link SseClient#run()} and
 * {@link SseClient#start()}. All of them run on the driving thread.
 */
public final class SseClientBuilder {
  /** The handlers a built client calls; null entries are absent. */
  record Handlers(EventListener listener, Consumer<SseResponse> onOpen,
      Consumer<String> onComment, Consumer<Duration> onRetry, Consumer<SseException> onSkipped,
      Function<Failure, Decision> onFailure, Function<Disconnect, Decision> onDisconnect,
      Consumer<Failure> failureObserver, Consumer<Disconnect> disconnectObserver,
      Consumer<Request> beforeRequest) {}

  private final String url;
  private String method;
  private byte[] body;
  private final List<String[]> headers = new ArrayList<>();
  private String lastEventId = "";
  private String userAgent;
  private String proxy;
  private Path caFile;
  private Path clientCert;
  private Path clientKey;
  private boolean insecure;
  private boolean acceptEncoding = true;
  private HttpVersion httpVersion = HttpVersion.NEGOTIATE;
  private long connectTimeoutMs = -1;
  private long idleTimeoutMs;
  private long readTimeoutMs;
  private boolean unrestrictedAuth;
  private long retryMs = -1;
  private long maxBackoffMs = -1;
  private long backoffResetMs = -1;
  private int jitterPercent = -1;
  private long maxAttempts;
  private long maxElapsedMs;
  private final List<Integer> retryStatuses = new ArrayList<>();
  private int maxRedirects = -1;
  private long maxEventBytes;
  private long maxFailureBodyBytes = -1;

  private EventListener listener;
  private Consumer<SseResponse> onOpen;
  private Consumer<String> onComment;
  private Consumer<Duration> onRetry;
  private Consumer<SseException> onSkipped;
  private Function<Failure, Decision> onFailure;
  private Function<Disconnect, Decision> onDisconnect;
  private Consumer<Failure> failureObserver;
  private Consumer<Disconnect> disconnectObserver;
  private Consumer<Request> beforeRequest;

  SseClientBuilder(String url) {
    this.url = url;
  }

  // ---- request ----

  /**
   * Adds a request header (they override the defaults, e.g. {@code Accept}).
   *
   * @param name the header name
   * @param value its value
   * @return this builder
   */
  public SseClientBuilder header(String name, String value) {
    headers.add(new String[] {Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(value, "value")});
    return this;
  }

  /**
   * Adds every entry as a request header.
   *
   * @param all the headers by name
   * @return this builder
   */
  public SseClientBuilder headers(Map<String, String> all) {
    all.forEach(this::header);
    return this;
  }

  /**
   * The request method; default GET.
   *
   * @param method the method, e.g. {@code POST}
   * @return this builder
   */
  public SseClientBuilder method(String method) {
    this.method = Objects.requireNonNull(method, "method");
    return this;
  }

  /**
   * The method and a body, e.g. {@code method("POST", json)}; the body as UTF-8.
   *
   * @param method the method, e.g. {@code POST}
   * @param body the body, sent as UTF-8
   * @return this builder
   */
  public SseClientBuilder method(String method, String body) {
    return method(method).body(body);
  }

  /**
   * The method and a body of raw bytes.
   *
   * @param method the method, e.g. {@code POST}
   * @param body the body, copied
   * @return this builder
   */
  public SseClientBuilder method(String method, byte[] body) {
    return method(method).body(body);
  }

  /**
   * The request body as UTF-8.
   *
   * @param body the body, sent as UTF-8
   * @return this builder
   */
  public SseClientBuilder body(String body) {
    this.body = Utf8.encodeStrict(Objects.requireNonNull(body, "body"), "body");
    return this;
  }

  /**
   * The request body, copied.
   *
   * @param body the body, copied
   * @return this builder
   */
  public SseClientBuilder body(byte[] body) {
    this.body = Objects.requireNonNull(body, "body").clone();
    return this;
  }

  /**
   * The initial last event ID, e.g. saved from a previous run (M11, H1).
   *
   * @param id the ID sent as {@code Last-Event-ID} by the first attempt
   * @return this builder
   */
  public SseClientBuilder lastEventId(String id) {
    this.lastEventId = Objects.requireNonNull(id, "id");
    return this;
  }

  /**
   * The {@code User-Agent}; default {@code libsse/<version>}.
   *
   * @param userAgent the {@code User-Agent} header value
   * @return this builder
   */
  public SseClientBuilder userAgent(String userAgent) {
    this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    return this;
  }

  // ---- transport ----

  /**
   * A proxy URL; by default libcurl's environment variables apply.
   *
   * @param proxyUrl e.g. {@code http://proxy:3128}
   * @return this builder
   */
  public SseClientBuilder proxy(String proxyUrl) {
    this.proxy = Objects.requireNonNull(proxyUrl, "proxyUrl");
    return this;
  }

  /**
   * As {@link #proxy(String)}.
   *
   * @param proxyUri e.g. {@code http://proxy:3128}
   * @return this builder
   */
  public SseClientBuilder proxy(URI proxyUri) {
    return proxy(Objects.requireNonNull(proxyUri, "proxyUri").toASCIIString());
  }

  /**
   * A PEM bundle of trusted CAs instead of the system store.
   *
   * @param pem the CA bundle file
   * @return this builder
   */
  public SseClientBuilder caFile(Path pem) {
    this.caFile = Objects.requireNonNull(pem, "pem");
    return this;
  }

  /**
   * A PEM client certificate and key for mutual TLS.
   *
   * @param certPem the certificate file
   * @param keyPem the private key file
   * @return this builder
   */
  public SseClientBuilder clientCertificate(Path certPem, Path keyPem) {
    this.clientCert = Objects.requireNonNull(certPem, "certPem");
    this.clientKey = Objects.requireNonNull(keyPem, "keyPem");
    return this;
  }

  /**
   * Skips server certificate verification. For tests only.
   *
   * @param insecure true to skip verification
   * @return this builder
   */
  public SseClientBuilder insecure(boolean insecure) {
    this.insecure = insecure;
    return this;
  }

  /**
   * Whether to ask for gzip/deflate; default true.
   *
   * @param acceptEncoding false to ask for an uncompressed stream
   * @return this builder
   */
  public SseClientBuilder acceptEncoding(boolean acceptEncoding) {
    this.acceptEncoding = acceptEncoding;
    return this;
  }

  /**
   * The HTTP version; default {@link HttpVersion#NEGOTIATE}.
   *
   * @param version the version to ask for
   * @return this builder
   */
  public SseClientBuilder httpVersion(HttpVersion version) {
    this.httpVersion = Objects.requireNonNull(version, "version");
    return this;
  }

  /**
   * Connect timeout; default 10 s, zero for none.
   *
   * @param timeout the timeout, whole milliseconds
   * @return this builder
   * @throws IllegalArgumentException if negative
   */
  public SseClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeoutMs = Durations.millis(timeout, "connectTimeout");
    return this;
  }

  /**
   * Reconnect when no event or comment arrives for this long (a dead heartbeat);
   * zero (default) = off. Bytes that complete no event do not count: see {@link
   * #readTimeout}. The disconnect reason is {@link Disconnect.Reason#IDLE}.
   *
   * @param timeout the timeout, whole milliseconds
   * @return this builder
   * @throws IllegalArgumentException if negative
   */
  public SseClientBuilder idleTimeout(Duration timeout) {
    this.idleTimeoutMs = Durations.millis(timeout, "idleTimeout");
    return this;
  }

  /**
   * Reconnect when no byte at all arrives on an open stream for this long; zero
   * (default) = off. A server trickling bytes keeps it alive. The disconnect reason
   * is {@link Disconnect.Reason#READ_TIMEOUT}.
   *
   * @param timeout the timeout, whole milliseconds
   * @return this builder
   * @throws IllegalArgumentException if negative
   */
  public SseClientBuilder readTimeout(Duration timeout) {
    this.readTimeoutMs = Durations.millis(timeout, "readTimeout");
    return this;
  }

  /**
   * Whether the caller's {@code Authorization}, {@code Cookie} and {@code
   * Proxy-Authorization} headers are still sent once a redirect moved the stream to
   * another origin (scheme, host, port). Default false: they are dropped there, as
   * browsers do; {@link #beforeRequest} can still set them knowingly.
   *
   * @param unrestricted true to send them to the other origin too
   * @return this builder
   */
  public SseClientBuilder unrestrictedAuth(boolean unrestricted) {
    this.unrestrictedAuth = unrestricted;
    return this;
  }

  // ---- reconnection policy ----

  /**
   * The initial reconnection time (M1); a server {@code retry} replaces it (M10). Default 1 s.
   *
   * @param reconnectionTime the time, whole milliseconds
   * @return this builder
   * @throws IllegalArgumentException if negative
   */
  public SseClientBuilder retry(Duration reconnectionTime) {
    this.retryMs = Durations.millis(reconnectionTime, "retry");
    return this;
  }

  /**
   * The backoff cap; default 30 s.
   *
   * @param cap the longest delay between attempts, whole milliseconds
   * @return this builder
   * @throws IllegalArgumentException if negative
   */
  public SseClientBuilder maxBackoff(Duration cap) {
    this.maxBackoffMs = Durations.millis(cap, "maxBackoff");
    return this;
  }

  /**
   * How long a stream must stay open to reset the backoff; default 60 s.
   *
   * @param healthy the time, whole milliseconds
   * @return this builder
   * @throws IllegalArgumentException if negative
   */
  public SseClientBuilder backoffReset(Duration healthy) {
    this.backoffResetMs = Durations.millis(healthy, "backoffReset");
    return this;
  }

  /**
   * Largest random extra delay in percent of the delay; default 50, 0 for none.
   *
   * @param percent 0 or more
   * @return this builder
   * @throws IllegalArgumentException if negative
   */
  public SseClientBuilder jitterPercent(int percent) {
    if (percent < 0) {
      throw new IllegalArgumentException("jitterPercent must not be negative: " + percent);
    }
    this.jitterPercent = percent;
    return this;
  }

  /**
   * Give up after this many failed attempts in a row; 0 (default) = never.
   *
   * @param attempts 0 or more
   * @return this builder
   * @throws IllegalArgumentException if negative
   */
  public SseClientBuilder maxAttempts(long attempts) {
    if (attempts < 0) {
      throw new IllegalArgumentException("maxAttempts must not be negative: " + attempts);
    }
    this.maxAttempts = attempts;
    return this;
  }

  /**
   * Give up after failing for this long; zero (default) = never.
   *
   * @param outage the time, whole milliseconds
   * @return this builder
   * @throws IllegalArgumentException if negative
   */
  public SseClientBuilder maxElapsed(Duration outage) {
    this.maxElapsedMs = Durations.millis(outage, "maxElapsed");
    return this;
  }

  /**
   * Statuses that reconnect (honouring {@code Retry-After}) instead of stopping,
   * e.g. 429 and 503. Default none, as the spec says (M4 c).
   *
   * @param statuses HTTP statuses (100 to 999), added to those given before
   * @return this builder
   * @throws IllegalArgumentException for a number that is not an HTTP status
   */
  public SseClientBuilder retryStatuses(int... statuses) {
    for (int s : statuses) {
      if (s < 100 || s > 999) {
        throw new IllegalArgumentException("not an HTTP status: " + s);
      }
      retryStatuses.add(s);
    }
    return this;
  }

  /**
   * Redirect limit per attempt; default 20 (M12).
   *
   * @param redirects 0 or more
   * @return this builder
   * @throws IllegalArgumentException if negative
   */
  public SseClientBuilder maxRedirects(int redirects) {
    if (redirects < 0) {
      throw new IllegalArgumentException("maxRedirects must not be negative: " + redirects);
    }
    this.maxRedirects = redirects;
    return this;
  }

  /**
   * Largest event; bigger ones are skipped and reported to {@link #onSkipped}. Default 16 MiB.
   *
   * @param bytes 1 to {@link SseParser#MAX_EVENT_BYTES_LIMIT}
   * @return this builder
   * @throws IllegalArgumentException if out of that range
   */
  public SseClientBuilder maxEventBytes(long bytes) {
    if (bytes < 1 || bytes > SseParser.MAX_EVENT_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "maxEventBytes must be in 1.." + SseParser.MAX_EVENT_BYTES_LIMIT + ", got " + bytes);
    }
    this.maxEventBytes = bytes;
    return this;
  }

  /**
   * How much of a refused response's body {@link SseResponse#body()} keeps; default 1 KiB.
   *
   * @param bytes 0 or more
   * @return this builder
   * @throws IllegalArgumentException if negative
   */
  public SseClientBuilder maxFailureBodyBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("maxFailureBodyBytes must not be negative: " + bytes);
    }
    this.maxFailureBodyBytes = bytes;
    return this;
  }

  // ---- handlers ----

  /**
   * Receives every event (for {@link SseClient#run()} and {@link SseClient#start()}).
   *
   * @param listener called on the thread that drives the client
   * @return this builder
   */
  public SseClientBuilder listener(EventListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * A stream opened (M5): status, headers, final URL, HTTP version. Before its events.
   *
   * @param handler the handler, called on the thread that drives the client
   * @return this builder
   */
  public SseClientBuilder onOpen(Consumer<SseResponse> handler) {
    this.onOpen = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Comment lines (text after the colon). Without it comments are not copied out at all.
   *
   * @param handler the handler, called on the thread that drives the client
   * @return this builder
   */
  public SseClientBuilder onComment(Consumer<String> handler) {
    this.onComment = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Each valid {@code retry} field as a duration (whole milliseconds); the client already
   * adopted it as its reconnection time (M10).
   *
   * @param handler the handler, called on the thread that drives the client
   * @return this builder
   */
  public SseClientBuilder onRetry(Consumer<Duration> handler) {
    this.onRetry = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * An event over {@link #maxEventBytes} was skipped (code LIMIT); the stream goes on.
   *
   * @param handler the handler, called on the thread that drives the client
   * @return this builder
   */
  public SseClientBuilder onSkipped(Consumer<SseException> handler) {
    this.onSkipped = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * An attempt failed (M4). Return a {@link Decision}, or null for the library's
   * default (reconnect for network, TLS and redirect failures and {@link
   * #retryStatuses}; stop for 204, other statuses and wrong content types).
   *
   * @param handler the handler, called on the thread that drives the client
   * @return this builder
   */
  public SseClientBuilder onFailure(Function<Failure, Decision> handler) {
    this.onFailure = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * An open stream ended (clean end, drop, idle timeout). Return a {@link Decision},
   * or null for the default (reconnect, M6; stop once the give-up rule is reached).
   *
   * @param handler the handler, called on the thread that drives the client
   * @return this builder
   */
  public SseClientBuilder onDisconnect(Function<Disconnect, Decision> handler) {
    this.onDisconnect = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Sees every failed attempt without taking over the decision: the library's
   * default (or {@link #onFailure}'s answer) applies as if it were not there, so a
   * client that only logs failures keeps reconnecting by itself. Runs before
   * {@code onFailure}. {@link Failure#defaultDecision()} tells what happens next.
   *
   * @param observer called on the thread that drives the client
   * @return this builder
   */
  public SseClientBuilder observeFailure(Consumer<Failure> observer) {
    this.failureObserver = Objects.requireNonNull(observer, "observer");
    return this;
  }

  /**
   * Sees every end of an open stream without taking over the decision, like {@link
   * #observeFailure} for {@link #onDisconnect}.
   *
   * @param observer called on the thread that drives the client
   * @return this builder
   */
  public SseClientBuilder observeDisconnect(Consumer<Disconnect> observer) {
    this.disconnectObserver = Objects.requireNonNull(observer, "observer");
    return this;
  }

  /**
   * Called before every attempt; may change the request through {@link Request}.
   *
   * @param handler the handler, called on the thread that drives the client
   * @return this builder
   */
  public SseClientBuilder beforeRequest(Consumer<Request> handler) {
    this.beforeRequest = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Creates the client. Nothing is sent until it is driven.
   *
   * @return the new client, not yet connected
   * @throws SseException INVALID for a URL that is not http(s), a header with CR, LF
   *     or NUL, a last event ID with NUL, CR or LF; FIELD for unpaired surrogates
   */
  public SseClient build() {
    ClientConfig c = new ClientConfig();
    try {
      c.setUrl(Text.of(url, "url"));
      if (method != null) {
        c.setMethod(Text.of(method, "method"));
      }
      if (body != null) {
        c.setBody(body);
        c.setHas_body(true);
      }
      for (String[] h : headers) {
        c.add_header(Text.of(h[0], "header name"), Text.of(h[1], "header value"));
      }
      c.setLast_event_id(Text.of(lastEventId, "last event id"));
      if (userAgent != null) {
        c.setUser_agent(Text.of(userAgent, "user agent"));
      }
      if (proxy != null) {
        c.setProxy(Text.of(proxy, "proxy"));
      }
      if (caFile != null) {
        c.setCa_file(Text.of(caFile.toString(), "CA file"));
      }
      if (clientCert != null) {
        c.setClient_cert(Text.of(clientCert.toString(), "client certificate"));
        c.setClient_key(Text.of(clientKey.toString(), "client key"));
      }
      c.setInsecure(insecure);
      c.setAccept_encoding(acceptEncoding);
      c.setHttp_version(httpVersion.code());
      c.setConnect_timeout_ms(connectTimeoutMs);
      c.setIdle_timeout_ms(idleTimeoutMs);
      c.setRead_timeout_ms(readTimeoutMs);
      c.setUnrestricted_auth(unrestrictedAuth);
      c.setRetry_ms(retryMs);
      c.setMax_backoff_ms(maxBackoffMs);
      c.setBackoff_reset_ms(backoffResetMs);
      c.setJitter_percent(jitterPercent);
      c.setMax_attempts(maxAttempts);
      c.setMax_elapsed_ms(maxElapsedMs);
      for (int s : retryStatuses) {
        c.add_retry_status(s);
      }
      c.setMax_redirects(maxRedirects);
      c.setMax_event_bytes(maxEventBytes);
      c.setMax_failure_body_bytes(maxFailureBodyBytes);
      c.setWant_comments(onComment != null);
      c.setPause_on_failure(onFailure != null);
      c.setPause_on_disconnect(onDisconnect != null);
      c.setPause_before_request(beforeRequest != null);
      Handlers handlers = new Handlers(listener, onOpen, onComment, onRetry, onSkipped,
          onFailure, onDisconnect, failureObserver, disconnectObserver, beforeRequest);
      return new SseClient(c, handlers, url, lastEventId);
    } finally {
      c.delete();
    }
  }

}
