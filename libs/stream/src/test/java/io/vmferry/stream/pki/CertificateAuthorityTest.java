package io.vmferry.stream.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.api.PkiException;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.stream.api.pki.CertsInitResult;
import io.vmferry.stream.api.pki.Fingerprints;
import io.vmferry.stream.api.pki.IssuedCertificate;
import io.vmferry.stream.impl.pki.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path tmp;

    @Test
    void initDirectoryWritesCaAndServiceCertificates() throws Exception {
        Path dir = tmp.resolve("certs");
        CertsInitResult result = CertificateAuthority.initDirectory(dir, List.of("extent-reader-svc", "cli"));

        assertEquals(List.of("extent-reader-svc", "cli"), result.issued().stream().map(IssuedCertificate::name).toList());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("cli.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals(List.of("ca.crt", "ca.key", "cli.crt", "cli.key", "extent-reader-svc.crt", "extent-reader-svc.key"),
                Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList(), "no temp files left");
        assertTrue(Files.readString(dir.resolve("cli.key")).startsWith("-----BEGIN PRIVATE KEY-----"));

        X509Certificate ca = PemFiles.readCertificate(dir.resolve("ca.crt"));
        X509Certificate leaf = PemFiles.readCertificate(dir.resolve("extent-reader-svc.crt"));
        leaf.verify(ca.getPublicKey());
        ca.verify(ca.getPublicKey());
        assertEquals(0, ca.getBasicConstraints());
        assertEquals(-1, leaf.getBasicConstraints());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), leaf.getExtendedKeyUsage());
        assertEquals(List.of(List.of(2, "extent-reader-svc"), List.of(2, "localhost"), List.of(7, "127.0.0.1")),
                leaf.getSubjectAlternativeNames().stream().toList());
        assertEquals("EC", leaf.getPublicKey().getAlgorithm());
        assertEquals(result.issued().get(0).fingerprint(), Fingerprints.sha256(leaf));
        assertEquals(result.caFingerprint(), Fingerprints.sha256(ca));
        assertEquals(3, result.describe().size());
    }

    @Test
    void refusesToOverwriteAnExistingCa() throws Exception {
        CertificateAuthority.initDirectory(tmp, List.of("a"));
        String before = Files.readString(tmp.resolve("ca.key"));
        PkiException e = assertThrows(PkiException.class, () -> CertificateAuthority.initDirectory(tmp));
        assertTrue(e.getMessage().contains("a CA already exists in " + tmp), e.getMessage());
        assertEquals(before, Files.readString(tmp.resolve("ca.key")));
        assertThrows(PkiException.class, () -> CertificateAuthority.load(tmp).issue("a"));
    }

    @Test
    void loadedCaIssuesMoreCertificatesWithExtraNames() throws Exception {
        CertificateAuthority.init(tmp);
        IssuedCertificate c = CertificateAuthority.load(tmp).issue("dr-site-b", List.of("dr.example.org", "10.0.0.5"));
        X509Certificate leaf = PemFiles.readCertificate(c.certificate());
        leaf.verify(PemFiles.readCertificate(tmp.resolve("ca.crt")).getPublicKey());
        assertTrue(leaf.getSubjectAlternativeNames().contains(List.of(7, "10.0.0.5")));
        assertTrue(leaf.getSubjectAlternativeNames().contains(List.of(2, "dr.example.org")));
        assertThrows(PkiException.class, () -> CertificateAuthority.load(tmp).issue("../evil"));
    }

    @Test
    void fingerprintSpellings() {
        String colon = "AB:".repeat(31) + "CD";
        assertEquals("ab".repeat(31) + "cd", Fingerprints.normalize(colon));
        assertTrue(Fingerprints.matches(colon, "sha256//" + "ab".repeat(31) + "CD"));
        assertThrows(IllegalArgumentException.class, () -> Fingerprints.normalize("AB:CD"));
    }
}
