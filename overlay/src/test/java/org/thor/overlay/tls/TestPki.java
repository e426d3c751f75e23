package org.thor.overlay.tls;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A CA in a temporary directory with helpers to issue members and build TLS contexts for tests. */
public final class TestPki {

    /** How often tests poll the TLS files. */
    public static final Duration RELOAD = Duration.ofMillis(100);

    private final CertificateAuthority ca;

    private TestPki(CertificateAuthority ca) {
        this.ca = ca;
    }

    public static TestPki create(Path dir) {
        return new TestPki(CertificateAuthority.init(dir, "example.com", Clock.systemUTC()));
    }

    public CertificateAuthority ca() {
        return ca;
    }

    /** Issues {@code name} on 127.0.0.1 with {@code roles}, valid 30 days, and returns its files. */
    public TlsFiles issue(String name, String... roles) {
        ca.issue(name, List.of("127.0.0.1"), List.of(), Set.of(roles), 30, false);
        return ca.tlsFiles(name);
    }

    /** Files of {@code name} watched every {@link #RELOAD}. */
    public ReloadingTls tls(String name) {
        return ReloadingTls.start(ca.tlsFiles(name), RELOAD);
    }

    /**
     * A JDK context presenting {@code certificate}/{@code key} (any CA) and trusting only
     * {@code trustedCa} by standard PKIX, for raw sockets that must reach the server's own checks.
     */
    public static SSLContext rawContext(Path certificate, Path key, Path trustedCa) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (certificate != null) {
            keys.setKeyEntry("me", PemFiles.readPrivateKey(key), new char[0],
                    new X509Certificate[] {PemFiles.readCertificate(certificate)});
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", PemFiles.readCertificate(trustedCa));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return context;
    }
}
