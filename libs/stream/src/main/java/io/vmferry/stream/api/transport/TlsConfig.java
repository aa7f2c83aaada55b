package io.vmferry.stream.api.transport;

import io.vmferry.bus.IoMessages;
import io.vmferry.stream.api.PkiException;
import io.vmferry.stream.api.pki.Fingerprints;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One side's mutual-TLS material: its own certificate and key, the CA that peers must chain to, and
 * optionally the SHA-256 fingerprints of the only peer certificates accepted (pinning). Immutable.
 * The OpenSSL (BoringSSL) engine is used when its native library loads, else the JDK engine.
 */
public final class TlsConfig {
    private final Buffer certPem;
    private final Buffer keyPem;
    private final Buffer caPem;
    private final Set<String> pinnedPeers;
    private final boolean preferOpenSsl;

    private TlsConfig(Buffer certPem, Buffer keyPem, Buffer caPem, Set<String> pinnedPeers, boolean preferOpenSsl) {
        this.certPem = certPem;
        this.keyPem = keyPem;
        this.caPem = caPem;
        this.pinnedPeers = pinnedPeers;
        this.preferOpenSsl = preferOpenSsl;
    }

    /** From PEM text: leaf certificate (chain), PKCS#8 private key, trusted CA certificate(s). */
    public static TlsConfig of(Buffer certPem, Buffer keyPem, Buffer caPem) {
        return new TlsConfig(certPem.copy(), keyPem.copy(), caPem.copy(), Set.of(), true);
    }

    /**
     * From a directory written by {@code CertificateAuthority}: {@code <name>.crt}, {@code <name>.key}
     * and {@code ca.crt}.
     */
    public static TlsConfig fromDirectory(Path dir, String name) {
        return of(read(dir.resolve(name + ".crt")), read(dir.resolve(name + ".key")), read(dir.resolve("ca.crt")));
    }

    /** This config accepting only peers whose certificate has one of {@code fingerprints} (any spelling). */
    public TlsConfig pinPeers(Collection<String> fingerprints) {
        Set<String> pins = fingerprints.stream().map(Fingerprints::normalize).collect(Collectors.toUnmodifiableSet());
        return new TlsConfig(certPem, keyPem, caPem, pins, preferOpenSsl);
    }

    /** This config with the OpenSSL engine allowed (default) or forced off. */
    public TlsConfig preferOpenSsl(boolean value) {
        return new TlsConfig(certPem, keyPem, caPem, pinnedPeers, value);
    }

    /** Normalized pinned fingerprints; empty means any certificate from the CA is accepted. */
    public Set<String> pinnedPeers() {
        return pinnedPeers;
    }

    /** True when connections will use the OpenSSL engine. */
    public boolean usesOpenSsl() {
        return preferOpenSsl && OpenSSLEngineOptions.isAvailable();
    }

    /** Fresh Vert.x key/cert options for this identity. */
    public PemKeyCertOptions keyCertOptions() {
        return new PemKeyCertOptions().addCertValue(certPem.copy()).addKeyValue(keyPem.copy());
    }

    /** Fresh Vert.x trust options for the CA. */
    public PemTrustOptions trustOptions() {
        return new PemTrustOptions().addCertValue(caPem.copy());
    }

    private static Buffer read(Path file) {
        try {
            return Buffer.buffer(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new PkiException("cannot read " + file + ": " + IoMessages.about(file, e), e);
        }
    }
}
