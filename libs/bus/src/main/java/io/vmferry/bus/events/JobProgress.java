package io.vmferry.bus.events;

/** Payload of {@code jobs.progress}: how far one disk's transfer is. */
public record JobProgress(String disk, String phase, long bytesDone, long bytesTotal) {
}
