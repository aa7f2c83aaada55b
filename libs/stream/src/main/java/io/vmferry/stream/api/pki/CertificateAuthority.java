package io.vmferry.stream.api.pki;

import io.vmferry.bus.IoMessages;
import io.vmferry.stream.api.PkiException;
import io.vmferry.stream.impl.pki.CertificateBuilder;
import io.vmferry.stream.impl.pki.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The project's own certificate authority in a directory: {@code ca.crt} and {@code ca.key} (EC
 * P-256, valid 10 years) plus one {@code <name>.crt}/{@code <name>.key} per service (valid
 * {@link #LEAF_VALIDITY}, SAN {@code DNS:<name>, DNS:localhost, IP:127.0.0.1} and any extra names,
 * EKU serverAuth and clientAuth). Files are PEM; keys are PKCS#8 with mode 0600; every file is
 * written under a temporary name and renamed, and nothing existing is ever overwritten.
 * {@link #initDirectory(Path)} is what {@code vmferry certs init DIR} runs.
 */
public final class CertificateAuthority {
    /** CA certificate file name inside the directory. */
    public static final String CA_CERT_FILE = "ca.crt";
    /** CA private key file name inside the directory (mode 0600). */
    public static final String CA_KEY_FILE = "ca.key";
    /** Certificates {@link #initDirectory(Path)} issues: the six services and the CLI. */
    public static final List<String> DEFAULT_NAMES = List.of("inventory-svc", "snapshot-svc", "extent-reader-svc",
            "dr-receiver-svc", "convert-svc", "bacula-bridge-svc", "cli");
    /** Validity of a new CA certificate. */
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Validity of a service certificate (825 days, the usual maximum for TLS leaves). */
    public static final Duration LEAF_VALIDITY = Duration.ofDays(825);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");

    private final Path dir;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(Path dir, X509Certificate certificate, PrivateKey key) {
        this.dir = dir;
        this.certificate = certificate;
        this.key = key;
    }

    /**
     * Creates a CA plus the {@link #DEFAULT_NAMES} certificates in {@code dir} (created if missing).
     * Refuses, before writing anything, when any of those files exists.
     */
    public static CertsInitResult initDirectory(Path dir) {
        return initDirectory(dir, DEFAULT_NAMES);
    }

    /** Like {@link #initDirectory(Path)} with the given certificate names. */
    public static CertsInitResult initDirectory(Path dir, List<String> names) {
        Set<String> unique = new LinkedHashSet<>(names);
        unique.forEach(CertificateAuthority::checkName);
        refuseExisting(dir, CA_CERT_FILE, CA_KEY_FILE);
        for (String name : unique) {
            refuseExisting(dir, name + ".crt", name + ".key");
        }
        CertificateAuthority ca = init(dir);
        List<IssuedCertificate> issued = new ArrayList<>();
        for (String name : unique) {
            issued.add(ca.issue(name));
        }
        return new CertsInitResult(dir, ca.fingerprint(), issued);
    }

    /** Creates {@code ca.crt} and {@code ca.key} in {@code dir}; refuses when either exists. */
    public static CertificateAuthority init(Path dir) {
        refuseExisting(dir, CA_CERT_FILE, CA_KEY_FILE);
        createDirectory(dir);
        KeyPair keys = CertificateBuilder.newKeyPair();
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        X509Certificate cert = CertificateBuilder.authority(keys,
                "CN=vmferry CA " + HexFormat.of().formatHex(id) + ",O=vmferry", CA_VALIDITY);
        PemFiles.writeKey(dir.resolve(CA_KEY_FILE), keys.getPrivate());
        PemFiles.writeCertificate(dir.resolve(CA_CERT_FILE), cert);
        return new CertificateAuthority(dir, cert, keys.getPrivate());
    }

    /** Loads the CA of {@code dir} to issue more certificates. */
    public static CertificateAuthority load(Path dir) {
        return new CertificateAuthority(dir, PemFiles.readCertificate(dir.resolve(CA_CERT_FILE)),
                PemFiles.readKey(dir.resolve(CA_KEY_FILE)));
    }

    /** Issues {@code <name>.crt}/{@code <name>.key} with the default SAN entries. */
    public IssuedCertificate issue(String name) {
        return issue(name, List.of());
    }

    /** Issues {@code <name>.crt}/{@code <name>.key}; {@code extraNames} add DNS names or IP literals to the SAN. */
    public IssuedCertificate issue(String name, List<String> extraNames) {
        checkName(name);
        refuseExisting(dir, name + ".crt", name + ".key");
        Set<String> sans = new LinkedHashSet<>(List.of(name, "localhost", "127.0.0.1"));
        sans.addAll(extraNames);
        KeyPair keys = CertificateBuilder.newKeyPair();
        X509Certificate cert = CertificateBuilder.leaf(certificate, key, keys.getPublic(), "CN=" + name + ",O=vmferry",
                List.copyOf(sans), LEAF_VALIDITY);
        Path keyFile = dir.resolve(name + ".key");
        Path certFile = dir.resolve(name + ".crt");
        PemFiles.writeKey(keyFile, keys.getPrivate());
        PemFiles.writeCertificate(certFile, cert);
        return new IssuedCertificate(name, certFile, keyFile, Fingerprints.sha256(cert));
    }

    /** The CA certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** SHA-256 fingerprint of the CA certificate. */
    public String fingerprint() {
        return Fingerprints.sha256(certificate);
    }

    /** The certificate directory. */
    public Path directory() {
        return dir;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals("ca")) {
            throw new PkiException("bad certificate name '" + name + "': use lower-case letters, digits, '-' and '.'");
        }
    }

    private static void refuseExisting(Path dir, String... files) {
        for (String file : files) {
            if (Files.exists(dir.resolve(file))) {
                throw new PkiException("refusing to overwrite " + dir.resolve(file) + (file.startsWith("ca.")
                        ? ": a CA already exists in " + dir + " (move it away or choose another directory)" : ""));
            }
        }
    }

    private static void createDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
            }
        } catch (IOException e) {
            throw new PkiException("cannot create " + dir + ": " + IoMessages.about(dir, e), e);
        }
    }
}
