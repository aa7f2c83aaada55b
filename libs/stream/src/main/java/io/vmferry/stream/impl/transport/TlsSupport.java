package io.vmferry.stream.impl.transport;

import io.vmferry.stream.api.StreamAuthException;
import io.vmferry.stream.api.StreamException;
import io.vmferry.stream.api.StreamTransportException;
import io.vmferry.stream.api.pki.Fingerprints;
import io.vmferry.stream.api.transport.SenderOptions;
import io.vmferry.stream.api.transport.SinkOptions;
import io.vmferry.stream.api.transport.StreamPeer;
import io.vmferry.stream.api.transport.TlsConfig;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.OpenSSLEngineOptions;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Turns {@link TlsConfig}s into Vert.x options and checks peers after the handshake. TLS 1.3 only. */
public final class TlsSupport {
    private static final Set<String> PROTOCOLS = Set.of("TLSv1.3");
    private static final int HANDSHAKE_TIMEOUT_SECONDS = 10;

    private TlsSupport() {
    }

    /** Server options: mutual TLS with client certificates required. */
    public static NetServerOptions serverOptions(SinkOptions o) {
        NetServerOptions n = new NetServerOptions()
                .setHost(o.host()).setPort(o.port()).setTcpNoDelay(true)
                .setIdleTimeout((int) o.idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setSsl(true).setClientAuth(ClientAuth.REQUIRED)
                .setKeyCertOptions(o.tls().keyCertOptions()).setTrustOptions(o.tls().trustOptions())
                .setEnabledSecureTransportProtocols(PROTOCOLS)
                .setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
        if (o.tls().usesOpenSsl()) {
            n.setSslEngineOptions(new OpenSSLEngineOptions());
        }
        return n;
    }

    /** Client options: own certificate, CA trust, optional host name verification. */
    public static NetClientOptions clientOptions(SenderOptions o) {
        NetClientOptions n = new NetClientOptions()
                .setConnectTimeout((int) o.connectTimeout().toMillis()).setTcpNoDelay(true)
                .setSsl(true).setHostnameVerificationAlgorithm(o.verifyHostname() ? "HTTPS" : "")
                .setKeyCertOptions(o.tls().keyCertOptions()).setTrustOptions(o.tls().trustOptions())
                .setEnabledSecureTransportProtocols(PROTOCOLS)
                .setSslHandshakeTimeout(o.connectTimeout().toMillis()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        if (o.tls().usesOpenSsl()) {
            n.setSslEngineOptions(new OpenSSLEngineOptions());
        }
        return n;
    }

    /**
     * The peer of a socket whose TLS handshake completed, after checking that it presented a
     * certificate and, when pins are configured, that its fingerprint is pinned.
     */
    public static StreamPeer authenticate(NetSocket socket, TlsConfig tls) {
        String where = String.valueOf(socket.remoteAddress());
        List<Certificate> chain;
        try {
            chain = socket.peerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new StreamAuthException("peer " + where + " presented no verified certificate");
        }
        if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
            throw new StreamAuthException("peer " + where + " presented no X.509 certificate");
        }
        String fingerprint = Fingerprints.sha256(leaf);
        if (!tls.pinnedPeers().isEmpty() && !tls.pinnedPeers().contains(Fingerprints.normalize(fingerprint))) {
            throw new StreamAuthException("peer " + where + " certificate " + fingerprint + " ("
                    + leaf.getSubjectX500Principal().getName() + ") is not among the pinned fingerprints");
        }
        return new StreamPeer(socket.remoteAddress(), leaf.getSubjectX500Principal().getName(), fingerprint);
    }

    /** Maps a connection failure to the library's exceptions: TLS problems are authentication errors. */
    public static StreamException classify(Throwable failure, String where) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof StreamException known) {
                return known;
            }
            if (c instanceof SSLException ssl) {
                return new StreamAuthException("TLS with " + where + " failed: " + ssl.getMessage(), failure);
            }
        }
        String detail = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        return new StreamTransportException(where + ": " + detail, failure);
    }
}
