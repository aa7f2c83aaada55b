package io.vmferry.formats.api;

/**
 * What a {@link Copier#copy} did.
 *
 * @param dataBytes bytes handed to {@link BlockWriter#write}
 * @param zeroBytes bytes handed to {@link BlockWriter#zero} (holes, zero extents and detected zeros)
 */
public record CopyStats(long dataBytes, long zeroBytes) {
}
