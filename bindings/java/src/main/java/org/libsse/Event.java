package org.libsse;

import java.util.Objects;

/**
 * One dispatched server-sent event (spec rules P21 to P25).
 *
 * @param type the event type: {@code "message"} unless the stream named another type
 * @param data the data lines joined with LF; may be empty and may contain U+0000
 * @param id the last event ID in effect when the event was dispatched; {@code ""} when none
 */
public record Event(String type, String data, String id) {
  /**
   * An event; every field is required.
   *
   * @param type the event type
   * @param data the data
   * @param id the last event ID, {@code ""} for none
   */
  public Event {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(id, "id");
  }

  /**
   * An event of the default type {@code "message"} without an id.
   *
   * @param data the data
   * @return the event
   */
  public static Event message(String data) {
    return new Event("message", data, "");
  }
}
