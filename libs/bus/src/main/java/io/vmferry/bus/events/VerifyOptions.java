package io.vmferry.bus.events;

/**
 * The options of a {@code verify} job ({@code jobs.requested} kind {@code verify}), as {@code vmferry verify} takes
 * them.
 *
 * @param point             one restore point id or {@code latest} (needs a single VM as the selection); null: every
 *                          point of the selected VMs
 * @param outdatedAfterDays do not read again points found intact less than this many days ago; null: read all
 */
public record VerifyOptions(String point, Integer outdatedAfterDays) {
}
