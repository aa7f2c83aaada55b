package io.vmferry.convert;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** One-line messages for errors met while converting. */
final class Messages {
    private Messages() {
    }

    /**
     * {@code name: reason}, without repeating {@code name} when the reason already starts with it or
     * with one of {@code aliases} (the same file spelled absolutely), which is then replaced by {@code name}.
     */
    static String prefixed(String name, Throwable e, String... aliases) {
        String reason = reason(e);
        if (reason.startsWith(name + ":") || reason.startsWith(name + " ")) {
            return reason;
        }
        for (String alias : aliases) {
            if (!alias.equals(name) && reason.startsWith(alias + ":")) {
                return name + reason.substring(alias.length());
            }
        }
        return name + ": " + reason;
    }

    /** The absolute and real spellings of {@code file}, for {@link #prefixed}. */
    static String[] aliases(Path file) {
        String abs = file.toAbsolutePath().normalize().toString();
        try {
            return new String[] {file.toRealPath().toString(), abs};
        } catch (IOException | RuntimeException e) {
            return new String[] {abs};
        }
    }

    /** The first line of the message, or a description of the exception type when there is none. */
    static String reason(Throwable e) {
        String msg = e.getMessage();
        if (e instanceof NoSuchFileException) {
            return msg + ": no such file";
        }
        if (e instanceof AccessDeniedException) {
            return msg + ": permission denied";
        }
        if (e instanceof EOFException) {
            return "unexpected end of file" + (msg == null ? "" : " (" + msg + ")");
        }
        if (e instanceof OutOfMemoryError) {
            return "needs more memory than the image format allows (" + msg + ")";
        }
        if (msg == null || msg.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }
}
