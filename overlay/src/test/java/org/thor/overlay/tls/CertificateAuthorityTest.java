package org.thor.overlay.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void initWritesTheCaFilesAndAnEmptyCrl() throws Exception {
        CertificateAuthority ca = CertificateAuthority.init(dir, "Example.COM", CLOCK);
        assertThat(ca.domain()).isEqualTo("example.com");
        assertThat(Files.readString(dir.resolve("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(dir.resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key")))).isEqualTo("rw-------");
        X509CRL crl = PemFiles.readCrl(dir.resolve("crl.pem"));
        crl.verify(ca.caCertificate().getPublicKey());
        assertThat(crl.getRevokedCertificates()).isNull();
        assertThat(ca.caCertificate().getBasicConstraints()).isEqualTo(0);
    }

    @Test
    void initRefusesToOverwriteAnExistingCa() {
        CertificateAuthority.init(dir, "example.com", CLOCK);
        assertThatThrownBy(() -> CertificateAuthority.init(dir, "example.com", CLOCK))
                .isInstanceOf(CertificateAuthorityException.class)
                .hasMessageContaining("already holds a CA");
    }

    @Test
    void issuedCertificateCarriesNameDomainRolesAndAddresses() throws Exception {
        CertificateAuthority ca = CertificateAuthority.init(dir, "example.com", CLOCK);
        IssuedCertificate issued = ca.issue("node1", List.of("10.0.0.1"), List.of("node1.example.com"),
                Set.of("sip_proxy", "voicemail_server"), 30, false);

        X509Certificate certificate = PemFiles.readCertificate(ca.certificateFile("node1"));
        certificate.verify(ca.caCertificate().getPublicKey());
        MemberIdentity identity = MemberIdentity.of(certificate);
        assertThat(identity.name()).isEqualTo("node1");
        assertThat(identity.domain()).isEqualTo("example.com");
        assertThat(identity.roles()).containsExactlyInAnyOrder("sip_proxy", "voicemail_server");
        assertThat(identity.ipAddresses()).containsExactly("10.0.0.1");
        assertThat(identity.serial()).isEqualTo(issued.serial());
        assertThat(certificate.getSubjectX500Principal().getName())
                .contains("CN=node1", "O=example.com", "OU=sip_proxy", "OU=voicemail_server");
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(CLOCK.instant().plus(Duration.ofDays(30)));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(certificate.getNonCriticalExtensionOIDs()).contains(CertificateProfile.MEMBER_EXTENSION_OID);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.keyFile("node1")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.certificateFile("node1")))).isEqualTo("rw-r--r--");
        assertThat(PemFiles.readPrivateKey(ca.keyFile("node1")).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void aCertificateWithoutTheThorExtensionIsNoMember() throws Exception {
        CertificateAuthority ca = CertificateAuthority.init(dir, "example.com", CLOCK);
        assertThatThrownBy(() -> MemberIdentity.of(ca.caCertificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no Thor member extension");
    }

    @Test
    void revokeListsTheSerialInANewCrlAndTheIndex() throws Exception {
        CertificateAuthority ca = CertificateAuthority.init(dir, "example.com", CLOCK);
        IssuedCertificate a = ca.issue("a", List.of("10.0.0.1"), List.of(), Set.of("sip_proxy"), 30, false);
        IssuedCertificate b = ca.issue("b", List.of("10.0.0.2"), List.of(), Set.of("sip_proxy"), 30, false);
        X509CRL before = PemFiles.readCrl(ca.crlFile());

        assertThat(ca.revoke("a")).extracting(IssuedCertificate::serial).containsExactly(a.serial());

        X509CRL after = PemFiles.readCrl(ca.crlFile());
        after.verify(ca.caCertificate().getPublicKey());
        assertThat(after.isRevoked(PemFiles.readCertificate(ca.certificateFile("a")))).isTrue();
        assertThat(after.isRevoked(PemFiles.readCertificate(ca.certificateFile("b")))).isFalse();
        assertThat(crlNumber(after)).isGreaterThan(crlNumber(before));
        CertificateAuthority reopened = CertificateAuthority.open(dir, CLOCK);
        assertThat(reopened.list()).extracting(c -> c.name() + ":" + c.status(CLOCK.instant()))
                .containsExactly("a:revoked", "b:valid");
        assertThat(reopened.list().get(1).serial()).isEqualTo(b.serial());
        assertThatThrownBy(() -> ca.revoke("a")).hasMessageContaining("no unrevoked certificate named 'a'");
    }

    @Test
    void aSecondCertificateForANameNeedsRenew() {
        CertificateAuthority ca = CertificateAuthority.init(dir, "example.com", CLOCK);
        ca.issue("a", List.of("10.0.0.1"), List.of(), Set.of("sip_proxy"), 30, false);
        assertThatThrownBy(() -> ca.issue("a", List.of("10.0.0.1"), List.of(), Set.of("sip_proxy"), 30, false))
                .hasMessageContaining("a already has a valid certificate");
        ca.issue("a", List.of("10.0.0.1"), List.of(), Set.of("sip_proxy", "media_relay"), 30, true);
        assertThat(ca.list()).hasSize(2);
    }

    @Test
    void badArgumentsAreRefusedWithTheirValue() {
        CertificateAuthority ca = CertificateAuthority.init(dir, "example.com", CLOCK);
        assertThatThrownBy(() -> ca.issue("a b", List.of("10.0.0.1"), List.of(), Set.of("sip_proxy"), 30, false))
                .hasMessageContaining("name 'a b'");
        assertThatThrownBy(() -> ca.issue("a", List.of("not-an-ip"), List.of(), Set.of("sip_proxy"), 30, false))
                .hasMessageContaining("'not-an-ip' is not an IP address");
        assertThatThrownBy(() -> ca.issue("a", List.of("10.0.0.1"), List.of(), Set.of("SIP proxy"), 30, false))
                .hasMessageContaining("role 'SIP proxy'");
        assertThatThrownBy(() -> CertificateAuthority.open(dir.resolve("nothing"), CLOCK))
                .hasMessageContaining("run 'thor ca init' first");
    }

    private static long crlNumber(X509CRL crl) {
        byte[] value = crl.getExtensionValue("2.5.29.20");
        return org.bouncycastle.asn1.ASN1Integer.getInstance(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(value).getOctets()).longValueExact();
    }
}
