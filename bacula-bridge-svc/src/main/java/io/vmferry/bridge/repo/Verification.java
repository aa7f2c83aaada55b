package io.vmferry.bridge.repo;

import java.time.Instant;

/**
 * The last read-back check of a point's own streams ({@code verified.json} in its directory, written by
 * {@link RepositoryVerifier}).
 *
 * @param time  when the check finished
 * @param ok    whether every stream of the point was intact
 * @param error the first problem, or null
 */
public record Verification(Instant time, boolean ok, String error) {
}
