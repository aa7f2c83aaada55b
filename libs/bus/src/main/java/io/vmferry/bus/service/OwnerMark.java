package io.vmferry.bus.service;

import java.time.Instant;
import java.util.Objects;

/**
 * A process as it can be recognised later: its PID and start time (a later process that reuses the PID is another
 * one). Files that mark work in progress carry it (see {@link MarkFiles}), so that whoever finds such a file after a
 * crash can tell an owner that still works from one that died ({@code kill -9}, the OOM killer) before cleaning up.
 *
 * @param pid     the process id
 * @param started when the process started
 */
public record OwnerMark(long pid, Instant started) {

    /** This JVM. */
    public static OwnerMark thisProcess() {
        ProcessHandle me = ProcessHandle.current();
        return new OwnerMark(me.pid(), me.info().startInstant().orElse(null));
    }

    /** True while the marked process runs. */
    public boolean alive() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> Objects.equals(p.info().startInstant().orElse(null), started)).orElse(false);
    }
}
