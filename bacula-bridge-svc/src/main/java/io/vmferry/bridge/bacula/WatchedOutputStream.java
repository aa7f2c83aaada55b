package io.vmferry.bridge.bacula;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Times every write and flush for a {@link JobWatchdog}, so a pipe nobody drains is noticed. */
final class WatchedOutputStream extends FilterOutputStream {
    private final JobWatchdog watchdog;

    WatchedOutputStream(OutputStream out, JobWatchdog watchdog) {
        super(out);
        this.watchdog = watchdog;
    }

    @Override
    public void write(int b) throws IOException {
        watchdog.writeStarted();
        try {
            out.write(b);
        } finally {
            watchdog.writeFinished();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        watchdog.writeStarted();
        try {
            out.write(b, off, len);
        } finally {
            watchdog.writeFinished();
        }
    }

    @Override
    public void flush() throws IOException {
        watchdog.writeStarted();
        try {
            out.flush();
        } finally {
            watchdog.writeFinished();
        }
    }
}
