package io.vmferry.bridge.repo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locks on single restore points, so that a prune never deletes a point a restore or a verify is reading (Proxmox
 * Backup Server's snapshot locks): readers hold a point shared, removal needs it exclusively and gives up at once when
 * it is read. Between processes each point is one byte of {@code <repo>/.points.lock}, at an offset derived from its
 * VM key and id, locked with a byte-range lock (two points sharing an offset only make each other look busy); inside
 * a JVM, which holds such a lock once for all its threads, a count of readers per offset. The file is never deleted
 * and always used through one channel per JVM (closing another channel on it would drop every lock the process
 * holds on it). A repository whose lock file cannot be written (mounted read-only) is read without locks: nothing
 * can remove points from it.
 */
final class PointLocks {
    /** The lock file's name in the repository. */
    static final String FILE = ".points.lock";
    private static final Map<Path, PointLocks> BY_ROOT = new ConcurrentHashMap<>();
    /** Longest pause between two tries for a point another process is removing. */
    private static final long MAX_POLL_MS = 50;

    private final Path file;
    private final Map<Long, Slot> slots = new HashMap<>();
    private FileChannel channel;

    /**
     * The locks of one offset inside this JVM: readers sharing the file lock (none yet while the first reader takes
     * it), or one remover holding it.
     */
    private static final class Slot {
        FileLock lock;
        int readers;
        boolean removing;
    }

    private PointLocks(Path file) {
        this.file = file;
    }

    /** The locks of the repository at {@code layout} (one instance per repository in this JVM). */
    static PointLocks of(RepositoryLayout layout) {
        return BY_ROOT.computeIfAbsent(layout.root(), root -> new PointLocks(root.resolve(FILE)));
    }

    /**
     * Takes {@code point} shared, waiting while it is being removed; false when the repository cannot hold locks
     * (nothing taken, nothing to release). Only the threads that want this very point wait: a removal in another
     * process is waited for outside this object's monitor, so other points are taken and given back meanwhile.
     */
    boolean read(Point point) throws IOException {
        long offset = offset(point);
        FileChannel ch;
        Slot slot;
        synchronized (this) {
            while ((slot = slots.get(offset)) != null) {
                if (!slot.removing && slot.lock != null) {
                    slot.readers++;
                    return true;
                }
                // removed by a thread of this JVM, or another thread is taking the file lock for it
                awaitChange(point);
            }
            ch = channel(false);
            if (ch == null) {
                return false;
            }
            slot = new Slot(); // no lock yet: this thread is taking it
            slot.readers = 1;
            slots.put(offset, slot);
        }
        FileLock lock = null;
        try {
            lock = lockShared(ch, offset, point);
        } finally {
            synchronized (this) {
                if (lock == null) {
                    slots.remove(offset);
                } else {
                    slot.lock = lock;
                }
                notifyAll();
            }
        }
        return true;
    }

    /**
     * The shared file lock on {@code offset}, waiting while another process holds it for removal. Polled rather than
     * blocked for: an interrupt during a blocking {@code FileChannel.lock} closes the channel, and with it every lock
     * this JVM holds on the file; a prune holds a point only while it rewrites the index and deletes the directory.
     */
    private static FileLock lockShared(FileChannel ch, long offset, Point point) throws IOException {
        for (long pauseMs = 1; ; pauseMs = Math.min(pauseMs * 2, MAX_POLL_MS)) {
            FileLock lock = ch.tryLock(offset, 1, true);
            if (lock != null) {
                return lock;
            }
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(point);
            }
        }
    }

    private void awaitChange(Point point) throws IOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(point);
        }
    }

    private static IOException interrupted(Point point) {
        return new IOException("interrupted while waiting for a prune of point " + point.id());
    }

    /** Releases a {@link #read} that returned true. */
    synchronized void endRead(Point point) throws IOException {
        long offset = offset(point);
        Slot slot = slots.get(offset);
        if (slot == null || slot.readers == 0) {
            throw new IllegalStateException("point " + point.id() + " is not held for reading");
        }
        if (--slot.readers == 0) {
            slots.remove(offset);
            slot.lock.release();
            notifyAll();
        }
    }

    /** Takes {@code point} exclusively if nobody (in any process) reads or removes it; false otherwise. */
    synchronized boolean tryRemove(Point point) throws IOException {
        long offset = offset(point);
        if (slots.containsKey(offset)) {
            return false;
        }
        FileLock lock = channel(true).tryLock(offset, 1, false);
        if (lock == null) {
            return false;
        }
        Slot slot = new Slot();
        slot.lock = lock;
        slot.removing = true;
        slots.put(offset, slot);
        return true;
    }

    /** Releases a {@link #tryRemove} that returned true. */
    synchronized void endRemove(Point point) throws IOException {
        long offset = offset(point);
        Slot slot = slots.get(offset);
        if (slot == null || !slot.removing) {
            throw new IllegalStateException("point " + point.id() + " is not held for removal");
        }
        slots.remove(offset);
        slot.lock.release();
        notifyAll();
    }

    /** The channel on the lock file, opened once; null for a reader when the file cannot be created or written. */
    private FileChannel channel(boolean forRemoval) throws IOException {
        if (channel == null) {
            try {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } catch (AccessDeniedException | NoSuchFileException e) {
                if (forRemoval) {
                    throw e;
                }
                return null;
            } catch (FileSystemException e) {
                if (forRemoval || !String.valueOf(e.getReason()).contains("Read-only")) {
                    throw e;
                }
                return null;
            }
        }
        return channel;
    }

    /** A point's byte: the first 62 bits of SHA-256 of {@code <vm key>/<id>}. */
    static long offset(Point point) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256")
                    .digest((point.vm() + "/" + point.id()).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha).getLong() & 0x3FFF_FFFF_FFFF_FFFFL;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
