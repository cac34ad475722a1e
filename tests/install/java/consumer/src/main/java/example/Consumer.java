package example;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.libsse.Event;
import org.libsse.LibSse;
import org.libsse.SseClient;
import org.libsse.SseParser;

/**
 * What a user of the org.libsse:libsse artifact writes: a parse, then, given a URL as the
 * first argument, a client that reads that stream. Prints one line per result; the test
 * script compares them.
 */
public final class Consumer {
  public static void main(String[] args) throws Exception {
    System.out.println("version " + LibSse.versionString());

    List<Event> parsed = new ArrayList<>();
    try (SseParser parser = SseParser.create(parsed::add)) {
      parser.feed("event: greet\ndata: caf\u00e9\nid: 7\n\ndata: tail".getBytes(StandardCharsets.UTF_8));
      parser.finish();
    }
    for (Event e : parsed) {
      System.out.println("parsed " + e.type() + " " + e.data() + " " + e.id());
    }

    if (args.length > 0) {
      receive(args[0]);
    }
  }

  private static void receive(String url) throws Exception {
    List<String> received = new ArrayList<>();
    SseClient client = SseClient.builder(url)
        .retry(Duration.ofMillis(50))
        .listener(e -> received.add(e.type() + " " + e.data().replace('\n', '|') + " " + e.id()))
        .build();
    client.run(); // the scenario ends with a 204: the client stops by itself
    for (String r : received) {
      System.out.println("received " + r);
    }
    System.out.println("client " + client.state() + " last-event-id " + client.lastEventId());

    // Which libsse.so.1 the dynamic linker picked for libsse_jni.so.
    for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
      int at = line.indexOf('/');
      if (at >= 0 && line.substring(at).matches(".*/libsse\\.so\\.1(\\.[0-9.]+)?")) {
        System.out.println("libsse.so.1 " + line.substring(at));
        break;
      }
    }
  }
}
