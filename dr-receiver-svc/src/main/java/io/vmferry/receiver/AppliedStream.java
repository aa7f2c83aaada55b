package io.vmferry.receiver;

import java.time.Instant;

/**
 * One stream applied to a replica disk, as recorded in {@code state.json}.
 *
 * @param point       restore point id the replica reached with it
 * @param level       {@code full}, {@code incremental} or {@code differential}
 * @param parent      point it built on, null for full
 * @param time        when the point was taken (the stream header's creation time)
 * @param virtualSize guest-visible disk size at that point
 * @param sha256      verified SHA-256 of the stream's logical content
 * @param appliedAt   when the replica reached the point
 */
public record AppliedStream(String point, String level, String parent, Instant time, long virtualSize,
                            String sha256, Instant appliedAt) {
}
