package io.vmferry.formats.internal;

/** Parses option sizes the way {@code qemu-img -o} writes them: bytes, or a K/M/G/T suffix (powers of 1024). */
public final class Sizes {
    private Sizes() {
    }

    /** {@code "65536"}, {@code "64K"}, {@code "32M"}, {@code "1G"}, ... */
    public static long parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty size");
        }
        int shift = switch (Character.toUpperCase(t.charAt(t.length() - 1))) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad size '" + text + "'");
        }
        if (value < 0 || value > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size out of range '" + text + "'");
        }
        return value << shift;
    }
}
