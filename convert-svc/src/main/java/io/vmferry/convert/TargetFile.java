package io.vmferry.convert;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The file a conversion writes, published atomically: bytes go to {@code <dir>/.<name>.vmferry-*\/<name>}
 * (a private directory next to the target, so the file already has its final name, which VMDK
 * descriptors embed), {@link #commit()} renames it into place, and {@link #close()} without commit
 * deletes it. A JVM shutdown (Ctrl-C, SIGTERM) deletes every uncommitted file too, so a failed or
 * interrupted conversion leaves nothing behind.
 */
public final class TargetFile implements Closeable {
    private static final Set<TargetFile> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(TargetFile::abandon),
                "vmferry-convert-cleanup"));
    }

    private final Path target;
    private final Path dir;
    private final Path temp;
    private final boolean replace;
    private boolean committed;
    private boolean abandoned;

    private TargetFile(Path target, Path dir, boolean replace) {
        this.target = target;
        this.dir = dir;
        this.temp = dir.resolve(target.getFileName());
        this.replace = replace;
    }

    /**
     * Prepares {@code target}: it must not exist unless {@code replace}, and its directory must.
     * Problems with the request are {@link ConvertException.Kind#BAD_REQUEST}.
     */
    public static TargetFile create(Path target, boolean replace) throws ConvertException {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        if (abs.getFileName() == null || parent == null) {
            throw request(target + ": not a file name");
        }
        if (Files.isDirectory(abs)) {
            throw request(target + ": is a directory");
        }
        if (!replace && Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw request(target + ": exists (use --force to replace it)");
        }
        if (!Files.isDirectory(parent)) {
            throw request(target + ": directory " + parent + " does not exist");
        }
        try {
            Path dir = createPrivateDirectory(parent, "." + abs.getFileName() + ".vmferry-");
            TargetFile file = new TargetFile(abs, dir, replace);
            OPEN.add(file);
            return file;
        } catch (IOException e) {
            throw new ConvertException(ConvertException.Kind.TARGET_FAILED, target + ": cannot create a file in "
                    + parent + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code parent/<prefix><random>}, readable by the owner only. Unlike
     * {@link Files#createTempDirectory} it does not start {@link java.security.SecureRandom} (about
     * 0.1 s): the name needs to be unique, not unpredictable, as creating a directory never follows
     * or reuses an existing entry; a taken name is retried with another.
     */
    private static Path createPrivateDirectory(Path parent, String prefix) throws IOException {
        boolean posix = parent.getFileSystem().supportedFileAttributeViews().contains("posix");
        for (int attempt = 0; ; attempt++) {
            Path dir = parent.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
            try {
                return posix ? Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------"))) : Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /** Where to write now (the final name inside the private directory). */
    public Path path() {
        return temp;
    }

    /** The final name. */
    public Path target() {
        return target;
    }

    /** Renames the written file to the target and syncs the directory. */
    public synchronized void commit() throws IOException {
        if (abandoned) {
            throw new ConvertException(ConvertException.Kind.TARGET_FAILED, target + ": interrupted");
        }
        if (!replace && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "appeared during the conversion");
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        OPEN.remove(this);
        Files.deleteIfExists(dir);
        syncDirectory(target.getParent());
    }

    /** Deletes the file unless it was committed. */
    @Override
    public void close() {
        abandon();
    }

    private synchronized void abandon() {
        if (!committed && !abandoned) {
            abandoned = true;
            try {
                Files.deleteIfExists(temp);
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // best effort: the name is hidden and unique; nothing else can be done here
            }
        }
        OPEN.remove(this);
    }

    private static ConvertException request(String message) {
        return new ConvertException(ConvertException.Kind.BAD_REQUEST, message);
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: not every file system can sync a directory
        }
    }
}
