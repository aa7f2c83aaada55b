package io.vmferry.bus.config;

/**
 * Backup job settings.
 *
 * @param jobTimeoutSeconds  a VM's snapshot is released as failed when its data has not landed by then
 * @param parallelDisks      disks of one VM read at the same time
 * @param compress           LZ4-compress data frames of extent streams
 * @param rateLimitMib       MiB per second a reader may read from the VMs' disks, all its disks together; 0: no limit
 */
public record BackupConfig(Integer jobTimeoutSeconds, Integer parallelDisks, Boolean compress, Integer rateLimitMib) {
    public static final int DEFAULT_JOB_TIMEOUT_SECONDS = 6 * 3600;
    public static final int DEFAULT_PARALLEL_DISKS = 2;

    public BackupConfig {
        jobTimeoutSeconds = jobTimeoutSeconds == null ? DEFAULT_JOB_TIMEOUT_SECONDS : jobTimeoutSeconds;
        parallelDisks = parallelDisks == null ? DEFAULT_PARALLEL_DISKS : parallelDisks;
        compress = compress == null ? Boolean.TRUE : compress;
        rateLimitMib = rateLimitMib == null ? 0 : rateLimitMib;
        if (jobTimeoutSeconds < 1) {
            throw new ConfigException("backup.job-timeout-seconds must be positive, not " + jobTimeoutSeconds);
        }
        if (parallelDisks < 1 || parallelDisks > 64) {
            throw new ConfigException("backup.parallel-disks must be 1..64, not " + parallelDisks);
        }
        if (rateLimitMib < 0) {
            throw new ConfigException("backup.rate-limit-mib must be 0 (no limit) or more, not " + rateLimitMib);
        }
    }

    /** {@link #rateLimitMib} in bytes per second. */
    public long rateLimitBytesPerSecond() {
        return (long) rateLimitMib << 20;
    }

    public static BackupConfig defaults() {
        return new BackupConfig(null, null, null, null);
    }
}
