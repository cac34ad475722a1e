package org.libsse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP response the client received: the final one after redirects. Given to
 * {@link SseClientBuilder#onOpen onOpen} (a stream opened, M5) and inside {@link
 * Failure#response()} (a refused attempt, M4).
 */
public final class SseResponse {
  /**
   * One response header, name as received.
   *
   * @param name the header name
   * @param value the header value
   */
  public record Header(String name, String value) {
    /**
     * A header.
     *
     * @param name the name as received
     * @param value the value as received
     */
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  private final int status;
  private final int httpVersion;
  private final String url;
  private final String contentType;
  private final List<Header> headers;
  private final byte[] body;

  SseResponse(int status, int httpVersion, String url, String contentType, List<Header> headers,
      byte[] body) {
    this.status = status;
    this.httpVersion = httpVersion;
    this.url = url;
    this.contentType = contentType;
    this.headers = List.copyOf(headers);
    this.body = body;
  }

  /**
   * The HTTP status code, e.g. 200.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * The protocol version as 10, 11, 20 or 30 (HTTP/1.0 to HTTP/3).
   *
   * @return 10, 11, 20 or 30
   */
  public int httpVersion() {
    return httpVersion;
  }

  /**
   * The final URL after redirects; reconnections go there (M12).
   *
   * @return the URL
   */
  public String url() {
    return url;
  }

  /**
   * The raw {@code Content-Type} value; empty when the header was absent.
   *
   * @return the header value, or empty
   */
  public String contentType() {
    return contentType;
  }

  /**
   * Every header in arrival order.
   *
   * @return the headers, unmodifiable
   */
  public List<Header> headers() {
    return headers;
  }

  /**
   * The first header named {@code name} (ASCII case-insensitive).
   *
   * @param name the header name
   * @return its first value, if the response has it
   */
  public Optional<String> header(String name) {
    Objects.requireNonNull(name, "name");
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return Optional.of(h.value());
      }
    }
    return Optional.empty();
  }

  /**
   * For failures, the start of the body (up to the library's {@code
   * max_failure_body_bytes}, 1 KiB); empty for an opened stream.
   *
   * @return a copy of the bytes kept
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * {@link #body()} decoded as UTF-8 (malformed bytes become U+FFFD).
   *
   * @return the text
   */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SseResponse[status=" + status + ", httpVersion=" + httpVersion + ", url=" + url
        + ", contentType=" + contentType + ", headers=" + headers.size() + "]";
  }
}
