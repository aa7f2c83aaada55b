package io.vmferry.snapshot;

import io.vertx.core.Vertx;
import io.vmferry.bus.IoMessages;
import io.vmferry.qemu.ga.FsFreezeStatus;
import io.vmferry.qemu.ga.GuestAgentClient;
import io.vmferry.qemu.ga.GuestAgentOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freezes guest file systems through the QEMU guest agent for an application-consistent
 * snapshot. A missing, silent or refusing agent is not an error: the snapshot is then
 * crash-consistent and a warning says why. Blocking; call from a worker or virtual thread.
 */
final class Quiescer implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Quiescer.class);

    private final GuestAgentClient agent;
    private final String warning;
    private boolean frozen;

    private Quiescer(GuestAgentClient agent, String warning) {
        this.agent = agent;
        this.warning = warning;
    }

    /** Freezes the guest behind {@code socket}, or explains why it could not. */
    static Quiescer freeze(Vertx vertx, Path socket, Duration syncTimeout) {
        if (!Files.exists(socket)) {
            return new Quiescer(null, "no guest agent socket " + socket + ": crash-consistent snapshot");
        }
        GuestAgentClient agent = null;
        try {
            agent = connect(vertx, socket, syncTimeout);
            Quiescer q = new Quiescer(agent, null);
            agent.fsfreezeFreeze().await(GuestAgentOptions.DEFAULT_FREEZE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            q.frozen = true;
            return q;
        } catch (Exception e) {
            if (agent != null) {
                thawQuietly(agent);
                agent.close();
            }
            return new Quiescer(null, "guest agent did not freeze the file systems (" + message(e)
                    + "): crash-consistent snapshot");
        }
    }

    /**
     * Thaws the guest behind {@code socket} if its file systems are frozen (a run killed between freeze and thaw left
     * them so); true when it did. A missing or silent agent means there is nothing to thaw.
     */
    static boolean thawIfFrozen(Vertx vertx, Path socket, Duration syncTimeout) {
        if (!Files.exists(socket)) {
            return false;
        }
        GuestAgentClient agent = null;
        try {
            agent = connect(vertx, socket, syncTimeout);
            if (agent.fsfreezeStatus().await(syncTimeout.toMillis() * 2, TimeUnit.MILLISECONDS)
                    != FsFreezeStatus.FROZEN) {
                return false;
            }
            agent.fsfreezeThaw().await(30, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            LOGGER.debug("guest agent {} not asked about its freeze state: {}", socket, message(e));
            return false;
        } finally {
            if (agent != null) {
                agent.close();
            }
        }
    }

    /** The agent behind {@code socket}, synced; an absent agent hangs rather than refuses, hence the bound. */
    private static GuestAgentClient connect(Vertx vertx, Path socket, Duration syncTimeout) throws Exception {
        return GuestAgentClient.connect(vertx, socket.toString(), GuestAgentOptions.DEFAULT.withSyncTimeout(syncTimeout))
                .await(syncTimeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
    }

    /** Skips quiescing (requested with {@code --quiesce no}). */
    static Quiescer skip() {
        return new Quiescer(null, null);
    }

    boolean frozen() {
        return frozen;
    }

    /** Warnings for the job's events: empty when the guest was frozen or quiescing was not asked for. */
    List<String> warnings() {
        return warning == null ? List.of() : List.of(warning);
    }

    /** Thaws at once; idempotent. A thaw failure is logged and reported, never hidden. */
    void thaw() {
        if (frozen) {
            frozen = false;
            thawQuietly(agent);
        }
    }

    private static void thawQuietly(GuestAgentClient agent) {
        try {
            agent.fsfreezeThaw().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOGGER.error("guest thaw failed: {}", message(e));
        }
    }

    @Override
    public void close() {
        thaw();
        if (agent != null) {
            agent.close();
        }
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return IoMessages.of(t);
    }
}
