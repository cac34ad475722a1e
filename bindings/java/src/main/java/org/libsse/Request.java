package org.libsse;

import java.net.URI;
import java.util.Objects;
import org.libsse.internal.Client;

/**
 * The next request, handed to the {@link SseClientBuilder#beforeRequest beforeRequest}
 * handler before every attempt (the first one too). Changes apply to this attempt and
 * the later ones, e.g. a refreshed token:
 *
 * <pre>{@code
 * .beforeRequest(req -> req.header("Authorization", "Bearer " + tokens.current()))
 * }</pre>
 *
 * <p>Valid only while the handler runs; using it afterwards throws {@link
 * IllegalStateException}. Invalid values throw {@link SseException} (INVALID) or
 * {@link SseException.Code#FIELD} (unpaired surrogates), which stops the client like
 * any handler exception.
 */
public final class Request {
  private final SseClient client;
  private final long attempt;
  private boolean expired;

  Request(SseClient client, long attempt) {
    this.client = client;
    this.attempt = attempt;
  }

  /**
   * 1 for the first attempt, counting up across the client's life.
   *
   * @return the attempt number, from 1
   */
  public long attempt() {
    return attempt;
  }

  /**
   * The URL this attempt goes to (after earlier redirects, M12).
   *
   * @return the URL
   * @throws IllegalStateException after the handler returned
   */
  public String url() {
    check();
    return client.url();
  }

  /**
   * The last event ID this attempt sends as {@code Last-Event-ID} (empty: none, H2).
   *
   * @return the ID; empty when none is sent
   * @throws IllegalStateException after the handler returned
   */
  public String lastEventId() {
    check();
    return client.lastEventId();
  }

  /**
   * Sends this and later attempts to {@code url} ({@code http://} or {@code https://}).
   *
   * @param url the new URL
   * @return this request
   */
  public Request url(String url) {
    Client raw = raw();
    NativeStatus.check(raw.set_url(Text.of(url, "url")), raw);
    return this;
  }

  /**
   * As {@link #url(String)}.
   *
   * @param uri the new URL
   * @return this request
   */
  public Request url(URI uri) {
    return url(Objects.requireNonNull(uri, "uri").toASCIIString());
  }

  /**
   * Adds or replaces (case-insensitive name) a request header. {@code Last-Event-ID}
   * is managed by the client: use {@link #lastEventId(String)}.
   *
   * @param name the header name
   * @param value its value
   * @return this request
   */
  public Request header(String name, String value) {
    Client raw = raw();
    byte[] nameBytes = Text.of(name, "header name");
    NativeStatus.check(raw.set_header(nameBytes, Text.of(value, "header value")), raw);
    return this;
  }

  /**
   * Removes a request header.
   *
   * @param name the header name (case-insensitive)
   * @return this request
   */
  public Request removeHeader(String name) {
    Client raw = raw();
    NativeStatus.check(raw.remove_header(Text.of(name, "header name")), raw);
    return this;
  }

  /**
   * Sets the method, e.g. {@code "POST"}.
   *
   * @param method the method
   * @return this request
   */
  public Request method(String method) {
    Client raw = raw();
    NativeStatus.check(raw.set_method(Text.of(method, "method")), raw);
    return this;
  }

  /**
   * Sets the request body (bytes as given).
   *
   * @param body the body, copied
   * @return this request
   */
  public Request body(byte[] body) {
    Client raw = raw();
    NativeStatus.check(raw.set_body(Objects.requireNonNull(body, "body").clone()), raw);
    return this;
  }

  /**
   * Sets the request body as UTF-8.
   *
   * @param body the body, sent as UTF-8
   * @return this request
   */
  public Request body(String body) {
    Client raw = raw();
    byte[] bytes = Utf8.encodeStrict(Objects.requireNonNull(body, "body"), "body");
    NativeStatus.check(raw.set_body(bytes), raw);
    return this;
  }

  /**
   * Sends no body.
   *
   * @return this request
   */
  public Request removeBody() {
    Client raw = raw();
    NativeStatus.check(raw.remove_body(), raw);
    return this;
  }

  /**
   * Replaces the last event ID string (sent when non-empty, H1-H3).
   *
   * @param id the new last event ID; empty sends none
   * @return this request
   * @throws SseException INVALID for U+0000, CR or LF
   */
  public Request lastEventId(String id) {
    Client raw = raw();
    NativeStatus.check(raw.set_last_event_id(Text.of(id, "last event id")), raw);
    return this;
  }

  void expire() {
    expired = true;
  }

  private void check() {
    if (expired) {
      throw new IllegalStateException("the Request is only valid inside beforeRequest");
    }
  }

  /** The native client, while the handler runs (package-private for the leak test). */
  Client raw() {
    check();
    return client.rawForHandler();
  }

}
