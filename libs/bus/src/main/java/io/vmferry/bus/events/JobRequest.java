package io.vmferry.bus.events;

import java.time.Instant;
import java.util.List;

/**
 * Payload of {@code jobs.requested}.
 *
 * @param kind        {@code backup}
 * @param selection   VM selection (DESIGN §5)
 * @param exclude     VMIDs to leave out
 * @param level       {@code full}, {@code incremental} or {@code differential}
 * @param quiesce     freeze guest file systems through the guest agent (falls back to crash-consistent)
 * @param destination destination name: {@code local} (the repository) or {@code bacula}
 * @param startBy     optional: a request still waiting on the bus after this moment is refused, not started (the
 *                    CLI sets it to the time it waits for an answer, so a backup asked for while no stack ran does
 *                    not start hours later when one starts); absent, the request waits as long as it takes
 */
public record JobRequest(String kind, String selection, List<Integer> exclude, String level, boolean quiesce,
                         String destination, Instant startBy) {
    public JobRequest {
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        destination = destination == null ? "local" : destination;
    }

    /** A request without a start deadline. */
    public JobRequest(String kind, String selection, List<Integer> exclude, String level, boolean quiesce,
                      String destination) {
        this(kind, selection, exclude, level, quiesce, destination, null);
    }

    /** The same request, to be refused if not taken on by {@code deadline}. */
    public JobRequest startingBy(Instant deadline) {
        return new JobRequest(kind, selection, exclude, level, quiesce, destination, deadline);
    }
}
