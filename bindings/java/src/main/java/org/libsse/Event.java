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
  public Event {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(id, "id");
  }

  /** An event of the default type {@code "message"} without an id. */
  public static Event message(String data) {
    return new Event("message", data, "");
  }
}
