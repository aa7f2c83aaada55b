package io.vmferry.qemu.pve;

/** Proxmox size strings: {@code 32G}, {@code 528K}, {@code 4M}, {@code 1T}, plain bytes. */
public final class Sizes {
    private Sizes() {
    }

    /** Bytes of a size string, or null when it is not one. */
    public static Long parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        char unit = Character.toUpperCase(s.charAt(s.length() - 1));
        String digits = Character.isDigit(unit) ? s : s.substring(0, s.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            return null;
        }
        double n;
        try {
            n = Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            return null;
        }
        long mult = switch (unit) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> Character.isDigit(unit) ? 1L : -1L;
        };
        return mult < 0 ? null : (long) (n * mult);
    }

    /** A human size: {@code 1.5 GiB}. */
    public static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : (v == Math.rint(v) ? String.format("%.0f %s", v, units[u])
                : String.format("%.1f %s", v, units[u]));
    }
}
