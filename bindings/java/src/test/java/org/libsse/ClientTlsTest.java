package org.libsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.libsse.ClientFixture.quick;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS against certificates the test server generates in a temp dir (M4b for TLS errors). */
@Timeout(60)
class ClientTlsTest {
  @TempDir
  static Path certs;

  @Test
  void trustedCaStreamsAndUntrustedCaIsATlsFailure() throws Exception {
    try (TestServer server = TestServer.start("--tls", certs.toString())) {
      assertTrue(server.base().startsWith("https://"), server.base());

      ClientLog ok = ClientLog.run(quick(server.scenario("basic", TestServer.sid("tls")))
          .caFile(server.file("ca")));
      assertEquals(List.of("hello", "a\nb"), ok.data());
      assertTrue(ok.opens().get(0).url().startsWith("https://127.0.0.1:"));

      // A CA that did not sign the server's certificate: TLS failure, which would
      // reconnect by default (M4b); the handler stops it.
      ClientLog bad = ClientLog.runUntilFirstFailure(
          SseClient.builder(server.scenario("basic", TestServer.sid("untrusted")))
              .caFile(server.file("other_ca")));
      assertEquals(List.of(), bad.data());
      Failure f = bad.failures().get(0);
      assertEquals(Failure.Kind.TLS, f.kind());
      assertNull(f.response());
      assertTrue(!f.defaultDecision().isStop(), "TLS failures reconnect by default");
    }
  }

  @Test
  void mutualTlsNeedsTheClientCertificate() throws Exception {
    try (TestServer server = TestServer.start("--tls", certs.toString(), "--require-client-cert")) {
      ClientLog ok = ClientLog.run(quick(server.scenario("basic", TestServer.sid("mtls")))
          .caFile(server.file("ca"))
          .clientCertificate(server.file("client_cert"), server.file("client_key")));
      assertEquals(List.of("hello", "a\nb"), ok.data());

      ClientLog refused = ClientLog.runUntilFirstFailure(
          SseClient.builder(server.scenario("basic", TestServer.sid("no-cert")))
              .caFile(server.file("ca")));
      assertEquals(List.of(), refused.data());
      Failure f = refused.failures().get(0);
      // Depending on when the server's refusal reaches curl it is a handshake or a
      // read error; either way no response arrived.
      assertTrue(f.kind() == Failure.Kind.TLS || f.kind() == Failure.Kind.NETWORK, f.toString());
      assertNull(f.response());
    }
  }
}
