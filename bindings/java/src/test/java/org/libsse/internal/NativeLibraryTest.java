package org.libsse.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the JNI library is found: platform names, extraction from a jar, the error text. */
class NativeLibraryTest {
  @Test
  void platformNamesFollowTheJarLayout() {
    assertEquals("linux-x86_64", NativeLibrary.platform("Linux", "amd64"));
    assertEquals("linux-x86_64", NativeLibrary.platform("Linux", "x86_64"));
    assertEquals("linux-aarch64", NativeLibrary.platform("Linux", "aarch64"));
    assertEquals("macos-aarch64", NativeLibrary.platform("Mac OS X", "aarch64"));
    assertEquals("windows-x86_64", NativeLibrary.platform("Windows 11", "amd64"));
    assertEquals("META-INF/native/linux-aarch64/libsse_jni.so",
        NativeLibrary.resourcePath("linux-aarch64"));
  }

  @Test
  void extractsTheBundledCopyIntoAPrivateFile(@TempDir Path jarRoot) throws Exception {
    byte[] content = "stand-in for libsse_jni.so".getBytes(StandardCharsets.UTF_8);
    Path resource = jarRoot.resolve(NativeLibrary.resourcePath("linux-aarch64"));
    Files.createDirectories(resource.getParent());
    Files.write(resource, content);

    try (URLClassLoader jar = new URLClassLoader(new URL[] {jarRoot.toUri().toURL()}, null)) {
      Path extracted = NativeLibrary.extract(jar, "linux-aarch64");
      try {
        assertArrayEquals(content, Files.readAllBytes(extracted));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
            Files.getPosixFilePermissions(extracted));
        assertNull(NativeLibrary.extract(jar, "linux-x86_64"), "no copy for another platform");
      } finally {
        Files.deleteIfExists(extracted);
      }
    }
  }

  @Test
  void failureNamesThePlatformAndTheOverride() {
    UnsatisfiedLinkError e = NativeLibrary.failure("linux-riscv64",
        new UnsatisfiedLinkError("no sse_jni in java.library.path"));
    String m = e.getMessage();
    assertTrue(m.contains("platform linux-riscv64"), m);
    assertTrue(m.contains("META-INF/native/linux-riscv64/libsse_jni.so"), m);
    assertTrue(m.contains("-Dlibsse.jni.library=/path/to/libsse_jni.so"), m);
    assertTrue(m.contains("no sse_jni in java.library.path"), m);
    assertTrue(m.contains("libsse.so.1"), m);
  }
}
