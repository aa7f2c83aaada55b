package io.vmferry.bus;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * One-line texts for I/O failures, as users read them: the file and the system's reason ("No space left on device",
 * "no such file or directory"), never the name of the Java class that carried them.
 */
public final class IoMessages {
    private IoMessages() {
    }

    /** {@code file: reason} for a file system failure, else the failure's own message. */
    public static String of(Throwable e) {
        if (e instanceof FileSystemException f) {
            String where = f.getFile() == null ? "" : f.getFile()
                    + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": ";
            return where + reason(f);
        }
        return e.getMessage() != null ? e.getMessage().replace('\n', ' ') : e.getClass().getSimpleName();
    }

    /** As {@link #of}, without the file when it is {@code subject} (the message already names it). */
    public static String about(Path subject, Throwable e) {
        if (e instanceof FileSystemException f && f.getOtherFile() == null && f.getFile() != null
                && Path.of(f.getFile()).equals(subject)) {
            return reason(f);
        }
        return of(e);
    }

    /**
     * {@code e} as a failure of {@code file}: the channel reports a bare "No space left on device", which names no
     * file system. Failures of a more specific type (they name their subject already) come back unchanged.
     */
    public static IOException naming(Path file, IOException e) {
        if (e.getClass() != IOException.class) {
            return e;
        }
        return (IOException) new FileSystemException(file.toString(), null, e.getMessage()).initCause(e);
    }

    private static String reason(FileSystemException f) {
        if (f.getReason() != null) {
            return f.getReason();
        }
        return switch (f) {
            case NoSuchFileException x -> "no such file or directory";
            case AccessDeniedException x -> "permission denied";
            case FileAlreadyExistsException x -> "already exists";
            case DirectoryNotEmptyException x -> "directory not empty";
            case NotDirectoryException x -> "not a directory";
            default -> f.getClass().getSimpleName();
        };
    }
}
