package io.vmferry.bus.config;

/**
 * Backup job settings.
 *
 * @param jobTimeoutSeconds  a VM's snapshot is released as failed when its data has not landed by then
 * @param parallelDisks      disks of one VM read at the same time
 * @param compress           LZ4-compress data frames of extent streams
 */
public record BackupConfig(Integer jobTimeoutSeconds, Integer parallelDisks, Boolean compress) {
    public static final int DEFAULT_JOB_TIMEOUT_SECONDS = 6 * 3600;
    public static final int DEFAULT_PARALLEL_DISKS = 2;

    public BackupConfig {
        jobTimeoutSeconds = jobTimeoutSeconds == null ? DEFAULT_JOB_TIMEOUT_SECONDS : jobTimeoutSeconds;
        parallelDisks = parallelDisks == null ? DEFAULT_PARALLEL_DISKS : parallelDisks;
        compress = compress == null ? Boolean.TRUE : compress;
        if (jobTimeoutSeconds < 1) {
            throw new ConfigException("backup.job-timeout-seconds must be positive, not " + jobTimeoutSeconds);
        }
        if (parallelDisks < 1 || parallelDisks > 64) {
            throw new ConfigException("backup.parallel-disks must be 1..64, not " + parallelDisks);
        }
    }

    public static BackupConfig defaults() {
        return new BackupConfig(null, null, null);
    }
}
