package org.libsse.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads libsse_jni.so once, before the first native call ({@link SseNativeJNI}'s static
 * initializer calls {@link #load}).
 *
 * <p>Where it comes from, first match wins:
 * <ol>
 *   <li>{@code -Dlibsse.jni.library=/abs/path/libsse_jni.so}: that file;</li>
 *   <li>{@code -Dlibsse.jni.library=system}: {@code System.loadLibrary("sse_jni")}, i.e.
 *       a copy installed on {@code java.library.path} (an install puts it in
 *       {@code <libdir>/jni}, which is on Debian's default path);</li>
 *   <li>the copy the Maven jar carries for this platform,
 *       {@code META-INF/native/<os>-<arch>/libsse_jni.so}, extracted to a private
 *       temporary file (owner-only permissions) that is deleted once loaded;</li>
 *   <li>none in the jar (the jar Meson builds, or a platform the jar was not built for):
 *       {@code System.loadLibrary("sse_jni")}.</li>
 * </ol>
 *
 * <p>libsse.so.1 itself is never bundled: libsse_jni.so names it (DT_NEEDED) and the
 * dynamic linker finds the installed libsse the usual way (ldconfig, LD_LIBRARY_PATH),
 * together with the libraries libsse needs (libcurl, libevent) that only the system has.
 */
final class NativeLibrary {
  /** The system property that overrides where the library comes from. */
  static final String OVERRIDE_PROPERTY = "libsse.jni.library";
  static final String LIBRARY_NAME = "sse_jni";
  static final String FILE_NAME = "lib" + LIBRARY_NAME + ".so";

  private NativeLibrary() {}

  /** Loads the library for this JVM; throws an UnsatisfiedLinkError that says what to do. */
  static void load() {
    String override = System.getProperty(OVERRIDE_PROPERTY, "");
    String platform = platform(System.getProperty("os.name"), System.getProperty("os.arch"));
    try {
      if (override.equals("system")) {
        System.loadLibrary(LIBRARY_NAME);
      } else if (!override.isEmpty()) {
        System.load(override);
      } else {
        Path extracted = extract(NativeLibrary.class.getClassLoader(), platform);
        if (extracted == null) {
          System.loadLibrary(LIBRARY_NAME);
        } else {
          try {
            System.load(extracted.toString());
          } finally {
            // The mapping stays valid; nothing is left behind in the temporary directory.
            Files.deleteIfExists(extracted);
          }
        }
      }
    } catch (UnsatisfiedLinkError | IOException e) {
      throw failure(platform, e);
    }
  }

  /**
   * The platform directory name, e.g. {@code linux-x86_64} or {@code linux-aarch64}, from
   * the {@code os.name} and {@code os.arch} properties.
   */
  static String platform(String osName, String osArch) {
    String os = osName == null ? "unknown" : osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("linux")) {
      os = "linux";
    } else if (os.startsWith("mac") || os.startsWith("darwin")) {
      os = "macos";
    } else if (os.startsWith("windows")) {
      os = "windows";
    } else {
      os = os.replaceAll("[^a-z0-9]+", "");
    }
    String arch = osArch == null ? "unknown" : osArch.toLowerCase(Locale.ROOT);
    arch = switch (arch) {
      case "amd64", "x86_64", "x64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> arch.replaceAll("[^a-z0-9_]+", "");
    };
    return os + "-" + arch;
  }

  /** Where a jar carries the library for {@code platform}. */
  static String resourcePath(String platform) {
    return "META-INF/native/" + platform + "/" + FILE_NAME;
  }

  /**
   * Copies the bundled library for {@code platform} into a new private temporary file;
   * null when {@code loader} has none for it.
   */
  static Path extract(ClassLoader loader, String platform) throws IOException {
    try (InputStream in = loader.getResourceAsStream(resourcePath(platform))) {
      if (in == null) {
        return null;
      }
      // createTempFile gives the file owner-only permissions and an unpredictable name.
      Path file = Files.createTempFile("libsse_jni-", ".so");
      // Written through the file itself: Files.copy(REPLACE_EXISTING) would recreate it
      // with the umask's permissions.
      try (OutputStream out = Files.newOutputStream(file)) {
        in.transferTo(out);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
      return file;
    }
  }

  static UnsatisfiedLinkError failure(String platform, Throwable cause) {
    UnsatisfiedLinkError error = new UnsatisfiedLinkError("libsse: cannot load " + FILE_NAME
        + " for platform " + platform + " (" + cause.getMessage() + "). The libsse jar carries "
        + resourcePath(platform) + " only for the platforms it was built for and extracts it"
        + " into java.io.tmpdir (set -Djava.io.tmpdir=DIR if that is mounted noexec);"
        + " elsewhere install libsse_jni.so and run with -D" + OVERRIDE_PROPERTY + "=/path/to/"
        + FILE_NAME
        + " (or -D" + OVERRIDE_PROPERTY + "=system to search java.library.path). libsse.so.1"
        + " must be loadable by the dynamic linker too (installed libsse: ldconfig or"
        + " LD_LIBRARY_PATH).");
    error.initCause(cause);
    return error;
  }
}
