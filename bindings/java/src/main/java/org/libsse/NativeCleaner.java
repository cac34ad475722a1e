package org.libsse;

import java.lang.ref.Cleaner;

/** The one Cleaner thread shared by every native handle of the binding. */
final class NativeCleaner {
  static final Cleaner INSTANCE = Cleaner.create();

  private NativeCleaner() {}
}
