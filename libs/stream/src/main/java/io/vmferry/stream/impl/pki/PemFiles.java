package io.vmferry.stream.impl.pki;

import io.vmferry.bus.IoMessages;
import io.vmferry.stream.api.PkiException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM encoding and atomic file writes: content goes to a temporary name in the same directory
 * (created with its final permissions: 0600 for keys, 0644 for certificates), is forced to disk and
 * then renamed, so a file under its final name is always complete.
 */
public final class PemFiles {
    private static final String KEY_MODE = "rw-------";
    private static final String CERT_MODE = "rw-r--r--";

    private PemFiles() {
    }

    /** PEM text of a certificate. */
    public static String pem(X509Certificate certificate) {
        return pemOf(certificate);
    }

    /** PKCS#8 PEM text ({@code BEGIN PRIVATE KEY}) of a private key. */
    public static String pem(PrivateKey key) {
        try {
            return pemOf(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new PkiException("cannot encode private key: " + e.getMessage(), e);
        }
    }

    /** Writes a certificate (mode 0644) atomically; refuses to replace an existing file. */
    public static void writeCertificate(Path file, X509Certificate certificate) {
        write(file, pem(certificate), CERT_MODE);
    }

    /** Writes a private key (mode 0600) atomically; refuses to replace an existing file. */
    public static void writeKey(Path file, PrivateKey key) {
        write(file, pem(key), KEY_MODE);
    }

    /** Reads the first certificate of a PEM file. */
    public static X509Certificate readCertificate(Path file) {
        Object o = readObject(file);
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new PkiException(file + " does not start with a PEM certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new PkiException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a PKCS#8 private key from a PEM file. */
    public static PrivateKey readKey(Path file) {
        Object o = readObject(file);
        if (!(o instanceof PrivateKeyInfo info)) {
            throw new PkiException(file + " does not hold a PKCS#8 private key (BEGIN PRIVATE KEY)");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw new PkiException(file + ": " + e.getMessage(), e);
        }
    }

    private static Object readObject(Path file) {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            return parser.readObject();
        } catch (IOException e) {
            throw new PkiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String pemOf(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(o);
        } catch (IOException e) {
            throw new PkiException("cannot encode PEM: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void write(Path file, String text, String mode) {
        if (Files.exists(file)) {
            throw new PkiException("refusing to overwrite " + file);
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
            } else {
                Files.createFile(tmp);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new PkiException("refusing to overwrite " + file);
        } catch (IOException e) {
            throw new PkiException("cannot write " + file + ": " + IoMessages.about(file, e), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the rename already happened or the temp file never existed
            }
        }
    }
}
