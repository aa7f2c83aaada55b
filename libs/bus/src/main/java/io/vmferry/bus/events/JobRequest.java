package io.vmferry.bus.events;

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
 */
public record JobRequest(String kind, String selection, List<Integer> exclude, String level, boolean quiesce,
                         String destination) {
    public JobRequest {
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        destination = destination == null ? "local" : destination;
    }
}
