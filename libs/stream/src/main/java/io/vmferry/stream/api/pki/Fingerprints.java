package io.vmferry.stream.api.pki;

import io.vmferry.stream.api.PkiException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 certificate fingerprints: the SHA-256 of the DER encoding, shown as upper-case hex pairs
 * separated by colons ({@code AB:CD:...}, as {@code openssl x509 -fingerprint -sha256} and Proxmox
 * print them). Comparisons go through {@link #normalize}, so any of the usual spellings may be
 * configured for pinning.
 */
public final class Fingerprints {
    private static final HexFormat DISPLAY = HexFormat.ofDelimiter(":").withUpperCase();

    private Fingerprints() {
    }

    /** {@code AB:CD:...} fingerprint of {@code certificate}. */
    public static String sha256(Certificate certificate) {
        try {
            return sha256(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new PkiException("cannot encode certificate: " + e.getMessage(), e);
        }
    }

    /** {@code AB:CD:...} fingerprint of a DER-encoded certificate. */
    public static String sha256(byte[] der) {
        try {
            return DISPLAY.formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }

    /**
     * The canonical form used for comparisons: 64 lower-case hex digits. Accepts colons, spaces and
     * either case, and an optional {@code sha256:} or {@code sha256//} prefix.
     *
     * @throws IllegalArgumentException when what remains is not 64 hex digits
     */
    public static String normalize(String fingerprint) {
        String s = fingerprint.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("sha256//")) {
            s = s.substring("sha256//".length());
        } else if (s.startsWith("sha256:")) {
            s = s.substring("sha256:".length());
        }
        s = s.replace(":", "").replace(" ", "");
        if (s.length() != 64 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint: '" + fingerprint + "'");
        }
        return s;
    }

    /** True when both spell the same fingerprint. */
    public static boolean matches(String a, String b) {
        return normalize(a).equals(normalize(b));
    }
}
