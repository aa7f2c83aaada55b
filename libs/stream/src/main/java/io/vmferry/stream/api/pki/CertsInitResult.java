package io.vmferry.stream.api.pki;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link CertificateAuthority#initDirectory} created.
 *
 * @param directory     the certificate directory
 * @param caFingerprint SHA-256 fingerprint of {@code ca.crt}
 * @param issued        the service certificates, in the order asked for
 */
public record CertsInitResult(Path directory, String caFingerprint, List<IssuedCertificate> issued) {

    /** Copies the list. */
    public CertsInitResult {
        issued = List.copyOf(issued);
    }

    /** Human-readable summary, one line per file, for the CLI. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("CA          " + directory.resolve(CertificateAuthority.CA_CERT_FILE) + "  sha256 " + caFingerprint);
        for (IssuedCertificate c : issued) {
            lines.add(String.format("%-11s %s  sha256 %s", c.name(), c.certificate(), c.fingerprint()));
        }
        return lines;
    }
}
