package org.libsse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records every callback of a parser as one line in the token syntax of
 * tests/data/vectors.txt ("event TYPE DATA ID", "comment TEXT", "retry N",
 * "error ELIMIT"), so a whole run compares as one list and a failure prints a
 * readable transcript (llhttp-style, house style).
 */
final class RecordLog {
  static final Map<Integer, String> ERROR_NAMES = Map.ofEntries(
      Map.entry(-1, "EINVAL"), Map.entry(-2, "ENOMEM"), Map.entry(-3, "EBUSY"),
      Map.entry(-4, "ELIMIT"), Map.entry(-5, "EVERSION"), Map.entry(-6, "EUSER"),
      Map.entry(-7, "EPROTO"), Map.entry(-8, "EIO"), Map.entry(-9, "ETIMEDOUT"),
      Map.entry(-10, "ECLOSED"), Map.entry(-11, "EINTERNAL"), Map.entry(-12, "EFIELD"));

  final List<String> lines = new ArrayList<>();

  /** A builder whose every listener writes into this log. */
  SseParser.Builder attach(SseParser.Builder builder) {
    return builder
        .onComment(text -> lines.add("comment " + token(text)))
        .onRetry(d -> lines.add("retry " + d.toMillis()))
        .onError(e -> lines.add("error " + ERROR_NAMES.getOrDefault(e.code(), "E?" + e.code())));
  }

  SseParser build(SseParser.Builder builder) {
    return attach(builder).build(this::event);
  }

  void event(Event e) {
    lines.add("event " + token(e.type()) + " " + token(e.data()) + " " + token(e.id()));
  }

  static String token(String s) {
    return token(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Canonical token text for bytes: printable ASCII as is, everything else escaped. */
  static String token(byte[] bytes) {
    if (bytes.length == 0) {
      return "\\e";
    }
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xFF;
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case ' ' -> sb.append("\\s");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 0 -> sb.append("\\0");
        default -> {
          if (c > 0x20 && c < 0x7F) {
            sb.append((char) c);
          } else {
            sb.append(String.format("\\x%02x", c));
          }
        }
      }
    }
    return sb.toString();
  }
}
