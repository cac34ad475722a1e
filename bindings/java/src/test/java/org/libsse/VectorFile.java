package org.libsse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reader for the shared parser vectors (format: tests/data/README.md). */
final class VectorFile {
  /**
   * One case; expected records are already in RecordLog's canonical form. lastId is
   * null when the case does not state one.
   */
  record Case(String name, List<String> rules, Long maxEventBytes, byte[] seed,
      byte[] input, List<String> expected, byte[] lastId) {}

  private VectorFile() {}

  /** The vectors file, from the system property meson passes to the test JVM. */
  static Path location() {
    String path = System.getProperty("libsse.vectors");
    if (path == null || path.isEmpty()) {
      throw new IllegalStateException("system property libsse.vectors is not set "
          + "(meson passes -Dlibsse.vectors=<source>/tests/data/vectors.txt)");
    }
    return Path.of(path);
  }

  static List<Case> load(Path path) throws IOException {
    List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    List<Case> cases = new ArrayList<>();
    Builder current = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = path.getFileName() + ":" + (i + 1) + ": ";
      String[] words = line.split(" ", -1);
      String keyword = words[0];
      if (keyword.equals("case")) {
        if (current != null) {
          throw new IllegalArgumentException(where + "case " + current.name + " has no end");
        }
        expectWords(words, 2, where);
        current = new Builder(words[1]);
        continue;
      }
      if (current == null) {
        throw new IllegalArgumentException(where + "'" + keyword + "' outside a case");
      }
      switch (keyword) {
        case "rules" -> current.rules.addAll(List.of(words).subList(1, words.length));
        case "option" -> {
          expectWords(words, 3, where);
          if (!words[1].equals("max_event_bytes")) {
            throw new IllegalArgumentException(where + "unknown option " + words[1]);
          }
          current.maxEventBytes = Long.parseLong(words[2]);
        }
        case "seed" -> {
          expectWords(words, 2, where);
          current.seed = decode(words[1], where);
        }
        case "input" -> {
          expectWords(words, 2, where);
          current.input.writeBytes(decode(words[1], where));
        }
        case "event" -> {
          expectWords(words, 4, where);
          current.expected.add("event " + canonical(words[1], where) + " "
              + canonical(words[2], where) + " " + canonical(words[3], where));
        }
        case "comment" -> {
          expectWords(words, 2, where);
          current.expected.add("comment " + canonical(words[1], where));
        }
        case "retry" -> {
          expectWords(words, 2, where);
          // The Java API saturates u64 retry values at Long.MAX_VALUE (documented on
          // SseParser.Builder.onRetry); expect exactly that.
          BigInteger value = new BigInteger(words[1]);
          BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
          current.expected.add("retry " + value.min(max));
        }
        case "error" -> {
          expectWords(words, 2, where);
          if (!RecordLog.ERROR_NAMES.containsValue(words[1])) {
            throw new IllegalArgumentException(where + "unknown error code " + words[1]);
          }
          current.expected.add("error " + words[1]);
        }
        case "last_id" -> {
          expectWords(words, 2, where);
          current.lastId = decode(words[1], where);
        }
        case "end" -> {
          cases.add(current.build(where));
          current = null;
        }
        default -> throw new IllegalArgumentException(where + "unknown keyword " + keyword);
      }
    }
    if (current != null) {
      throw new IllegalArgumentException("case " + current.name + " has no end");
    }
    return cases;
  }

  private static void expectWords(String[] words, int count, String where) {
    if (words.length != count) {
      throw new IllegalArgumentException(where + words[0] + " takes " + (count - 1)
          + " token(s), got " + (words.length - 1));
    }
  }

  private static String canonical(String token, String where) {
    return RecordLog.token(decode(token, where));
  }

  /** Decodes one token's escapes into bytes. */
  static byte[] decode(String token, String where) {
    if (token.equals("\\e")) {
      return new byte[0];
    }
    byte[] raw = token.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] != '\\') {
        out.write(raw[i]);
        continue;
      }
      if (++i >= raw.length) {
        throw new IllegalArgumentException(where + "dangling backslash in " + token);
      }
      switch (raw[i]) {
        case '\\' -> out.write('\\');
        case 's' -> out.write(' ');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case '0' -> out.write(0);
        case 'x' -> {
          if (i + 2 >= raw.length) {
            throw new IllegalArgumentException(where + "short \\x escape in " + token);
          }
          out.write(Integer.parseInt(new String(raw, i + 1, 2, StandardCharsets.US_ASCII), 16));
          i += 2;
        }
        default -> throw new IllegalArgumentException(
            where + "unknown escape \\" + (char) raw[i] + " in " + token);
      }
    }
    return out.toByteArray();
  }

  private static final class Builder {
    final String name;
    final List<String> rules = new ArrayList<>();
    Long maxEventBytes;
    byte[] seed;
    final ByteArrayOutputStream input = new ByteArrayOutputStream();
    final List<String> expected = new ArrayList<>();
    byte[] lastId;

    Builder(String name) {
      this.name = name;
    }

    Case build(String where) {
      if (rules.isEmpty()) {
        throw new IllegalArgumentException(where + "case " + name + " cites no rule");
      }
      return new Case(name, List.copyOf(rules), maxEventBytes, seed, input.toByteArray(),
          List.copyOf(expected), lastId);
    }
  }
}
