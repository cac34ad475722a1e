package org.libsse;

/**
 * Receives the events a {@link SseParser} dispatches, on the thread that called
 * {@code feed} or {@code finish}, after the native parser call has returned.
 *
 * <p>An unchecked exception thrown here propagates out of that {@code feed} or
 * {@code finish}; the events that followed it stay queued and are delivered first by
 * the next call.
 */
@FunctionalInterface
public interface EventListener {
  /**
   * Called once per dispatched event, in stream order.
   *
   * @param event the event
   */
  void onEvent(Event event);
}
