package org.libsse;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Counters of a {@link SseClient}, from {@link SseClient#stats()}. Each value is read
 * atomically, but the set is not one snapshot: counters may move between reads.
 *
 * @param state the ready state
 * @param attempts connection attempts started
 * @param reconnects attempts after the first
 * @param failures failed attempts
 * @param events events delivered
 * @param bytes body bytes received (decoded)
 * @param skippedEvents events dropped over the size limit
 * @param lastEventTime wall-clock time of the last event, if any
 * @param retry the reconnection time in effect (the server's {@code retry} or the default)
 * @param currentDelay the delay of the pending or last reconnection
 */
public record ClientStats(ReadyState state, long attempts, long reconnects, long failures,
    long events, long bytes, long skippedEvents, Optional<Instant> lastEventTime,
    Duration retry, Duration currentDelay) {}
