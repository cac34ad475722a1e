package org.libsse;

/** Which HTTP version the client asks for. */
public enum HttpVersion {
  /** libcurl's choice: HTTP/2 over TLS when the server offers it, else HTTP/1.1. */
  NEGOTIATE(0),
  /** HTTP/1.1 only. */
  HTTP_1_1(11),
  /** HTTP/2, also over cleartext (prior knowledge). */
  HTTP_2(20);

  private final int code;

  HttpVersion(int code) {
    this.code = code;
  }

  int code() {
    return code;
  }
}
