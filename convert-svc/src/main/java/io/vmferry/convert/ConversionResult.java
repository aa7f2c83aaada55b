package io.vmferry.convert;

import java.nio.file.Path;

/**
 * What a conversion produced.
 *
 * @param source       the image read
 * @param target       the file written (under its final name)
 * @param sourceFormat format detected or forced ({@code vfs} for a stream file)
 * @param targetFormat format written
 * @param virtualSize  guest-visible size in bytes
 * @param dataBytes    bytes copied as data
 * @param zeroBytes    bytes skipped as holes, zero extents or detected zeros
 * @param seconds      wall time of the copy (open to finish, without hashing)
 * @param outputBytes  size of the target file
 * @param sha256       SHA-256 (lower-case hex) of the target file, or null when not computed
 */
public record ConversionResult(Path source, Path target, String sourceFormat, String targetFormat, long virtualSize,
                               long dataBytes, long zeroBytes, double seconds, long outputBytes, String sha256) {

    /** Throughput in MB/s (10^6 bytes) of virtual size per second. */
    public double mbPerSecond() {
        return seconds <= 0 ? 0 : virtualSize / seconds / 1e6;
    }
}
