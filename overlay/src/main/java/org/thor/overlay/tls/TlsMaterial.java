package org.thor.overlay.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * One consistent, checked set of TLS files: this member's certificate and key, the CA and the CRL,
 * with the Netty contexts built from them. Loading checks that the key belongs to the certificate,
 * that our own certificate is a member certificate, and that the CRL is signed by the CA, so that a
 * bad file is refused before it replaces a good one.
 *
 * <p>Every member link uses the same setup: TLS 1.3 only, the JDK provider, mutual authentication
 * (the server requires a client certificate) and {@link MemberTrustManager} on both ends.
 */
public final class TlsMaterial {

    static final String[] PROTOCOLS = {"TLSv1.3"};

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final X509Certificate caCertificate;
    private final X509CRL crl;
    private final MemberIdentity identity;
    private final MemberTrustManager trustManager;
    private final SslContext serverContext;
    private final SslContext clientContext;

    private TlsMaterial(X509Certificate certificate, PrivateKey privateKey, X509Certificate caCertificate, X509CRL crl,
                        Clock clock) throws GeneralSecurityException, SSLException {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.caCertificate = caCertificate;
        this.crl = crl;
        this.identity = MemberIdentity.of(certificate);
        this.trustManager = new MemberTrustManager(caCertificate, crl, identity.domain(), clock);
        this.serverContext = SslContextBuilder.forServer(privateKey, certificate)
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .trustManager(trustManager)
                .clientAuth(ClientAuth.REQUIRE)
                .build();
        this.clientContext = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .keyManager(privateKey, certificate)
                .trustManager(trustManager)
                .build();
    }

    /**
     * Loads and checks {@code files}.
     *
     * @throws TlsException naming the file that is wrong
     */
    public static TlsMaterial load(TlsFiles files, Clock clock) {
        X509Certificate certificate = read("certificate", files.certificate(), () -> PemFiles.readCertificate(files.certificate()));
        PrivateKey key = read("private key", files.privateKey(), () -> PemFiles.readPrivateKey(files.privateKey()));
        X509Certificate ca = read("CA certificate", files.caCertificate(), () -> PemFiles.readCertificate(files.caCertificate()));
        X509CRL crl = files.crl() == null ? null : read("CRL", files.crl(), () -> PemFiles.readCrl(files.crl()));
        try {
            if (!keyMatches(key, certificate)) {
                throw new TlsException(files.privateKey() + ": private key does not belong to the certificate " + files.certificate());
            }
            certificate.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new TlsException(files.certificate() + ": not signed by the CA in " + files.caCertificate() + ": " + e.getMessage(), e);
        }
        if (crl != null) {
            try {
                crl.verify(ca.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new TlsException(files.crl() + ": not signed by the CA in " + files.caCertificate() + ": " + e.getMessage(), e);
            }
        }
        try {
            return new TlsMaterial(certificate, key, ca, crl, clock);
        } catch (IllegalArgumentException e) {
            throw new TlsException(files.certificate() + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | SSLException e) {
            throw new TlsException(files.certificate() + ": cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    /** Our own identity, from our certificate. */
    public MemberIdentity identity() {
        return identity;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The context for accepting member connections (client certificate required). */
    public SslContext serverContext() {
        return serverContext;
    }

    /** The context for connecting to another member. */
    public SslContext clientContext() {
        return clientContext;
    }

    /** True when our CRL lists {@code peer}. */
    public boolean isRevoked(X509Certificate peer) {
        return trustManager.isRevoked(peer);
    }

    /** Validates a peer certificate chain as a handshake would, and returns the member it names. */
    public MemberIdentity validatePeer(X509Certificate[] chain) throws java.security.cert.CertificateException {
        return trustManager.validate(chain);
    }

    /** A plain JDK context with the same key and trust, for blocking sockets (tools and tests). */
    public SSLContext jdkContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("member", privateKey, password, new X509Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf.getKeyManagers(), new TrustManager[] {trustManager}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsException("cannot build a JDK TLS context: " + e.getMessage(), e);
        }
    }

    /** A JDK context that trusts our CA but presents no certificate (to test that servers refuse it). */
    public SSLContext jdkContextWithoutCertificate() {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(new KeyManager[0], new TrustManager[] {trustManager}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new TlsException("cannot build a JDK TLS context: " + e.getMessage(), e);
        }
    }

    private static boolean keyMatches(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        return verifier.verify(signature);
    }

    private interface Reader<T> {
        T read() throws IOException, GeneralSecurityException;
    }

    private static <T> T read(String what, java.nio.file.Path file, Reader<T> reader) {
        try {
            return reader.read();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new TlsException(file + ": cannot read the " + what + ": " + e, e);
        }
    }

    /** Present for tests comparing snapshots. */
    @Override
    public String toString() {
        return "TlsMaterial[" + identity.name() + ", serial " + certificate.getSerialNumber().toString(16)
                + ", crl entries " + (crl == null || crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size())
                + Arrays.toString(PROTOCOLS) + "]";
    }
}
