package io.vmferry.stream.api.pki;

import java.nio.file.Path;

/**
 * A certificate and key written by {@link CertificateAuthority}.
 *
 * @param name        service name ({@code extent-reader-svc}); also the file stem and CN
 * @param certificate path of {@code <name>.crt}
 * @param key         path of {@code <name>.key} (mode 0600)
 * @param fingerprint SHA-256 fingerprint of the certificate ({@code AB:CD:...}), for pinning
 */
public record IssuedCertificate(String name, Path certificate, Path key, String fingerprint) {
}
