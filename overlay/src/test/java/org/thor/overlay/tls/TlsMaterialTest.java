package org.thor.overlay.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation of peers and reloading of files, without sockets. */
class TlsMaterialTest {

    @TempDir
    Path dir;

    private CertificateAuthority ca() {
        CertificateAuthority ca = CertificateAuthority.init(dir.resolve("ca"), "example.com", Clock.systemUTC());
        ca.issue("server", List.of("127.0.0.1"), List.of(), Set.of("thor_eventserver"), 30, false);
        ca.issue("node1", List.of("127.0.0.1"), List.of(), Set.of("sip_proxy"), 30, false);
        return ca;
    }

    private static X509Certificate[] chain(Path file) throws Exception {
        return new X509Certificate[] {PemFiles.readCertificate(file)};
    }

    @Test
    void validatesAMemberAndRefusesExpiredForeignAndRevokedOnes() throws Exception {
        CertificateAuthority ca = ca();
        Instant now = Instant.now();
        ca.issue("old", List.of("127.0.0.1"), List.of(), Set.of("sip_proxy"), now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofDays(1)), false);
        CertificateAuthority other = CertificateAuthority.init(dir.resolve("other"), "example.com", Clock.systemUTC());
        other.issue("node1", List.of("127.0.0.1"), List.of(), Set.of("sip_proxy"), 30, false);

        TlsMaterial material = TlsMaterial.load(ca.tlsFiles("server"), Clock.systemUTC());
        assertThat(material.identity().roles()).containsExactly("thor_eventserver");
        assertThat(material.validatePeer(chain(ca.certificateFile("node1"))).name()).isEqualTo("node1");
        assertThatThrownBy(() -> material.validatePeer(chain(ca.certificateFile("old"))))
                .isInstanceOf(CertificateException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> material.validatePeer(chain(other.certificateFile("node1"))))
                .isInstanceOf(CertificateException.class);

        ca.revoke("node1");
        TlsMaterial reloaded = TlsMaterial.load(ca.tlsFiles("server"), Clock.systemUTC());
        assertThatThrownBy(() -> reloaded.validatePeer(chain(ca.certificateFile("node1"))))
                .isInstanceOf(CertificateException.class).hasMessageContaining("revoked");
        assertThat(reloaded.isRevoked(PemFiles.readCertificate(ca.certificateFile("node1")))).isTrue();
    }

    @Test
    void aMemberOfAnotherDomainIsRefusedEvenWithTheSameCaKey() throws Exception {
        CertificateAuthority ca = ca();
        TlsMaterial material = TlsMaterial.load(ca.tlsFiles("server"), Clock.systemUTC());
        Path caDir = ca.caCertificateFile().getParent();
        Files.writeString(caDir.resolve("ca.properties"), "domain=other.net\ncrl_number=1\n");
        CertificateAuthority sameKeyOtherDomain = CertificateAuthority.open(caDir, Clock.systemUTC());
        sameKeyOtherDomain.issue("stranger", List.of("127.0.0.1"), List.of(), Set.of("sip_proxy"), 30, false);

        assertThat(material.validatePeer(chain(ca.certificateFile("node1"))).domain()).isEqualTo("example.com");
        assertThatThrownBy(() -> material.validatePeer(chain(ca.certificateFile("stranger"))))
                .isInstanceOf(CertificateException.class)
                .hasMessage("member stranger belongs to domain other.net, not example.com");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingTheFile() {
        CertificateAuthority ca = ca();
        TlsFiles mixed = new TlsFiles(ca.certificateFile("server"), ca.keyFile("node1"), ca.caCertificateFile(), ca.crlFile());
        assertThatThrownBy(() -> TlsMaterial.load(mixed, Clock.systemUTC()))
                .isInstanceOf(TlsException.class)
                .hasMessageContaining("node1.key: private key does not belong to the certificate");
    }

    @Test
    void reloadsChangedFilesAndKeepsTheOldSetWhenTheNewOneIsBad() throws Exception {
        CertificateAuthority ca = ca();
        try (ReloadingTls tls = ReloadingTls.start(ca.tlsFiles("node1"), Duration.ofHours(1))) {
            List<TlsMaterial> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            tls.onReload(seen::add);
            assertThat(tls.checkNow()).isFalse();

            ca.issue("node1", List.of("127.0.0.1"), List.of(), Set.of("sip_proxy", "media_relay"), 30, true);
            assertThat(tls.checkNow()).isTrue();
            assertThat(tls.current().identity().roles()).containsExactlyInAnyOrder("sip_proxy", "media_relay");
            assertThat(seen).containsExactly(tls.current());

            TlsMaterial good = tls.current();
            Files.writeString(ca.keyFile("node1"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
            assertThat(tls.checkNow()).isFalse();
            assertThat(tls.current()).isSameAs(good);
            assertThat(seen).hasSize(1);
        }
    }
}
